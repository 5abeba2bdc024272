"""``comparison.png``: the headline series of several scenarios, side by side.

One colour per scenario (the Okabe-Ito palette, readable by colour-blind viewers); a
line for the mean across replicates and, around it, a shaded band from the 5th to the
95th percentile of replicates from ``sim.viz.spread.MIN_REPLICATES_FOR_BAND`` of them,
else a thin line per replicate. Financial years on the time axes, scenarios and models
in plain words (``sim.labels``). Large type and thick lines, for a projector.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from sim.viz.summary import YEAR_END_NOTE  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design"; black last.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
           "#000000")
# Commissioning models in the coverage strips: the PCT grey, the GP-led models from
# Paul Tol's "muted" scheme.
MODEL_COLOURS = {"pct": "#BBBBBB", "fundholding": "#88CCEE", "pbc": "#44AA99",
                 "consortia": "#DDCC77", "lcp": "#AA4499", "outside": "#999933"}
COVERED_KINDS = tuple(MODEL_COLOURS)  # pct, the four GP-led models, outside organisations
LEGEND_COLUMNS = 2  # models' names in words are long: two to a row fit a panel
STYLE = {"font.size": 14, "axes.titlesize": 17, "axes.labelsize": 14, "legend.fontsize": 12,
         "xtick.labelsize": 13, "ytick.labelsize": 13}


def plot_comparison(timeseries: pd.DataFrame, scenarios: Sequence[Scenario],
                    path: Path) -> None:
    """Draw nine headline panels, one colour per scenario, and save them as a PNG.

    ``timeseries`` is the stacked frame (a ``scenario`` column plus the time-series
    columns); ``scenarios`` gives the order and the titles.
    """
    fig = comparison_figure(timeseries, scenarios)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def comparison_figure(timeseries: pd.DataFrame, scenarios: Sequence[Scenario]):
    """The nine panels as a matplotlib Figure (the caller saves and closes it)."""
    frame = timeseries.copy()
    frame["qalys_per_1000"] = frame["qalys"] * 12 * 1000.0 / frame["population"]
    frame["spend_m"] = frame["spend_total"] / 1e6
    frame["budget_m"] = frame["budget_total"] / 1e6
    frame["deaths_care_affects_total"] = frame.groupby(
        ["scenario", "replicate"])["deaths_care_affects"].cumsum()
    frame["weeks_waited_thousands"] = frame["elective_weeks_waited"] / 1000.0
    frame["nmb_20k_m"] = frame["nmb_20k"] / 1e6
    colours = {s.name: PALETTE[i % len(PALETTE)] for i, s in enumerate(scenarios)}
    replicates = int(frame.groupby("scenario")["replicate"].nunique().min())
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(3, 3, figsize=(20, 16), constrained_layout=True)
        _bands(axes[0, 0], frame, colours, "emergency_admissions_per_1000")
        _style(axes[0, 0], "Emergency admissions", "per 1,000 people a year")
        _spend(axes[0, 1], frame, colours)
        _bands(axes[0, 2], frame, colours, "qalys_per_1000")
        _style(axes[0, 2], "Health (QALYs)", "QALYs per 1,000 people a year")
        _bands(axes[1, 0], frame, colours, "gp_engagement_mean")
        _style(axes[1, 0], "GP engagement in commissioning", "mean, 0-1")
        _coverage(axes[1, 1], frame, colours)
        _bands(axes[1, 2], frame, colours, "elective_wait_weeks")
        _style(axes[1, 2], "Elective wait (admitted patients)", "mean weeks waited")
        _bands(axes[2, 0], frame, colours, "deaths_care_affects_total")
        _style(axes[2, 0], "Deaths care acts on (acute events, cancer)", "since the start")
        _bands(axes[2, 1], frame, colours, "weeks_waited_thousands")
        _style(axes[2, 1], "Weeks on the elective list", "thousand weeks a month")
        _bands(axes[2, 2], frame, colours, "nmb_20k_m")
        _style(axes[2, 2], "Net monetary benefit at GBP 20,000/QALY",
               "GBP m a month (QALYs x 20,000 - resource cost)")
        start, end = frame["date"].min(), frame["date"].max()
        for ax in axes.flat:
            financial_year_axis(ax, start, end)
        handles = [Line2D([], [], color=colours[s.name], lw=5 if i == 0 else 3,
                          label=model_name(s.name)) for i, s in enumerate(scenarios)]
        handles.append(spread_handle(replicates, "grey", alpha=0.25, each=True))
        fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 7),
                   fontsize=16, frameon=False)
        first = scenarios[0]
        fig.suptitle(f"{' vs '.join(model_name(s.name) for s in scenarios)}\n"
                     f"{period_words(frame['date'])}, {first.population.size:,} people, "
                     f"{replicates} replicate{'s' if replicates != 1 else ''} each, common "
                     f"seed {first.seed}; lines are the mean of replicates", fontsize=18)
    return fig


def _bands(ax, frame: pd.DataFrame, colours: dict[str, str], column: str,
           linestyle="-") -> None:
    fewest = int(frame.groupby("scenario")["replicate"].nunique().min())
    for i, (name, colour) in enumerate(colours.items()):
        table = by_replicate(frame.loc[frame["scenario"] == name], column)
        mean = table.mean(axis=1)
        draw_spread(ax, table, colour, fewest=fewest)
        # the reference (first) is drawn thicker, so it shows where others lie on it
        ax.plot(mean.index, mean.to_numpy(), color=colour, lw=5 if i == 0 else 2.5,
                ls=linestyle, label=model_name(name))


def _spend(ax, frame: pd.DataFrame, colours: dict[str, str]) -> None:
    _bands(ax, frame, colours, "spend_m")
    _bands(ax, frame, colours, "budget_m", linestyle="--")
    title = "Spend (solid) against budget (dashed)"
    if frame["spend_incentives"].max() > 0:  # the year-end payments show as spikes: say why
        title += f"\n{YEAR_END_NOTE}"
    _style(ax, title, "GBP million a month")
    ax.legend(handles=[Line2D([], [], color="black", lw=2.5, label=column_label("spend_total")),
                       Line2D([], [], color="black", lw=2.5, ls="--",
                              label=column_label("budget_total"))],
              loc="best")


def _coverage(ax, frame: pd.DataFrame, colours: dict[str, str]) -> None:
    """Who commissions for whom: one strip per scenario, shaded by model.

    Each strip stacks the mean share of registered people covered by each model (the
    ``population_covered_<model>`` columns) month by month; colours here are models,
    and the strip's label has its scenario's colour.
    """
    names = list(colours)
    for row, name in enumerate(names):
        own = frame.loc[frame["scenario"] == name]
        shares = pd.DataFrame({m: own[f"population_covered_{m}"] / own["population"]
                               for m in COVERED_KINDS}).groupby(own["date"]).mean()
        bottom = len(names) - 1 - row  # first scenario on top
        lower = pd.Series(0.0, index=shares.index)
        for model in COVERED_KINDS:
            upper = lower + shares[model]
            if (shares[model] > 0).any():
                ax.fill_between(shares.index, bottom + 0.85 * lower.to_numpy(),
                                bottom + 0.85 * upper.to_numpy(), color=MODEL_COLOURS[model],
                                lw=0, step="post")
            lower = upper
    ax.set_yticks([len(names) - 1 - i + 0.425 for i in range(len(names))],
                  labels=[model_name(name) for name in names])
    for label, name in zip(ax.get_yticklabels(), names, strict=True):
        label.set_color(colours[name])
        label.set_fontweight("bold")
    used = [m for m in COVERED_KINDS
            if (frame[f"population_covered_{m}"] > 0).any()]
    rows = -(-len(used) // LEGEND_COLUMNS)
    ax.set_ylim(-0.1, len(names) + 0.6 * rows)  # headroom for the legend
    ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=MODEL_COLOURS[m],
                                     label=model_name(m))
                       for m in used], loc="upper center", ncols=LEGEND_COLUMNS, fontsize=12,
              handlelength=1.2, columnspacing=1.0, borderaxespad=0.2)
    ax.set_title("Population covered, by commissioning model")
    ax.set_xlabel("share of registered people (mean of replicates), strip = 100%",
                  fontsize=11)


def _style(ax, title: str, unit: str) -> None:
    ax.set_title(title)
    ax.set_ylabel(unit)
    ax.grid(alpha=0.3)
