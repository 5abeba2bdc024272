"""Benchmark: one PCT economy for 120 months on one core, at several sizes, against an
earlier version of the code measured in the same run on the same machine.

Targets (docs/performance.md): 340,000 people x 120 months under 5 s on one core (aim:
under 2 s), the model's own memory under 200 MB; 5,000,000 people under 60 s and 2 GB.
Each repeat runs in a fresh child process pinned to one core, so the peak resident
memory (``ru_maxrss``) belongs to that run alone. The child reports the memory the
libraries take before the model is built (Python, numpy, pandas, Mesa, numba's
compiler: the floor of any run) and the peak, so the model's own share is their
difference. ``--against REV`` builds a git worktree of REV (default: the commit before
the compiled kernels) and times it at 340,000 people, its runs in turn with this code's
(each checkout's first run unrecorded: numba compiles its kernels then), for the
speed-up ratio.
Writes ``benchmarks/results/run.json``.

    python benchmarks/bench_run.py                       # 100k, 340k, 1M, 5M; against ae1fa8a
    python benchmarks/bench_run.py --sizes 340000 --against none
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "run.json"
BEFORE_KERNELS = "ae1fa8a"  # the last commit with the month in numpy passes only
MAIN_SIZE = 340_000
TARGET = ("340,000 x 120 under 5 s (aim under 2 s) and 400 MB for the whole process on one "
          "core (DESIGN.md), the model's own memory under 200 MB; 5,000,000 x 120 under "
          "60 s and 2 GB")


def child(population: int, months: int) -> None:
    """Build and run the model; print the timings and memory as JSON."""
    import numpy as np

    from sim import HealthEconomy, Scenario

    try:  # the compiled kernels' one-off set-up, as any run pays it (not in older code)
        from sim.people.kernels import cumulative_sum
        start = time.perf_counter()
        cumulative_sum(np.ones(2))
        kernel_setup = time.perf_counter() - start
    except ImportError:
        kernel_setup = 0.0
    try:  # as the command line does (older code applied it in the model itself)
        from sim.allocator import keep_large_blocks
        keep_large_blocks()
    except ImportError:
        pass
    libraries_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    practices = max(1, round(53 * population / MAIN_SIZE))
    scenario = Scenario(name="bench", population={"size": population,
                                                  "practices": practices}, months=months)
    start = time.perf_counter()
    model = HealthEconomy(scenario)
    built = time.perf_counter()
    model.run()
    model.recorder.timeseries()
    model.recorder.organisations()
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"build_s": built - start, "run_s": done - built,
                      "total_s": done - start + kernel_setup, "kernel_setup_s": kernel_setup,
                      "peak_mb": peak_mb, "libraries_mb": libraries_mb,
                      "model_mb": peak_mb - libraries_mb}))


def run_once(code: Path, population: int, months: int) -> dict:
    """One fresh run of the code in ``code``, pinned to core 0 (the child's JSON)."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "PYTHONPATH": str(code)}
    out = subprocess.run(
        ["taskset", "-c", "0", sys.executable, __file__, "--child",
         "--population", str(population), "--months", str(months)],
        capture_output=True, text=True, check=True, env=env, cwd=code)
    return json.loads(out.stdout.strip().splitlines()[-1])


def summary_of(runs: list[dict], population: int, months: int) -> dict:
    """Medians, minimum and peaks of some runs of one size."""
    total = [r["total_s"] for r in runs]
    return {"population": population, "months": months, "repeats": len(runs),
            "total_s_median": statistics.median(total), "total_s_min": min(total),
            "build_s_median": statistics.median(r["build_s"] for r in runs),
            "person_months_per_s": population * months / statistics.median(total),
            "peak_mb_max": max(r["peak_mb"] for r in runs),
            "libraries_mb": statistics.median(r["libraries_mb"] for r in runs),
            "model_mb_max": max(r["model_mb"] for r in runs), "runs": runs}


def measure(code: Path, population: int, months: int, repeats: int) -> dict:
    """``repeats`` fresh runs of the code in ``code``, each pinned to core 0."""
    return summary_of([run_once(code, population, months) for _ in range(repeats)],
                      population, months)


def measure_side_by_side(now: Path, then: Path, population: int, months: int,
                         repeats: int) -> tuple[dict, dict]:
    """The code in ``now`` and in ``then``, run in turn (now, then, now, ...), so that a
    drift in the machine's speed within the hour weighs on both alike. Each first runs
    once unrecorded: numba compiles a checkout's kernels on its first run (about 2 s and
    40-50 MB more), which is not what a user's run pays."""
    run_once(now, population, months)
    run_once(then, population, months)
    pairs = [(run_once(now, population, months), run_once(then, population, months))
             for _ in range(repeats)]
    return (summary_of([a for a, _ in pairs], population, months),
            summary_of([b for _, b in pairs], population, months))


def worktree(rev: str) -> tuple[Path, tempfile.TemporaryDirectory]:
    """A checkout of ``rev`` beside the repository (removed by the caller)."""
    folder = tempfile.TemporaryDirectory(prefix="healthsim-bench-")
    path = Path(folder.name) / "code"
    subprocess.run(["git", "worktree", "add", "--detach", "-f", str(path), rev],
                   cwd=REPO, check=True, capture_output=True)
    return path, folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,340000,1000000,5000000",
                        help="populations, comma-separated (default 100k, 340k, 1M, 5M)")
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs at 340,000 (other sizes: one run each)")
    parser.add_argument("--against", default=BEFORE_KERNELS,
                        help=f"git revision to compare with at 340,000 (default "
                        f"{BEFORE_KERNELS}); 'none' skips it")
    parser.add_argument("--against-note", default="",
                        help="a few words on what --against is, for the docs' table")
    parser.add_argument("--population", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.population, args.months)
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    against = args.against != "none" and MAIN_SIZE in sizes
    path, folder = worktree(args.against) if against else (None, None)
    try:
        by_size, before = {}, None
        for size in sizes:
            repeats = args.repeats if size == MAIN_SIZE else 1
            if against and size == MAIN_SIZE:
                result, before = measure_side_by_side(REPO, path, size, args.months, repeats)
            else:
                result = measure(REPO, size, args.months, repeats)
            by_size[str(size)] = result
            print(f"{size:>9,} people x {args.months} months, one core: median "
                  f"{result['total_s_median']:.2f} s ({result['person_months_per_s'] / 1e6:.1f}M "
                  f"person-months a second), peak {result['peak_mb_max']:.0f} MB of which the "
                  f"model {result['model_mb_max']:.0f} MB", flush=True)
    finally:
        if against:
            subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=REPO,
                           capture_output=True)
            folder.cleanup()
    summary = {"months": args.months, "target": TARGET, "sizes": by_size}
    if before is not None:
        now = by_size[str(MAIN_SIZE)]
        note = args.against_note or ("before the compiled kernels"
                                     if args.against == BEFORE_KERNELS else "")
        summary["against"] = {"revision": args.against, "note": note, **before,
                              "speed_up": before["total_s_median"] / now["total_s_median"]}
        print(f"  {args.against} on the same machine, run in turn with it: "
              f"{before['total_s_median']:.2f} s, peak {before['peak_mb_max']:.0f} MB: "
              f"{summary['against']['speed_up']:.2f}x")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
