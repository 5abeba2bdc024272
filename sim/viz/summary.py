"""``summary.png``: a run's headline monthly series, readable without the data.

Lines are the mean across replicates; the spread between replicates is a 5-95% band
from ``sim.viz.spread.MIN_REPLICATES_FOR_BAND`` replicates, else a thin line per
replicate. The x axis is labelled by financial year, and the subtitle gives the period
the data cover (not the one a scenario's description names).
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from sim.labels import column_label, model_name  # noqa: E402
from sim.scenario import Scenario  # noqa: E402
from sim.viz.dates import financial_year_axis, period_words  # noqa: E402
from sim.viz.spread import by_replicate, draw_spread, spread_handle  # noqa: E402

SPEND_PANEL = (  # stacked bottom to top (together spend_total); labels from sim.labels
    "spend_acute_emergency", "spend_acute_elective", "spend_outpatient", "spend_ae",
    "spend_community", "spend_other", "spend_prescribing", "spend_primary_care",
    "spend_management", "spend_transition", "spend_incentives",
)
SPEND_COLOURS = (*matplotlib.colormaps["tab10"].colors, "#393b79")  # one per category
YEAR_END_NOTE = "(peaks in March: the year's savings paid to practices)"
LINE = "tab:blue"
# A period written in a scenario's description ("2010-11 to 2019-20", "April 1991 to
# March 1998"): dropped from the subtitle, which states the period the data cover.
PERIOD_IN_WORDS = re.compile(r",?\s*(from\s+)?(\d{4}-\d{2}|[A-Z][a-z]+ \d{4})"
                             r" to (\d{4}-\d{2}|[A-Z][a-z]+ \d{4})")


def plot_summary(timeseries: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Draw the nine headline panels (activity, money, health) and save them as a PNG."""
    fig = summary_figure(timeseries, scenario)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def summary_figure(timeseries: pd.DataFrame, scenario: Scenario):
    """The nine panels as a matplotlib Figure (the caller saves and closes it)."""
    frame = _derived(timeseries)
    replicates = frame["replicate"].nunique()
    fig, axes = plt.subplots(3, 3, figsize=(16, 13), constrained_layout=True)
    for ax, (column, title, unit) in zip(axes.flat, _panels(), strict=True):
        if column is None:
            _spend(ax, frame)
        else:
            _band(ax, frame, column, title, unit)
    start, end = frame["date"].min(), frame["date"].max()
    for ax in axes.flat:
        financial_year_axis(ax, start, end)
    fig.suptitle(subtitle(scenario, frame["date"], replicates), fontsize=13)
    return fig


def subtitle(scenario: Scenario, dates: pd.Series, replicates: int) -> str:
    """Who and what was run, over the period the data cover."""
    line = (f"{scenario.name}: {model_name(scenario.commissioning.model)}, "
            f"{period_words(dates)}, {scenario.population.size:,} people, "
            f"{scenario.population.practices} practices, "
            f"{replicates} replicate{'s' if replicates != 1 else ''}")
    description = PERIOD_IN_WORDS.sub("", scenario.description or "").strip(" ,")
    return line + (f"\n{description}" if description else "")


def _derived(timeseries: pd.DataFrame) -> pd.DataFrame:
    """The plotted series: per 1,000 people a year, population in thousands."""
    frame = timeseries.copy()
    per_1000_a_year = 12 * 1000.0 / frame["population"]
    frame["population_thousands"] = frame["population"] / 1000.0
    for column in ("qalys", "referrals", "deaths", "deaths_care_affects",
                   "referrals_needed_withheld"):
        frame[f"{column}_per_1000"] = frame[column] * per_1000_a_year
    return frame


def _panels() -> tuple[tuple[str | None, str, str], ...]:
    """(column, title, unit) of each panel, row by row; None: the spending panel."""
    per_1000 = "per 1,000 people a year"
    return (
        ("emergency_admissions_per_1000", "Emergency admissions", per_1000),
        (None, "", ""),
        ("referrals_per_1000", "GP referrals to outpatients", per_1000),
        ("population_thousands", column_label("population"), "thousands"),
        ("qalys_per_1000", column_label("qalys"), "QALYs per 1,000 people a year"),
        ("elective_wait_weeks", "Planned-care wait (admitted patients)", "mean weeks waited"),
        ("deaths_per_1000", column_label("deaths"), per_1000),
        ("deaths_care_affects_per_1000", "Deaths care acts on (acute events, cancer)",
         per_1000),
        ("referrals_needed_withheld_per_1000", column_label("referrals_needed_withheld"),
         per_1000),
    )


def _band(ax, frame: pd.DataFrame, column: str, title: str, unit: str) -> None:
    table = by_replicate(frame, column)
    mean = table.mean(axis=1)
    draw_spread(ax, table, LINE)
    ax.plot(mean.index, mean.to_numpy(), color=LINE, lw=1.2)
    rolling = mean.rolling(12, min_periods=12).mean()
    ax.plot(rolling.index, rolling.to_numpy(), color="black", lw=2)
    _style(ax, title, unit)
    ax.legend(handles=_legend(table.shape[1]), fontsize=8, loc="best")


def _legend(replicates: int) -> list:
    """Legend entries in words: the monthly mean, the spread as drawn, the 12-month mean."""
    mean = "monthly figure" if replicates == 1 else "monthly mean of replicates"
    handles = [Line2D([], [], color=LINE, lw=1.2, label=mean)]
    if replicates > 1:
        handles.append(spread_handle(replicates, LINE))
    handles.append(Line2D([], [], color="black", lw=2, label="12-month mean"))
    return handles


def _spend(ax, frame: pd.DataFrame) -> None:
    mean = frame.groupby("date")[[*SPEND_PANEL, "budget_total"]].mean() / 1e6
    ax.stackplot(mean.index, *[mean[c].to_numpy() for c in SPEND_PANEL],
                 labels=[column_label(c) for c in SPEND_PANEL], alpha=0.85,
                 colors=SPEND_COLOURS[:len(SPEND_PANEL)])
    ax.plot(mean.index, mean["budget_total"].to_numpy(), color="black", lw=2,
            label=column_label("budget_total"))
    title = "Spending by category against the budget"
    if mean["spend_incentives"].max() > 0:  # the year-end payments show as spikes: say why
        title += f"\n{YEAR_END_NOTE}"
    _style(ax, title, "GBP million a month")
    ax.set_ylim(0, mean["budget_total"].max() * 1.5)  # room for the legend above the stack
    ax.legend(fontsize=7, loc="upper left", ncols=3)


def _style(ax, title: str, unit: str) -> None:
    ax.set_title(title, fontsize=12)
    ax.set_ylabel(unit)
    ax.grid(alpha=0.3)
