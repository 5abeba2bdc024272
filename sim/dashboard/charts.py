"""The live charts: ECharts options built from each model's monthly time series.

Each chart is an ECharts ``option`` (a plain dict sent to the browser, drawn there), so a
month's update sends numbers, not pictures. The x axis always spans the whole run, so
lines grow from the left and the axes do not jump as months pass. In A/B mode the two
scenarios share a chart: A solid, B dashed, and the subtitle gives B minus A so far.
Columns are found by prefix (``spend_``, ``population_covered_``), so new spending
categories or commissioning stages appear without changes here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

# Okabe & Ito (2008) colour-blind-safe palette: A blue, B vermillion; series take the
# palette without black (black is the allocation line), then two greys.
ARM_COLOURS = ("#0072B2", "#D55E00")
SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                  "#F0E442", "#999999", "#5A5A5A")
FONT_SIZE = 16  # px; assumption: legible from the back of a room on a projector
TITLE_SIZE = 20  # px
LINE_WIDTH = 3  # px
SIGNIFICANT = 4  # digits sent to the browser: plenty for a line, keeps messages small
MONTHS_PER_YEAR = 12

SPEND_PREFIX, SPEND_TOTAL = "spend_", "spend_total"
COVERED_PREFIX = "population_covered_"


@dataclass(frozen=True)
class Line:
    """One line of a chart."""

    name: str
    values: np.ndarray
    colour: str
    dashed: bool = False
    stack: str | None = None  # lines with the same stack are drawn as stacked areas


@dataclass(frozen=True)
class Chart:
    """A chart of the dashboard: what it shows and how to read it off the time series."""

    key: str
    title: str
    unit: str
    lines: Callable[[Sequence[pd.DataFrame]], list[Line]]
    difference: Callable[[Sequence[pd.DataFrame]], str] | None = None


def chart_option(chart: Chart, frames: Sequence[pd.DataFrame],
                 month_labels: Sequence[str]) -> dict:
    """The ECharts option of ``chart`` for one frame per arm (A, and B in A/B mode)."""
    subtitle = chart.difference(frames) if chart.difference and len(frames) > 1 else ""
    return {
        "animation": False,
        "title": {"text": chart.title, "subtext": subtitle, "left": "center", "itemGap": 12,
                  "textStyle": {"fontSize": TITLE_SIZE},
                  "subtextStyle": {"fontSize": FONT_SIZE, "color": "#222"}},
        "tooltip": {"trigger": "axis", "textStyle": {"fontSize": FONT_SIZE}},
        "legend": {"type": "scroll", "bottom": 0, "textStyle": {"fontSize": FONT_SIZE - 2}},
        "grid": {"left": 80, "right": 24, "top": 80, "bottom": 64},
        "xAxis": {"type": "category", "data": list(month_labels), "boundaryGap": False,
                  "axisLabel": {"fontSize": FONT_SIZE - 2}},
        "yAxis": {"type": "value", "scale": True, "name": chart.unit,
                  "nameTextStyle": {"fontSize": FONT_SIZE - 2, "align": "left"},
                  "axisLabel": {"fontSize": FONT_SIZE - 2}},
        "series": [_series(line) for line in chart.lines(frames)],
    }


def _series(line: Line) -> dict:
    series = {"type": "line", "name": line.name, "data": _rounded(line.values),
              "showSymbol": False, "itemStyle": {"color": line.colour},
              "lineStyle": {"width": LINE_WIDTH, "color": line.colour,
                            "type": "dashed" if line.dashed else "solid"}}
    if line.stack is not None:
        series.update(stack=line.stack, areaStyle={"opacity": 0.85},
                      lineStyle={"width": 0.5, "color": line.colour})
    return series


def _rounded(values: np.ndarray) -> list[float]:
    return [float(f"{v:.{SIGNIFICANT}g}") for v in np.asarray(values, dtype=float)]


def _arm_name(name: str, arm: int, arms: int) -> str:
    return name if arms == 1 else f"{'AB'[arm]}: {name}"


# --- the charts --------------------------------------------------------------------------
def _one_column(column: str, name: str, scale: float = 1.0):
    """Lines for one column per arm, in the arm's colour."""
    def lines(frames: Sequence[pd.DataFrame]) -> list[Line]:
        return [Line(_arm_name(name, i, len(frames)), frame[column].to_numpy() * scale,
                     ARM_COLOURS[i], dashed=i > 0) for i, frame in enumerate(frames)]
    return lines


def _admissions_rate(frames: Sequence[pd.DataFrame]) -> list[Line]:
    """Emergency admissions per 1,000 a year over the last 12 months (fewer at the start).

    Monthly counts of a small economy jump by several per cent from month to month; the
    rolling year (as NHS reports give it) lets a room see a lever's effect through that.
    """
    lines = []
    for i, frame in enumerate(frames):
        admissions = frame["emergency_admissions"].rolling(MONTHS_PER_YEAR, min_periods=1)
        people = frame["population"].rolling(MONTHS_PER_YEAR, min_periods=1)
        rate = admissions.sum() * 1000.0 / people.mean() * MONTHS_PER_YEAR / admissions.count()
        lines.append(Line(_arm_name("emergency admissions", i, len(frames)), rate.to_numpy(),
                          ARM_COLOURS[i], dashed=i > 0))
    return lines


def _admissions_difference(frames: Sequence[pd.DataFrame]) -> str:
    a, b = (frame["emergency_admissions"].sum() for frame in frames)
    return f"B - A so far: {b - a:+,.0f} emergency admissions ({_share(b - a, a)})"


