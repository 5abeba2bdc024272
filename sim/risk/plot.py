"""``risk_by_size.png``: how budget risk falls with the size of the budget holder.

Four panels, holder size on a log axis, a grey line at 100,000 (the size seed 000
names): the spread of outturn against budget by method; the share of holder-years more
than 5% (solid) and 10% (dashed) off budget; the same share under each risk arrangement
(person-based budgets); and the spread with and without gaming.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

THRESHOLD = 100_000
METHOD_LABELS = {"historic": "historic spend", "capitation": "weighted capitation",
                 "person_based": "person-based", "paced": "pace of change (historic to "
                 "person-based)"}
ARRANGEMENT_LABELS = {"none": "none", "pool": "risk pool", "exclusion": "high-cost exclusion",
                      "corridor": "corridor with PCT", "carry_forward": "carry forward",
                      "failure": "carry forward + failure regime"}


def plot_risk_by_size(table: pd.DataFrame, power: pd.DataFrame, area: pd.DataFrame,
                      path: Path) -> None:
    """Draw the four panels and save them to ``path``: all hospital care, and in the
    first panel planned care alone as well (dotted)."""
    grouping = "practices" if "practices" in set(table.grouping) else table.grouping.iloc[0]
    elective = table[(table.line == "elective") & (table.grouping == grouping)
                     & (table.arrangement == "none") & (~table.gaming)]
    table = table[table.line == "hospital"]
    power = power[power.line == "hospital"]
    area = area[area.line == "hospital"]
    rows = table[table.grouping == grouping]
    plain = rows[(rows.arrangement == "none") & (~rows.gaming)]
    fig, axes = plt.subplots(2, 2, figsize=(13, 9.5), sharex=True)
    _spread(axes[0, 0], plain, table, area, elective)
    _outside(axes[0, 1], plain)
    _arrangements(axes[1, 0], rows[(rows.method == "person_based") & (~rows.gaming)])
    _gaming(axes[1, 1], rows[rows.arrangement == "none"])
    for ax in axes.ravel():
        ax.set_xscale("log")
        ax.axvline(THRESHOLD, color="0.6", lw=1, ls=":")
        ax.grid(alpha=0.3, which="both")
    for ax in axes[1]:
        ax.set_xlabel("budget holder's list size (people)")
    fig.suptitle(_title(power, grouping), fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _spread(ax, plain: pd.DataFrame, table: pd.DataFrame, area: pd.DataFrame,
            elective: pd.DataFrame) -> None:
    for i, (method, rows) in enumerate(plain.groupby("method", sort=False)):
        ax.plot(rows["size"], rows["sd_pct"], marker="o", color=f"C{i}",
                label=METHOD_LABELS.get(method, method))
        planned = elective[elective.method == method]
        if len(planned):
            ax.plot(planned["size"], planned["sd_pct"], marker=".", ls=":", color=f"C{i}",
                    label=f"{METHOD_LABELS.get(method, method)}, planned care alone")
    chance = table[(table.grouping == "random") & (table.method == "person_based")
                   & (table.arrangement == "none") & (~table.gaming)]
    if len(chance):
        ax.plot(chance["size"], chance["sd_pct"], color="k", ls="--",
                label="person-based, random people (chance only)")
    if len(area) > 1:
        ax.axhline(area["error_pct"].std(ddof=1), color="k", ls=":", lw=1,
                   label="area forecast error (shared by all)")
    ax.set_ylabel("SD of outturn against budget (% of budget)")
    ax.set_title("Spread of year-end outturn against budget (dotted: planned care alone)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)


def _outside(ax, plain: pd.DataFrame) -> None:
    for i, (method, rows) in enumerate(plain.groupby("method", sort=False)):
        colour = f"C{i}"
        ax.plot(rows["size"], rows["outside_5_pct"], marker="o", color=colour,
                label=METHOD_LABELS.get(method, method))
        ax.plot(rows["size"], rows["outside_10_pct"], marker=".", color=colour, ls="--")
    ax.set_ylabel("holder-years off budget (%)")
    ax.set_title("More than 5% (solid) or 10% (dashed) over or under budget")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)


def _arrangements(ax, rows: pd.DataFrame) -> None:
    for arrangement, group in rows.groupby("arrangement", sort=False):
        ax.plot(group["size"], group["outside_5_pct"], marker="o",
                label=ARRANGEMENT_LABELS.get(arrangement, arrangement))
    ax.set_ylabel("holder-years more than 5% off budget (%)")
    ax.set_title("Risk arrangements (person-based budgets; carried balances are cumulative)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)


def _gaming(ax, rows: pd.DataFrame) -> None:
    for i, method in enumerate(("historic", "person_based")):
        for gaming, style in ((False, "-"), (True, "--")):
            group = rows[(rows.method == method) & (rows.gaming == gaming)]
            label = f"{METHOD_LABELS[method]}{', practices game' if gaming else ''}"
            ax.plot(group["size"], group["sd_between_holders_pct"], marker="o", ls=style,
                    color=f"C{i}", label=label)
    ax.set_ylabel("SD between holders in a year (% of budget)")
    ax.set_title("Gaming: activity raised in the base year")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)


def _title(power: pd.DataFrame, grouping: str) -> str:
    def r2(level: str, method: str) -> str:
        row = power[(power.level == level) & (power.method == method) & (~power.gaming)]
        return f"{row['r2_mean'].iloc[0]:.2f}" if len(row) else "n/a"

    return (f"Budget risk by holder size (holders cut from {grouping}). Person-based model "
            f"R\u00b2: person {r2('person', 'person_based')}, practice "
            f"{r2('practice', 'person_based')}; capitation practice "
            f"{r2('practice', 'capitation')}; historic practice {r2('practice', 'historic')}")
