"""Each person's cached rate multipliers, refreshed when what they depend on changes.

A multiplier (``sim.people.rates``) depends on conditions, frailty, deprivation and consulting
propensity. These change for few people in a month (new conditions, arrivals, deaths,
leavers) and for everyone once a year (frailty drift), so the vectorised model keeps
them as population columns and recomputes only the rows that changed, instead of every
multiplier for every person every month. People who died or left have zero
multipliers, so they have no events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.people.ageing import refresh_age_terms
from sim.people.cancer import onset_per_month as cancer_onset_per_month
from sim.people.conditions import onset_rate
from sim.people.population import QUINTILES, Population
from sim.people.rates import (
    ae_multiplier,
    consultation_multiplier,
    emergency_multiplier,
    mortality_multiplier,
    other_first_multiplier,
    prescribing_multiplier,
    referral_multiplier,
)
from sim.people.severity import progression_rate

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters


def refresh_multipliers(population: Population, params: WorldParameters,
                        rows: np.ndarray | None = None) -> None:
    """Recompute the cached multipliers for ``rows`` (all rows when None)."""
    pick = slice(None) if rows is None else rows
    alive = population.alive[pick]
    ltc = population.ltc[pick]
    frailty = population.log_frailty[pick]
    deprivation = population.deprivation[pick]
    conditions, severe = population.conditions[pick], population.severe[pick]
    population.m_mortality[pick] = mortality_multiplier(ltc, frailty, conditions, severe,
                                                        params) * alive
    population.m_emergency[pick] = emergency_multiplier(
        ltc, frailty, deprivation, conditions, severe, params) * alive
    population.m_condition_onset[pick] = onset_rate(
        population.age[pick], population.female[pick], deprivation, conditions) * alive
    population.m_severity_progression[pick] = progression_rate(
        population.age[pick], population.female[pick], deprivation, conditions,
        severe) * alive
    refresh_cancer_onset(population, pick)
    # multipliers of the count of conditions (and quintile) alone: each rule evaluated
    # once per count and looked up, the same values as per person without an exp each
    counts = np.arange(int(ltc.max(initial=0)) + 1)
    quintiles = np.arange(QUINTILES)
    population.m_consultation[pick] = consultation_multiplier(
        counts, 1.0, params)[ltc] * population.gp_propensity[pick] * alive
    population.m_referral[pick] = referral_multiplier(
        counts[:, None], quintiles[None, :], params)[ltc, deprivation] * alive
    population.m_other_first[pick] = other_first_multiplier(counts, params)[ltc] * alive
    population.m_ae[pick] = ae_multiplier(frailty, deprivation, params) * alive
    population.m_prescribing[pick] = prescribing_multiplier(counts, params)[ltc] * alive
    refresh_age_terms(population, params, pick)


def refresh_cancer_onset(population: Population, rows: np.ndarray | slice) -> None:
    """Recompute the cached cancer onset rate of ``rows`` (with the other multipliers,
    and after a cure)."""
    population.m_cancer_onset[rows] = cancer_onset_per_month(
        population.age[rows], population.female[rows], population.deprivation[rows],
        population.cancer[rows]) * population.alive[rows]
