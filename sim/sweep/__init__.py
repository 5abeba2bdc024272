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

# Each module and the public names it defines, imported when a name is first read.
_LAZY = {
    "sim.sweep.executors": ("DaskCluster", "LocalPool"),
    "sim.sweep.plan": ("SweepPlan", "plan_sweep"),
    "sim.sweep.runner": ("SweepOutcome", "run_sweep"),
    "sim.sweep.spec": ("Sweep", "SweepError", "load_sweep"),
}

__getattr__, __dir__, __all__ = lazy_names(__name__, _LAZY)
