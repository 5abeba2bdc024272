"""Cancer: one generic cancer, tracked by stage and by whether it has been diagnosed.

Why cancer: it is where doing less costs health most plainly. A cancer found early is
mostly survived; one found late mostly is not; and the route to diagnosis (an urgent GP
referral, or an emergency admission) is exactly what a commissioner's referral
incentives touch. So each person has a ``cancer`` state (``STATES``):

    none -> undiagnosed early -> undiagnosed late
                 |                    |
                 v                    v
         diagnosed early       diagnosed late     (both: -> none when cured)

An undiagnosed cancer progresses from early to late stage, and is found when the person
presents with symptoms to their GP (an urgent referral; a practice withholding referrals
may withhold it: ``sim.outcomes.cancer_pathway``) or as an emergency. Diagnosed and
late undiagnosed cancers carry an excess death rate by stage (lower at younger ages); a
diagnosed cancer that has not killed its host is "cured" at ``cancer_cure_per_year``
(five-year survival as the convention for cure), after which the person is back in the
``none`` state and can get another. Yearly rates are ``WorldParameters`` (each with its
source and prior); incidence by age, sex and deprivation is a curve in ``sim/data/cancer.csv``.

Approximations (said in docs/outcomes.md): one generic cancer, not sites; two stages
(early: TNM stage 1-2, late: 3-4); no screening programme; people joining the list
(births, registrations) arrive without cancer; the urgent referrals themselves are
inside the calibrated GP referral rate, not added to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.people.blocks import row_blocks
from sim.people.draws import pick_by_uniforms
from sim.people.population import Population
from sim.people.rates import gompertz_makeham_per_year, mortality_multiplier

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters

NONE, EARLY, LATE, DIAGNOSED_EARLY, DIAGNOSED_LATE = range(5)
STATES = ("none", "undiagnosed_early", "undiagnosed_late", "diagnosed_early", "diagnosed_late")
REFERENCE_AGE = 70.0  # years: the age at which ``incidence_at_70`` is stated
MONTHS_PER_YEAR = 12.0


@dataclass(frozen=True)
class IncidenceCurve:
    """New cancers a year by exact age, sex and deprivation quintile (``cancer.csv``):
    ``min(max_incidence, incidence_at_70 * exp(age_gradient * (age - 70))
    * female_ratio ** female * deprivation_ratio ** (quintile / 4))``."""

    incidence_at_70: float
    age_gradient: float
    female_ratio: float
    deprivation_ratio: float
    max_incidence: float

    def per_year(self, age, female, deprivation):
        level = self.incidence_at_70 * np.exp(
            self.age_gradient * (np.asarray(age) - REFERENCE_AGE)
            + np.log(self.female_ratio) * np.asarray(female)
            + np.log(self.deprivation_ratio) / 4.0 * np.asarray(deprivation))
        return np.minimum(level, self.max_incidence)


@cache
def load_incidence_curve() -> IncidenceCurve:
    """The packaged incidence curve (cached)."""
    with (resources.files("sim") / "data" / "cancer.csv").open() as handle:
        table = pd.read_csv(handle)
    values = dict(zip(table["measure"], table["value"].astype(float), strict=True))
    return IncidenceCurve(**values)


def onset_per_month(age, female, deprivation, cancer) -> np.ndarray:
    """Each person's monthly rate of a new cancer (zero while they have one)."""
    rate = load_incidence_curve().per_year(age, female, deprivation) / MONTHS_PER_YEAR
    return rate * (np.asarray(cancer) == NONE)


@dataclass(frozen=True)
class StageRates:
    """The pathway's yearly rates, one entry per state (``STATES``); zero where a move
    cannot happen from that state."""

    progression: np.ndarray  # undiagnosed early -> undiagnosed late
    gp_presentation: np.ndarray  # presents with symptoms to the GP (urgent referral)
    emergency_presentation: np.ndarray  # found in an emergency admission
    death: np.ndarray  # excess deaths from the cancer
    cure: np.ndarray  # diagnosed -> none (survived)

    @classmethod
    def from_params(cls, params: WorldParameters) -> StageRates:
        p = params
        return cls(
            progression=np.array([0, p.cancer_progression_per_year, 0, 0, 0], dtype=float),
            gp_presentation=np.array([0, p.cancer_gp_presentation_early_per_year,
                                      p.cancer_gp_presentation_late_per_year, 0, 0],
                                     dtype=float),
            emergency_presentation=np.array([0, p.cancer_emergency_presentation_early_per_year,
                                             p.cancer_emergency_presentation_late_per_year,
                                             0, 0], dtype=float),
            death=np.array([0, 0, p.cancer_death_late_per_year, p.cancer_death_early_per_year,
                            p.cancer_death_late_per_year], dtype=float),
            cure=np.array([0, 0, 0, p.cancer_cure_per_year, p.cancer_cure_per_year],
                          dtype=float),
        )

    @property
    def leaving(self) -> np.ndarray:
        """Yearly rate of leaving each state other than by death."""
        return self.progression + self.gp_presentation + self.emergency_presentation + self.cure


