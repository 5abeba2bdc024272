"""The PNG figures of a sweep report, readable without the tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.labels import model_name
from sim.sweep.analysis import HEADLINE_SERIES, OUTCOMES
from sim.viz.dates import financial_year_axis
from sim.viz.spread import MIN_REPLICATES_FOR_BAND

SERIES_LABELS = {"emergency_admissions_per_1000": "emergency admissions per 1,000 a year",
                 "spend_total": "spend per month (GBP m)", "qalys": "QALYs per month"}
OUTCOME_LABELS = {"emergency_admissions_total": "emergency admissions (whole run)",
                  "spend_total_gbp": "spend, whole run (GBP m)",
                  "qalys_total": "QALYs (whole run)"}
SCALE = {"spend_total": 1e-6, "spend_total_gbp": 1e-6}
BAND_POINTS = 8  # more points than this: one median line per point, no bands
MAX_DIFFERENCES = 25


def _figure(panels: int, height: float = 3.4):
    import matplotlib

    matplotlib.use("Agg")  # files only; never needs a display
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(1, panels, figsize=(5.2 * panels, height), squeeze=False)
    return pyplot, figure, axes[0]


def plot_bands(bands: pd.DataFrame, path: Path) -> None:
    """Median and 5-95% band across replicates of each headline series, per point (a
    band only from MIN_REPLICATES_FOR_BAND replicates: from fewer it is just their range).
    """
    pyplot, figure, axes = _figure(len(HEADLINE_SERIES))
    arms = list(dict.fromkeys(bands["arm"]))
    colours = {arm: f"C{i % 10}" for i, arm in enumerate(arms)}
    few = bands["point"].nunique() <= BAND_POINTS
    replicates = int(bands["replicates"].min())
    banded = few and replicates >= MIN_REPLICATES_FOR_BAND
    for ax, series in zip(axes, HEADLINE_SERIES, strict=True):
        scale = SCALE.get(series, 1.0)
        for (point, arm), frame in bands[bands["series"] == series].groupby(["point", "arm"]):
            colour = f"C{point % 10}" if few else colours[arm]
            label = f"point {point} ({model_name(arm)})" if few else None
            ax.plot(frame["date"], frame["q50"] * scale, color=colour, lw=1.2 if few else 0.6,
                    alpha=1.0 if few else 0.35, label=label)
            if banded:
                ax.fill_between(frame["date"], frame["q05"] * scale, frame["q95"] * scale,
                                color=colour, alpha=0.15, lw=0)
        ax.set_title(SERIES_LABELS[series], fontsize=10)
        ax.tick_params(labelsize=8)
        financial_year_axis(ax, bands["date"].min(), bands["date"].max())
        ax.xaxis.label.set_fontsize(8)
    if not few:
        for arm, colour in colours.items():
            axes[0].plot([], [], color=colour, label=f"{model_name(arm)} (one line per point)")
    axes[0].legend(fontsize=7)
    figure.suptitle(_bands_title(few, banded, replicates), fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)


def _bands_title(few: bool, banded: bool, replicates: int) -> str:
    """What the bands figure shows, in words."""
    if banded:
        return f"Median across {replicates} replicates (shaded: middle 90%)"
    if few:
        return (f"Median across {replicates} replicate{'s' if replicates != 1 else ''} "
                f"(too few for a band: {MIN_REPLICATES_FOR_BAND} needed)")
    return "Median across replicates, each point (too many points for bands)"


def plot_differences(differences: pd.DataFrame, path: Path) -> None:
    """Paired differences with 95% intervals, one panel per outcome."""
    pyplot, figure, axes = _figure(len(OUTCOMES), height=0.8 + 0.28 * min(
        MAX_DIFFERENCES, max(1, differences["point"].nunique() if len(differences) else 1)))
    for ax, outcome in zip(axes, OUTCOMES, strict=True):
        frame = differences[differences["outcome"] == outcome].head(MAX_DIFFERENCES)
        scale = SCALE.get(outcome, 1.0)
        y = range(len(frame))
        ax.errorbar(frame["mean_difference"] * scale, list(y),
                    xerr=[(frame["mean_difference"] - frame["ci95_low"]) * scale,
                          (frame["ci95_high"] - frame["mean_difference"]) * scale],
                    fmt="o", ms=3, lw=1, capsize=2)
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_yticks(list(y), [f"{p} - {r}" for p, r in zip(frame["point"],
                                                             frame["reference_point"],
                                                             strict=True)], fontsize=7)
        ax.invert_yaxis()
        ax.set_title(OUTCOME_LABELS[outcome], fontsize=10)
        ax.tick_params(axis="x", labelsize=8)
    axes[0].set_ylabel("point - reference point", fontsize=8)
    figure.suptitle("Paired differences (same replicate = same random numbers), 95% interval",
                    fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)


def plot_sensitivity(indices: pd.DataFrame, path: Path) -> None:
    """Sobol (S1 and ST) or Morris (mu* and sigma) indices, one panel per outcome."""
    pyplot, figure, axes = _figure(len(OUTCOMES), height=3.6)
    sobol = "ST" in indices.columns
    first, second = ("S1", "ST") if sobol else ("mu_star", "sigma")
    arms = list(dict.fromkeys(indices["arm"]))
    for ax, outcome in zip(axes, OUTCOMES, strict=True):
        frame = indices[indices["outcome"] == outcome]
        scale = 1.0 if sobol else SCALE.get(outcome, 1.0)  # Morris effects carry units
        names = list(dict.fromkeys(frame["parameter"]))
        width = 0.8 / (2 * len(arms))
        for a, arm in enumerate(arms):
            rows = frame[frame["arm"] == arm].set_index("parameter").reindex(names)
            for k, column in enumerate((first, second)):
                offset = (2 * a + k) * width - 0.4 + width / 2
                ax.bar([i + offset for i in range(len(names))], rows[column] * scale, width,
                       label=f"{column} {model_name(arm)}", color=f"C{2 * a + k}")
        ax.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=7)
        ax.set_title(OUTCOME_LABELS[outcome], fontsize=10)
        ax.tick_params(axis="y", labelsize=8)
    axes[0].legend(fontsize=7)
    figure.suptitle("Sobol indices: first-order S1 and total ST" if sobol else
                    "Morris screening: mu* (mean |elementary effect|) and sigma", fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)
