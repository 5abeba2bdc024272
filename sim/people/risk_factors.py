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
from sim.people.blocks import row_blocks
from sim.people.cancer import onset_per_month as cancer_onset_per_month
from sim.people.conditions import load_condition_curves, onset_rate
from sim.people.kernels import multiplier_exponents, write_multipliers
from sim.people.population import QUINTILES, Population
from sim.people.rates import (
    consultation_multiplier,
    other_first_multiplier,
    prescribing_multiplier,
    referral_multiplier,
)
from sim.people.severity import load_severity_curves, progression_rate

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters

def refresh_multipliers(population: Population, params: WorldParameters,
                        rows: np.ndarray | None = None) -> None:
    """Recompute the cached multipliers for ``rows`` (all rows when None: then a block
    of rows at a time, ``sim.people.blocks``; each person's values do not depend on the
    block)."""
    if rows is not None:
        _refresh(population, params, rows)
        return
    for block in row_blocks(population.n):
        _refresh(population, params, block)


def _refresh(population: Population, params: WorldParameters,
             pick: np.ndarray | slice) -> None:
    """The multipliers of the rows ``pick`` selects. The rules are ``sim.people.rates``'
    (and the conditions' and severity's); seven are computed here in two compiled
    passes around numpy's ``exp`` (``multiplier_exponents``, ``write_multipliers``: the
    same numbers, checked bit for bit in ``tests/test_kernels.py``)."""
    alive = population.alive[pick]
    ltc = population.ltc[pick]
    frailty = population.log_frailty[pick]
    deprivation = population.deprivation[pick]
    conditions, severe = population.conditions[pick], population.severe[pick]
    exponential = np.exp(multiplier_exponents(
        ltc, frailty, deprivation, np.log(params.mortality_ltc_ratio),
        np.log(params.emergency_ltc_ratio), np.log(params.emergency_deprivation_ratio) / 4.0))
    # multipliers of the count of conditions (and quintile) alone: each rule evaluated
    # once per count and looked up, the same values as per person without an exp each
    counts = np.arange(int(ltc.max(initial=0)) + 1)
    quintiles = np.arange(QUINTILES)
    severity = load_severity_curves()
    write_multipliers(
        _row_numbers(pick), exponential, ltc,
        deprivation, conditions, severe, population.gp_propensity[pick], alive,
        severity.mortality_by_masks, load_condition_curves().emergency_ratio_by_mask,
        severity.emergency_by_masks, float(params.ae_deprivation_gradient),
        consultation_multiplier(counts, 1.0, params),
        referral_multiplier(counts[:, None], quintiles[None, :], params),
        other_first_multiplier(counts, params), prescribing_multiplier(counts, params),
        population.m_mortality, population.m_emergency, population.m_ae,
        population.m_consultation, population.m_referral, population.m_other_first,
        population.m_prescribing)
    population.m_condition_onset[pick] = onset_rate(
        population.age[pick], population.female[pick], deprivation, conditions) * alive
    population.m_severity_progression[pick] = progression_rate(
        population.age[pick], population.female[pick], deprivation, conditions,
        severe) * alive
    refresh_cancer_onset(population, pick)
    refresh_age_terms(population, params, pick)


def _row_numbers(pick: np.ndarray | slice) -> np.ndarray:
    """The row numbers a block (slice) or an array of rows selects."""
    return np.arange(pick.start, pick.stop) if isinstance(pick, slice) else np.asarray(pick)


def refresh_cancer_onset(population: Population, rows: np.ndarray | slice) -> None:
    """Recompute the cached cancer onset rate of ``rows`` (with the other multipliers,
    and after a cure)."""
    population.m_cancer_onset[rows] = cancer_onset_per_month(
        population.age[rows], population.female[rows], population.deprivation[rows],
        population.cancer[rows]) * population.alive[rows]
