"""Running a scenario: replicates, progress, and the combined tables of a run."""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import mesa
import numpy as np
import pandas as pd

from sim.runs.replicates import Replicate, run_replicates
from sim.runs.version import dependency_versions, git_commit, git_dirty, package_version
from sim.scenario import Scenario
from sim.streams import DRAWS, STREAMS


@dataclass(frozen=True)
class RunOutput:
    """Everything one ``healthsim run`` produces, before it is written to disk."""

    scenario: Scenario
    timeseries: pd.DataFrame
    organisations: pd.DataFrame
    manifest: dict
    practices: pd.DataFrame


def run_scenario(scenario: Scenario, replicates: int = 1, progress: bool = False,
                 label: str | None = None, workers: int = 1) -> RunOutput:
    """Run ``replicates`` replicates of a scenario (replicate r uses seed stream r), on
    ``workers`` processes (the output is the same for any number)."""
    started = datetime.now(UTC)
    parts = run_replicates([(scenario, r) for r in range(replicates)], workers, progress,
                           label or scenario.name)
    return combine_replicates(scenario, parts, started, workers)


def combine_replicates(scenario: Scenario, parts: list[Replicate], started: datetime,
                       workers: int = 1) -> RunOutput:
    """One run's tables from its replicates (in replicate order), with its manifest;
    ``runtime_seconds`` is the simulation time of the replicates added up."""
    runtime = sum(part.seconds for part in parts)
    manifest = build_manifest(scenario, len(parts), started, runtime)
    manifest["workers"] = workers
    return RunOutput(scenario, pd.concat([p.timeseries for p in parts], ignore_index=True),
                     pd.concat([p.organisations for p in parts], ignore_index=True),
                     manifest,
                     pd.concat([p.practices for p in parts], ignore_index=True))


def provenance() -> dict:
    """The package and environment that produced an output (for every manifest)."""
    return {
        "package": {"name": "healthsim", "version": package_version(),
                    "git_commit": git_commit(), "git_dirty": git_dirty()},
        "command_line": [Path(sys.argv[0]).name, *sys.argv[1:]] if sys.argv else [],
        "environment": {"python": platform.python_version(), "numpy": np.__version__,
                        "mesa": mesa.__version__, "pandas": pd.__version__,
                        "dependencies": dependency_versions()},
    }


def build_manifest(scenario: Scenario, replicates: int, started: datetime,
                   runtime: float) -> dict:
    """What is needed to reproduce and trust a run."""
    return {
        "scenario": scenario.model_dump(mode="json"),
        "era": scenario.era.name,  # the settings of the day its start selects (sim.eras)
        "seeds": {"seed": scenario.seed, "replicates": replicates,
                  "streams": list(STREAMS), "monthly_draws": list(DRAWS),
                  "derivation": "numpy SeedSequence(seed, spawn_key=(replicate, stream)); "
                                "monthly draws: spawn_key=(replicate, 5 + draw, month)"},
        **provenance(),
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "runtime_seconds": round(runtime, 3),
    }