def steady_state_shares(incidence, background_death, death_scale,
                        rates: StageRates) -> np.ndarray:
    """Share of people in each state (columns ``STATES``) at each row's yearly
    incidence, if that incidence and these rates had held for years: the flow into each
    state times its mean stay. An approximation for the starting population (it ignores
    that incidence changes with age within a stay; ``background_death`` shortens stays;
    ``death_scale`` is each row's ``death_age_factor``).
    """
    incidence = np.asarray(incidence, dtype=float)
    background = np.asarray(background_death, dtype=float)
    scale = np.asarray(death_scale, dtype=float)
    found_early = (rates.gp_presentation[EARLY] + rates.emergency_presentation[EARLY])

    def stay(state):
        return 1.0 / (rates.leaving[state] + rates.death[state] * scale + background)

    early = incidence * stay(EARLY)
    late = incidence * rates.progression[EARLY] * stay(EARLY) * stay(LATE)
    found_late = rates.gp_presentation[LATE] + rates.emergency_presentation[LATE]
    diagnosed_early = incidence * found_early * stay(EARLY) * stay(DIAGNOSED_EARLY)
    diagnosed_late = late * found_late * stay(DIAGNOSED_LATE)
    shares = np.stack([np.zeros_like(incidence), early, late, diagnosed_early,
                       diagnosed_late], axis=1)
    shares[:, NONE] = np.maximum(1.0 - shares[:, 1:].sum(axis=1), 0.0)
    return shares


def seed_cancers(population: Population, params: WorldParameters,
                 rng: np.random.Generator) -> None:
    """Give the starting population cancers at the steady-state shares of each state
    (``steady_state_shares``), with each person's death rate from other causes. Done a
    block of rows at a time (``sim.people.blocks``: the steady-state shares are five
    float64 columns a person), with every person's uniform drawn first, as
    ``draw_cancer`` draws them."""
    pop = population
    uniform = rng.random(pop.n)
    for rows in row_blocks(pop.n):
        age = pop.age[rows]
        background = (gompertz_makeham_per_year(age, params)
                      * mortality_multiplier(pop.ltc[rows], pop.log_frailty[rows],
                                             pop.conditions[rows], pop.severe[rows], params))
        pop.cancer[rows] = cancer_states(age, pop.female[rows], pop.deprivation[rows],
                                         background, params, uniform[rows])


def death_age_factor(age, params: WorldParameters):
    """How a cancer's death rate scales with age: ``cancer_death_age_ratio`` per decade
    from age 70 (younger people survive the same stage better)."""
    return params.cancer_death_age_ratio ** ((np.asarray(age) - REFERENCE_AGE) / 10.0)


def draw_cancer(age, female, deprivation, background_death, params: WorldParameters,
                rng: np.random.Generator) -> np.ndarray:
    """Cancer states at the steady-state shares (yearly ``background_death`` from
    other causes shortens each stay): ``cancer_states`` with a uniform per person."""
    return cancer_states(age, female, deprivation, background_death, params,
                         rng.random(len(age)))


def cancer_states(age, female, deprivation, background_death, params: WorldParameters,
                  uniform: np.ndarray) -> np.ndarray:
    """``draw_cancer`` with each person's uniform given (``pick_by_uniforms``)."""
    incidence = load_incidence_curve().per_year(age, female, deprivation)
    shares = steady_state_shares(incidence, background_death, death_age_factor(age, params),
                                 StageRates.from_params(params))
    return pick_by_uniforms(shares, uniform).astype(np.int8)  # DIAGNOSED_LATE is the last


def death_per_year(cancer, age, params: WorldParameters) -> np.ndarray:
    """Each person's yearly rate of death from their cancer (zero without one): the
    stage's rate, scaled by age (``death_age_factor``)."""
    return StageRates.from_params(params).death[cancer] * death_age_factor(age, params)
