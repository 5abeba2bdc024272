"""Benchmark: ``healthsim decide`` throughput, 1 vs 2 local workers and a 2-worker Dask
LocalCluster, and what that means for the issue's target.

The target (issue 12): 3 arms x 200 draws x 2 replicates (1,200 runs) at 100,000 people,
120 months, under 30 minutes on 2 cores. A full run of that takes the half hour it is
meant to fit in, so this times two slices of it (the three migration paths, 2 and 6
draws, 2 replicates, the same economy), each a fresh ``healthsim decide`` process, report
included. The difference between the two gives the cost of a run in steady state; what
is left of the smaller is the fixed cost (imports, worker start-up, the report), and
1,200 runs are extrapolated as fixed cost + 1,200 x the cost of a run.
Writes ``benchmarks/results/decide.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "decide.json"
ARMS = ("big_bang.toml", "slow_burn.toml", "white_paper_2013.toml")
EXECUTORS = {"local-1": ("--workers", "1"), "local-2": ("--workers", "2"),
             "dask-local-2": ("--dask-local", "2")}
TARGET_RUNS, TARGET_MINUTES = 1200, 30.0


def timed(executor: tuple[str, str], draws: int, population: int) -> float:
    """Seconds for one ``healthsim decide`` of the three paths with ``draws`` draws."""
    with tempfile.TemporaryDirectory() as folder:
        command = [str(Path(sys.executable).with_name("healthsim")), "decide",
                   *(str(REPO / "scenarios" / arm) for arm in ARMS), "--draws", str(draws),
                   "--replicates", "2", "--population", str(population),
                   *executor, "--out", str(Path(folder) / "d"), "--quiet"]
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        return time.perf_counter() - start


def measure(executor: tuple[str, str], draws: tuple[int, int], population: int) -> dict:
    small, large = (timed(executor, d, population) for d in draws)
    runs = [len(ARMS) * d * 2 for d in draws]
    per_run = max(large - small, 1e-9) / (runs[1] - runs[0])
    fixed = max(small - runs[0] * per_run, 0.0)
    return {"runs": runs, "seconds": [round(small, 1), round(large, 1)],
            "fixed_s": round(fixed, 1), "runs_per_minute": round(60.0 / per_run, 2),
            "target_minutes_extrapolated": round((fixed + TARGET_RUNS * per_run) / 60.0, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, nargs=2, default=(2, 6),
                        help="the two slices' draws (default 2 and 6)")
    parser.add_argument("--population", type=int, default=100_000)
    args = parser.parse_args()
    results = {name: measure(flags, args.draws, args.population)
               for name, flags in EXECUTORS.items()}
    for name, result in results.items():
        print(f"{name}: {result['runs']} runs in {result['seconds']} s: "
              f"{result['runs_per_minute']} runs/min in steady state, {result['fixed_s']} s "
              f"fixed; 1,200 runs would take about {result['target_minutes_extrapolated']} "
              f"min (target {TARGET_MINUTES:.0f})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"draws": args.draws, "population": args.population,
                                   "months": 120, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
