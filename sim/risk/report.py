"""Tables of a budget-risk study, and writing them with the plot (all or nothing).

``risk_by_size.csv`` has one row per budget line, holder size, grouping, gaming view,
budget method and risk arrangement, pooling the holder-years of every replicate:

- ``line``: what the budgets and outturns cover: ``hospital`` (all hospital care) or
  ``elective`` (planned care alone: elective spells and outpatient episodes, the line
  1990s fundholders held);
- ``mean_pct``, ``sd_pct``: outturn against budget after the arrangement, percent of
  budget (positive = overspend; with carry-forward, the balance carried so far, so it
  accumulates over the years); the SD includes what all holders share in a year (the
  PCT's forecast error for the whole area), which size cannot remove;
- ``sd_between_holders_pct``: the spread between holders in the same year (deviations
  from that year's mean), the part that size and pooling act on;
- ``over_5_pct`` ... ``outside_10_pct``: percent of holder-years over- or underspending
  by more than 5% and 10% of budget;
- ``failures_per_100_holder_years`` (failure regime only) and
  ``pct_support_gbp_per_head``: what the PCT paid per head per year through the
  arrangement (risk share, write-offs, excluded high costs; negative = it gained);
- ``holder_years``: observations pooled (holders of different partitions overlap);
  ``nonoverlapping_holder_years``: holders per area x years x replicates, the number of
  distinct slices of the simulated person-years.

``budget_r_squared.csv`` has one row per line, predictor set (``sim.risk.nested``) and
level (person, practice): the out-of-sample R-squared (mean, min, max over years and
replicates) and the published figure where there is one.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sim.risk.analysis import Cell
from sim.risk.nested import PUBLISHED_R_SQUARED
from sim.risk.study import ReplicateOutput, RiskStudy
from sim.runs.atomic import write_folder_atomically
from sim.runs.run import provenance

RISK_FILES = ("risk_by_size.csv", "predictive_power.csv", "budget_r_squared.csv",
              "area_forecast.csv", "risk_by_size.png", "manifest.json")
KEYS = ("line", "grouping", "gaming", "method", "arrangement", "size")


def risk_table(outputs: list[ReplicateOutput]) -> pd.DataFrame:
    """One row per line, size, grouping, gaming, method and arrangement (replicates
    pooled)."""
    groups: dict[tuple, list[Cell]] = {}
    for output in outputs:
        for cell in output.analysis.cells:
            key = tuple(getattr(cell, k) for k in KEYS)
            groups.setdefault(key, []).append(cell)
    rows = [{**dict(zip(KEYS, key, strict=True)), **_summary(cells)}
            for key, cells in groups.items()]
    table = pd.DataFrame(rows)
    return table.sort_values(list(KEYS), ignore_index=True)


def _summary(cells: list[Cell]) -> dict:
    position = np.concatenate([c.position_pct.ravel() for c in cells]).astype(np.float64)
    between = np.concatenate([(c.position_pct - c.position_pct.mean(axis=1, keepdims=True)
                               ).ravel() for c in cells])
    first = cells[0]
    years = first.position_pct.shape[0]

    def percent(mask: np.ndarray) -> float:
        return 100.0 * float(np.mean(mask))

    return {
        "holders_per_area": first.holders_per_area,
        "partitions": first.partitions,
        "holder_years": len(position),
        "nonoverlapping_holder_years": first.holders_per_area * years * len(cells),
        "mean_list_size": float(np.mean(np.concatenate([c.list_size.ravel() for c in cells]))),
        "mean_pct": float(position.mean()),
        "sd_pct": float(position.std(ddof=1)) if len(position) > 1 else float("nan"),
        "sd_between_holders_pct": float(np.sqrt(np.mean(between ** 2))),
        "p05_pct": float(np.percentile(position, 5)),
        "p95_pct": float(np.percentile(position, 95)),
        "over_5_pct": percent(position > 5), "under_5_pct": percent(position < -5),
        "over_10_pct": percent(position > 10), "under_10_pct": percent(position < -10),
        "outside_5_pct": percent(np.abs(position) > 5),
        "outside_10_pct": percent(np.abs(position) > 10),
        "failures_per_100_holder_years": 100.0 * float(np.mean(np.concatenate(
            [c.failed.ravel() for c in cells]))),
        "pct_support_gbp_per_head": float(np.mean(np.concatenate(
            [c.pct_support_per_head.ravel() for c in cells]))),
    }


def accuracy_rows(outputs: list[ReplicateOutput]) -> pd.DataFrame:
    """Predictive power by replicate, year, level, method and gaming."""
    return pd.DataFrame([{"replicate": o.replicate, **row}
                         for o in outputs for row in o.analysis.accuracy])


def predictive_power(outputs: list[ReplicateOutput]) -> pd.DataFrame:
    """R-squared by line, level, method and gaming: mean, min and max over years and
    replicates."""
    rows = accuracy_rows(outputs)
    summary = rows.groupby(["line", "level", "method", "gaming"], sort=False)["r2"].agg(
        r2_mean="mean", r2_min="min", r2_max="max", budget_years="count")
    return summary.reset_index()


def budget_r_squared(outputs: list[ReplicateOutput]) -> pd.DataFrame:
    """R-squared of nested predictor sets by line and level (``sim.risk.nested``): mean,
    min and max over years and replicates, beside the published figure where there is
    one (Dixon et al., BMJ 2011)."""
    rows = pd.DataFrame([row for o in outputs for row in o.nested])
    summary = rows.groupby(["line", "predictors", "level"], sort=False)["r2"].agg(
        r2_mean="mean", r2_min="min", r2_max="max", budget_years="count").reset_index()
    summary["published_r2"] = [
        PUBLISHED_R_SQUARED.get((p, level), float("nan")) if line == "hospital"
        else float("nan")
        for line, p, level in zip(summary.line, summary.predictors, summary.level, strict=True)]
    return summary


def area_forecast(outputs: list[ReplicateOutput]) -> pd.DataFrame:
    """The PCT's pot against the area's outturn, by replicate and year."""
    return pd.DataFrame([{"replicate": o.replicate, **row}
                         for o in outputs for row in o.analysis.area])


def manifest(study: RiskStudy, outputs: list[ReplicateOutput], started: datetime,
             runtime: float, table: pd.DataFrame) -> dict:
    """What is needed to reproduce and trust a study."""
    per_size = table[(table.arrangement == "none") & (table.method == "person_based")
                     & (~table.gaming) & (table.line == "hospital")]
    return {
        "study": {"population": study.population, "years": study.years,
                  "simulated_years": study.simulated_years, "sizes": list(study.sizes),
                  "replicates": study.replicates, "seed": study.seed,
                  "groupings": list(study.groupings),
                  "holder_years_target": study.holder_years_target},
        "settings": study.settings.model_dump(mode="json"),
        "scenario": study.scenario().model_dump(mode="json"),
        "holder_years": {f"{r.grouping}:{r.size}": {"pooled": int(r.holder_years),
                                                    "nonoverlapping":
                                                    int(r.nonoverlapping_holder_years)}
                         for r in per_size.itertuples()},
        "seeds": {"model": "numpy SeedSequence(seed, spawn_key=(replicate, stream))",
                  "risk": "numpy SeedSequence(seed, spawn_key=(replicate, 100 + i)) for "
                          "gaming, keys, partitions"},
        "timings_seconds": [{"replicate": o.replicate,
                             "simulate": round(o.simulate_seconds, 2),
                             "analyse": round(o.analyse_seconds, 2)} for o in outputs],
        **provenance(),
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "runtime_seconds": round(runtime, 2),
    }


def write_risk(out_dir: Path, table: pd.DataFrame, power: pd.DataFrame, area: pd.DataFrame,
               info: dict, nested: pd.DataFrame) -> Path:
    """Write the study's files into ``out_dir`` (replacing an older study there)."""
    from sim.risk.plot import plot_risk_by_size

    def write(folder: Path) -> None:
        table.to_csv(folder / "risk_by_size.csv", index=False, float_format="%.4g")
        power.to_csv(folder / "predictive_power.csv", index=False, float_format="%.4g")
        nested.to_csv(folder / "budget_r_squared.csv", index=False, float_format="%.4g")
        area.to_csv(folder / "area_forecast.csv", index=False, float_format="%.6g")
        plot_risk_by_size(table, power, area, folder / "risk_by_size.png")
        (folder / "manifest.json").write_text(json.dumps(info, indent=2) + "\n")

    return write_folder_atomically(out_dir, write, "risk")
