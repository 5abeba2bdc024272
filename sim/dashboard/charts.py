"""The live charts: ECharts options built from each model's monthly time series.

Each chart is an ECharts ``option`` (a plain dict sent to the browser, drawn there), so a
month's update sends numbers, not pictures. The x axis always spans the whole run in
financial years (``sim.dashboard.time_axis``), so lines grow from the left and the axes
do not jump as months pass. Every y axis starts at zero, so a move of 94.5 to 98 per
1,000 looks the size it is. In A/B mode the two scenarios share a chart: A solid, B
dashed, and the subtitle gives B minus A so far; spending has a chart for each. Columns
are found by prefix (``spend_``, ``population_covered_``), so new spending categories or
commissioning stages appear without changes here. Series are named in words
(``sim.labels``), never by column code.

Each arm's months come as a ``Frame``: the page passes a ``MonthlySeries`` (numpy
columns, quick enough for every Step), and a pandas DataFrame of the same columns works
too (the tests use both); everything here reads columns as float arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.dashboard.monthly import MonthlySeries
from sim.dashboard.time_axis import TimeAxis, echarts_x_axes
from sim.labels import SPEND_NAMES, column_label, model_name, signed

# Okabe & Ito (2008) colour-blind-safe palette: A blue, B vermillion; series take the
# palette without black (black is the allocation line), then two greys.
ARM_COLOURS = ("#0072B2", "#D55E00")
SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                  "#F0E442", "#999999", "#5A5A5A")
TRANSPARENT = "rgba(0, 0, 0, 0)"
BAND_COLOUR = "rgba(0, 114, 178, 0.15)"  # A's blue, faint: the range chance alone covers
FONT_SIZE = 16  # px; assumption: legible from the back of a room on a projector
TITLE_SIZE = 20  # px
LINE_WIDTH = 3  # px
SIGNIFICANT = 4  # digits sent to the browser: plenty for a line, keeps messages small
FULL_PRECISION = 9  # digits for a series whose month-to-month moves are in the 5th digit
MONTHS_PER_YEAR = 12
Z_95 = 1.96  # two-sided 95% point of the normal distribution
LEGEND_ROW_PX = 26  # px a row of the (unpaged, wrapping) legend takes at FONT_SIZE - 2
LEGEND_PER_ROW = 3  # assumption: about three plain-word entries fit a half-screen chart

Frame = MonthlySeries | pd.DataFrame
"""One arm's months: anything with ``columns``, ``len`` and float columns by name."""

SPEND_PREFIX, SPEND_TOTAL = "spend_", "spend_total"
COVERED_PREFIX = "population_covered_"

SPEND_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (SPEND_NAMES["acute_emergency"], ("acute_emergency",)),
    ("Planned care, outpatients, A&E", ("acute_elective", "outpatient", "ae")),
    (SPEND_NAMES["other"], ("other",)),
    ("Community and primary care", ("community", "primary_care")),
    (SPEND_NAMES["prescribing"], ("prescribing",)),
    ("Management, reorganising, savings paid", ("management", "transition", "incentives")),
)
"""Spending categories (``sim.money.ledger.Category``) drawn together, so the legend fits
a chart without paging: emergency admissions (what the incentives act on) alone, the
rest of hospital care, the block, care outside hospital, prescribing, and the cost of
running commissioning. A category in no group is drawn on its own."""


@dataclass(frozen=True)
class Line:
    """One line of a chart."""

    name: str
    values: np.ndarray
    colour: str
    dashed: bool = False
    stack: str | None = None  # lines with the same stack are drawn as stacked areas
    band: bool = False  # part of a shaded range: no line, no legend entry


@dataclass(frozen=True)
class Chart:
    """A chart of the dashboard: what it shows and how to read it off the time series.

    ``arms``: the number of scenarios it needs (2: drawn in A/B mode only);
    ``digits``: significant digits sent; ``y_max``: the top of the y axis (None: what
    ECharts finds), a number or a function of the frames.
    """

    key: str
    title: str
    unit: str
    lines: Callable[[Sequence[Frame]], list[Line]]
    difference: Callable[[Sequence[Frame]], str] | None = None
    arms: int = 1
    digits: int = SIGNIFICANT
    y_max: float | Callable[[Sequence[Frame]], float] | None = None
    title_ab: str | None = None  # the title in A/B mode, if not ``title``


