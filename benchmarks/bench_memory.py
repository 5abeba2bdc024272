"""Benchmark: memory grows with replicates only by the output rows kept.

Target (issue 17, item 3): running more replicates (or months) in one process must not
grow its memory except by the output tables it keeps. One child process, pinned to one
core, runs replicates of the 340,000-person PCT economy one after another as ``healthsim
run --workers 1`` does (``sim.runs.replicates.run_replicate``, keeping every replicate's
tables), and after each records the peak resident memory (``ru_maxrss``) and the bytes of
the tables kept so far. The growth of the peak from the first replicate to the last,
less the tables' bytes, is what a leak would add. Writes
``benchmarks/results/memory.json``.

    python benchmarks/bench_memory.py                  # 4 replicates of 340,000 x 120
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "memory.json"
TARGET = "peak memory grows with replicates only by the output rows kept"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def child(population: int, months: int, replicates: int) -> None:
    """Run the replicates in this process; print a JSON line of measurements."""
    from sim import Scenario
    from sim.allocator import keep_large_blocks
    from sim.runs.replicates import run_replicate

    keep_large_blocks()  # as the command line does
    practices = max(1, round(53 * population / 340_000))
    scenario = Scenario(name="bench", population={"size": population,
                                                  "practices": practices}, months=months)
    kept, after = [], []
    for replicate in range(replicates):
        kept.append(run_replicate(scenario, replicate))
        tables_mb = sum(frame.memory_usage(deep=True).sum()
                        for r in kept for frame in (r.timeseries, r.organisations,
                                                    r.practices)) / 1e6
        after.append({"replicate": replicate, "peak_mb": peak_mb(), "tables_mb": tables_mb})
    print(json.dumps(after))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=340_000)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--replicates", type=int, default=4)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.population, args.months, args.replicates)
        return
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(["taskset", "-c", "0", sys.executable, __file__, "--child",
                           "--population", str(args.population), "--months",
                           str(args.months), "--replicates", str(args.replicates)],
                          capture_output=True, text=True, check=True, env=env, cwd=REPO)
    after = json.loads(done.stdout.strip().splitlines()[-1])
    first, last = after[0], after[-1]
    growth = last["peak_mb"] - first["peak_mb"]
    unexplained = growth - (last["tables_mb"] - first["tables_mb"])
    for row in after:
        print(f"after replicate {row['replicate'] + 1}: peak {row['peak_mb']:.0f} MB, "
              f"output tables kept {row['tables_mb']:.1f} MB")
    print(f"growth over {len(after) - 1} more replicates: {growth:.1f} MB, of which the "
          f"tables {last['tables_mb'] - first['tables_mb']:.1f} MB")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "target": TARGET, "population": args.population, "months": args.months,
        "replicates": args.replicates, "after_each": after, "growth_mb": growth,
        "growth_beyond_tables_mb": unexplained}, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
