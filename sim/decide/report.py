"""The decision report: tables, plots and paragraphs a researcher can paste.

Reads a finished (or partly finished) decision folder, computes every table with
``sim.decide.analysis`` and writes ``DIR/report/``: ``decision_report.md``,
``differences.csv``, ``p_best.csv``, ``evppi.csv``, ``flip_box.csv`` and the plots
``differences.png`` (distribution over draws of each paired difference),
``p_best.png``, ``evppi.png`` and ``flip_box.png``. Every file is written under a
temporary name and renamed into place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from sim.decide import analysis  # noqa: E402
from sim.decide.analysis import DECISION_MEASURES, MEASURES, FlipBox  # noqa: E402
from sim.decide.inputs import UncertainInput, unit_scores  # noqa: E402
from sim.labels import model_name  # noqa: E402
from sim.parameters import Parameters  # noqa: E402
from sim.runs.atomic import write_file_atomically  # noqa: E402
from sim.structure import Structure  # noqa: E402
from sim.viz.comparison import PALETTE  # noqa: E402

RUN_COLUMNS = ["arm", "row", "replicate", "date", *(m.key for m in MEASURES)]
REPORT_FILES = ("decision_report.md", "differences.csv", "p_best.csv", "evppi.csv",
                "flip_box.csv", "differences.png", "p_best.png", "evppi.png", "flip_box.png")
TOP_EVPPI = 12  # rows shown in the EVPPI table and plot


@dataclass(frozen=True)
class DecisionTables:
    arms: list[str]
    draws: int
    replicates: int
    differences: pd.DataFrame
    p_best: pd.DataFrame
    evppi: dict[str, pd.DataFrame]  # by decision measure
    flips: dict[str, FlipBox | None]  # by decision measure
    scores: pd.DataFrame
    notes: list[str]


def compute_tables(runs: pd.DataFrame, inputs: tuple[UncertainInput, ...],
                   draws: pd.DataFrame, arms: list[str], discount_rate: float,
                   expected_runs: int) -> DecisionTables:
    """Every table of the report from the runs' monthly series."""
    totals = analysis.run_totals(runs, discount_rate)
    complete = totals.groupby(["draw", "replicate"])["arm"].transform("nunique") == len(arms)
    totals = totals[complete]
    notes = []
    if len(totals) < expected_runs:
        notes.append(f"{expected_runs - len(totals)} of {expected_runs} runs are missing or "
                     "lack a partner arm; tables use the complete draws")
    means = analysis.draw_means(totals)
    used = sorted(totals["draw"].unique())
    scores = unit_scores(inputs, draws).loc[used]
    groups = analysis.input_groups(inputs)
    by_measure = {m.key: m for m in MEASURES}
    return DecisionTables(
        arms, len(used), int(totals["replicate"].nunique()),
        analysis.differences(totals, arms[0]), analysis.probability_best(means, arms),
        {key: analysis.evppi(means, scores, groups, key, arms[0]) for key in DECISION_MEASURES},
        {key: analysis.discover_flip(means, scores, by_measure[key], arms)
         for key in DECISION_MEASURES},
        scores, notes)


