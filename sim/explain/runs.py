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
from sim.runs.simulate import simulate
from sim.scenario import Scenario

Task = tuple[str, int]  # (scenario key, replicate)
Known = dict[tuple[str, int], dict[str, float]]  # (scenario_key, replicate) -> totals


def scenario_key(scenario: Scenario) -> str:
    """What makes two scenarios the same run: every setting, as JSON."""
    return scenario.model_dump_json()


def run_one(scenario: Scenario, replicate: int) -> dict[str, float]:
    """Simulate one replicate of a scenario and return its whole-run totals."""
    series = simulate(scenario, replicate).timeseries()
    return run_totals(series)


def run_all(scenarios: Mapping[str, Scenario], replicates: int, workers: int = 1,
            progress: bool = False, known: Known | None = None
            ) -> dict[Task, dict[str, float]]:
    """Totals of every replicate of every scenario (keyed by ``(key, replicate)``).

    Args:
        scenarios: distinct scenarios to run, by key.
        replicates: replicates of each (replicate r uses random streams r).
        workers: processes; 1 runs in this process.
        progress: show a progress bar (on a terminal only).
        known: totals already at hand, by ``(scenario_key, replicate)``: those runs are
            not run again (a run is a function of its settings and replicate), and the
            new ones are added (so decompositions that share an arm share its runs).
    """
    known = {} if known is None else known
    keys = {key: scenario_key(scenario) for key, scenario in scenarios.items()}
    tasks = [(key, r) for key in scenarios for r in range(replicates)]
    todo = [(key, r) for key, r in tasks if (keys[key], r) not in known]
    bar = tqdm(total=len(todo), unit="run", desc="explain", leave=False,
               disable=None if progress else True)  # None: only on a terminal
    with bar:
        if workers <= 1 or len(todo) <= 1:
            totals = []
            for key, r in todo:
                totals.append(run_one(scenarios[key], r))
                bar.update(1)
        else:
            from sim.sweep.executors import map_in_pool

            totals = map_in_pool(run_one, [(scenarios[key], r) for key, r in todo],
                                 min(workers, len(todo)), bar.update)
    for (key, r), result in zip(todo, totals, strict=True):
        known[(keys[key], r)] = result
    return {(key, r): known[(keys[key], r)] for key, r in tasks}