def _qalys_per_1000(frames: Sequence[pd.DataFrame]) -> list[Line]:
    return [Line(_arm_name("QALYs per 1,000", i, len(frames)),
                 frame["qalys"].to_numpy() * MONTHS_PER_YEAR * 1000.0
                 / np.maximum(frame["population"].to_numpy(), 1),
                 ARM_COLOURS[i], dashed=i > 0) for i, frame in enumerate(frames)]


def _qalys_difference(frames: Sequence[pd.DataFrame]) -> str:
    a, b = (frame["qalys"].sum() for frame in frames)
    return f"B - A so far: {b - a:+,.0f} QALYs"


def _cumulative_deaths(frames: Sequence[pd.DataFrame]) -> list[Line]:
    """Deaths within 30 days of an acute event or from a cancer, added up since the
    start: the deaths care can prevent or cause (a short stay a trust adds changes none;
    a withheld urgent referral finds a cancer later: docs/outcomes.md)."""
    return [Line(_arm_name("deaths after acute events or from cancer", i, len(frames)),
                 frame["deaths_care_affects"].cumsum().to_numpy(), ARM_COLOURS[i],
                 dashed=i > 0) for i, frame in enumerate(frames)]


def _deaths_difference(frames: Sequence[pd.DataFrame]) -> str:
    """In words a room reads: deaths avoided or caused by B, against A, so far."""
    a, b = (frame["deaths_care_affects"].sum() for frame in frames)
    deaths = abs(b - a)
    if deaths == 0:
        return "B - A so far: no difference in deaths"
    what = "deaths avoided" if b < a else "deaths caused"
    return f"B - A so far: {deaths:,.0f} {what} (one run: chance moves this too)"


def _waiting_difference(frames: Sequence[pd.DataFrame]) -> str:
    a, b = (frame["elective_weeks_waited"].sum() for frame in frames)
    return f"B - A so far: {b - a:+,.0f} weeks waited ({_share(b - a, a)})"


def _engagement_difference(frames: Sequence[pd.DataFrame]) -> str:
    a, b = (frame["gp_engagement_mean"].iloc[-1] for frame in frames)
    return f"B - A now: {b - a:+.2f}"


def _spend_lines(frames: Sequence[pd.DataFrame]) -> list[Line]:
    """A's spend by category, stacked, under A's allocation; B's total and allocation."""
    first = frames[0]
    categories = [c for c in first.columns if c.startswith(SPEND_PREFIX) and c != SPEND_TOTAL
                  and any(frame[c].abs().sum() > 0 for frame in frames)]
    many = len(frames) > 1
    lines = [Line(_arm_name(c.removeprefix(SPEND_PREFIX).replace("_", " "), 0, len(frames)),
                  first[c].to_numpy() / 1e6, SERIES_COLOURS[i % len(SERIES_COLOURS)],
                  stack="A") for i, c in enumerate(categories)]
    lines.append(Line(_arm_name("allocation", 0, len(frames)),
                      first["budget_total"].to_numpy() / 1e6, "#000000"))
    if many:
        second = frames[1]
        lines += [Line("B: total spend", second[SPEND_TOTAL].to_numpy() / 1e6, ARM_COLOURS[1],
                       dashed=True),
                  Line("B: allocation", second["budget_total"].to_numpy() / 1e6, "#555555",
                       dashed=True)]
    return lines


def _spend_difference(frames: Sequence[pd.DataFrame]) -> str:
    a, b = (frame[SPEND_TOTAL].sum() / 1e6 for frame in frames)
    return f"B - A so far: GBP {b - a:+,.1f}m spent ({_share(b - a, a)})"


def _coverage_lines(frames: Sequence[pd.DataFrame]) -> list[Line]:
    """People under each commissioning model (every ``population_covered_*`` column in use)."""
    columns = [c for c in frames[0].columns if c.startswith(COVERED_PREFIX)
               and any(frame[c].sum() > 0 for frame in frames)]
    return [Line(_arm_name(c.removeprefix(COVERED_PREFIX).replace("_", " "), i, len(frames)),
                 frame[c].to_numpy() / 1000.0, SERIES_COLOURS[j % len(SERIES_COLOURS)],
                 dashed=i > 0)
            for i, frame in enumerate(frames) for j, c in enumerate(columns)]


def _share(difference: float, base: float) -> str:
    return f"{difference / base:+.1%}" if base else "n/a"


CHARTS: tuple[Chart, ...] = (
    Chart("admissions", "Emergency admissions", "per 1,000 people a year (last 12 months)",
          _admissions_rate, _admissions_difference),
    Chart("spend", "Spending against allocation", "GBP m a month", _spend_lines,
          _spend_difference),
    Chart("qalys", "Health: QALYs lived", "per 1,000 people a year", _qalys_per_1000,
          _qalys_difference),
    Chart("deaths", "Health: deaths after an acute event or from cancer",
          "people, since the start",
          _cumulative_deaths, _deaths_difference),
    Chart("waiting", "Waiting: weeks on the elective list", "thousand weeks a month",
          _one_column("elective_weeks_waited", "weeks waited", 1e-3), _waiting_difference),
    Chart("engagement", "GP engagement in commissioning", "mean, 0-1",
          _one_column("gp_engagement_mean", "GP engagement"), _engagement_difference),
    Chart("coverage", "People covered by each commissioning model", "thousands",
          _coverage_lines),
)
