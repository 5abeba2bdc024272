"""``summary.png``: a decade of headline monthly series, readable without the data.

Lines are the mean across replicates; shaded bands span the 5th to 95th percentile
of replicates (only with more than one replicate).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from sim.scenario import Scenario  # noqa: E402

SPEND_PANEL = (  # (column, label) stacked bottom to top
    ("spend_acute_emergency", "Emergency admissions"),
    ("spend_acute_elective", "Elective admissions"),
    ("spend_outpatient", "Outpatients"),
    ("spend_ae", "A&E"),
    ("spend_community", "Community"),
    ("spend_other", "Other secondary (block)"),
    ("spend_prescribing", "Prescribing"),
    ("spend_primary_care", "Primary care"),
    ("spend_management", "Management"),
)


def plot_summary(timeseries: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Draw the nine headline panels (activity, money, health) and save them as a PNG."""
    frame = timeseries.copy()
    per_1000_a_year = 12 * 1000.0 / frame["population"]
    frame["population_thousands"] = frame["population"] / 1000.0
    frame["qalys_per_1000"] = frame["qalys"] * per_1000_a_year
    frame["referrals_per_1000"] = frame["referrals"] * per_1000_a_year
    frame["deaths_per_1000"] = frame["deaths"] * per_1000_a_year
    frame["deaths_care_affects_per_1000"] = frame["deaths_care_affects"] * per_1000_a_year
    frame["referrals_needed_withheld_per_1000"] = (frame["referrals_needed_withheld"]
                                                   * per_1000_a_year)
    replicates = frame["replicate"].nunique()
    fig, axes = plt.subplots(3, 3, figsize=(16, 13), constrained_layout=True)
    _band(axes[0, 0], frame, "emergency_admissions_per_1000", "Emergency admissions",
          "per 1,000 people a year")
    _spend(axes[0, 1], frame)
    _band(axes[0, 2], frame, "referrals_per_1000", "GP referrals to outpatients",
          "per 1,000 people a year")
    _band(axes[1, 0], frame, "population_thousands", "Registered population", "thousands")
    _band(axes[1, 1], frame, "qalys_per_1000", "Health (QALYs)",
          "QALYs per 1,000 people a year")
    _band(axes[1, 2], frame, "elective_wait_weeks", "Elective wait (admitted patients)",
          "mean weeks waited")
    _band(axes[2, 0], frame, "deaths_per_1000", "Deaths", "per 1,000 people a year")
    _band(axes[2, 1], frame, "deaths_care_affects_per_1000",
          "Deaths care acts on (acute events, cancer)", "per 1,000 people a year")
    _band(axes[2, 2], frame, "referrals_needed_withheld_per_1000",
          "Needed GP referrals withheld", "per 1,000 people a year")
    model = scenario.commissioning.model
    fig.suptitle(f"{scenario.name}: {model} commissioning, {scenario.population.size:,} people, "
                 f"{scenario.population.practices} practices, {replicates} replicate(s)"
                 + (f"\n{scenario.description}" if scenario.description else ""), fontsize=13)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _band(ax, frame: pd.DataFrame, column: str, title: str, unit: str) -> None:
    by_date = frame.groupby("date")[column]
    mean = by_date.mean()
    ax.plot(mean.index, mean.to_numpy(), color="tab:blue", lw=1.2, label="monthly (mean)")
    if frame["replicate"].nunique() > 1:
        ax.fill_between(mean.index, by_date.quantile(0.05).to_numpy(),
                        by_date.quantile(0.95).to_numpy(), color="tab:blue", alpha=0.2,
                        label="5-95% of replicates")
    rolling = mean.rolling(12, min_periods=12).mean()
    ax.plot(rolling.index, rolling.to_numpy(), color="black", lw=2, label="12-month mean")
    _style(ax, title, unit)


def _spend(ax, frame: pd.DataFrame) -> None:
    mean = frame.groupby("date")[[c for c, _ in SPEND_PANEL] + ["budget_total"]].mean() / 1e6
    ax.stackplot(mean.index, *[mean[c].to_numpy() for c, _ in SPEND_PANEL],
                 labels=[label for _, label in SPEND_PANEL], alpha=0.85)
    ax.plot(mean.index, mean["budget_total"].to_numpy(), color="black", lw=2,
            label="Budget (allocation)")
    _style(ax, "Spend by category against budget", "GBP million a month")
    ax.set_ylim(0, mean["budget_total"].max() * 1.5)  # room for the legend above the stack
    ax.legend(fontsize=7, loc="upper left", ncols=3)


def _style(ax, title: str, unit: str) -> None:
    ax.set_title(title, fontsize=12)
    ax.set_ylabel(unit)
    ax.grid(alpha=0.3)
    if not ax.get_legend():
        ax.legend(fontsize=8, loc="best")
