"""Health outcomes: QALYs, avoidable admissions, the deprivation gap, GP contact.

QALYs are health-weighted person-time: each month, every living registered person adds
their EQ-5D weight / 12, less a loss for each emergency admission (recorded in the
month; see ``qaly_loss_per_emergency_admission``). Avoidable emergency admissions are
those for ambulatory-care-sensitive conditions (drawn in ``sim.care.month``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.people.population import Population
from sim.people.rates import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from sim.care.month import CareMonth

MOST_DEPRIVED, LEAST_DEPRIVED = 4, 0


@dataclass(frozen=True)
class QualityOfLife:
    """This month's quality of life: every living person's EQ-5D weight summed (the
    QALYs lived this month are ``total / 12``), and the living people and their summed
    weights by age band (rows) and deprivation quintile (columns).

    Each person's weight is ``sim.people.rates.hrqol_weight`` (zero for people not
    alive). It is made in the month's compiled pass over everyone's care rates
    (``sim.care.month``, ``sim.people.kernels.care_rates``), which reads the same
    columns; nothing in the month's care changes the age bands, conditions, quintiles or
    who is alive, so it is the quality of life of the people the month ends with.
    """

    total: float
    people: np.ndarray
    lived: np.ndarray

    @property
    def living_by_band(self) -> np.ndarray:
        """The living people per age band (counts by band and quintile summed: whole
        numbers, so exactly)."""
        return self.people.sum(axis=1).astype(np.int64)


def qaly_gap_per_1000(quality: QualityOfLife) -> float:
    """Quality-adjusted life lived per 1,000 people a year, least minus most deprived
    quintile, age-standardised to the whole population (the most deprived are younger,
    so a crude gap would hide their worse health at each age). Deaths shorten life
    outside this measure; it is the quality of the years lived."""
    people, lived = quality.people, quality.lived
    mean = lived / np.maximum(people, 1)
    standard = people.sum(axis=1) / max(people.sum(), 1)
    gap = mean[:, LEAST_DEPRIVED] - mean[:, MOST_DEPRIVED]
    both = (people[:, LEAST_DEPRIVED] > 0) & (people[:, MOST_DEPRIVED] > 0)
    return float(np.sum(standard * gap * both)) * 1000.0


def deprivation_gap_per_1000(care: CareMonth, quality: QualityOfLife) -> float:
    """Emergency admissions per 1000 a year: most minus least deprived quintile."""
    people = quality.people.sum(axis=0)
    rate = care.emergency_q * MONTHS_PER_YEAR * 1000.0 / np.maximum(people, 1)
    return float(rate[MOST_DEPRIVED] - rate[LEAST_DEPRIVED])


def share_seen_by_gp(population: Population, rng: np.random.Generator) -> float:
    """Share of people registered at year end who consulted a GP during the year.

    Consultations are Poisson with the expected count summed over the year, so each
    person had a contact with probability 1 - exp(-expected); one draw per person.
    """
    alive = population.alive
    expected = population.expected_consultations_this_year[alive]
    if len(expected) == 0:
        return float("nan")
    seen = rng.random(len(expected)) < -np.expm1(-expected)
    return float(seen.mean())
