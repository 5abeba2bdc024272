"""Running replicates, in this process or on every core.

A replicate is a function of its scenario and replicate number only (its random
streams are ``(seed, replicate)``: ``sim/streams.py``), so replicates can run in any
order on any number of processes; results are put back in task order, so the output
is the same whatever the number of workers. Several scenarios' replicates share one
pool (``healthsim compare`` submits them all at once, so no core waits for the slowest
run of a scenario). The pool is the sweep's (``sim.sweep.executors.LocalPool``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from tqdm import tqdm

from sim.runs.simulate import simulate
from sim.scenario import Scenario

Task = tuple[Scenario, int]  # (scenario, replicate)


@dataclass(frozen=True)
class Replicate:
    """The tables of one replicate, and the seconds it took to simulate."""

    timeseries: pd.DataFrame
    organisations: pd.DataFrame
    practices: pd.DataFrame
    seconds: float


def run_replicate(scenario: Scenario, replicate: int, progress=None) -> Replicate:
    """Simulate one replicate (``progress``, optional, is called every month)."""
    clock = time.perf_counter()
    recorder = simulate(scenario, replicate, progress)
    return Replicate(recorder.timeseries(), recorder.organisations(), recorder.practices(),
                     time.perf_counter() - clock)


def run_replicates(tasks: Sequence[Task], workers: int = 1, progress: bool = False,
                   label: str = "runs") -> list[Replicate]:
    """Every task's replicate, in task order.

    Args:
        tasks: ``(scenario, replicate)`` pairs.
        workers: processes; 1 runs in this process (with a bar of months).
        progress: show a progress bar (on a terminal only).
        label: the bar's name.
    """
    if workers <= 1 or len(tasks) <= 1:
        return _run_here(tasks, progress, label)
    return _run_in_pool(tasks, min(workers, len(tasks)), progress, label)


def _run_here(tasks: Sequence[Task], progress: bool, label: str) -> list[Replicate]:
    bar = tqdm(total=sum(scenario.months for scenario, _ in tasks), unit="month",
               disable=None if progress else True,  # None: only on a terminal
               desc=label, leave=False)
    with bar:
        return [run_replicate(scenario, replicate, bar.update if progress else None)
                for scenario, replicate in tasks]


def _run_in_pool(tasks: Sequence[Task], workers: int, progress: bool,
                 label: str) -> list[Replicate]:
    from sim.sweep.executors import map_in_pool

    bar = tqdm(total=len(tasks), unit="run", desc=f"{label} ({workers} workers)",
               disable=None if progress else True, leave=False)
    with bar:
        return map_in_pool(run_replicate, tasks, workers, bar.update)