def write_report(tables: DecisionTables, inputs: tuple[UncertainInput, ...],
                 folder: Path, title: str) -> list[Path]:
    """Write every report file into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []

    def save_csv(name: str, frame: pd.DataFrame) -> None:
        written.append(write_file_atomically(folder / name,
                                             lambda p: frame.to_csv(p, index=False)))

    def save_plot(name: str, draw) -> None:
        def write(path: Path) -> None:
            fig = draw()
            fig.savefig(path, dpi=110, format="png")
            plt.close(fig)
        written.append(write_file_atomically(folder / name, write))

    save_csv("differences.csv", tables.differences)
    save_csv("p_best.csv", tables.p_best)
    save_csv("evppi.csv", pd.concat([frame.assign(measure=key)
                                     for key, frame in tables.evppi.items()]))
    save_csv("flip_box.csv", _flip_rows(tables))
    save_plot("differences.png", lambda: _plot_differences(tables))
    save_plot("p_best.png", lambda: _plot_p_best(tables))
    save_plot("evppi.png", lambda: _plot_evppi(tables))
    save_plot("flip_box.png", lambda: _plot_flip(tables))
    text = markdown(tables, inputs, title)
    written.append(write_file_atomically(folder / "decision_report.md",
                                         lambda p: p.write_text(text)))
    return written


# --- text -----------------------------------------------------------------------------------
def markdown(tables: DecisionTables, inputs: tuple[UncertainInput, ...], title: str) -> str:
    """The report as Markdown: paragraphs first, then the tables."""
    arms, reference = tables.arms, tables.arms[0]
    lines = [f"# Decision report: {title}", "",
             f"Arms: {', '.join(model_name(a) for a in arms)} (differences are against "
             f"{model_name(reference)}). "
             f"{tables.draws} joint draws of {len(inputs)} uncertain inputs (a Latin "
             f"hypercube through each input's prior), {tables.replicates} replicates each, "
             "with common random numbers. Money and QALYs are totals over the run, "
             "discounted at 3.5% a year (HM Treasury Green Book).", ""]
    lines += [*(f"Note: {note}." for note in tables.notes), ""] if tables.notes else []
    lines += ["## In brief", ""] + _headlines(tables) + [""]
    lines += ["## Differences", "", "Over the draws: median, 50% and 90% intervals of the "
              "draw means, the probability the arm is better than the reference, and the "
              "share of the difference's variance that the uncertain inputs explain (the "
              "rest is chance between replicates).", "",
              "| arm | measure | median | 50% interval | 90% interval | P(better) | "
              "share from inputs |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in tables.differences.itertuples():
        lines.append(f"| {row.arm} | {row.label} | {_num(row.median)} | "
                     f"{_num(row.q25)} to {_num(row.q75)} | {_num(row.q05)} to "
                     f"{_num(row.q95)} | {row.p_better:.0%} | {_share(row.share_from_inputs)} |")
    lines += ["", "## Which arm is best", "", "| measure | arm | P(best) | expected | "
              "expected regret |", "| --- | --- | --- | --- | --- |"]
    for row in tables.p_best.itertuples():
        lines.append(f"| {row.label} | {row.arm} | {row.p_best:.0%} | {_num(row.expected)} | "
                     f"{_num(row.expected_regret)} |")
    for key in DECISION_MEASURES:
        lines += ["", f"## What would flip it ({_threshold(key)})", ""] + _flip_text(
            tables.flips[key])
        lines += ["", f"## Which research is worth most ({_threshold(key)})", "",
                  "Expected value of partial perfect information (pounds over the run, "
                  "for this economy): what knowing the input(s) exactly would be worth to "
                  "the decision (Strong, Oakley and Brennan 2014 regression estimator).", "",
                  "| inputs | EVPPI (GBP) |", "| --- | --- |"]
        for row in tables.evppi[key].head(TOP_EVPPI).itertuples():
            lines.append(f"| {row.group} | {_num(row.evppi)} |")
    lines += ["", "## The uncertain inputs", "", "| input | prior | basis |",
              "| --- | --- | --- |"]
    lines += [f"| {item.name} | {item.describe()} | {item.basis or 'structural choice'} |"
              for item in inputs]
    lines += ["", "Plots: differences.png, p_best.png, evppi.png, flip_box.png. Tables: "
              "differences.csv, p_best.csv, evppi.csv, flip_box.csv.", ""]
    return "\n".join(lines)


def _headlines(tables: DecisionTables) -> list[str]:
    """One line per decision measure: which arm is most likely best (or that the draws
    split evenly, so none is), what perfect information is worth, what flips it."""
    lines = []
    for key in DECISION_MEASURES:
        rows = tables.p_best[tables.p_best["measure"] == key].sort_values(
            "p_best", ascending=False)
        top = rows.iloc[0]
        odds = ", ".join(f"{model_name(r.arm)} {r.p_best:.0%}" for r in rows.itertuples())
        flip = tables.flips[key]
        evppi = tables.evppi[key]
        named = evppi[evppi["group"] != "all inputs"].iloc[0]
        tied = len(rows) > 1 and rows.iloc[1].p_best == top.p_best
        text = (f"- At {_threshold(key)}: "
                + ("no arm is more likely best than another" if tied else
                   f"{model_name(top.arm)} is most likely best") + f" (P(best): {odds}).")
        if evppi.iloc[0].evppi > 0:
            text += (f" Perfect information on every input would be worth "
                     f"GBP {_num(evppi.iloc[0].evppi)}; the most valuable to learn is "
                     f"{named.group} (GBP {_num(named.evppi)}).")
        else:
            text += (" No draw changes the choice, so no research on these inputs would "
                     "change it (with these draws).")
        if flip is not None and flip.limits:
            text += f" The ranking flips {box_words(flip)}."
        lines.append(text)
    return lines


def _flip_text(flip: FlipBox | None) -> list[str]:
    if flip is None:
        return ["Another arm is best in every draw or PRIM found no box: nothing to "
                "discover."]
    if not flip.limits:
        return [f"{model_name(flip.preferred)} is best in {flip.draws - flip.flips} of "
                f"{flip.draws} draws: too few flips to find where they happen."]
    return [f"{model_name(flip.preferred)} is best on expected value, but another arm is "
            f"best in {flip.flips} of {flip.draws} draws. PRIM (ema_workbench) finds the box "
            f"{box_words(flip)}: it holds {flip.coverage:.0%} of the flipping draws, and "
            f"{flip.density:.0%} of the draws inside it flip."]


def box_words(flip: FlipBox) -> str:
    """The box in plain words: each input's meaning, then its range (a structural
    choice's range as the options it spans)."""
    parts = []
    for name, (low, high) in flip.limits.items():
        if name in Structure.model_fields:
            options = list(Structure.model_fields[name].json_schema_extra["options"])
            chosen = options[int(round(low)):int(round(high)) + 1]
            parts.append(f"{name} is {' or '.join(chosen)}")
        else:
            meaning = (f" ({Parameters().unit(name)})" if name in Parameters.model_fields
                       else "")
            parts.append(f"{name}{meaning} is between {_num(low)} and {_num(high)}")
    return "when " + "; and ".join(parts)


