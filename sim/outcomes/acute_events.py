"""Acute events: which emergency admissions change health, and who dies after one.

An emergency admission is an **acute event** (an exacerbation, a fall, a heart attack)
or a **short stay a trust adds**. A person's acute events come at their emergency rate
with the care they get (LTC management, care plans, specialists' advice: care that
prevents an event prevents its QALY loss and its risk of death within 30 days,
``BandRates.event_death``), plus any risk from a withheld needed referral
(``sim.outcomes.missed_referrals``). Their trust admits each one; its admitting factor's
growth beyond 1 (``sim.mechanisms.pbr_drift``: payment, the four-hour target,
assessment units, coding) adds short stays for people who would otherwise have gone
home: more admissions and cost, no change in health.

So the month is drawn in two parts, each from its own stream: the acute events, then
the short stays added, at (factor - 1) times the acute rate of the trust's patients. A
change in trusts' admitting leaves the acute events, and so deaths, draw for draw
alike. Together they have exactly the distribution of admissions at the rate times the
factor. A factor below 1 (admitting less than in 2008-09) admits each acute event with
probability equal to the factor; the events not admitted keep their risk of death.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.people.draws import EMPTY, draw_from_cumulative, pick_rows
from sim.people.population import Population
from sim.people.rates import BandRates


@dataclass(frozen=True)
class Emergencies:
    """The month's emergency admissions and the acute events behind them."""

    admitted: np.ndarray  # rows, one per admission (a row may repeat)
    acute_events: int  # acute events, admitted or not
    acute_admitted: int  # of ``admitted``: acute events; the rest are short stays added
    deaths_due: int  # people an acute event will kill (they die next month)


def draw_emergencies(population: Population, band: np.ndarray, acute_cumulative: np.ndarray,
                     trust_admitting: np.ndarray, rates: BandRates,
                     events_rng: np.random.Generator, deaths_rng: np.random.Generator,
                     short_stays_rng: np.random.Generator,
                     cancer_found: np.ndarray = EMPTY,
                     death_factor: float = 1.0) -> Emergencies:
    """Draw acute events at each row's rate this month (``acute_cumulative``: the running
    total of the rates, ``sim.people.draws.cumulative_rates``), their deaths
    within 30 days, and the short stays trusts add. ``cancer_found`` are people whose
    cancer presented as an emergency this month (``sim.outcomes.cancer_pathway``): each
    is admitted, and the cancer pathway, not ``event_death``, carries their risk.
    ``death_factor`` scales ``event_death`` (``sim.outcomes.treatment_trend``)."""
    acute = draw_from_cumulative(acute_cumulative, events_rng)
    dies = np.unique(acute[deaths_rng.random(len(acute))
                           < rates.event_death[band[acute]] * death_factor])
    population.dies_after_event[dies] = True
    factor = trust_admitting[population.trust[acute]]
    admitted = acute if np.all(factor >= 1.0) else acute[deaths_rng.random(len(acute)) < factor]
    added = _short_stays(population, acute_cumulative, trust_admitting, short_stays_rng)
    return Emergencies(np.concatenate([admitted, cancer_found, added]),
                       len(acute) + len(cancer_found), len(admitted) + len(cancer_found),
                       len(dies))


def _short_stays(population: Population, cumulative: np.ndarray,
                 trust_admitting: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Admissions trusts add: (factor - 1) times each patient's acute rate, drawn at the
    largest factor and thinned to each trust's own (exact Poisson thinning)."""
    top = float(trust_admitting.max()) if len(trust_admitting) else 1.0
    if top <= 1.0 or len(cumulative) == 0:
        return EMPTY
    candidates = pick_rows(cumulative, rng.poisson(cumulative[-1] * (top - 1.0)), rng)
    keep = (trust_admitting[population.trust[candidates]] - 1.0) / (top - 1.0)
    return candidates[rng.random(len(candidates)) < keep]


def deaths_after_events(population: Population) -> np.ndarray:
    """Rows of living people whose acute event last month kills them now; clears the
    marks."""
    marked = np.flatnonzero(population.dies_after_event)
    population.dies_after_event[marked] = False
    return marked[population.alive[marked]]
