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

from sim.sweep.executors import DaskCluster, LocalPool
from sim.sweep.plan import SweepPlan, plan_sweep
from sim.sweep.runner import SweepOutcome, run_sweep
from sim.sweep.spec import Sweep, SweepError, load_sweep

__all__ = ["DaskCluster", "LocalPool", "Sweep", "SweepError", "SweepOutcome", "SweepPlan",
           "load_sweep", "plan_sweep", "run_sweep"]
