"""Time axes by financial year: one helper every plot with dates uses, so a 3-year run
and a 40-year run both get a few readable labels ("2010-11") that never overlap.

The NHS plans, budgets and reports by financial year (April to March), and the model
closes its accounts each March; so the axis marks each April and names the year it
starts, as NHS documents write it ("2010-11").
"""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd

from sim import clock
from sim.clock import APRIL, financial_year_label

MAX_LABELS = 8
"""assumption: at most eight year labels fit under a panel a third of a 16-inch figure
wide at the projector type sizes of sim.viz.comparison.STYLE (a label such as "2010-11"
is about 0.6 inch at 13 pt); more Aprils than this are labelled every 2nd or 5th."""
STEPS = (1, 2, 5, 10)  # years between labels: the smallest that keeps within MAX_LABELS


def financial_year(date: pd.Timestamp) -> int:
    """The year a date's financial year starts in (January 2011 -> 2010)."""
    return clock.financial_year(date.year, date.month)


def year_ticks(start, end) -> tuple[list[pd.Timestamp], list[str]]:
    """Tick dates (1 April) and labels for a run from ``start`` to ``end`` (the first
    days of its first and last months). Every April in the span, thinned to every 2nd,
    5th or 10th year so no more than MAX_LABELS show; a span with no April gets one
    tick at its start, named by its financial year."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    first = financial_year(start) + (start.month != APRIL or start.day != 1)
    years = list(range(first, financial_year(end) + 1))
    if not years:
        return [start], [financial_year_label(financial_year(start))]
    step = next((s for s in STEPS if len(years[::s]) <= MAX_LABELS), STEPS[-1])
    kept = [y for y in years if (y - years[0]) % step == 0]
    return [pd.Timestamp(y, APRIL, 1) for y in kept], [financial_year_label(y) for y in kept]


def financial_year_axis(ax, start, end) -> None:
    """Label ``ax``'s x axis by financial year over the run from ``start`` to ``end``
    (first days of the first and last months), with a minor tick each April and the
    limits set to the run, so the labels are the same whatever else the panel holds."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    dates, labels = year_ticks(start, end)
    ax.set_xticks([mdates.date2num(d) for d in dates], labels)
    aprils = pd.date_range(start, end, freq="MS")
    ax.set_xticks([mdates.date2num(d) for d in aprils if d.month == APRIL], minor=True)
    ax.set_xlim(mdates.date2num(start), mdates.date2num(max(end, start + pd.DateOffset(days=1))))
    if not ax.get_xlabel():  # a panel may say something else along its x axis
        ax.set_xlabel("financial year (April to March)")


def period_words(dates) -> str:
    """The period a run covered, from its dates: ``"April 2010 to March 2013 (36
    months)"``. Subtitles use it, so they say what was run, not what a scenario file
    planned."""
    dates = pd.DatetimeIndex(pd.to_datetime(pd.Series(dates)).unique()).sort_values()
    first, last = dates[0], dates[-1]
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    return f"{first:%B %Y} to {last:%B %Y} ({months} month{'s' if months != 1 else ''})"
