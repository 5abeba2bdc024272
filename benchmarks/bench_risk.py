"""Benchmark: ``healthsim risk`` with its defaults (8 sizes, 1,000,000 people, 8 budget
years, 2 replicates on 2 worker processes).

Target (issue 5): a few minutes on this 2-core machine. Records wall time, each
replicate's simulate and analyse time, peak memory of a worker, and the holder-years per
size. Writes ``benchmarks/results/risk.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "risk.json"


def main() -> None:
    from sim.risk import RiskStudy, risk_table, run_replicates

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=8)
    parser.add_argument("--replicates", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    study = RiskStudy(population=args.population, years=args.years,
                      replicates=args.replicates)
    started = time.perf_counter()
    outputs = run_replicates(study, workers=args.workers)
    table = risk_table(outputs)
    wall = time.perf_counter() - started
    rows = table[(table.method == "person_based") & (table.arrangement == "none")
                 & (~table.gaming) & (table.grouping == "practices")]
    summary = {
        "population": args.population, "budget_years": args.years,
        "simulated_years": study.simulated_years, "replicates": args.replicates,
        "workers": args.workers, "wall_s": round(wall, 1),
        "replicates_s": [{"simulate": round(o.simulate_seconds, 1),
                          "analyse": round(o.analyse_seconds, 1)} for o in outputs],
        "peak_worker_mb": round(max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
                                / 1024.0),
        "holder_years_per_size": {int(r.size): {"pooled": int(r.holder_years),
                                                "nonoverlapping":
                                                int(r.nonoverlapping_holder_years)}
                                  for r in rows.itertuples()},
        "target": "a few minutes on 2 cores",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
