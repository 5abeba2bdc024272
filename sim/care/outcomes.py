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

from sim.care.month import CareMonth
from sim.people.age_profile import BANDS, AgeProfile
from sim.people.kernels import quality_of_life_cells
from sim.people.population import QUINTILES, Population
from sim.people.rates import MONTHS_PER_YEAR, BandRates

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters

MOST_DEPRIVED, LEAST_DEPRIVED = 4, 0


@dataclass(frozen=True)
class QualityOfLife:
    """This month's quality of life: every living person's EQ-5D weight summed (the
    QALYs lived this month are ``total / 12``), and the living people and their summed
    weights by age band (rows) and deprivation quintile (columns)."""

    total: float
    people: np.ndarray
    lived: np.ndarray


def quality_of_life(population: Population, band: np.ndarray, params: WorldParameters,
                    profile: AgeProfile, rates: BandRates) -> QualityOfLife:
    """Each row's quality of life this month (``hrqol_weight``; zero for people not
    alive), summed in one compiled pass (``sim.people.kernels``)."""
    return QualityOfLife(*quality_of_life_cells(
        band, population.deprivation, population.ltc, population.alive,
        profile["hrqol_weight"], rates.ltc_mean, params.qaly_ltc_decrement, len(BANDS),
        QUINTILES))


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
