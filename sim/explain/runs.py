"""Running the variants of a decomposition, every (scenario, replicate) as one task.

Tasks go to the sweep's local process pool (``sim.sweep.executors.LocalPool``) or, with
one worker, run in this process. Each run is a function of its scenario and replicate
only, and results are collected by task, not by finishing order, so the totals are the
same whatever the number of workers.
"""

from __future__ import annotations

from collections.abc import Mapping

from tqdm import tqdm

from sim.explain.measures import run_totals
from sim.model import HealthEconomy
from sim.scenario import Scenario

Task = tuple[str, int]  # (scenario key, replicate)


def run_one(scenario: Scenario, replicate: int) -> dict[str, float]:
    """Simulate one replicate of a scenario and return its whole-run totals."""
    model = HealthEconomy(scenario, replicate)
    model.run()
    return run_totals(model.recorder.timeseries())


def run_all(scenarios: Mapping[str, Scenario], replicates: int, workers: int = 1,
            progress: bool = False) -> dict[Task, dict[str, float]]:
    """Totals of every replicate of every scenario (keyed by ``(key, replicate)``).

    Args:
        scenarios: distinct scenarios to run, by key.
        replicates: replicates of each (replicate r uses random streams r).
        workers: processes; 1 runs in this process.
        progress: show a progress bar (on a terminal only).
    """
    tasks = [(key, r) for key in scenarios for r in range(replicates)]
    bar = tqdm(total=len(tasks), unit="run", desc="explain", leave=False,
               disable=None if progress else True)  # None: only on a terminal
    with bar:
        if workers <= 1 or len(tasks) <= 1:
            results = {}
            for key, r in tasks:
                results[(key, r)] = run_one(scenarios[key], r)
                bar.update(1)
            return results
        from sim.sweep.executors import map_in_pool

        totals = map_in_pool(run_one, [(scenarios[key], r) for key, r in tasks],
                             min(workers, len(tasks)), bar.update)
        return dict(zip(tasks, totals, strict=True))
