"""The sweep manifest (``DIR/sweep_manifest.json``): enough to reproduce and trust a sweep.

It holds the resolved sweep (each arm's full scenario), the design matrix and points,
the seeds and how every run's streams derive from them, the versions of everything
that could change a result, and the timings of every session (a ``--resume`` adds a
session rather than rewriting history). Its ``fingerprint`` is what ``--resume``
compares to refuse mixing the runs of two different sweeps.
"""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from importlib import metadata

from sim.runs.version import git_commit, package_version
from sim.sweep.plan import SweepPlan, run_id
from sim.sweep.store import SweepStore

VERSIONED = ("numpy", "pandas", "pyarrow", "mesa", "pydantic", "SALib", "dask", "distributed")


def versions() -> dict:
    """Python and the libraries a result depends on."""
    found = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def start_manifest(plan: SweepPlan, previous: dict | None) -> dict:
    """The manifest written before any run starts (carrying earlier sessions' timings)."""
    manifest = {
        **plan.describe(),
        "fingerprint": plan.fingerprint(),
        "runs": {"total": len(plan.points) * plan.sweep.replicates,
                 "ids": "p<point:05d>-r<replicate:03d>", "finished": None, "failed": None},
        "package": {"name": "healthsim", "version": package_version(),
                    "git_commit": git_commit()},
        "environment": versions(),
        "timings": {"sessions": [], "runs": {}},
        "layout": {"runs": "runs/<run_id>.parquet", "failures": "failures/<run_id>.json"},
    }
    if previous is not None:
        manifest["timings"] = previous.get("timings", manifest["timings"])
        manifest["earlier_packages"] = [*previous.get("earlier_packages", []),
                                        previous.get("package")]
    example = run_id(0, 0)
    manifest["seeds"]["example"] = {"run": example, "seed": plan.sweep.seed, "replicate": 0}
    return manifest


def finish_manifest(manifest: dict, store: SweepStore, backend: dict, started: datetime,
                    seconds: float, run_timings: dict[str, dict]) -> None:
    """Add this session's timings and the folder's current state. Each run's timing
    comes from the folder's log (``SweepStore.read_timings``), so the runs a killed
    earlier session finished keep theirs."""
    timings = manifest["timings"]
    logged = {run: timing for run, timing in store.read_timings().items()
              if store.run_file(run).exists()}
    timings["runs"].update({run: {"seconds": round(v["seconds"], 4),
                                  "started": round(v["started"], 3), "host": v["host"],
                                  "pid": v["pid"], "version": v["version"],
                                  "git_commit": v["git_commit"]}
                            for run, v in {**logged, **run_timings}.items()})
    hosts = sorted({v["host"] for v in run_timings.values()})
    timings["sessions"].append({
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "runtime_seconds": round(seconds, 3), "executor": backend,
        "runs_finished": len(run_timings), "hosts": hosts})
    finished, failed = store.finished(), store.failed()
    manifest["runs"]["finished"] = len(finished)
    manifest["runs"]["failed"] = sorted(failed - finished)
