"""Rewrite ``small_run.json``, the regression snapshot of a fixed-seed small run.

Run from the repository root::

    python tests/snapshots/regenerate.py

Regenerate only when a change is *meant* to alter the model's numbers (new rules, new
parameters, a different order of random draws), and say why in the commit message:
the snapshot exists so that such changes are never silent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from sim import HealthEconomy, Scenario

SNAPSHOT = Path(__file__).with_name("small_run.json")
SCENARIO = {"name": "snapshot", "seed": 7, "start": "2010-04", "months": 36,
            "population": {"size": 5000, "practices": 5}}
COUNTS = ("deaths", "births", "emergency_admissions", "referrals", "elective_admissions")
FLOATS = {"spend_total": 2, "qalys": 6}  # column -> decimals kept


def yearly_totals(timeseries: pd.DataFrame) -> dict[str, dict[str, float | int]]:
    """Totals of the main columns by financial year (April-March, named by its start)."""
    dates = pd.to_datetime(timeseries["date"])
    year = dates.dt.year.where(dates.dt.month >= 4, dates.dt.year - 1)
    totals = {}
    for fy, rows in timeseries.groupby(year.to_numpy()):
        entry: dict[str, float | int] = {"months": len(rows)}
        entry.update({column: int(rows[column].sum()) for column in COUNTS})
        entry.update({column: round(float(rows[column].sum()), decimals)
                      for column, decimals in FLOATS.items()})
        totals[str(fy)] = entry
    return totals


def snapshot_run() -> dict:
    """Run the snapshot scenario and summarise it."""
    model = HealthEconomy(Scenario(**SCENARIO))
    model.run()
    return {"scenario": SCENARIO, "years": yearly_totals(model.recorder.timeseries())}


def main() -> int:
    data = snapshot_run()
    SNAPSHOT.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n")
    print(f"Wrote {SNAPSHOT}.")
    for year, totals in data["years"].items():
        print(f"  {year}: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    print("Reminder: explain in the commit message why the model's numbers changed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
