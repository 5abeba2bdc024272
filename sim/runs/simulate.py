"""One replicate simulated, and only what it recorded kept.

Why a module of its own: every way of running replicates (``healthsim run`` and
``compare``, the sweep's workers, ``explain``'s coalitions) simulates the same way and
must free the model the same way, and the sweep's worker and the replicates' pool would
otherwise import each other.
"""

from __future__ import annotations

import gc

from sim.model import HealthEconomy
from sim.results.recorder import Recorder
from sim.scenario import Scenario


def simulate(scenario: Scenario, replicate: int, progress=None) -> Recorder:
    """Build and run one replicate; return what it recorded, the model itself freed
    (``progress``, optional, is called every month).

    The model's agents and the model refer to each other, so it is freed only by the
    cycle collector: collected here, or the next replicate is built beside this one's
    population and a process's memory grows with its replicates (bench_memory.py). The
    recorder refers to no agent, so returning it keeps nothing else alive.
    """
    _settle_the_heap()
    model = HealthEconomy(scenario, replicate)
    model.run(progress=progress)
    recorder = model.recorder
    del model
    gc.collect()
    return recorder


def _settle_the_heap() -> None:
    """Once per process, before its first run: collect, then set every object that
    survives (the libraries' modules, classes and functions: some 190,000) aside in the
    collector's permanent generation (``gc.freeze``), so the collection after each run
    examines only what was made since: 0.5 ms instead of 70 ms a run (measured, 5
    December 2026; a sweep's worker or ``compare`` makes hundreds of runs). Objects set
    aside are still freed when nothing refers to them; only a reference cycle among them
    would outlive its last use, and what exists before a process's first run is its
    libraries and its caller's inputs, not finished models."""
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()
