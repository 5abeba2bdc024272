"""What a worker does with one run: simulate it and write its Parquet file atomically.

This function runs in a worker process (a local process pool or a Dask worker), so it
takes everything it needs as arguments and touches no state of the driver. The file
is written under a hidden temporary name and renamed into place, so a file that exists
under its run's name is complete: that is what ``--resume`` counts on. The file holds
only what the simulation decides (no timings), so the same run gives the same bytes
whichever executor ran it.

Test-only fault injection: the environment variable ``HEALTHSIM_SWEEP_TEST_FAULT``,
read here and nowhere else, makes chosen runs misbehave so that the tests can check
that a failure is retried or recorded, never lost. Its value is one or more
``MODE:RUN_ID[,RUN_ID...]`` separated by ``;``, with MODE ``crash`` (the worker process
dies with ``os._exit``), ``raise`` (the run raises ``RuntimeError``) or ``version`` (the
run reports another package version, as a worker with other code would); e.g.
``crash:p00001-r000;raise:p00002-r001``. It must be set in the environment the worker
processes start from (that of ``healthsim sweep``, or of the Dask workers).
"""

from __future__ import annotations

import os
import threading
import time
from functools import cache
from pathlib import Path

import pandas as pd

from sim.runs.atomic import write_file_atomically
from sim.runs.simulate import simulate
from sim.runs.version import git_commit, package_version
from sim.sweep.plan import RunTask

FAULT_ENV = "HEALTHSIM_SWEEP_TEST_FAULT"
CRASH_EXIT_CODE = 86
PARAMETER_PREFIX = "param_"  # parameter columns; plain names clash (gp_engagement_mean)
ID_COLUMNS = ("run_id", "point", "arm", "row")


def run_task(task: RunTask, runs_dir: str) -> dict:
    """Simulate one run and write ``runs_dir/<run_id>.parquet``; return its timing
    (``started`` is the wall clock, seconds since 1970, to line runs up in time) and
    the code that ran it (``worker_identity``: the driver refuses a run made by other
    code)."""
    started, clock = time.time(), time.perf_counter()
    _inject_fault(task.run_id)
    table = tag_timeseries(simulate(task.scenario, task.replicate).timeseries(), task)
    write_parquet_atomically(table, Path(runs_dir) / f"{task.run_id}.parquet")
    identity = worker_identity()
    if _faulty("version", task.run_id):
        identity = {**identity, "version": f"{identity['version']}+other"}
    return {"run_id": task.run_id, "seconds": time.perf_counter() - clock,
            "started": started, "host": os.uname().nodename, "pid": os.getpid(), **identity}


@cache
def worker_identity() -> dict:
    """The healthsim this process runs: its version and git commit (None outside git)."""
    return {"version": package_version(), "git_commit": git_commit()}


def tag_timeseries(series: pd.DataFrame, task: RunTask) -> pd.DataFrame:
    """The monthly series with the run's identity and parameter values in front."""
    front = pd.DataFrame({"run_id": task.run_id, "point": task.point, "arm": task.arm,
                          "row": task.row}, index=series.index)
    for name, value in task.values.items():
        front[PARAMETER_PREFIX + name] = value
    return pd.concat([front, series], axis=1)


def write_parquet_atomically(table: pd.DataFrame, path: Path) -> None:
    """Write under a hidden unique name in the same folder, then rename into place."""
    write_file_atomically(path, lambda temporary: table.to_parquet(temporary, index=False))


def watch_driver(driver_pid: int, interval: float = 1.0) -> None:
    """Pool initializer: tune the allocator (``sim.allocator``) and end this worker
    soon after the driver process is gone.

    A killed driver (``kill -9``) cannot shut its pool down, and the workers of a
    ``ProcessPoolExecutor`` would otherwise wait for work forever.
    """
    from sim.allocator import keep_large_blocks

    keep_large_blocks()  # healthsim's own worker process: the allocator tuning (opt-in)

    def watch() -> None:
        while _alive(driver_pid):
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="watch-driver", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - exists, owned by someone else
        return True
    try:  # a killed driver not yet reaped by its parent is a zombie
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def _inject_fault(run: str) -> None:
    """Test-only: misbehave if ``HEALTHSIM_SWEEP_TEST_FAULT`` names this run."""
    if _faulty("crash", run):
        os._exit(CRASH_EXIT_CODE)
    if _faulty("raise", run):
        raise RuntimeError(f"test fault injected into run {run} by {FAULT_ENV}")


def _faulty(mode: str, run: str) -> bool:
    """Test-only: whether ``HEALTHSIM_SWEEP_TEST_FAULT`` names this run for ``mode``."""
    for entry in os.environ.get(FAULT_ENV, "").split(";"):
        entry_mode, _, runs = entry.strip().partition(":")
        if entry_mode == mode and run in runs.split(","):
            return True
    return False