def chart_option(chart: Chart, frames: Sequence[Frame], axis: TimeAxis) -> dict:
    """The ECharts option of ``chart`` for one frame per arm (A, and B in A/B mode)."""
    subtitle = chart.difference(frames) if chart.difference and len(frames) > 1 else ""
    title = chart.title_ab if chart.title_ab and len(frames) > 1 else chart.title
    lines = chart.lines(frames)
    legend = [line.name for line in lines if not line.band]
    rows = -(-len(legend) // LEGEND_PER_ROW)
    return {
        "animation": False,
        "title": {"text": title, "subtext": subtitle, "left": "center", "itemGap": 12,
                  "textStyle": {"fontSize": TITLE_SIZE},
                  "subtextStyle": {"fontSize": FONT_SIZE, "color": "#222"}},
        "tooltip": {"trigger": "axis", "textStyle": {"fontSize": FONT_SIZE}},
        "legend": {"type": "plain", "bottom": 0, "data": legend,
                   "textStyle": {"fontSize": FONT_SIZE - 2}},
        "grid": {"left": 80, "right": 24, "top": 80, "bottom": 40 + LEGEND_ROW_PX * rows},
        "xAxis": echarts_x_axes(axis, FONT_SIZE - 3),
        "yAxis": y_axis(chart, frames),
        "series": [_series(line, axis.lead, chart.digits) for line in lines],
    }


def y_axis(chart: Chart, frames: Sequence[Frame]) -> dict:
    """A y axis from zero (never ECharts' ``scale``, which magnifies small moves)."""
    axis = {"type": "value", "min": 0, "scale": False, "name": chart.unit,
            "nameTextStyle": {"fontSize": FONT_SIZE - 2, "align": "left"},
            "axisLabel": {"fontSize": FONT_SIZE - 2}}
    top = chart.y_max(frames) if callable(chart.y_max) else chart.y_max
    if top is not None:
        axis["max"] = top
    return axis


def _series(line: Line, lead: int, digits: int) -> dict:
    data = [None] * lead + _rounded(line.values, digits)
    series = {"type": "line", "name": line.name, "data": data,
              "showSymbol": False, "itemStyle": {"color": line.colour},
              "lineStyle": {"width": LINE_WIDTH, "color": line.colour,
                            "type": "dashed" if line.dashed else "solid"}}
    if line.band:  # the lower edge is stacked under an invisible line, the width shaded
        series.update(stack=line.stack, lineStyle={"opacity": 0}, silent=True,
                      tooltip={"show": False})
        if line.colour != TRANSPARENT:
            series["areaStyle"] = {"color": line.colour, "opacity": 1}
    elif line.stack is not None:
        series.update(stack=line.stack, areaStyle={"opacity": 0.85},
                      lineStyle={"width": 0.5, "color": line.colour})
    return series


def column(frame: Frame, name: str) -> np.ndarray:
    """A column of ``frame`` as floats, month by month."""
    return np.asarray(frame[name], dtype=float)


def rolling_year(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sums over the last 12 months (fewer at the start), and how many months each has:
    a rolling year, as NHS reports give it. A running total less the total 12 months
    earlier (equal to pandas' rolling sum to rounding)."""
    total = np.cumsum(values)
    total[MONTHS_PER_YEAR:] -= total[:-MONTHS_PER_YEAR].copy()
    return total, np.minimum(np.arange(1, len(values) + 1), MONTHS_PER_YEAR)


def _rounded(values: np.ndarray, digits: int = SIGNIFICANT) -> list[float]:
    return [float(f"{v:.{digits}g}") for v in np.asarray(values, dtype=float)]


def _arm_name(name: str, arm: int, arms: int) -> str:
    return name if arms == 1 else f"{'AB'[arm]}: {name}"


# --- the charts --------------------------------------------------------------------------
def _one_column(name_of: str, name: str, scale: float = 1.0):
    """Lines for one column per arm, in the arm's colour."""
    def lines(frames: Sequence[Frame]) -> list[Line]:
        return [Line(_arm_name(name, i, len(frames)), column(frame, name_of) * scale,
                     ARM_COLOURS[i], dashed=i > 0) for i, frame in enumerate(frames)]
    return lines


def admissions_rate(frame: Frame) -> tuple[np.ndarray, np.ndarray]:
    """Emergency admissions per 1,000 a year over the last 12 months (fewer at the
    start), and the half-width of the 95% range chance alone gives it.

    Monthly counts of a small economy jump by several per cent from month to month; the
    rolling year (as NHS reports give it) lets a room see a lever's effect through that.
    The range is the counting noise of the admissions in the window: a count of rare
    events drawn person by person varies by about its square root (Poisson), so a
    year's 14,000 admissions carry about +-1.7% at 95%. It is a floor: which practices
    join and when adds more from run to run.
    """
    total, months = rolling_year(column(frame, "emergency_admissions"))
    people = rolling_year(column(frame, "population"))[0] / months
    per_1000_a_year = 1000.0 / people * MONTHS_PER_YEAR / months
    return total * per_1000_a_year, Z_95 * np.sqrt(total) * per_1000_a_year


def _admissions_rate(frames: Sequence[Frame]) -> list[Line]:
    """Each arm's rolling-year rate, and A's chance range shaded behind the lines."""
    rate, half = admissions_rate(frames[0])
    lines = [Line("chance range", rate - half, TRANSPARENT, stack="band", band=True),
             Line("chance range", 2 * half, BAND_COLOUR, stack="band", band=True)]
    for i, frame in enumerate(frames):
        lines.append(Line(_arm_name("Emergency admissions", i, len(frames)),
                          admissions_rate(frame)[0], ARM_COLOURS[i], dashed=i > 0))
    return lines


def noise_note(frame: Frame, people: int) -> str:
    """What one run's noise is, in a sentence for the screen (empty before a month)."""
    if frame.empty:
        return ""
    rate, half = admissions_rate(frame)
    return (f"Each line is one run of {people:,} people, so chance moves it too: the "
            f"emergency admissions rate by at least \u00b1{half[-1]:.1f} per 1,000 a year "
            f"(95%; shaded behind A: the counting noise of "
            f"{column(frame, 'emergency_admissions')[-MONTHS_PER_YEAR:].sum():,.0f} "
            "admissions). "
            "Read a gap smaller than that as chance, and another seed as another run.")


def _admissions_difference(frames: Sequence[Frame]) -> str:
    a, b = (column(frame, "emergency_admissions").sum() for frame in frames)
    return f"B - A so far: {signed(b - a)} emergency admissions ({_share(b - a, a)})"


def _qalys_per_1000(frames: Sequence[Frame]) -> list[Line]:
    return [Line(_arm_name("QALYs per 1,000", i, len(frames)),
                 column(frame, "qalys") * MONTHS_PER_YEAR * 1000.0
                 / np.maximum(column(frame, "population"), 1),
                 ARM_COLOURS[i], dashed=i > 0) for i, frame in enumerate(frames)]


def _qalys_difference(frames: Sequence[Frame]) -> str:
    a, b = (column(frame, "qalys").sum() for frame in frames)
    return f"B - A so far: {signed(b - a)} QALYs"


def _cumulative_deaths(frames: Sequence[Frame]) -> list[Line]:
    """Deaths within 30 days of an acute event or from a cancer, added up since the
    start: the deaths care can prevent or cause (a short stay a trust adds changes none;
    a withheld urgent referral finds a cancer later: docs/outcomes.md)."""
    return [Line(_arm_name("Deaths after acute events or from cancer", i, len(frames)),
                 np.cumsum(column(frame, "deaths_care_affects")), ARM_COLOURS[i],
                 dashed=i > 0) for i, frame in enumerate(frames)]


def _deaths_difference(frames: Sequence[Frame]) -> str:
    """In words a room reads: deaths avoided or caused by B, against A, so far."""
    a, b = (column(frame, "deaths_care_affects").sum() for frame in frames)
    deaths = abs(b - a)
    if deaths == 0:
        return "B - A so far: no difference in deaths"
    what = "deaths avoided" if b < a else "deaths caused"
    return f"B - A so far: {deaths:,.0f} {what} (one run: chance moves this too)"


def _waiting_difference(frames: Sequence[Frame]) -> str:
    a, b = (column(frame, "elective_weeks_waited").sum() for frame in frames)
    return f"B - A so far: {signed(b - a)} weeks waited ({_share(b - a, a)})"


def _engagement_difference(frames: Sequence[Frame]) -> str:
    a, b = (column(frame, "gp_engagement_mean")[-1] for frame in frames)
    return f"B - A now: {signed(b - a, 2)}"


def spend_groups(frames: Sequence[Frame]) -> list[tuple[str, list[str]]]:
    """The spending groups with money in any arm, and their columns: ``SPEND_GROUPS``,
    then any category no group names, on its own."""
    columns = [c for c in frames[0].columns if c.startswith(SPEND_PREFIX) and c != SPEND_TOTAL
               and any(np.abs(column(frame, c)).sum() > 0 for frame in frames)]
    grouped = {SPEND_PREFIX + category for _, members in SPEND_GROUPS for category in members}
    groups = [(name, [SPEND_PREFIX + m for m in members if SPEND_PREFIX + m in columns])
              for name, members in SPEND_GROUPS]
    groups += [(_spend_name(c), [c]) for c in columns if c not in grouped]
    return [(name, members) for name, members in groups if members]


def _spend_name(column: str) -> str:
    """A spending column in words (``sim.labels``), or its category made readable."""
    category = column.removeprefix(SPEND_PREFIX)
    return column_label(column) if category in SPEND_NAMES else category.replace(
        "_", " ").capitalize()


def _spend_of(arm: int):
    """One arm's spending by group, stacked, under its allocation (black line)."""
    def lines(frames: Sequence[Frame]) -> list[Line]:
        frame = frames[arm]
        result = [Line(name, sum(column(frame, m) for m in members) / 1e6,
                       SERIES_COLOURS[i % len(SERIES_COLOURS)], stack="spend")
                  for i, (name, members) in enumerate(spend_groups(frames))]
        result.append(Line("Allocation", column(frame, "budget_total") / 1e6, "#000000"))
        return result
    return lines


def _spend_top(frames: Sequence[Frame]) -> float:
    """One y scale for A's and B's spending charts, so their areas compare by eye."""
    top = max(max(column(frame, SPEND_TOTAL).max(), column(frame, "budget_total").max())
              for frame in frames)
    return float(np.ceil(top / 1e6 * 1.05))


def _spend_difference(frames: Sequence[Frame]) -> str:
    a, b = (column(frame, SPEND_TOTAL).sum() / 1e6 for frame in frames)
    return f"B - A so far: GBP {signed(b - a, 1)}m spent ({_share(b - a, a)})"


def _spend_difference_by_group(frames: Sequence[Frame]) -> str:
    """B - A so far, and the group where most of it went: where B's money moved."""
    moved = [(sum(column(frames[1], c).sum() - column(frames[0], c).sum() for c in m) / 1e6,
              name) for name, m in spend_groups(frames)]
    difference, name = max(moved, key=lambda item: abs(item[0]))
    return f"{_spend_difference(frames)}; most: {name} GBP {signed(difference, 1)}m"


def _coverage_lines(frames: Sequence[Frame]) -> list[Line]:
    """People under each commissioning model (every ``population_covered_*`` column in use)."""
    columns = [c for c in frames[0].columns if c.startswith(COVERED_PREFIX)
               and any(column(frame, c).sum() > 0 for frame in frames)]
    return [Line(_arm_name(_covered_name(c), i, len(frames)),
                 column(frame, c) / 1000.0, SERIES_COLOURS[j % len(SERIES_COLOURS)],
                 dashed=i > 0)
            for i, frame in enumerate(frames) for j, c in enumerate(columns)]


def _covered_name(column: str) -> str:
    """``population_covered_lcp_stage_2`` -> "Local clinical partnership, stage 2"."""
    return column_label(column).removeprefix("People covered: ") or model_name(column)


def _share(difference: float, base: float) -> str:
    return f"{signed(100.0 * difference / base, 1)}%" if base else "n/a"


CHARTS: tuple[Chart, ...] = (
    Chart("admissions", "Emergency admissions", "per 1,000 people a year (last 12 months)",
          _admissions_rate, _admissions_difference),
    Chart("spend", "Spending against allocation", "GBP m a month", _spend_of(0),
          _spend_difference, y_max=_spend_top, title_ab="A: spending against allocation"),
    Chart("spend_b", "B: spending against allocation", "GBP m a month", _spend_of(1),
          _spend_difference_by_group, arms=2, y_max=_spend_top),
    Chart("qalys", "Health: QALYs lived", "per 1,000 people a year", _qalys_per_1000,
          _qalys_difference, digits=FULL_PRECISION),
    Chart("deaths", "Health: deaths after an acute event or from cancer",
          "people, since the start",
          _cumulative_deaths, _deaths_difference),
    Chart("waiting", "Waiting: weeks on the elective list", "thousand weeks a month",
          _one_column("elective_weeks_waited", "Weeks waited", 1e-3), _waiting_difference),
    Chart("engagement", "GP engagement in commissioning", "mean, 0-1",
          _one_column("gp_engagement_mean", "GP engagement"), _engagement_difference,
          y_max=1.0),
    Chart("coverage", "People covered by each commissioning model", "thousands",
          _coverage_lines),
)


def charts_for(arms: int) -> tuple[Chart, ...]:
    """The charts drawn for one scenario or two (B's spending only in A/B mode)."""
    return tuple(chart for chart in CHARTS if chart.arms <= arms)
