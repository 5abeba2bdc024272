"""The numbers of a sweep report: bands, paired differences and sensitivity indices.

Pure functions of the runs' tables and the manifest, so each can be checked on data
whose answer is known. Differences are paired by replicate: replicate r of every point
used the same random streams (common random numbers), so the spread of the paired
differences is far smaller than that of either point's outcomes.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.stats import paired_difference

HEADLINE_SERIES = ("emergency_admissions_per_1000", "spend_total", "qalys")
OUTCOMES = {  # whole-run totals (ten years for a 120-month run): name -> monthly column
    "emergency_admissions_total": "emergency_admissions",
    "spend_total_gbp": "spend_total",
    "qalys_total": "qalys",
}
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
KEYS = ["point", "arm", "row"]


def quantile_bands(runs: pd.DataFrame) -> pd.DataFrame:
    """Per point, month and headline series: the mean and quantiles across replicates."""
    long = runs.melt(id_vars=[*KEYS, "date", "replicate"], value_vars=list(HEADLINE_SERIES),
                     var_name="series")
    groups = long.groupby(["series", *KEYS, "date"], sort=True)["value"]
    table = groups.quantile(list(QUANTILES)).unstack()
    table.columns = [f"q{round(q * 100):02d}" for q in QUANTILES]
    table.insert(0, "mean", groups.mean())
    table.insert(0, "replicates", groups.count())
    return table.reset_index()


def run_outcomes(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per run: its whole-run totals of the headline outcomes."""
    grouped = runs.groupby(["run_id", *KEYS, "replicate"], sort=True)
    table = grouped.agg(months=("date", "size"),
                        **{name: (column, "sum") for name, column in OUTCOMES.items()})
    return table.reset_index()


def comparisons(points: pd.DataFrame, method: str) -> pd.DataFrame:
    """Which point is compared with which: each arm with the first (same design row);
    in a factorial design also each row with the first row of its arm."""
    first_arm = points["arm"].iloc[0]
    reference = points[points["arm"] == first_arm].set_index("row")["point"]
    pairs = [(p.point, int(reference[p.row]), "arm") for p in points.itertuples()
             if p.arm != first_arm]
    if method == "factorial":
        first_row = points.groupby("arm", sort=False)["point"].first()
        pairs += [(p.point, int(first_row[p.arm]), "level") for p in points.itertuples()
                  if p.row != 0]
    return pd.DataFrame(pairs, columns=["point", "reference_point", "kind"])


def paired_differences(outcomes: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Mean difference (point minus reference) with a 95% t-interval across replicates
    that finished in both (``sim.stats.paired_difference``)."""
    rows = []
    by_point = {point: frame.set_index("replicate") for point, frame in
                outcomes.groupby("point")}
    empty = pd.DataFrame(columns=["replicate", *OUTCOMES]).set_index("replicate")
    for pair in pairs.itertuples():
        this, ref = by_point.get(pair.point, empty), by_point.get(pair.reference_point, empty)
        both = this.index.intersection(ref.index)
        for outcome in OUTCOMES:
            d = paired_difference(this.loc[both, outcome], ref.loc[both, outcome])
            ref_mean = float(ref.loc[both, outcome].mean()) if len(both) else math.nan
            rows.append({"point": pair.point, "reference_point": pair.reference_point,
                         "kind": pair.kind, "outcome": outcome, "replicates": len(both),
                         "reference_mean": ref_mean, "mean_difference": d.mean, "sd": d.sd,
                         "ci95_low": d.low, "ci95_high": d.high,
                         "relative_difference": d.mean / ref_mean if ref_mean else math.nan})
    return pd.DataFrame(rows)


def point_means(outcomes: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """Outcomes averaged over replicates, one row per point (NaN where none finished)."""
    means = outcomes.groupby("point")[list(OUTCOMES)].mean()
    return points.set_index("point").join(means).reset_index()


def sensitivity(means: pd.DataFrame, manifest: dict) -> tuple[pd.DataFrame, list[str]]:
    """Sobol or Morris indices of each whole-run outcome, per arm (SALib analyze).

    Returns the table and notes on what could not be computed (and why).
    """
    from SALib.analyze import morris, sobol  # slow to import: only when reporting

    sweep, design = manifest["sweep"], manifest["design"]
    method = design["method"]
    if method not in ("sobol", "morris"):
        return pd.DataFrame(), [f"no sensitivity indices: a {method} design does not "
                                "support them (use sobol or morris)"]
    names = design["parameters"]
    problem = {"num_vars": len(names), "names": names,
               "bounds": [[sweep["parameters"][n]["low"], sweep["parameters"][n]["high"]]
                          for n in names]}
    matrix = np.asarray(design["matrix"], dtype=float)
    tables, notes = [], []
    for arm, frame in means.groupby("arm", sort=False):
        frame = frame.sort_values("row")
        for outcome in OUTCOMES:
            y = frame[outcome].to_numpy(dtype=float)
            if np.isnan(y).any():
                notes.append(f"no {method} indices for {outcome} in arm {arm}: "
                             f"{int(np.isnan(y).sum())} points have no finished run")
                continue
            if method == "sobol":
                found = sobol.analyze(problem, y, seed=sweep["seed"],
                                      calc_second_order=sweep["design"]["second_order"])
                columns = ("S1", "S1_conf", "ST", "ST_conf")
            else:
                found = morris.analyze(problem, matrix, y, seed=sweep["seed"],
                                       num_levels=sweep["design"]["morris_levels"])
                columns = ("mu", "mu_star", "sigma", "mu_star_conf")
            table = pd.DataFrame({c: np.asarray(found[c], dtype=float) for c in columns})
            table.insert(0, "parameter", names)
            table.insert(0, "outcome", outcome)
            table.insert(0, "arm", arm)
            tables.append(table)
    return (pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()), notes
