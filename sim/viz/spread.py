"""How a plot shows the spread between replicates: a band only when there are enough of
them for a band to mean something.

A 5-95% band from two replicates is just their range, and from four it is little more;
such a band looks like an interval and is not one. With too few replicates each is
drawn as a thin line instead, so a reader sees exactly what there is.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

MIN_REPLICATES_FOR_BAND = 5
"""assumption: the 5th and 95th percentiles of a few replicates are interpolated
between the extreme runs (from 2 replicates the band is 90% of their range), so below
5 a band would look like an interval without being one; 5 is the fewest issue 16
accepts, and more give a steadier band. Fewer are shown one thin line each."""
BAND = (0.05, 0.95)  # the band's quantiles across replicates
REPLICATE_LINE = {"lw": 0.6, "alpha": 0.6}  # one thin line per replicate, below a band


def spread_words(replicates: int, each: bool = False) -> str:
    """What the plot shows of the spread, in plain words (for legends and titles);
    ``each``: every line of the plot is that many replicates."""
    if replicates >= MIN_REPLICATES_FOR_BAND:
        return f"shaded: middle 90% of {replicates} replicates"
    if replicates > 1:
        return f"thin lines: each of {replicates} replicates (too few for a band)"
    return f"one replicate{' each' if each else ''} (no spread to show)"


def spread_handle(replicates: int, colour: str, alpha: float = 0.2, each: bool = False):
    """The legend entry for the spread as ``draw_spread`` draws it, in ``spread_words``."""
    label = spread_words(replicates, each)
    if replicates >= MIN_REPLICATES_FOR_BAND:
        return Patch(color=colour, alpha=alpha, label=label)
    if replicates > 1:
        return Line2D([], [], color=colour, label=label, **REPLICATE_LINE)
    return Line2D([], [], color="none", label=label)


def draw_spread(ax, table: pd.DataFrame, colour: str, alpha: float = 0.2,
                fewest: int | None = None) -> None:
    """Draw the spread of ``table`` (index: date; one column per replicate) around its
    mean: a 5-95% band from MIN_REPLICATES_FOR_BAND replicates, else a thin line per
    replicate, else nothing. The caller draws the mean. ``fewest``: the fewest
    replicates of any line in the panel, so that every line in it (and the legend that
    explains them) shows its spread the same way."""
    replicates = table.shape[1]
    if min(replicates, fewest or replicates) >= MIN_REPLICATES_FOR_BAND:
        ax.fill_between(table.index, table.quantile(BAND[0], axis=1).to_numpy(),
                        table.quantile(BAND[1], axis=1).to_numpy(), color=colour,
                        alpha=alpha, lw=0)
    elif replicates > 1:
        for column in table.columns:
            ax.plot(table.index, table[column].to_numpy(), color=colour, **REPLICATE_LINE)


def by_replicate(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """``column`` as a table: one row per date, one column per replicate."""
    return frame.pivot_table(index="date", columns="replicate", values=column,
                             aggfunc="first", observed=True).sort_index()
