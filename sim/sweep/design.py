"""Design matrices: which parameter values each point of a sweep uses.

Sampled designs come from SALib (Latin hypercube, Sobol' with Saltelli's scheme, Morris
trajectories) so that ``SALib.analyze`` can read the same matrix back for sensitivity
indices; a full factorial is every combination of the listed levels. The sampler is
seeded from the sweep's root seed, so the same file always gives the same points.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from sim.sweep.spec import Sweep, is_integer_parameter


@dataclass(frozen=True)
class DesignMatrix:
    """The sampled rows (``raw``, as SALib drew them) and the values runs use.

    ``values`` equals ``raw`` except that whole-number parameters are rounded; the
    analysis gives SALib ``raw`` so that Morris steps keep their exact size.
    """

    names: tuple[str, ...]
    raw: np.ndarray  # rows x parameters
    values: np.ndarray

    @property
    def rows(self) -> int:
        return self.raw.shape[0]

    def row_values(self, row: int) -> dict[str, float | int]:
        """The parameter values of one row, as Python numbers."""
        return {name: (int(v) if is_integer_parameter(name) else float(v))
                for name, v in zip(self.names, self.values[row], strict=True)}


def salib_problem(sweep: Sweep) -> dict:
    """The SALib problem definition (names and bounds) of a sampled sweep."""
    names = list(sweep.parameters)
    bounds = [[spec.low, spec.high] if spec.levels is None else [min(spec.levels),
                                                                 max(spec.levels)]
              for spec in sweep.parameters.values()]
    return {"num_vars": len(names), "names": names, "bounds": bounds}


def build_design(sweep: Sweep) -> DesignMatrix:
    """Draw (or enumerate) the design of a sweep."""
    names = tuple(sweep.parameters)
    design = sweep.design
    if design.method == "factorial":
        raw = np.array(list(itertools.product(*(spec.levels for spec in
                                                sweep.parameters.values()))), dtype=float)
    else:
        from SALib.sample import latin, morris, sobol  # slow to import: only when sampling

        problem, seed = salib_problem(sweep), sweep.seed
        if design.method == "latin":
            raw = latin.sample(problem, design.samples, seed=seed)
        elif design.method == "sobol":
            raw = sobol.sample(problem, design.samples, seed=seed,
                               calc_second_order=design.second_order)
        else:
            raw = morris.sample(problem, design.samples, seed=seed,
                                num_levels=design.morris_levels)
    values = raw.copy()
    for j, name in enumerate(names):
        if is_integer_parameter(name):
            values[:, j] = np.round(values[:, j])
    return DesignMatrix(names, np.asarray(raw, dtype=float), values)
