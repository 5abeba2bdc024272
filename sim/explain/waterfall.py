"""The "why it changed" waterfall: from the base, one Shapley step per mechanism, to B - A.

One panel per measure, side by side, in the measure's difference B - A; rows read top to
bottom: the base (B - A with every credited mechanism off), each mechanism's Shapley
value (largest first, by the first panel's measure), the higher-order remainder
(approximate method only), B - A itself; then, apart and hatched, each precondition's
"B - A with it off in both arms", which is not a step and not part of the sum. Every
panel shares the rows, so a mechanism can be read across measures. Mechanisms that
change no measure are listed under the figure, not drawn. Large type and the Okabe-Ito
colours (readable by colour-blind viewers), for a projector.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sim.explain.decomposition import EXACT, Decomposition
from sim.explain.measures import MEASURE_KEYS, Measure, measure
from sim.explain.variants import description
from sim.labels import signed

LABEL_WIDTH = 44  # characters per line of a row label (at most three lines)
ROW_INCHES = 0.85  # height of a row: three lines of 15-point type
COLOURS = {"down": "#0072B2", "up": "#D55E00", "remainder": "#999999", "total": "#555555",
           "precondition": "#E69F00"}
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
        figure = Figure(figsize=(6 + 6.5 * len(chosen), 3.5 + ROW_INCHES * (
            len(rows) + 3 + len(decomposition.preconditions))),
                        layout="constrained")
        _figure(figure, decomposition, chosen, rows)
        figure.savefig(path_or_ax, dpi=100)
    return Path(path_or_ax)


def row_order(decomposition: Decomposition, chosen: Sequence[Measure]) -> list[str]:
    """Mechanisms to draw: those that change any chosen measure, largest first (by the
    first measure, then the next)."""
    table = decomposition.shapley[[m.key for m in chosen]]
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
    method = "exact" if d.method == EXACT else "approximate"
    figure.suptitle(
        f"Why {d.b.name} differs from {d.a.name}: {method} Shapley values "
        f"({d.plan.design_text})\n"
        f"{d.a.population.size:,} people, {d.a.months} months from {d.a.start}, "
        f"{d.replicates} replicate{'s' * (d.replicates > 1)}, common seed {d.a.seed}",
        fontsize=20)
    notes = _notes(d, rows)
    if notes:
        figure.supxlabel(notes, fontsize=14, ha="center")


def _notes(d: Decomposition, rows: list[str]) -> str:
    """How to read the steps, and what the figure does not draw."""
    lines = ["A step is a mechanism's Shapley value: its effect on B \u2212 A averaged over "
             "every order of switching the mechanisms on (blue: it lowers the measure, "
             "orange: it raises it); base + steps = B \u2212 A."]
    if d.preconditions:
        lines.append("Hatched, below the line and not in the sum: B \u2212 A with a "
                     "precondition (" + ", ".join(d.preconditions) + ") off in both arms; "
                     "the other mechanisms need it to act, so it is not credited.")
    hidden = [n for n in d.players if n not in rows]
    if hidden:
        lines.append("No effect on this pair: " + ", ".join(hidden) + ".")
    if d.not_players:
        lines.append("Off in both scenario files: " + ", ".join(d.not_players) + ".")
    return "\n".join(textwrap.fill(line, 160) for line in lines)


def _panel(ax, d: Decomposition, m: Measure, rows: list[str], labels: bool) -> None:
    """One measure's waterfall on ``ax``: base, the steps, B - A, then preconditions."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    start, end = float(d.base[m.key]), float(d.difference[m.key])
    steps = [(label(n), float(d.shapley.at[n, m.key]), "step") for n in rows]
    if d.method != EXACT:
        steps.append(("Higher-order remainder\n(approximate method)",
                      float(d.remainder[m.key]), "remainder"))
    apart = [(f"Precondition, not in the sum:\nB \u2212 A with {n} off",
              float(d.precondition_differences.at[n, m.key])) for n in d.preconditions]
    points = np.cumsum([start] + [value for _, value, _ in steps])
    ends = [0.0, *points, *(value for _, value in apart)]
    low, high = float(min(ends)), float(max(ends))
    span = (high - low) or max(abs(start) * 0.01, 1.0)
    left_edge, right_edge = low - 0.3 * span, high + 0.3 * span
    names = ["Base: B \u2212 A with every\nmechanism off", *(t for t, _, _ in steps),
             "B \u2212 A", *(t for t, _ in apart)]
    y = np.arange(len(names))
    _total(ax, 0, start, m, span)
    for i, ((_, value, kind), before) in enumerate(zip(steps, points[:-1], strict=True)):
        colour = (COLOURS["remainder"] if kind == "remainder"
                  else COLOURS["down"] if value < 0 else COLOURS["up"])
        ax.barh(y[i + 1], value, left=before, color=colour, height=0.6,
                hatch="//" if kind == "remainder" else None, edgecolor="white")
        ax.text(max(before, before + value) + 0.02 * span, y[i + 1], _signed(value, m),
                va="center", ha="left", fontsize=14)
        ax.plot([before + value] * 2, [y[i + 1] + 0.3, y[i + 1] + 0.7], color="0.4",
                lw=1, ls=":")
    ax.plot([start] * 2, [0.3, 0.7], color="0.4", lw=1, ls=":")
    last = len(steps) + 1
    _total(ax, y[last], end, m, span)
    for i, (_, value) in enumerate(apart):
        ax.barh(y[last + 1 + i], value, color="white", height=0.6, hatch="xx",
                edgecolor=COLOURS["precondition"])
        ax.text(max(0.0, value) + 0.02 * span, y[last + 1 + i], _signed(value, m),
                va="center", ha="left", fontsize=14)
    if apart:
        ax.axhline(last + 0.5, color="0.3", lw=1.5, ls="--")
    ax.axvline(0, color="0.3", lw=1)
    ax.set_xlim(left_edge, right_edge)
    if labels:
        ax.set_yticks(y, names)
    else:  # the rows are shared with the first panel, which labels them
        ax.tick_params(axis="y", labelleft=False)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_title(f"{m.label}\nB \u2212 A = {_signed(end, m)}")
    ax.set_xlabel(f"B \u2212 A, {m.unit}")
    ax.grid(axis="x", alpha=0.3)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))  # long numbers: few ticks
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.{_tick_decimals(span)}f}"))
    ax.tick_params(axis="y", length=0)


def _tick_decimals(span: float) -> int:
    """Decimals for x tick labels: enough to tell ticks about span/5 apart."""
    return max(0, -int(np.floor(np.log10(span / 5)))) if span < 5 else 0


def _total(ax, y: float, value: float, m: Measure, span: float) -> None:
    """A bar from zero: the base or B - A."""
    ax.barh(y, value, color=COLOURS["total"], height=0.6)
    ax.text(max(0.0, value) + 0.02 * span, y, _signed(value, m), va="center", ha="left",
            fontsize=14, fontweight="bold")


def _signed(value: float, m: Measure) -> str:
    """``sim.labels.signed`` with a true minus sign (``−5,678``), as typeset on a plot."""
    return signed(value, m.decimals).replace("-", MINUS)
