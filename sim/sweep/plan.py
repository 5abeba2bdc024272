"""From a sweep file to the list of runs: arms x design rows = points, x replicates.

Every run uses the sweep's root seed; replicate r draws streams r of it
(``sim/streams.py``). Points therefore differ only in their parameters, never in their
random numbers: common random numbers, so paired differences between points and arms
are the policy or parameter effect, not noise. Every point's parameters are validated
here, before any run starts.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from sim.inputs.sizing import economy_size
from sim.parameters import Parameters
from sim.scenario import Scenario, load_scenario
from sim.sweep.design import DesignMatrix, build_design
from sim.sweep.spec import MAX_POINTS, Sweep, SweepError, load_sweep

SEED_DERIVATION = ("every run: HealthEconomy(scenario with the point's parameters and "
                   "seed = root seed, replicate = r), whose random streams derive from "
                   "(root seed, r) as sim/streams.py says; the design sampler is seeded "
                   "with the root seed")


def run_id(point: int, replicate: int) -> str:
    """The name of one run, e.g. ``p00012-r001`` (also its file name)."""
    return f"p{point:05d}-r{replicate:03d}"


@dataclass(frozen=True)
class ResolvedArm:
    name: str
    scenario_file: str
    scenario: Scenario  # with the sweep's seed, run size and the arm's fixed parameters


@dataclass(frozen=True)
class Point:
    point: int
    arm: str
    row: int  # row of the design matrix
    values: dict[str, float | int]


@dataclass(frozen=True)
class RunTask:
    """One independent task: a point's scenario and a replicate (sent to workers)."""

    run_id: str
    point: int
    arm: str
    row: int
    replicate: int
    values: dict[str, float | int]
    scenario: Scenario


@dataclass(frozen=True)
class SweepPlan:
    sweep: Sweep
    source: Path
    arms: tuple[ResolvedArm, ...]
    design: DesignMatrix
    points: tuple[Point, ...]
    scenarios: tuple[Scenario, ...]  # one per point

    def tasks(self) -> list[RunTask]:
        """Every run, replicate by replicate (early replicates finish first)."""
        return [RunTask(run_id(p.point, r), p.point, p.arm, p.row, r, p.values,
                        self.scenarios[p.point])
                for r in range(self.sweep.replicates) for p in self.points]

    def describe(self) -> dict:
        """The resolved sweep, for the manifest (JSON-ready)."""
        return {
            "sweep": self.sweep.model_dump(mode="json"),
            "source": str(self.source),
            "arms": [{"name": a.name, "scenario_file": a.scenario_file,
                      "scenario": a.scenario.model_dump(mode="json")} for a in self.arms],
            "design": {"method": self.sweep.design.method, "parameters": list(self.design.names),
                       "matrix": self.design.raw.tolist(),
                       "points": [{"point": p.point, "arm": p.arm, "row": p.row,
                                   "values": p.values} for p in self.points]},
            "seeds": {"root": self.sweep.seed, "replicates": self.sweep.replicates,
                      "derivation": SEED_DERIVATION},
        }

    def fingerprint(self) -> str:
        """A digest of everything that decides the runs' results (checked by --resume)."""
        decided = {"arms": [a.scenario.model_dump(mode="json") for a in self.arms],
                   "points": [[p.point, p.arm, p.row, p.values] for p in self.points],
                   "seed": self.sweep.seed, "replicates": self.sweep.replicates}
        text = json.dumps(decided, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def plan_sweep(path: str | Path, population: int | None = None,
               practices: int | None = None) -> SweepPlan:
    """Load a sweep file and resolve it into points and runs, or raise a UserError.

    ``population`` and ``practices`` (the command line's) replace the file's ``[run]``
    size: the economy ``economy_size`` gives for them on ``reference_scenario``, for
    every arm, and recorded in the plan's ``[run]`` (so its fingerprint differs)."""
    path = Path(path)
    sweep = load_sweep(path)
    if population is not None or practices is not None:
        size = economy_size(reference_scenario(sweep, path), population, practices)
        sweep = sweep.model_copy(update={"run": sweep.run.model_copy(update={
            "population": size.population, "practices": size.practices})})
    size = run_size(sweep, path)
    arms = tuple(_resolve_arm(sweep, i, path, size) for i in range(len(sweep.arms)))
    names = [arm.name for arm in arms]
    if len(set(names)) != len(names):
        raise SweepError(f"{path}: key 'arms': two arms are both named "
                         f"'{max(names, key=names.count)}'; give them distinct 'name's")
    design = build_design(sweep)
    if design.rows * len(arms) > MAX_POINTS:
        raise SweepError(f"{path}: key 'design': {design.rows * len(arms):,} points "
                         f"({len(arms)} arms x {design.rows} rows); at most {MAX_POINTS:,}")
    points, scenarios = [], []
    for a, arm in enumerate(arms):
        for row in range(design.rows):
            point = Point(a * design.rows + row, arm.name, row, design.row_values(row))
            points.append(point)
            scenarios.append(_point_scenario(arm, point, path))
    return SweepPlan(sweep, path, arms, design, tuple(points), tuple(scenarios))


def reference_scenario(sweep: Sweep, path: Path) -> Scenario:
    """The first arm's scenario file as written: the reference whose mean list size
    practices keep when a population is given without practices (``sim.inputs.sizing``),
    so every arm gets the same economy and they stay comparable person by person."""
    return load_scenario(_scenario_file(sweep, 0, path))


def run_size(sweep: Sweep, path: Path) -> dict[str, int] | None:
    """The ``[population]`` overrides of the sweep file's ``[run]`` table, or None.

    A ``population`` without ``practices`` scales practices by every command's rule
    (``economy_size`` on ``reference_scenario``), not the files' 53 practices: 5,000
    people in 53 practices would be lists of 94. Explicit practices are passed as they
    are, for the scenario's own checks to name the arm that cannot take them.
    """
    run = sweep.run
    if run.population is not None and run.practices is None:
        return economy_size(reference_scenario(sweep, path), run.population).overrides()
    return {k: v for k, v in (("size", run.population), ("practices", run.practices))
            if v is not None} or None


def _scenario_file(sweep: Sweep, index: int, path: Path) -> Path:
    scenario_file = path.parent / sweep.arms[index].scenario
    if not scenario_file.is_file():
        raise SweepError(f"{path}: key 'arms[{index}].scenario': "
                         f"{sweep.arms[index].scenario} is not a file (looked for "
                         f"{scenario_file}; paths are relative to the sweep file)")
    return scenario_file


def _resolve_arm(sweep: Sweep, index: int, path: Path,
                 size: dict[str, int] | None) -> ResolvedArm:
    arm = sweep.arms[index]
    scenario_file = _scenario_file(sweep, index, path)
    scenario = load_scenario(scenario_file).with_overrides(
        f"{path} arms[{index}] ({scenario_file})", seed=sweep.seed, months=sweep.run.months,
        population=size, parameters=dict(arm.parameters) or None)
    return ResolvedArm(arm.name or scenario.name, str(scenario_file), scenario)


def _point_scenario(arm: ResolvedArm, point: Point, path: Path) -> Scenario:
    """The arm's scenario with the point's parameters (validated, not yet run)."""
    try:
        parameters = Parameters.model_validate(
            {**arm.scenario.parameters.model_dump(), **point.values})
    except ValidationError as error:
        problem = error.errors()[0]
        raise SweepError(f"{path}: key 'parameters.{problem['loc'][0]}': point "
                         f"{point.point} ({arm.name}) gives {problem['input']!r}: "
                         f"{problem['msg']}") from None
    return arm.scenario.model_copy(update={"parameters": parameters})
