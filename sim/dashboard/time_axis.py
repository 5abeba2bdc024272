"""The charts' time axis in financial years: one tick per April, labelled "2010-11".

NHS budgets, allocations and accounts run by financial year (April to March), so a room
reads a run by its years: "in 2011-12 the partnership formed". ECharts cannot compute
tick labels from a function sent as JSON, so the axis is two axes on the same line: the
months (a tick and a grid line every April, no labels) and the financial years (one
label centred under each year). For the two to line up, the months axis starts at the
April on or before the run's first month (the months before it carry no data) and ends
at the April after the last financial year, so each year is exactly twelve months wide.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.clock import APRIL, financial_year, financial_year_label

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class TimeAxis:
    """The x axis of a run.

    Attributes:
        months: ``YYYY-MM`` of every point: ``lead`` months before the run's first, the
            run, then to the April after its last financial year (inclusive).
        lead: months drawn before the run's first month (0 when it starts in April).
        years: one label per financial year, ``"2010-11"``.
    """

    months: tuple[str, ...]
    lead: int
    years: tuple[str, ...]


def time_axis(start_year: int, start_month: int, months: int) -> TimeAxis:
    """The axis of a run of ``months`` months from ``start_year``-``start_month``."""
    lead = (start_month - APRIL) % MONTHS_PER_YEAR
    first = financial_year(start_year, start_month)
    last_year, last_month = divmod(start_year * 12 + start_month - 1 + months - 1, 12)
    years = financial_year(last_year, last_month + 1) - first + 1
    points = years * MONTHS_PER_YEAR + 1  # and the April closing the last year
    origin = first * 12 + APRIL - 1
    labels = tuple(f"{(origin + i) // 12:04d}-{(origin + i) % 12 + 1:02d}"
                   for i in range(points))
    return TimeAxis(labels, lead, tuple(financial_year_label(first + k) for k in range(years)))


def echarts_x_axes(axis: TimeAxis, font_size: int) -> list[dict]:
    """The two ECharts x axes: months (ticks every April) and financial years (labels)."""
    every_april = MONTHS_PER_YEAR - 1  # ECharts: show one, skip eleven
    # every year's label, except where a narrow chart would overlap them (hideOverlap)
    return [
        {"type": "category", "data": list(axis.months), "boundaryGap": False,
         "axisLabel": {"show": False},
         "axisTick": {"interval": every_april, "length": 8},
         "splitLine": {"show": True, "interval": every_april,
                       "lineStyle": {"color": "#E4E4E4"}}},
        {"type": "category", "data": list(axis.years), "position": "bottom",
         "boundaryGap": True, "axisTick": {"show": False}, "axisLine": {"show": False},
         "axisPointer": {"show": False},
         "axisLabel": {"fontSize": font_size, "interval": 0, "hideOverlap": True}},
    ]
