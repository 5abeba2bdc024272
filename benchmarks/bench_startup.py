"""Benchmark: how long the command line takes to answer, and a tiny run against the floor
its libraries set.

Target (issue 17, item 2): ``healthsim run`` on a tiny scenario answers in under 1 s,
the command line importing pandas, matplotlib, Solara and Dask only when a command needs
them. Every case is a fresh process, timed from outside (wall clock, median of
``--repeats``, the cases taking turns so that a busy moment of a shared machine falls
on all of them alike), pinned to one core: ``healthsim --version``, ``healthsim --help``,
``healthsim run --help``; the floor ``python -c "import mesa, numba"`` (a run needs both:
the model is a Mesa model, its kernels Numba's, so no run can answer faster than they
import); and a tiny run (``healthsim run scenarios/baseline.toml --population 2000
--months 12 --replicates 1``). One untimed tiny run first fills Numba's on-disk cache of
compiled kernels (``cache=True``), as any earlier run on the machine would have. Then
``--repeats`` child processes split the tiny run into its phases (the command line's own
imports, the libraries, the scenario, Numba's set-up with a first kernel loaded from its
cache, the simulation, the files and ``summary.png``) to show where the time above the
floor goes; timed inside the process, they leave out the interpreter's own start and exit.
Writes ``benchmarks/results/startup.json``.

    python benchmarks/bench_startup.py              # 5 repeats of each
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "startup.json"
TARGET_S = 1.0
TARGET = (f"healthsim run on a tiny scenario answers in under {TARGET_S:g} s; --version, "
          "--help and a command's --help load none of the heavy libraries")
TINY = ["scenarios/baseline.toml", "--population", "2000", "--months", "12",
        "--replicates", "1"]


def healthsim() -> list[str]:
    """The installed ``healthsim`` command beside this interpreter, else ``python -m sim``."""
    script = Path(sys.executable).with_name("healthsim")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sim"]


def core() -> int:
    """The core to pin to: the last this process may use (the other benchmarks pin
    theirs to core 0, so one running at the same time does not share it)."""
    return max(os.sched_getaffinity(0))


def pinned(command: list[str]) -> list[str]:
    """``command`` on one core (if taskset is here)."""
    return ["taskset", "-c", str(core()), *command] if shutil.which("taskset") else command


def wall_time(command: list[str]) -> float:
    """Wall seconds of one fresh run of ``command``; a run that fails stops the benchmark."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    start = time.perf_counter()
    subprocess.run(pinned(command), capture_output=True, text=True, check=True, env=env,
                   cwd=REPO)
    return time.perf_counter() - start


def summary(command: list[str], times: list[float]) -> dict:
    return {"command": " ".join(Path(command[0]).name if i == 0 else part
                                for i, part in enumerate(command)),
            "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "times_s": times}


def child(out: Path) -> None:
    """The tiny run in this process, as ``healthsim run`` does it, phase by phase; print
    the seconds of each as JSON."""
    marks = [("start", time.perf_counter())]

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter()))

    import sim.cli  # noqa: F401  (the command line: parser and registry)
    from sim.cli.run import command_run  # noqa: F401
    mark("command line")
    import mesa  # noqa: F401
    import numba  # noqa: F401
    mark("mesa and numba (the floor)")
    from sim.runs.files import write_run
    from sim.runs.run import run_scenario
    from sim.scenario import load_scenario
    mark("other libraries and the model's modules (pandas, pydantic, matplotlib, pyarrow)")
    from sim.inputs.sizing import sized_economy

    scenario = sized_economy(load_scenario(REPO / TINY[0]), int(TINY[2])).with_overrides(
        "bench", months=int(TINY[4]))
    mark("scenario read and resized")
    import numpy as np

    from sim.people.kernels import cumulative_sum
    cumulative_sum(np.ones(2))  # one kernel: Numba's set-up, then loaded from its cache
    mark("first kernel (Numba's set-up, from its cache)")
    output = run_scenario(scenario, replicates=1)
    mark("simulation (the other kernels from the cache, then the months)")
    write_run(output, out)
    mark("files written (Parquet, manifest, summary.png)")
    print(json.dumps({name: end - begin for (_, begin), (name, end)
                      in zip(marks, marks[1:], strict=False)}))


def phases(repeats: int, out: Path) -> dict[str, float]:
    """The median seconds of each phase of the tiny run over ``repeats`` children."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    runs = []
    for repeat in range(repeats):
        done = subprocess.run(pinned([sys.executable, __file__, "--child", "--out",
                                      str(out / f"phases{repeat}")]),
                              capture_output=True, text=True, check=True, env=env, cwd=REPO)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs of each case (default 5)")
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.out)
        return
    command = healthsim()
    cases = {"version": command + ["--version"], "help": command + ["--help"],
             "run_help": command + ["run", "--help"],
             "floor": [sys.executable, "-c", "import mesa, numba"],
             "tiny_run": command + ["run", *TINY]}
    results = {}
    with tempfile.TemporaryDirectory(prefix="healthsim-startup-") as folder:
        out = Path(folder)
        warm_up = wall_time(cases["tiny_run"] + ["--out", str(out / "warm-up")])
        times: dict[str, list[float]] = {name: [] for name in cases}
        for repeat in range(args.repeats):  # the cases take turns
            for name, argv in cases.items():
                tiny_out = ["--out", str(out / f"run{repeat}")] if name == "tiny_run" else []
                times[name].append(wall_time(argv + tiny_out))
        for name, argv in cases.items():
            results[name] = summary(argv, times[name])
            print(f"{results[name]['command']:>80}: median {results[name]['median_s']:.3f} s "
                  f"(min {results[name]['min_s']:.3f}, max {results[name]['max_s']:.3f})",
                  flush=True)
        split = phases(args.repeats, out)
    tiny, floor = results["tiny_run"]["median_s"], results["floor"]["median_s"]
    print(f"tiny run: {tiny:.2f} s against the {TARGET_S:g} s target "
          f"({'met' if tiny < TARGET_S else 'missed'}); the floor of importing Mesa and Numba "
          f"is {floor:.2f} s, so {tiny - floor:.2f} s is above it:")
    for name, seconds in split.items():
        print(f"  {seconds:6.3f} s  {name}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "target": TARGET, "target_s": TARGET_S, "repeats": args.repeats,
        "cores": os.cpu_count(),
        "pinned_to_core": core() if shutil.which("taskset") else None,
        "machine": platform.machine(), "python": platform.python_version(),
        "cases": results, "tiny_run_first_s": warm_up,
        "tiny_run_met_target": tiny < TARGET_S, "tiny_run_above_floor_s": tiny - floor,
        "floor_share_of_tiny_run": floor / tiny,
        "tiny_run_phases_median_s": split}, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
