"""Running a scenario: replicates, progress, and the combined tables of a run."""

from __future__ import annotations

import platform
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import mesa
import numpy as np
import pandas as pd
from tqdm import tqdm

from sim.model import HealthEconomy
from sim.runs.version import git_commit, package_version
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
                 label: str | None = None) -> RunOutput:
    """Run ``replicates`` replicates of a scenario (replicate r uses seed stream r)."""
    started = datetime.now(UTC)
    clock_start = time.perf_counter()
    series, organisations, practices = [], [], []
    bar = tqdm(total=replicates * scenario.months, unit="month",
               disable=None if progress else True,  # None: only on a terminal
               desc=label or scenario.name, leave=False)
    with bar:
        for replicate in range(replicates):
            model = HealthEconomy(scenario, replicate)
            model.run(progress=bar.update if progress else None)
            series.append(model.recorder.timeseries())
            organisations.append(model.recorder.organisations())
            practices.append(model.recorder.practices())
    runtime = time.perf_counter() - clock_start
    manifest = build_manifest(scenario, replicates, started, runtime)
    return RunOutput(scenario, pd.concat(series, ignore_index=True),
                     pd.concat(organisations, ignore_index=True), manifest,
                     pd.concat(practices, ignore_index=True))


def provenance() -> dict:
    """The package and environment that produced an output (for every manifest)."""
    return {
        "package": {"name": "healthsim", "version": package_version(),
                    "git_commit": git_commit()},
        "environment": {"python": platform.python_version(), "numpy": np.__version__,
                        "mesa": mesa.__version__, "pandas": pd.__version__},
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
