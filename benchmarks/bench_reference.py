"""Benchmark: patient-months per second, one-agent-per-patient reference vs vectorised.

Target (docs/performance.md): the vectorised model is at least 50x faster per patient-month than the
same patient rules run as one Mesa agent per patient (``sim.validity.reference``). Each run is
timed in a fresh child process on one core; only ``run()`` is timed (building the
population is excluded). Patient-months are the people registered at the start of each
month, summed. The vectorised model does more work per patient-month than the reference
(waiting lists, payments, organisations, recording), so the ratio is conservative.
Writes ``benchmarks/results/reference.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "reference.json"
TARGET_SPEED_UP = 50.0


def child(kind: str, population: int, practices: int, months: int) -> None:
    """Build and run one model; print its timings as JSON."""
    from sim import HealthEconomy, Scenario
    from sim.validity.reference import ReferencePopulationModel

    scenario = Scenario(name="bench", population={"size": population, "practices": practices},
                        months=months)
    start = time.perf_counter()
    model = (ReferencePopulationModel if kind == "reference" else HealthEconomy)(scenario)
    built = time.perf_counter()
    model.run()
    done = time.perf_counter()
    frame = model.timeseries() if kind == "reference" else model.recorder.timeseries()
    patient_months = int(frame["population_start"].sum())
    print(json.dumps({"build_s": built - start, "run_s": done - built,
                      "patient_months": patient_months,
                      "patient_months_per_s": patient_months / (done - built)}))


def measure(kind: str, population: int, practices: int, months: int, repeats: int) -> dict:
    """Median of ``repeats`` child-process runs of one configuration."""
    command = [sys.executable, __file__, "--child", kind, "--population", str(population),
               "--practices", str(practices), "--months", str(months)]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    runs = []
    for _ in range(repeats):
        out = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "model": kind, "population": population, "practices": practices, "months": months,
        "repeats": repeats,
        "run_s_median": statistics.median(r["run_s"] for r in runs),
        "build_s_median": statistics.median(r["build_s"] for r in runs),
        "patient_months": runs[0]["patient_months"],
        "patient_months_per_s": statistics.median(r["patient_months_per_s"] for r in runs),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-population", type=int, default=5_000)
    parser.add_argument("--reference-months", type=int, default=12)
    parser.add_argument("--population", type=int, default=340_000,
                        help="people in the PCT-sized vectorised run")
    parser.add_argument("--practices", type=int, default=53,
                        help="practices in the PCT-sized vectorised run")
    parser.add_argument("--months", type=int, default=24,
                        help="months of the PCT-sized vectorised run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", choices=("reference", "vectorised"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.population, args.practices, args.months)
        return
    small = (args.reference_population, 5, args.reference_months)
    rows = [measure("reference", *small, args.repeats),
            measure("vectorised", *small, args.repeats),
            measure("vectorised", args.population, args.practices, args.months, args.repeats)]
    reference = rows[0]["patient_months_per_s"]
    speed_up_small = rows[1]["patient_months_per_s"] / reference
    speed_up_pct = rows[2]["patient_months_per_s"] / reference
    summary = {
        "results": rows,
        "speed_up_same_size": speed_up_small,
        "speed_up_pct_size": speed_up_pct,
        "target": f"vectorised at least {TARGET_SPEED_UP:.0f}x faster per patient-month",
        "target_met": bool(min(speed_up_small, speed_up_pct) >= TARGET_SPEED_UP),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"{'model':<11} {'people':>9} {'months':>6} {'run s':>8} {'patient-months/s':>17}")
    for row in rows:
        print(f"{row['model']:<11} {row['population']:>9,} {row['months']:>6} "
              f"{row['run_s_median']:>8.3f} {row['patient_months_per_s']:>17,.0f}")
    print(f"speed-up per patient-month: {speed_up_small:,.0f}x at the same size, "
          f"{speed_up_pct:,.0f}x at {args.population:,} people "
          f"(target {TARGET_SPEED_UP:.0f}x: {'met' if summary['target_met'] else 'NOT met'})")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