def _flip_rows(tables: DecisionTables) -> pd.DataFrame:
    rows = []
    for key, flip in tables.flips.items():
        for name, (low, high) in (flip.limits.items() if flip else []):
            rows.append({"measure": key, "preferred": flip.preferred, "input": name,
                         "low": low, "high": high, "coverage": flip.coverage,
                         "density": flip.density, "flips": flip.flips, "draws": flip.draws})
    return pd.DataFrame(rows, columns=["measure", "preferred", "input", "low", "high",
                                       "coverage", "density", "flips", "draws"])


def _threshold(key: str) -> str:
    return {"nmb_20k": "GBP 20,000 per QALY", "nmb_30k": "GBP 30,000 per QALY"}[key]


def _num(value: float) -> str:
    """Three significant figures (whole numbers from 100); ``0``, not ``-0``, for zero."""
    if value is None or not math.isfinite(value):
        return "n/a"
    value = float(value) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def _share(value: float) -> str:
    return "n/a" if not math.isfinite(value) else f"{value:.0%}"


# --- plots ----------------------------------------------------------------------------------
def _plot_differences(tables: DecisionTables):
    """Each measure's paired difference over the draws, one box per arm."""
    fig, axes = plt.subplots(1, len(MEASURES), figsize=(4.2 * len(MEASURES), 4.2),
                             constrained_layout=True)
    frame = tables.differences
    for ax, m in zip(axes, MEASURES, strict=True):
        rows = frame[frame["measure"] == m.key]
        for i, row in enumerate(rows.itertuples()):
            colour = PALETTE[(i + 1) % len(PALETTE)]
            ax.plot([i, i], [row.q05, row.q95], color=colour, lw=2)
            ax.plot([i, i], [row.q25, row.q75], color=colour, lw=8, solid_capstyle="butt")
            ax.plot(i, row.median, "o", color="white", mec=colour)
        ax.axhline(0, color="grey", lw=1)
        ax.set_xticks(range(len(rows)), [model_name(a) for a in rows["arm"]], rotation=20)
        ax.set_title(f"{m.label}\nminus {model_name(tables.arms[0])}", fontsize=10)
    fig.suptitle("Paired differences over the draws (bar: 50%, line: 90%, dot: median)")
    return fig


def _plot_p_best(tables: DecisionTables):
    fig, axes = plt.subplots(1, len(DECISION_MEASURES), figsize=(10, 4),
                             constrained_layout=True)
    for ax, key in zip(axes, DECISION_MEASURES, strict=True):
        rows = tables.p_best[tables.p_best["measure"] == key]
        ax.bar([model_name(a) for a in rows["arm"]], rows["p_best"],
               color=[PALETTE[i % len(PALETTE)] for i in range(len(rows))])
        ax.set_ylim(0, 1)
        ax.set_title(f"P(best) at {_threshold(key)}", fontsize=11)
    return fig


def _plot_evppi(tables: DecisionTables):
    fig, axes = plt.subplots(1, len(DECISION_MEASURES), figsize=(13, 5),
                             constrained_layout=True)
    for ax, key in zip(axes, DECISION_MEASURES, strict=True):
        rows = tables.evppi[key].head(TOP_EVPPI).iloc[::-1]
        ax.barh(rows["group"], rows["evppi"] / 1e3, color=PALETTE[0])
        ax.set_xlabel("GBP thousand over the run")
        ax.set_title(f"EVPPI at {_threshold(key)}", fontsize=11)
        ax.tick_params(axis="y", labelsize=8)
    return fig


def _plot_flip(tables: DecisionTables):
    """The flip box of the first decision measure on its two main inputs."""
    fig, ax = plt.subplots(figsize=(6, 5), constrained_layout=True)
    flip = tables.flips[DECISION_MEASURES[0]]
    if flip is None or not flip.limits:
        ax.text(0.5, 0.5, "no flip box to show", ha="center", va="center")
        ax.set_axis_off()
        return fig
    names = list(flip.limits)[:2]
    x = tables.scores[names[0]]
    y = tables.scores[names[1]] if len(names) > 1 else pd.Series(0.0, index=x.index)
    ax.scatter(x, y, s=12, color=PALETTE[0])
    (x0, x1) = flip.limits[names[0]]
    (y0, y1) = flip.limits[names[1]] if len(names) > 1 else (-0.5, 0.5)
    ax.add_patch(plt.Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, lw=2,
                               color=PALETTE[1]))
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1] if len(names) > 1 else "")
    ax.set_title(f"Where {model_name(flip.preferred)} stops being best "
                 f"({flip.density:.0%} of draws in the box flip)", fontsize=10)
    return fig
