"""What ``healthsim explain`` decomposes: whole-run totals of one replicate's time series.

Each measure is a plain sum over the months of a run (the same totals as
``healthsim compare``), so a difference between two runs, and each mechanism's part of
it, is in the measure's own unit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Measure:
    """One whole-run total.

    Attributes:
        key: column name in the decomposition's tables.
        column: the time-series column summed over the run's months.
        scale: the sum is divided by this (pounds -> GBP m).
        label: what a reader sees (table, waterfall panel title).
        unit: the unit of a value, for axis labels.
        decimals: shown in the printed table and on the waterfall.
    """

    key: str
    column: str
    scale: float
    label: str
    unit: str
    decimals: int

    def total(self, timeseries: pd.DataFrame) -> float:
        """The run's total (one replicate's time series)."""
        return float(timeseries[self.column].sum()) / self.scale


MEASURES: tuple[Measure, ...] = (
    Measure("emergency_admissions", "emergency_admissions", 1.0, "Emergency admissions",
            "admissions over the run", 0),
    Measure("spend_total_gbp_m", "spend_total", 1e6, "Total spend", "GBP m over the run", 2),
    Measure("qalys", "qalys", 1.0, "Health (QALYs)", "QALYs over the run", 1),
)
MEASURE_KEYS: tuple[str, ...] = tuple(m.key for m in MEASURES)


def measure(key: str) -> Measure:
    """The measure called ``key`` (``ValueError`` naming the allowed keys otherwise)."""
    for candidate in MEASURES:
        if candidate.key == key:
            return candidate
    raise ValueError(f"unknown measure {key!r}; allowed: {', '.join(MEASURE_KEYS)}")


def run_totals(timeseries: pd.DataFrame) -> dict[str, float]:
    """Every measure's total for one replicate's time series."""
    return {m.key: m.total(timeseries) for m in MEASURES}
