"""Sweep files (``sweeps/*.toml``): which scenarios, which parameters, which design.

A sweep file is checked as strictly as a scenario file, and before any run starts:
unknown keys, parameters that ``sim.parameters.Parameters`` does not declare, ranges
outside a parameter's declared bounds and designs that do not fit the parameters are
refused with a ``SweepError`` naming the file, the key and what is allowed.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.errors import UserError
from sim.inputs.toml_files import read_toml
from sim.inputs.validation import describe_validation_error
from sim.parameters import Parameters

MAX_POINTS = 99_999  # run ids are p00000-r000 .. p99999-r999
MAX_REPLICATES = 999
SAMPLED_METHODS = ("latin", "sobol", "morris")


class SweepError(UserError):
    """A sweep file that cannot be read or does not validate (exit code 2)."""


def parameter_bounds(name: str) -> tuple[float, float]:
    """The allowed range of one parameter, from its pydantic ``ge``/``le`` metadata."""
    low, high = -math.inf, math.inf
    for rule in Parameters.model_fields[name].metadata:
        low = float(getattr(rule, "ge", low))
        high = float(getattr(rule, "le", high))
    return low, high


def is_integer_parameter(name: str) -> bool:
    """Whether a parameter takes whole numbers (sampled values are rounded for it)."""
    return Parameters.model_fields[name].annotation is int


class ParameterRange(BaseModel):
    """Where one parameter varies: ``levels`` (factorial) or ``low``-``high`` (sampled)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    low: float | None = Field(None, allow_inf_nan=False, description="lowest value sampled")
    high: float | None = Field(None, allow_inf_nan=False, description="highest value sampled")
    levels: list[float] | None = Field(None, min_length=1, max_length=1000,
                                       description="values of a factorial design")

    def values(self) -> list[float]:
        """Every value that must lie within the parameter's allowed range."""
        return list(self.levels) if self.levels is not None else [self.low, self.high]


class Arm(BaseModel):
    """One base scenario (an arm), optionally with some parameters fixed differently."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    scenario: str = Field(description="scenario file, relative to the sweep file")
    name: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80,
                             description="label of the arm (default: the scenario's name)")
    parameters: dict[str, float] = Field({}, description="parameters fixed in this arm")


class RunSize(BaseModel):
    """Overrides applied to every arm's scenario, usually to make runs smaller. A
    ``population`` without ``practices`` scales practices to keep the first arm's
    scenario file's mean list size, as ``--population`` does (``sim.sweep.plan.run_size``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    population: int | None = Field(None, ge=100, le=5_000_000, strict=True)
    practices: int | None = Field(None, ge=1, le=2_000, strict=True)
    months: int | None = Field(None, ge=1, le=600, strict=True)


class Design(BaseModel):
    """How points are chosen (SALib samplers; the factorial is every level combination)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    method: Literal["factorial", "latin", "sobol", "morris"]
    samples: int | None = Field(None, ge=1, le=MAX_POINTS, strict=True, description=(
        "latin: points; sobol: base sample N (N*(D+2) points, a power of 2); "
        "morris: trajectories (r*(D+1) points)"))
    second_order: bool = Field(False, description="sobol: also second-order indices")
    morris_levels: int = Field(4, ge=2, le=100, strict=True,
                               description="morris: grid levels per parameter")

    @model_validator(mode="after")
    def _options_fit_method(self) -> Design:
        if self.second_order and self.method != "sobol":
            raise ValueError(f"'second_order' is used only by a sobol design, not "
                             f"{self.method}; remove it")
        if "morris_levels" in self.model_fields_set and self.method != "morris":
            raise ValueError(f"'morris_levels' is used only by a morris design, not "
                             f"{self.method}; remove it")
        return self

    def rows(self, parameters: int, levels: list[int]) -> int:
        """Rows the design will have, without drawing it: the factorial's product of
        level counts, or the sampler's count for ``parameters`` inputs."""
        if self.method == "factorial":
            return math.prod(levels)
        if self.method == "latin":
            return self.samples
        if self.method == "sobol":
            return self.samples * (2 * parameters + 2 if self.second_order else parameters + 2)
        return self.samples * (parameters + 1)

    @model_validator(mode="after")
    def _samples_fit_method(self) -> Design:
        if self.method == "factorial" and self.samples is not None:
            raise ValueError("'samples' is not used by a factorial design (it crosses the "
                             "levels); remove it")
        if self.method in SAMPLED_METHODS and self.samples is None:
            raise ValueError(f"a {self.method} design needs 'samples'")
        if self.method == "sobol" and self.samples & (self.samples - 1):
            raise ValueError(f"sobol 'samples' must be a power of 2 (1, 2, 4, 8, ...) for "
                             f"the Sobol' sequence to balance; got {self.samples}")
        return self


