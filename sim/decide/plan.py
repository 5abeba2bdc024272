"""A decision as a sweep: arms x joint draws of the uncertain inputs x replicates.

Each draw is one row of the design; every arm runs that row with the same inputs, and
replicate r of every (arm, draw) uses random streams r of the one seed, so differences
between arms are paired twice over: the same beliefs and the same chance. The plan is
a ``sim.sweep.plan.SweepPlan``, so a decision runs on the sweep executors (local
processes by default, Dask on request), is resumable, and records its manifest like
any sweep. An input that an arm's own scenario file sets is that arm's choice and is
not drawn for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.decide.defaults import (
    DEFAULT_DRAWS,
    DEFAULT_POPULATION,
    DEFAULT_REPLICATES,
    DEFAULT_SEED,
)
from sim.decide.inputs import UncertainInput, draw_inputs, select_inputs
from sim.errors import UserError
from sim.inputs.sizing import economy_size
from sim.parameters import Parameters
from sim.scenario import Scenario, load_scenario
from sim.structure import Structure
from sim.sweep.design import DesignMatrix
from sim.sweep.plan import Point, ResolvedArm, SweepPlan
from sim.sweep.spec import MAX_POINTS, Design, ParameterRange, Sweep


@dataclass(frozen=True)
class DecisionSettings:
    """What a ``healthsim decide`` call asks for."""

    scenario_files: tuple[Path, ...]
    draws: int = DEFAULT_DRAWS
    replicates: int = DEFAULT_REPLICATES
    population: int | None = DEFAULT_POPULATION
    practices: int | None = None  # None: scaled to keep the first arm's list size
    months: int | None = None
    seed: int = DEFAULT_SEED
    all_priors: bool = False  # also draw parameters whose prior is a placeholder


@dataclass(frozen=True)
class DecisionPlan:
    """The runs of a decision and the draws behind them."""

    settings: DecisionSettings
    inputs: tuple[UncertainInput, ...]
    draws: pd.DataFrame  # one row per draw, one column per input
    sweep: SweepPlan


def plan_decision(settings: DecisionSettings) -> DecisionPlan:
    """Load the arms, draw the inputs and lay out every run (nothing runs yet)."""
    if len(settings.scenario_files) < 2:
        raise UserError("decide needs at least two scenario files to choose between")
    arms = _arms(settings)
    inputs = select_inputs(sourced_only=not settings.all_priors)
    draws = draw_inputs(inputs, settings.draws, settings.seed)
    if len(arms) * settings.draws > MAX_POINTS:
        raise UserError(f"--draws {settings.draws}: {len(arms) * settings.draws:,} points; "
                        f"at most {MAX_POINTS:,}")
    parameters = [item for item in inputs if item.kind == "parameter"]
    sweep = Sweep(
        name="decide", seed=settings.seed, replicates=settings.replicates,
        arms=[{"scenario": str(arm.scenario_file), "name": arm.name} for arm in arms],
        design=Design(method="latin", samples=settings.draws),
        parameters={item.name: ParameterRange(low=item.low, high=item.high)
                    for item in parameters})
    names = tuple(item.name for item in parameters)
    matrix = draws[list(names)].to_numpy(float)
    design = DesignMatrix(names, matrix, matrix)  # drawn values are used as drawn
    points, scenarios = [], []
    for a, arm in enumerate(arms):
        for row in range(settings.draws):
            values = _row_values(inputs, draws.iloc[row], arm.scenario)
            points.append(Point(a * settings.draws + row, arm.name, row, values))
            scenarios.append(_with_inputs(arm.scenario, values))
    plan = SweepPlan(sweep, Path(settings.scenario_files[0]), tuple(arms), design,
                     tuple(points), tuple(scenarios))
    return DecisionPlan(settings, inputs, draws, plan)


def _arms(settings: DecisionSettings) -> list[ResolvedArm]:
    """Each arm's scenario on the one economy of ``sim.inputs.sizing`` (practices keep
    the first arm's list size, so every arm has the same practices)."""
    arms = []
    scenarios = [load_scenario(path) for path in settings.scenario_files]
    size = economy_size(scenarios[0], settings.population, settings.practices)
    for path, scenario in zip(settings.scenario_files, scenarios, strict=True):
        overrides = {"seed": settings.seed, "months": settings.months,
                     "population": size.overrides() if size else None}
        arms.append(ResolvedArm(scenario.name, str(path), scenario.with_overrides(
            f"{path} (decide)", **{k: v for k, v in overrides.items() if v is not None})))
    names = [arm.name for arm in arms]
    if len(set(names)) != len(names):
        raise UserError(f"two scenarios are both named '{max(names, key=names.count)}'; "
                        "give them distinct names")
    return arms


def _row_values(inputs: tuple[UncertainInput, ...], row: pd.Series,
                scenario: Scenario) -> dict[str, float | int | str]:
    """One draw's values for one arm, less the inputs the arm's own file sets."""
    own = scenario.parameters.model_fields_set | scenario.structure.model_fields_set
    values = {}
    for item in inputs:
        if item.name in own:
            continue
        value = row[item.name]
        values[item.name] = (str(value) if item.kind == "structure" else
                             int(value) if item.integer else float(np.float64(value)))
    return values


def _with_inputs(scenario: Scenario, values: dict) -> Scenario:
    parameter_names = set(Parameters.model_fields)
    parameters = Parameters.model_validate(
        {**scenario.parameters.model_dump(),
         **{k: v for k, v in values.items() if k in parameter_names}})
    structure = Structure.model_validate(
        {**scenario.structure.model_dump(),
         **{k: v for k, v in values.items() if k in Structure.model_fields}})
    return scenario.model_copy(update={"parameters": parameters, "structure": structure})
