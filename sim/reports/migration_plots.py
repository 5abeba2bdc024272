"""The migration report's figures: adoption curves, the headline outcomes, and the
organisations (deficits, GP engagement).

One colour per path (the comparison's palette); lines are the mean of replicates, with
a 5th-95th percentile band from ``sim.viz.spread.MIN_REPLICATES_FOR_BAND`` replicates,
else a thin line per replicate. Financial years on the time axes; paths in plain words
(``sim.labels``). Large type, for a projector.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from sim.labels import model_name  # noqa: E402
from sim.reports import migration_findings as findings  # noqa: E402
from sim.viz.comparison import PALETTE, STYLE  # noqa: E402
from sim.viz.dates import financial_year_axis  # noqa: E402
from sim.viz.spread import draw_spread, spread_words  # noqa: E402

# Who commissions, from the PCT through PBC to the new bodies; LCP stages darken as
# they climb (Paul Tol's "muted" and "sunset" schemes).
COVERAGE = (("pct", "PCT", "#BBBBBB"), ("pbc", "PBC cluster", "#44AA99"),
            ("fundholding", "fundholder", "#88CCEE"), ("consortia", "consortium", "#DDCC77"),
            ("outside", "outside organisation", "#999933"),
            ("lcp_stage_1", "LCP stage 1", "#FDB366"), ("lcp_stage_2", "LCP stage 2", "#F67E4B"),
            ("lcp_stage_3", "LCP stage 3", "#DD3D2D"), ("lcp_stage_4", "LCP stage 4", "#A50026"))


def colours(names: Sequence[str]) -> dict[str, str]:
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def plot_adoption(ts: pd.DataFrame, names: Sequence[str], path: Path) -> None:
    """One panel per path: the share of people under each kind of body, month by month."""
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(names), figsize=(6.5 * len(names), 5.5),
                                 sharey=True, constrained_layout=True, squeeze=False)
        for ax, name in zip(axes[0], names, strict=True):
            own = ts[ts["scenario"] == name]
            shares = pd.DataFrame({key: own[f"population_covered_{key}"] / own["population"]
                                   for key, _, _ in COVERAGE}).groupby(own["date"]).mean()
            used = [(key, label, colour) for key, label, colour in COVERAGE
                    if (shares[key] > 0).any()]
            ax.stackplot(shares.index, *[shares[key] for key, _, _ in used],
                         labels=[label for _, label, _ in used],
                         colors=[colour for _, _, colour in used], step="post")
            ax.set_title(model_name(name))
            ax.set_ylim(0, 1)
            ax.set_ylabel("share of registered people")
            financial_year_axis(ax, shares.index.min(), shares.index.max())
            ax.legend(loc="lower left", fontsize=11, framealpha=0.85)
        fig.suptitle("Adoption: who commissions for whom (mean of replicates)", fontsize=18)
        fig.savefig(path, dpi=90)
        plt.close(fig)


def _band(ax, table: pd.DataFrame, colour: str, label: str, thick: bool,
          fewest: int) -> None:
    """The mean of replicates (``table``: one column each) and their spread, drawn as
    for ``fewest`` replicates (the fewest any path has, which the title describes)."""
    mean = table.mean(axis=1)
    draw_spread(ax, table, colour, fewest=fewest)
    ax.plot(mean.index, mean.to_numpy(), color=colour, lw=4 if thick else 2.5,
            label=model_name(label))


def _replicates(ts: pd.DataFrame, names: Sequence[str]) -> int:
    """The fewest replicates any path has (what the spread can show for all)."""
    own = ts[ts["scenario"].isin(list(names))]
    return int(own.groupby("scenario")["replicate"].nunique().min())


def plot_outcomes(ts: pd.DataFrame, names: Sequence[str], path: Path) -> None:
    """Emergency admissions, cumulative differences from the first path, spend against
    allocation and QALYs."""
    palette, reference, fewest = colours(names), names[0], _replicates(ts, names)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(2, 2, figsize=(17, 11), constrained_layout=True)
        for i, name in enumerate(names):
            rate = findings.by_replicate(ts, name, "emergency_admissions_per_1000")
            _band(axes[0, 0], rate.rolling(12, min_periods=1).mean(), palette[name], name,
                  i == 0, fewest)
            over = (findings.by_replicate(ts, name, "spend_total")
                    - findings.by_replicate(ts, name, "budget_total")).cumsum() / 1e6
            _band(axes[1, 0], over, palette[name], name, i == 0, fewest)
            if name != reference:
                _band(axes[0, 1], findings.cumulative_difference(
                    ts, name, reference, "emergency_admissions"), palette[name], name, False,
                      fewest)
                _band(axes[1, 1], findings.cumulative_difference(
                    ts, name, reference, "qalys"), palette[name], name, False, fewest)
        for ax in (axes[0, 1], axes[1, 0], axes[1, 1]):
            ax.axhline(0, color="black", lw=1)
        words = model_name(reference)
        titles = (("Emergency admissions (12-month mean)", "per 1,000 people a year"),
                  (f"Cumulative emergency admissions minus {words}", "admissions"),
                  ("Cumulative spend minus allocation", "GBP million (+ = overspent)"),
                  (f"Cumulative QALYs minus {words}", "QALYs"))
        for ax, (title, unit) in zip(axes.flat, titles, strict=True):
            ax.set_title(title)
            ax.set_ylabel(unit)
            ax.grid(alpha=0.3)
            financial_year_axis(ax, ts["date"].min(), ts["date"].max())
        axes[0, 0].legend(loc="best")
        fig.suptitle("Outcomes and money: lines are the mean of replicates; "
                     f"{spread_words(fewest)}", fontsize=18)
        fig.savefig(path, dpi=90)
        plt.close(fig)


def plot_organisations(ts: pd.DataFrame, deficits: dict[str, pd.DataFrame],
                       names: Sequence[str], path: Path) -> None:
    """Organisations ending each year in deficit, and GP engagement."""
    palette, fewest = colours(names), _replicates(ts, names)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(17, 5.5), constrained_layout=True)
        width = 0.8 / len(names)
        for i, name in enumerate(names):
            table = deficits[name]
            count = table.sum(axis=1) if not table.empty else pd.Series(dtype=float)
            axes[0].bar(count.index + (i - (len(names) - 1) / 2) * width, count.to_numpy(),
                        width=width, color=palette[name], label=model_name(name))
            _band(axes[1], findings.by_replicate(ts, name, "gp_engagement_mean"),
                  palette[name], name, i == 0, fewest)
        axes[0].set_title("Organisations ending the year in deficit")
        axes[0].set_ylabel("commissioners, trusts and PCT (mean)")
        axes[0].set_xlabel("financial year ending in March of")
        axes[0].legend(loc="best")
        axes[1].set_title(f"GP engagement in commissioning ({spread_words(fewest)})")
        axes[1].set_ylabel("mean, 0-1")
        financial_year_axis(axes[1], ts["date"].min(), ts["date"].max())
        for ax in axes:
            ax.grid(alpha=0.3)
        fig.savefig(path, dpi=90)
        plt.close(fig)
