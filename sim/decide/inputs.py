"""The uncertain inputs of a decision, declared once, and their joint draws.

Every parameter whose prior is not fixed (``sim.declarations``: an assumption, or a
range the evidence states) and every structural choice (``sim.structure``) is an
uncertain input. A decision draws them jointly: a Latin hypercube over the unit cube
(``scipy.stats.qmc``, seeded, so the same seed always gives the same draws), each
column mapped through its input's prior (uniform, triangular, or an equally likely
option). Every arm of a draw runs with the same inputs and the same random numbers.

By default only inputs whose prior has a stated basis are drawn, with the structural
choices (``select_inputs``); the others keep the arms' own values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.errors import UserError
from sim.parameters import Parameters
from sim.structure import Structure


@dataclass(frozen=True)
class UncertainInput:
    """One uncertain input: a parameter or a structural choice, with its prior."""

    name: str
    kind: str  # "parameter" | "structure"
    distribution: str  # "uniform" | "triangular" | "choice"
    low: float = 0.0
    high: float = 0.0
    mode: float | None = None
    options: tuple[str, ...] = ()
    basis: str = ""
    integer: bool = False

    @property
    def group(self) -> str:
        """The input group it is reported in: structural choices on their own, parameters
        by the first word of their name (``cancer_death_late_per_year`` -> cancer)."""
        return "structure" if self.kind == "structure" else self.name.split("_")[0]

    def value(self, u: np.ndarray) -> np.ndarray:
        """The prior's quantiles at ``u`` (points of the unit interval)."""
        if self.distribution == "choice":
            return np.minimum((u * len(self.options)).astype(int), len(self.options) - 1)
        if self.distribution == "triangular" and self.high > self.low:
            from scipy.stats import triang  # here: SciPy's stats take 0.4 s to import

            scale = self.high - self.low
            values = triang.ppf(u, (self.mode - self.low) / scale, loc=self.low, scale=scale)
        else:
            values = self.low + u * (self.high - self.low)
        return np.round(values) if self.integer else values

    def describe(self) -> str:
        """The prior in words, for reports."""
        if self.distribution == "choice":
            return "one of " + ", ".join(self.options) + " (equally likely)"
        if self.distribution == "triangular":
            return f"triangular {self.low:g} to {self.high:g}, most likely {self.mode:g}"
        return f"uniform {self.low:g} to {self.high:g}"


def uncertain_inputs() -> tuple[UncertainInput, ...]:
    """Every parameter with a non-fixed prior, then every structural choice."""
    found = []
    for name, field in Parameters.model_fields.items():
        prior = (field.json_schema_extra or {}).get("prior", {})
        if prior.get("distribution") in ("uniform", "triangular"):
            found.append(UncertainInput(
                name, "parameter", prior["distribution"], float(prior["low"]),
                float(prior["high"]), prior.get("mode"), basis=prior.get("basis", ""),
                integer=field.annotation is int))
    for name, field in Structure.model_fields.items():
        prior = (field.json_schema_extra or {}).get("prior", {})
        found.append(UncertainInput(name, "structure", "choice",
                                    options=tuple(prior.get("options", ()))))
    return tuple(found)


def select_inputs(sourced_only: bool = True,
                  only: tuple[str, ...] | None = None) -> tuple[UncertainInput, ...]:
    """The inputs to draw: ``only`` those named, or every one whose prior has a stated
    basis (the evidence, or a reasoned assumption) and every structural choice; with
    ``sourced_only`` false also the placeholder priors (+-50% of an unsourced default,
    ``sim.declarations``), which a decision should not lean on."""
    every = {item.name: item for item in uncertain_inputs()}
    for name in only or ():
        if name not in every:
            raise UserError(f"'{name}' is not an uncertain input (a parameter with a prior "
                            "that is not fixed, or a structural choice); see "
                            "docs/generated/parameters.md")
    if only:
        return tuple(every[name] for name in only)
    return tuple(item for item in every.values()
                 if not sourced_only or item.basis or item.kind == "structure")


def draw_inputs(inputs: tuple[UncertainInput, ...], draws: int, seed: int) -> pd.DataFrame:
    """``draws`` joint draws (rows) of the inputs (columns): a scrambled Latin hypercube
    mapped through each prior. Structural choices hold the option's name."""
    if draws < 1:
        raise UserError(f"--draws {draws}: at least 1")
    from scipy.stats import qmc  # here: SciPy's stats take 0.4 s to import

    cube = qmc.LatinHypercube(d=max(len(inputs), 1), seed=np.random.default_rng(seed))
    u = cube.random(draws)
    table = {}
    for j, item in enumerate(inputs):
        values = item.value(u[:, j])
        table[item.name] = ([item.options[i] for i in values] if item.kind == "structure"
                            else values.astype(int) if item.integer else values)
    return pd.DataFrame(table, index=pd.RangeIndex(draws, name="draw"))


def unit_scores(inputs: tuple[UncertainInput, ...], table: pd.DataFrame) -> pd.DataFrame:
    """The draws as numbers for analysis: parameters as drawn, choices as option index."""
    scores = {}
    for item in inputs:
        column = table[item.name]
        scores[item.name] = (column.map({o: i for i, o in enumerate(item.options)})
                             .astype(float) if item.kind == "structure"
                             else column.astype(float))
    return pd.DataFrame(scores, index=table.index)
