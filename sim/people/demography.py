"""Monthly demography: ageing, deaths, leavers, LTC onset and severity, births,
registrations.

Deaths and leavers are drawn on the start-of-month population; births and new
registrations join at the end of the month. So, every month,
``start + births + registrations - deaths - leavers = end`` (the people invariant).
Frailty drifts once a year (exact Ornstein-Uhlenbeck step over twelve months), which
keeps acute risk persistent from year to year as utilisation data show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.outcomes.acute_events import deaths_after_events
from sim.outcomes.cancer_pathway import cancer_deaths
from sim.people.age_profile import BANDS
from sim.people.ageing import age_one_month
from sim.people.conditions import BITS, CONDITIONS, COUNT_BY_MASK, which_onset
from sim.people.draws import add_counts, draw_events, draw_from_cumulative
from sim.people.kernels import cumulative_ltc_onset
from sim.people.population import (
    Population,
    draw_gp_propensity,
    draw_log_frailty,
)
from sim.people.rates import MONTHS_PER_YEAR, BandRates
from sim.people.risk_factors import refresh_multipliers
from sim.people.severity import progress_severity
from sim.streams import MonthDraws

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters

CLONED_ON_REGISTRATION = ("age", "female", "deprivation", "imd_score", "ltc", "conditions",
                          "severe", "log_frailty", "gp_propensity", "practice", "trust")
INHERITED_AT_BIRTH = ("deprivation", "imd_score", "practice", "trust")
FEMALE_SHARE_AT_BIRTH = 0.488  # ONS: about 105 boys are born for every 100 girls
CHILDBEARING_BANDS = (BANDS.index("15-24"), BANDS.index("25-44"))  # ages 15-44 (ONS GFR)
AMENABLE_AGE_LIMIT = 75.0  # years: ONS counts amenable deaths under 75
AMENABLE_MASK = BITS["chd"] | BITS["heart_failure"] | BITS["diabetes"]


@dataclass(frozen=True)
class DemographyMonth:
    """What happened to the list this month (counts, and the rows who died)."""

    population_start: int
    births: int
    registrations: int
    deaths: int
    leavers: int
    deaths_after_events: int  # of ``deaths``: within 30 days of an acute event
    deaths_from_cancer: int  # of ``deaths``: caused by a cancer (sim.people.cancer)
    deaths_care_affects: int  # of ``deaths``: after an acute event or from a cancer
    deaths_amenable: int  # of ``deaths``: amenable to care (``amenable_deaths``)
    deaths_with: dict[str, int]  # of ``deaths``: people with each named condition
    condition_onsets: dict[str, int]  # new cases of each named condition
    new_severe: dict[str, int]  # cases of each named condition becoming severe


def step_demography(population: Population, params: WorldParameters, rates: BandRates,
                    month: int, draws: MonthDraws,
                    practice_progression: np.ndarray) -> DemographyMonth:
    """Advance the population by one month, simulated month ``month`` (each kind of
    draw has its own stream). ``practice_progression`` is each practice's factor on its
    patients' progression to severe disease (``sim.people.severity``), as its
    management stood last month."""
    start = population.size
    death_rates = age_one_month(population, params, rates)  # their running total
    after_events = deaths_after_events(population)
    of_cancer = cancer_deaths(population, params, month, draws["cancer_deaths"])
    died = np.union1d(np.union1d(_deaths(death_rates, draws["deaths"]), after_events),
                      of_cancer)
    population.alive[died] = False
    left = _leavers(population, params, draws["leavers"])
    onset = _ltc_onset(population, params, draws["ltc_onset"])
    worsened, bits = progress_severity(population, practice_progression, draws["severity"])
    named, onsets = _condition_onset(population, draws["condition_onset"])
    first_new_row = population.n
    births = _births(population, params, draws["births"])
    registrations = _registrations(population, start, first_new_row, params,
                                   draws["registrations"])
    changed = np.unique(np.concatenate([died, left, onset, named, worsened,
                                        np.arange(first_new_row, population.n)]))
    refresh_multipliers(population, params, changed)
    return DemographyMonth(start, births, registrations, len(died), len(left),
                           len(after_events), len(of_cancer),
                           len(np.union1d(after_events, of_cancer)),
                           amenable_deaths(population, after_events, of_cancer),
                           deaths_with(population, died), onsets,
                           {name: int(np.count_nonzero(bits == BITS[name]))
                            for name in CONDITIONS})


def drift_frailty(population: Population, params: WorldParameters,
                  rng: np.random.Generator) -> None:
    """One year of mean-reverting drift in log frailty (stationary sd = frailty_sd)."""
    sd = params.frailty_sd
    keep = np.exp(-1.0 / params.frailty_reversion_years)
    mean = -0.5 * sd * sd
    shock = rng.normal(0.0, sd * np.sqrt(1.0 - keep * keep), population.n)
    population.log_frailty[:] = mean + (population.log_frailty - mean) * keep + shock
    refresh_multipliers(population, params)


def _deaths(death_rates: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """People dying in the community this month, from the running total of their death
    rates (``mortality_per_month``: made with the month's ageing, ``sim.people.ageing``;
    a multiplier of 0 for people not alive)."""
    return np.unique(draw_from_cumulative(death_rates, rng))


def _leavers(population: Population, params: WorldParameters,
             rng: np.random.Generator) -> np.ndarray:
    """People moving away; returns their rows."""
    alive_rows = np.flatnonzero(population.alive)
    count = min(rng.poisson(len(alive_rows) * params.leaving_rate / MONTHS_PER_YEAR),
                len(alive_rows))
    leaving = rng.choice(alive_rows, size=count, replace=False)
    population.alive[leaving] = False
    return leaving


def _ltc_onset(population: Population, params: WorldParameters,
               rng: np.random.Generator) -> np.ndarray:
    """New long-term conditions; returns the rows that gained one."""
    onset = draw_from_cumulative(cumulative_ltc_onset(
        population.ltc_expected, population.alive, params.ltc_age_gradient,
        MONTHS_PER_YEAR), rng)  # ltc_onset_per_month, from the kept terms
    add_counts(population.ltc, onset)
    return onset


def _condition_onset(population: Population,
                     rng: np.random.Generator) -> tuple[np.ndarray, dict[str, int]]:
    """New cases of the named conditions (rates cached in ``m_condition_onset``);
    returns the rows that gained one and the count of each. A named condition is also a
    long-term condition, so ``ltc`` rises to at least their number."""
    rows = np.unique(draw_events(population.m_condition_onset, rng))
    if len(rows) == 0:
        return rows, dict.fromkeys(CONDITIONS, 0)
    bits = which_onset(population.age[rows], population.female[rows],
                       population.deprivation[rows], population.conditions[rows], rng)
    population.conditions[rows] |= bits
    population.ltc[rows] = np.maximum(population.ltc[rows],
                                      COUNT_BY_MASK[population.conditions[rows]])
    return rows, {name: int(np.count_nonzero(bits == BITS[name])) for name in CONDITIONS}


def deaths_with(population: Population, died: np.ndarray) -> dict[str, int]:
    """How many of the people who died had each named condition."""
    held = population.conditions[died]
    return {name: int(np.count_nonzero(held & BITS[name])) for name in CONDITIONS}


def amenable_deaths(population: Population, after_events: np.ndarray,
                    of_cancer: np.ndarray) -> int:
    """Deaths amenable to care, as the model can see them: people under 75 killed by
    their cancer, or by an acute event while they had coronary heart disease, heart
    failure or diabetes (causes whose deaths under 75 the ONS counts as amenable to
    healthcare, or, for heart failure, that good care is known to delay). A proxy: the
    model's one generic cancer counts whole, where the ONS counts only the treatable
    sites (breast, bowel, cervix, ...), not lung; it leaves out amenable causes the
    model does not name (stroke, asthma, infections) and the community deaths of
    people with these conditions. A person who dies of both counts once."""
    event = after_events[(population.conditions[after_events] & AMENABLE_MASK) != 0]
    rows = np.union1d(event, of_cancer)
    return int(np.count_nonzero(population.age[rows] < AMENABLE_AGE_LIMIT))


def _births(population: Population, params: WorldParameters, rng: np.random.Generator) -> int:
    # women aged 15-44: exactly the bands 15-24 and 25-44 (band_of; cheaper than the ages)
    mothers = np.flatnonzero(population.alive & population.female
                             & ((population.band == CHILDBEARING_BANDS[0])
                                | (population.band == CHILDBEARING_BANDS[1])))
    count = rng.poisson(len(mothers) * params.general_fertility_rate / MONTHS_PER_YEAR)
    if count == 0 or len(mothers) == 0:
        return 0
    mother_rows = mothers[rng.integers(0, len(mothers), count)]
    babies = {name: getattr(population, name)[mother_rows] for name in INHERITED_AT_BIRTH}
    babies["age"] = rng.random(count) / MONTHS_PER_YEAR
    babies["female"] = rng.random(count) < FEMALE_SHARE_AT_BIRTH
    babies["log_frailty"] = draw_log_frailty(count, params, rng)
    babies["gp_propensity"] = draw_gp_propensity(count, params, rng)
    population.append(babies)
    return count


def _registrations(population: Population, list_size: int, residents_end: int,
                   params: WorldParameters, rng: np.random.Generator) -> int:
    """People moving in: like a random resident (age, health, practice), as an assumption.

    Templates are people registered before this month (rows below ``residents_end``),
    not this month's newborns.
    """
    alive_rows = np.flatnonzero(population.alive[:residents_end])
    count = rng.poisson(list_size * params.registration_rate / MONTHS_PER_YEAR)
    if count == 0 or len(alive_rows) == 0:
        return 0
    templates = alive_rows[rng.integers(0, len(alive_rows), count)]
    newcomers = {name: getattr(population, name)[templates] for name in CLONED_ON_REGISTRATION}
    population.append(newcomers)
    return count