class Sweep(BaseModel):
    """A validated sweep file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)
    description: str = ""
    seed: int = Field(1, ge=0, le=2**63 - 1, strict=True, description=(
        "root seed: every run uses it (replicate r: streams r), so points share "
        "common random numbers; it also seeds the design sampler"))
    replicates: int = Field(1, ge=1, le=MAX_REPLICATES, strict=True)
    arms: list[Arm] = Field(min_length=1, max_length=100)
    run: RunSize = RunSize()
    design: Design
    parameters: dict[str, ParameterRange] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _consistent(self) -> Sweep:
        for name, spec in self.parameters.items():
            _check_parameter(name, spec, self.design.method)
        rows = self.design.rows(len(self.parameters), [len(spec.levels or [])
                                                       for spec in self.parameters.values()])
        if rows * len(self.arms) > MAX_POINTS:  # checked before the design is built
            raise ValueError(f"design: {rows * len(self.arms):,} points ({len(self.arms)} arms "
                             f"x {rows:,} rows); at most {MAX_POINTS:,}")
        names = [arm.name for arm in self.arms if arm.name]
        if len(names) != len(set(names)):
            raise ValueError("arms[].name must be unique")
        for i, arm in enumerate(self.arms):
            for name in arm.parameters:
                _check_known(name, f"arms[{i}].parameters.{name}")
                if name in self.parameters:
                    raise ValueError(f"arms[{i}].parameters.{name}: is also swept under "
                                     f"[parameters.{name}]; fix it in one place only")
        return self


def _check_known(name: str, key: str) -> None:
    if name not in Parameters.model_fields:
        close = difflib.get_close_matches(name, list(Parameters.model_fields), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(f"{key}: '{name}' is not a parameter of sim/parameters.py{hint}")


def _check_parameter(name: str, spec: ParameterRange, method: str) -> None:
    key = f"parameters.{name}"
    _check_known(name, key)
    if method == "factorial" and (spec.levels is None or spec.low is not None
                                  or spec.high is not None):
        raise ValueError(f"{key}: a factorial design needs 'levels = [...]' (and no low/high)")
    if method in SAMPLED_METHODS:
        if spec.levels is not None or spec.low is None or spec.high is None:
            raise ValueError(f"{key}: a {method} design needs 'low' and 'high' (not levels)")
        if not spec.low < spec.high:
            raise ValueError(f"{key}: 'low' ({spec.low}) must be below 'high' ({spec.high})")
    low, high = parameter_bounds(name)
    for value in spec.values():
        if not low <= value <= high:
            raise ValueError(f"{key}: {value} is outside the allowed range of {name}, "
                             f"{low:g} to {high:g} (sim/parameters.py)")
        if is_integer_parameter(name) and spec.levels is not None and value != int(value):
            raise ValueError(f"{key}: {name} takes whole numbers; got {value}")


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file."""
    return validate_sweep(read_toml(path, "sweep", SweepError), str(path))


def validate_sweep(data: dict, source: str) -> Sweep:
    """Validate a sweep given as a dict (``source`` names it in errors)."""
    try:
        return Sweep.model_validate(data)
    except ValidationError as error:
        raise SweepError(describe_validation_error(error, source, Sweep)) from None
