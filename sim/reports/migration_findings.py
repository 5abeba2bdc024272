"""The numbers a migration report states, computed from the runs it shows.

Every function takes the stacked time series of a comparison (``sim.compare``: a
``scenario`` and a ``replicate`` column) or the runs' organisation tables, and returns
plain numbers; ``sim.reports.migration`` turns them into sentences. Nothing here is
typed in by hand: a claim in the report is one of these values; ``sim.labels`` puts
numbers (``signed``) and names (``model_name``) into words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.stats import Interval, mean_interval

NEW_BODIES = ("fundholding", "consortia", "lcp", "outside")  # kinds that replace PBC/PCT


def by_replicate(ts: pd.DataFrame, scenario: str, column: str) -> pd.DataFrame:
    """One column per replicate, one row per date."""
    own = ts[ts["scenario"] == scenario]
    return own.pivot(index="date", columns="replicate", values=column).sort_index()


def new_body_share(ts: pd.DataFrame, scenario: str) -> pd.Series:
    """Mean share of people covered by the bodies that replace PBC and the PCT."""
    own = ts[ts["scenario"] == scenario]
    covered = sum(own[f"population_covered_{kind}"] for kind in NEW_BODIES)
    return (covered / own["population"]).groupby(own["date"]).mean()


def first_date_at(share: pd.Series, level: float) -> pd.Timestamp | None:
    reached = share[share >= level - 1e-12]
    return None if reached.empty else reached.index[0]


def stage_shares(ts: pd.DataFrame, scenario: str) -> dict[str, float]:
    """At the last month: mean share of people by kind of body and LCP stage."""
    own = ts[ts["scenario"] == scenario]
    last = own[own["date"] == own["date"].max()]
    names = ["pct", "pbc", "fundholding", "consortia", "outside",
             *(f"lcp_stage_{s}" for s in (1, 2, 3, 4))]
    return {name: float((last[f"population_covered_{name}"] / last["population"]).mean())
            for name in names}


def cumulative_difference(ts: pd.DataFrame, a: str, b: str, column: str) -> pd.DataFrame:
    """Cumulative ``column`` of a minus b, per replicate (rows: dates)."""
    return (by_replicate(ts, a, column).cumsum() - by_replicate(ts, b, column).cumsum())


@dataclass(frozen=True)
class Lead:
    """Which of two paths has fewer cumulative emergency admissions, and since when."""

    leader: str | None  # None: they finish level
    since: pd.Timestamp | None  # the leader has led from this month to the end
    crossings: int  # times the lead changed hands (on the mean)
    total: Interval  # whole-run difference, a minus b


def lead(ts: pd.DataFrame, a: str, b: str, column: str = "emergency_admissions") -> Lead:
    """Who leads on cumulative ``column`` (lower is better) and since when."""
    difference = cumulative_difference(ts, a, b, column)
    mean = difference.mean(axis=1)
    total = mean_interval(difference.iloc[-1].to_numpy(dtype=float))
    sign = np.sign(mean.to_numpy())
    changes = int(np.count_nonzero(np.diff(sign[sign != 0]) != 0))
    if sign[-1] == 0:
        return Lead(None, None, changes, total)
    leader = a if sign[-1] < 0 else b
    behind = np.flatnonzero(sign != sign[-1])
    since = mean.index[behind[-1] + 1] if len(behind) else mean.index[0]
    return Lead(leader, since, changes, total)


def difference_at(ts: pd.DataFrame, a: str, b: str, column: str, years: int) -> Interval:
    """Paired difference of cumulative ``column`` after ``years`` years (a minus b)."""
    difference = cumulative_difference(ts, a, b, column)
    months = min(12 * years, len(difference)) - 1
    return mean_interval(difference.iloc[months].to_numpy(dtype=float))


def over_allocation(ts: pd.DataFrame, scenario: str) -> Interval:
    """Spend minus allocation over the run, pounds (mean and 95% band of replicates)."""
    own = ts[ts["scenario"] == scenario]
    per_replicate = (own["spend_total"] - own["budget_total"]).groupby(own["replicate"]).sum()
    return mean_interval(per_replicate.to_numpy(dtype=float))


def yearly_sum(ts: pd.DataFrame, scenario: str, column: str) -> pd.Series:
    """Mean over replicates of ``column`` summed by calendar year."""
    own = ts[ts["scenario"] == scenario]
    sums = own.groupby([own["date"].dt.year, own["replicate"]])[column].sum()
    return sums.groupby(level=0).mean()


def deficits_by_year(organisations: pd.DataFrame) -> pd.DataFrame:
    """Mean number of organisations ending a year in deficit, by year and org type."""
    rows = organisations[(organisations["measure"] == "year_surplus")
                         & organisations["org_type"].isin(["commissioner", "trust", "pct"])]
    counts = (rows.assign(deficit=rows["value"] < 0, year=rows["date"].dt.year)
              .groupby(["year", "replicate", "org_type"])["deficit"].sum()
              .groupby(level=["year", "org_type"]).mean().unstack(fill_value=0.0))
    return counts


def block_months(organisations: pd.DataFrame) -> float:
    """Mean trust-months on a block contract per replicate."""
    rows = organisations[(organisations["org_type"] == "trust")
                         & (organisations["measure"] == "on_block_contract")]
    if rows.empty:
        return 0.0
    return float(rows.groupby("replicate")["value"].sum().mean())


def mean_column(ts: pd.DataFrame, scenario: str, column: str, last_months: int = 12) -> float:
    """Mean of ``column`` over the last ``last_months`` months and all replicates."""
    own = ts[ts["scenario"] == scenario]
    dates = sorted(own["date"].unique())[-last_months:]
    return float(own.loc[own["date"].isin(dates), column].mean())


@dataclass(frozen=True)
class WorstYear:
    """The year-end, after the first migration step, at which most organisations were in
    deficit: whole counts per replicate (a count of organisations is never fractional)."""

    year_end: pd.Timestamp
    fewest: int  # organisations in deficit at that year-end, in the replicate with fewest
    most: int  # ... and with most
    kinds: tuple[str, ...]  # org types with any deficit then, most first


def deficit_counts(organisations: pd.DataFrame) -> pd.DataFrame:
    """Organisations ending a financial year in deficit: one row per year-end (the
    date the year's surplus was recorded, so the part-year at the end of a run stays
    apart from the March before it), one column per replicate, whole counts."""
    rows = organisations[(organisations["measure"] == "year_surplus")
                         & organisations["org_type"].isin(["commissioner", "trust", "pct"])]
    return (rows.assign(deficit=rows["value"] < 0).groupby(["date", "replicate"])["deficit"]
            .sum().unstack(fill_value=0).astype(int))


def worst_year_after(organisations: pd.DataFrame, start: pd.Timestamp) -> WorstYear | None:
    """The year-end on or after ``start`` (the path's first migration step) with the most
    organisations in deficit on average; None if no year ended after it or none was in
    deficit. Years that ended before the first step say nothing about the migration."""
    counts = deficit_counts(organisations)
    counts = counts[counts.index >= start]
    if counts.empty or counts.to_numpy().sum() == 0:
        return None
    year_end = counts.mean(axis=1).idxmax()
    rows = organisations[(organisations["measure"] == "year_surplus")
                         & (organisations["date"] == year_end) & (organisations["value"] < 0)
                         & organisations["org_type"].isin(["commissioner", "trust", "pct"])]
    kinds = rows["org_type"].value_counts(sort=True)
    return WorstYear(year_end, int(counts.loc[year_end].min()), int(counts.loc[year_end].max()),
                     tuple(kinds.index))


# --- numbers in words ---------------------------------------------------------------------
