"""Benchmark: ``healthsim decide`` throughput, 1 vs 2 local workers and a 2-worker Dask
LocalCluster, and what that means for the issue's target.

The target (issue 12): 3 arms x 200 draws x 2 replicates (1,200 runs) at 100,000 people,
120 months, under 30 minutes on 2 cores. A full run of that takes the half hour it is
meant to fit in, so this measures a slice of it (the three migration paths, ``--draws``
draws, 2 replicates, the same economy) end to end, report included, and extrapolates
runs a minute to 1,200 runs. Each measurement is a fresh ``healthsim decide`` process.
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


def measure(executor: tuple[str, str], draws: int, population: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        command = [str(Path(sys.executable).with_name("healthsim")), "decide",
                   *(str(REPO / "scenarios" / arm) for arm in ARMS), "--draws", str(draws),
                   "--replicates", "2", "--population", str(population),
                   *executor, "--out", str(Path(folder) / "d"), "--quiet"]
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - start
    runs = len(ARMS) * draws * 2
    per_minute = runs / seconds * 60.0
    return {"runs": runs, "seconds": round(seconds, 1), "runs_per_minute": round(per_minute, 2),
            "target_minutes_extrapolated": round(TARGET_RUNS / per_minute, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=4)
    parser.add_argument("--population", type=int, default=100_000)
    args = parser.parse_args()
    results = {name: measure(flags, args.draws, args.population)
               for name, flags in EXECUTORS.items()}
    for name, result in results.items():
        print(f"{name}: {result['runs']} runs in {result['seconds']} s, "
              f"{result['runs_per_minute']} runs/min; 1,200 runs would take about "
              f"{result['target_minutes_extrapolated']} min (target {TARGET_MINUTES:.0f})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"draws": args.draws, "population": args.population,
                                   "months": 120, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
