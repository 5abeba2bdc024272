"""Batch sweeps: many runs over uncertain parameters and policy levers (issue 6).

One concept per module:
- ``spec``: the sweep file and its validation; ``design``: design matrices (SALib);
- ``plan``: arms x design rows = points, x replicates = runs, with their seeds;
- ``worker``: one run in a worker process; ``executors``: local pool or Dask;
- ``runner``: the driver (retries, failures, progress); ``store`` and ``manifest``:
  the sweep folder;
- ``analysis``, ``plots`` and ``report``: ``healthsim sweep-report``.

Third-party packages that are slow to import (SALib, distributed, matplotlib, scipy)
are imported where they are used, so that ``healthsim`` stays quick to start.
"""

from __future__ import annotations

from sim.lazy import lazy_names

# Each public name and the module that defines it, imported when the name is first read.
_LAZY = {
    "DaskCluster": "sim.sweep.executors", "LocalPool": "sim.sweep.executors",
    "SweepPlan": "sim.sweep.plan", "plan_sweep": "sim.sweep.plan",
    "SweepOutcome": "sim.sweep.runner", "run_sweep": "sim.sweep.runner",
    "Sweep": "sim.sweep.spec", "SweepError": "sim.sweep.spec",
    "load_sweep": "sim.sweep.spec",
}

__all__ = ["DaskCluster", "LocalPool", "Sweep", "SweepError", "SweepOutcome", "SweepPlan",
           "load_sweep", "plan_sweep", "run_sweep"]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
