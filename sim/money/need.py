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

if TYPE_CHECKING:
    from sim.people.population import Population
    from sim.world_parameters import WorldParameters

AGE_BAND_YEARS = 5  # capitation cells: 0-4, 5-9, ..., 90+ (as sim.risk.methods)
N_AGE_BANDS = 19
SEXES = 2
N_QUINTILES = 5
LTC_CELLS = 5  # recorded conditions 0, 1, 2, 3, 4+


def recorded_cost(population: Population, line: str) -> np.ndarray:
    """Each person's recorded hospital cost last year on ``line`` (pounds)."""
    planned = population.elective_cost_last_year
    if line == "elective":
        return planned
    return np.maximum(population.hospital_cost_last_year - planned, 0.0)


def capitation_cell(population: Population) -> np.ndarray:
    """Cell of 5-year age band x sex x deprivation quintile of each person."""
    # whole years, then whole bands: the floor of age / 5 (ages are never negative), in
    # integers, which is several times faster than dividing the float ages
    band = np.minimum(population.age.astype(np.intp) // AGE_BAND_YEARS, N_AGE_BANDS - 1)
    return (band * SEXES + population.female) * N_QUINTILES + population.deprivation


def cell_means(cells: np.ndarray, cost: np.ndarray, n_cells: int) -> tuple[np.ndarray,
                                                                          np.ndarray]:
    """Mean cost and count of people per cell."""
    counts = np.bincount(cells, minlength=n_cells).astype(float)
    sums = np.bincount(cells, weights=cost, minlength=n_cells)
    return np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0), counts


def predicted_cost(population: Population, line: str, method: str,
                   params: WorldParameters) -> np.ndarray:
    """Each living person's predicted cost on ``line`` by ``method`` (capitation or
    person_based), fitted on last year's recorded costs of everyone registered now."""
    alive = population.alive
    cost = recorded_cost(population, line)[alive]
    capitation = capitation_cell(population)[alive]
    n_capitation = N_AGE_BANDS * SEXES * N_QUINTILES
    means, _ = cell_means(capitation, cost, n_capitation)
    predicted = means[capitation]
    if method == "person_based":
        conditions = np.minimum(population.ltc[alive], LTC_CELLS - 1).astype(np.intp)
        cells = capitation * LTC_CELLS + conditions
        with_conditions, counts = cell_means(cells, cost, n_capitation * LTC_CELLS)
        enough = counts[cells] >= params.person_based_min_cell
        predicted = np.where(enough, with_conditions[cells], predicted)
    return predicted


