"""The "why it changed" waterfall: from A's total, one step per mechanism, to B's.

One panel per measure, side by side; rows read top to bottom: A's total, each
mechanism's contribution (largest first, by the first panel's measure), the interaction
residual, B's total. Every panel shares the rows, so a mechanism can be read across
measures. Mechanisms that change no measure are listed under the figure, not drawn.
Large type and the Okabe-Ito colours (readable by colour-blind viewers), for a projector.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sim.explain.decomposition import Decomposition
from sim.explain.measures import MEASURE_KEYS, Measure, measure
from sim.explain.variants import description

LABEL_WIDTH = 44  # characters per line of a row label (at most three lines)
ROW_INCHES = 0.85  # height of a row: three lines of 15-point type
COLOURS = {"down": "#0072B2", "up": "#D55E00", "residual": "#999999", "total": "#555555"}
STYLE = {"font.size": 15, "axes.titlesize": 19, "axes.labelsize": 15,
         "xtick.labelsize": 14, "ytick.labelsize": 15}
MINUS = "\u2212"


def plot_waterfall(decomposition: Decomposition, path_or_ax, *,
                   measures: Sequence[str] | None = None):
    """Draw the waterfall.

    Args:
        decomposition: from ``decompose``.
        path_or_ax: a file path (str or Path: a PNG with one panel per measure is saved
            there and the path returned); a matplotlib ``Figure`` (the panels are drawn
            into it and it is returned); or one ``Axes`` (the first of ``measures`` is
            drawn on it and it is returned).
        measures: measure keys to draw (default: every measure, ``MEASURE_KEYS``).
    """
    from matplotlib import rc_context
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    chosen = [measure(key) for key in (measures or MEASURE_KEYS)]
    rows = row_order(decomposition, chosen)
    with rc_context(STYLE):
        if isinstance(path_or_ax, Axes):
            _panel(path_or_ax, decomposition, chosen[0], rows, labels=True)
            return path_or_ax
        if isinstance(path_or_ax, Figure):
            _figure(path_or_ax, decomposition, chosen, rows)
            return path_or_ax
        # a bare Figure: no pyplot state, and the caller's backend is left alone
        figure = Figure(figsize=(6 + 6.5 * len(chosen), 3.5 + ROW_INCHES * (len(rows) + 3)),
                        layout="constrained")
        _figure(figure, decomposition, chosen, rows)
        figure.savefig(path_or_ax, dpi=100)
    return Path(path_or_ax)


def row_order(decomposition: Decomposition, chosen: Sequence[Measure]) -> list[str]:
    """Mechanisms to draw: those that change any chosen measure, largest first (by the
    first measure, then the next)."""
    table = decomposition.contributions[[m.key for m in chosen]]
    moving = table[(table != 0).any(axis=1)]
    keys = [moving[m.key].abs() for m in chosen]
    order = np.lexsort([-k.to_numpy() for k in reversed(keys)]) if len(moving) else []
    return [moving.index[i] for i in order]


def label(mechanism: str) -> str:
    """A row label: the switch's description without its "(off: ...)" note, wrapped."""
    text = re.sub(r"\s*\(off:[^)]*\)", "", description(mechanism)).strip()
    return textwrap.fill(text[:1].upper() + text[1:], LABEL_WIDTH, break_on_hyphens=False)


def _figure(figure, decomposition: Decomposition, chosen: Sequence[Measure],
            rows: list[str]) -> None:
    axes = figure.subplots(1, len(chosen), sharey=True, squeeze=False)[0]
    for i, (ax, m) in enumerate(zip(axes, chosen, strict=True)):
        _panel(ax, decomposition, m, rows, labels=i == 0)
    d = decomposition
    figure.suptitle(
        f"Why {d.b.name} differs from {d.a.name}: each mechanism switched off in both\n"
        f"{d.a.population.size:,} people, {d.a.months} months from {d.a.start}, "
        f"{d.replicates} replicate{'s' * (d.replicates > 1)}, common seed {d.a.seed}",
        fontsize=20)
    notes = _notes(d, rows)
    if notes:
        figure.supxlabel(notes, fontsize=14, ha="center")


