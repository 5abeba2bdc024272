"""Need from recorded data: each person's expected cost on a budget line, predicted from
what a PCT could see (``sim.commissioning.budgets`` shares budgets by it).

Two formulas, both fitted each April on last year's recorded hospital costs of everyone
registered now, by cell means (no hidden frailty is read):

- ``capitation``: cells of 5-year age band x sex x deprivation quintile (the shape of the
  weighted capitation formula: an age-sex index times a need index);
- ``person_based``: the same cells split by the number of recorded long-term
  conditions, 0 to 4 or more (diagnoses, as person-based resource allocation uses:
  Dixon et al., BMJ 2011); a cell with fewer than ``person_based_min_cell`` people
  falls back to its capitation cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.people.kernels import need_by_group

if TYPE_CHECKING:
    from sim.people.population import Population
    from sim.world_parameters import WorldParameters

AGE_BAND_YEARS = 5  # capitation cells: 0-4, 5-9, ..., 90+ (as sim.risk.methods)
N_AGE_BANDS = 19
N_QUINTILES = 5
LTC_CELLS = 5  # recorded conditions 0, 1, 2, 3, 4+


def recorded_cost(population: Population, line: str) -> np.ndarray:
    """Each person's recorded hospital cost last year on ``line`` (pounds)."""
    planned = population.elective_cost_last_year
    if line == "elective":
        return planned
    return np.maximum(population.hospital_cost_last_year - planned, 0.0)


def need_by_practice(population: Population, line: str, method: str,
                     params: WorldParameters, n_practices: int) -> np.ndarray:
    """Each practice's summed predicted cost on ``line`` by ``method`` (capitation or
    person_based) of its living patients: each person's cell mean of last year's
    recorded costs of everyone registered now, in cells of 5-year age band (0-4 to
    90+: the floor of age / 5) x sex x deprivation quintile, split by recorded
    conditions (0 to 4 or more) for person_based where that cell holds at least
    ``person_based_min_cell`` people. Compiled: ``need_by_group``."""
    return need_by_group(
        population.age, population.female, population.deprivation, population.ltc,
        population.alive, population.practice, recorded_cost(population, line),
        method == "person_based", params.person_based_min_cell, N_AGE_BANDS,
        AGE_BAND_YEARS, N_QUINTILES, LTC_CELLS, n_practices)
