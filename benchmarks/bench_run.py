"""Benchmark: one PCT (340,000 people, 53 practices) for 120 months on one core.

Target (docs/performance.md): under 5 s and 400 MB peak (aim: under 2 s). Each repeat runs in a
fresh child process so the peak resident memory (ru_maxrss, which includes Python and
the libraries) belongs to that run alone. Writes ``benchmarks/results/run.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "run.json"


def child(population: int, months: int) -> None:
    """Build and run the model; print the timings as JSON."""
    from sim import HealthEconomy, Scenario

    scenario = Scenario(name="bench", population={"size": population, "practices": 53},
                        months=months)
    start = time.perf_counter()
    model = HealthEconomy(scenario)
    built = time.perf_counter()
    model.run()
    model.recorder.timeseries()
    model.recorder.organisations()
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"build_s": built - start, "run_s": done - built,
                      "total_s": done - start, "peak_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=340_000)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.population, args.months)
        return
    runs = []
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    for _ in range(args.repeats):
        out = subprocess.run(
            ["taskset", "-c", "0", sys.executable, __file__, "--child",
             "--population", str(args.population), "--months", str(args.months)],
            capture_output=True, text=True, check=True, env=env)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    summary = {
        "population": args.population, "months": args.months, "repeats": args.repeats,
        "total_s_median": statistics.median(r["total_s"] for r in runs),
        "total_s_min": min(r["total_s"] for r in runs),
        "build_s_median": statistics.median(r["build_s"] for r in runs),
        "peak_mb_max": max(r["peak_mb"] for r in runs),
        "target": "under 5 s and 400 MB on one core (aim under 2 s)",
        "runs": runs,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"{args.population:,} people x {args.months} months, one core, {args.repeats} runs: "
          f"median {summary['total_s_median']:.2f} s (min {summary['total_s_min']:.2f} s; "
          f"build {summary['build_s_median']:.2f} s), peak {summary['peak_mb_max']:.0f} MB")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