def _notes(d: Decomposition, rows: list[str]) -> str:
    """What the figure does not draw, and how to read the residual."""
    lines = ["A step is how much of B \u2212 A goes away when the mechanism is off in both "
             "(blue: it lowers the measure, orange: it raises it); the residual is what the "
             "steps do not add up to (mechanisms overlap)."]
    hidden = [n for n in d.contributions.index if n not in rows]
    if hidden:
        lines.append("No effect on this pair: " + ", ".join(hidden) + ".")
    off = [n for n, arms in d.already_off.items() if arms]
    if off:
        lines.append("Already off in a scenario file: " + ", ".join(
            f"{n} ({d.already_off[n]})" for n in off) + ".")
    return "\n".join(textwrap.fill(line, 160) for line in lines)


def _panel(ax, d: Decomposition, m: Measure, rows: list[str], labels: bool) -> None:
    """One measure's waterfall on ``ax``."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    start, end = float(d.total_a[m.key]), float(d.total_b[m.key])
    steps = [(label(n), float(d.contributions.at[n, m.key]), "step") for n in rows]
    steps.append(("Interaction residual\n(not one mechanism)", float(d.residual[m.key]),
                  "residual"))
    points = np.cumsum([start] + [value for _, value, _ in steps])
    low, high = float(points.min()), float(points.max())
    span = (high - low) or max(abs(start) * 0.01, 1.0)
    left_edge, right_edge = low - 0.45 * span, high + 0.45 * span
    names = [f"A: {d.a.name}", *(text for text, _, _ in steps), f"B: {d.b.name}"]
    y = np.arange(len(names))
    _total(ax, 0, start, left_edge, m)
    for i, ((_, value, kind), before) in enumerate(zip(steps, points[:-1], strict=True)):
        colour = (COLOURS["residual"] if kind == "residual"
                  else COLOURS["down"] if value < 0 else COLOURS["up"])
        ax.barh(y[i + 1], value, left=before, color=colour, height=0.6,
                hatch="//" if kind == "residual" else None, edgecolor="white")
        ax.text(max(before, before + value) + 0.02 * span, y[i + 1], _signed(value, m),
                va="center", ha="left", fontsize=14)
        ax.plot([before + value] * 2, [y[i + 1] + 0.3, y[i + 1] + 0.7], color="0.4",
                lw=1, ls=":")
    ax.plot([start] * 2, [0.3, 0.7], color="0.4", lw=1, ls=":")
    _total(ax, y[-1], end, left_edge, m)
    ax.set_xlim(left_edge, right_edge)
    if labels:
        ax.set_yticks(y, names)
    else:  # the rows are shared with the first panel, which labels them
        ax.tick_params(axis="y", labelleft=False)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_title(f"{m.label}\nB \u2212 A = {_signed(end - start, m)}")
    ax.set_xlabel(f"{m.unit}\n(axis does not start at zero)")
    ax.grid(axis="x", alpha=0.3)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))  # long numbers: few ticks
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.{_tick_decimals(span)}f}"))
    ax.tick_params(axis="y", length=0)


def _tick_decimals(span: float) -> int:
    """Decimals for x tick labels: enough to tell ticks about span/5 apart."""
    return max(0, -int(np.floor(np.log10(span / 5)))) if span < 5 else 0


def _total(ax, y: float, value: float, left_edge: float, m: Measure) -> None:
    ax.barh(y, value - left_edge, left=left_edge, color=COLOURS["total"], height=0.6)
    ax.text(value - 0.01 * abs(value - left_edge), y, f"{value:,.{m.decimals}f} ",
            va="center", ha="right", color="white", fontsize=14, fontweight="bold")


def _signed(value: float, m: Measure) -> str:
    """``+1,234`` / ``−5,678`` (a true minus sign); ``0`` when it rounds to zero."""
    rounded = round(value, m.decimals) + 0.0
    if rounded == 0:
        return "0"
    text = f"{abs(rounded):,.{m.decimals}f}"
    return f"+{text}" if rounded > 0 else f"{MINUS}{text}"
