"""A comparison's headlines with their parameter uncertainty: the same scenarios run
again over joint draws of every uncertain input (``healthsim compare --draws N``).

The replicates of a comparison measure chance only: every replicate runs on the same
(default) values of the behavioural parameters and structural choices, so a difference
that rests on one unsourced assumption is printed as if it were certain. Here every
scenario is run once more for each of N draws of the inputs (the same draws, plan and
executors as ``healthsim decide``: a Latin hypercube through each input's sourced prior,
``sim.decide``), on the same economy, seed and months as the comparison, and for every
measure of the comparison's table and every scenario against the first (and against
each scenario listed before it, for reports that rank every pair) it gives:

- the **90% interval over draws** of the paired difference (5th to 95th percentile of
  the per-draw differences), beside the comparison's Monte Carlo interval;
- **P(better)**: the share of draws in which the scenario beats the first on that
  measure (and P(worse); a draw with no difference is neither; measures with no better
  direction, e.g. referrals, have none);
- how many draws reverse the ranking, and in how many there is no difference at all
  (e.g. a model's new bodies never form under those inputs); where either happens,
  **the assumption that would flip it**:
  the input with the largest expected value of partial perfect information for the
  pair (``sim.decide.analysis.evppi``, the Strong-Oakley regression estimator, on the
  pair alone), and the PRIM box of inputs in which it flips when PRIM finds one.

Each draw runs one replicate by default (``DEFAULT_REPLICATES_PER_DRAW``), so the
spread over draws holds the inputs' uncertainty *and* chance; the Monte Carlo interval
printed beside it shows how much of it chance alone could be. With few draws the named
assumption is indicative, and the report says how many draws it rests on.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.compare.comparison import MEASURES, SOURCE_COLUMNS, replicate_totals
from sim.compare.defaults import DEFAULT_DRAWS
from sim.parameters import Parameters

DEFAULT_REPLICATES_PER_DRAW = 1
"""assumption: one replicate per draw -- the draws then cost as much as one comparison
of ``--draws`` replicates; chance stays in the spread and the comparison's own Monte
Carlo interval, printed beside it, shows its size."""
LOWER, HIGHER = "lower", "higher"
BETTER: dict[str, str] = {
    "emergency_admissions": LOWER, "emergency_admissions_per_1000": LOWER,
    "spend_total_gbp_m": LOWER, "qalys": HIGHER, "deaths": LOWER,
    "deaths_after_acute_events": LOWER, "deaths_from_cancer": LOWER,
    "cases_becoming_severe": LOWER, "cancers_diagnosed_late": LOWER,
    "cancer_referrals_withheld": LOWER, "referrals_needed_withheld": LOWER,
    "elective_weeks_waited": LOWER, "resource_cost_gbp_m": LOWER,
    "qalys_discounted": HIGHER, "nmb_20k_gbp_m": HIGHER, "nmb_30k_gbp_m": HIGHER,
}
"""Which way is better for each measure of ``sim.compare.comparison.MEASURES`` that has a
better direction. Spend minus budget, referrals and elective admissions have none: more
or fewer is not in itself better or worse."""
FLIP_MEASURES = ("emergency_admissions", "qalys_discounted", "resource_cost_gbp_m",
                 "nmb_20k_gbp_m", "nmb_30k_gbp_m")
"""The headline measures for which the assumption that would flip a ranking is named
(the EVPPI regressions cost a little time per measure)."""
INTERVAL = (0.05, 0.95)  # the 90% interval over draws
COLUMNS = ("measure", "label", "scenario", "reference", "draws", "replicates_per_draw",
           "median", "low", "high", "better", "p_better", "p_worse", "flips", "ties", "flip_input",
           "flip_meaning", "flip_box")


@dataclass(frozen=True)
class Uncertainty:
    """The comparison's differences over draws of the uncertain inputs.

    Attributes:
        table: one row per measure and pair of scenarios (``COLUMNS``): the difference
            ``scenario`` minus ``reference`` for each scenario and each listed before it.
        arms: the scenarios, in order (the first is the comparison's reference).
        draws: joint draws run; inputs: how many inputs each draw sets.
        replicates_per_draw: replicates of each scenario per draw.
        report: the files of the draws' decision report (``sim.decide.report``),
            by name, as bytes (written into the comparison's folder).
        seconds: wall-clock time of the draws' runs.
    """

    table: pd.DataFrame
    arms: list[str]
    draws: int
    inputs: int
    replicates_per_draw: int
    report: dict[str, bytes]
    seconds: float

    headline_measures = FLIP_MEASURES  # what reports show (they need not import this module)

    @staticmethod
    def sentence(row: pd.Series) -> str:
        """``flip_sentence``: how often the ranking reverses and what would flip it."""
        return flip_sentence(row)

    @staticmethod
    def decimals(measure: str) -> int:
        """The decimals a measure is shown to (``sim.compare.comparison.MEASURES``)."""
        return next(m.decimals for m in MEASURES if m.key == measure)

    @staticmethod
    def p_better_cell(row: pd.Series | None) -> str:
        """``p_better_text``: P(better) as a table cell."""
        return p_better_text(row)

    def row(self, measure: str, scenario: str, reference: str | None = None
            ) -> pd.Series | None:
        """One measure's row for ``scenario`` against ``reference`` (default: the
        first scenario); None when there is none (e.g. the reference itself)."""
        reference = reference or self.arms[0]
        rows = self.table[(self.table["measure"] == measure)
                          & (self.table["scenario"] == scenario)
                          & (self.table["reference"] == reference)]
        return None if rows.empty else rows.iloc[0]


def run_uncertainty(files: Sequence[Path], seed: int, draws: int = DEFAULT_DRAWS, *,
                    workers: int | None = None, progress: bool = True,
                    replicates_per_draw: int = DEFAULT_REPLICATES_PER_DRAW,
                    population: int | None = None, practices: int | None = None,
                    months: int | None = None) -> Uncertainty:
    """Run every scenario file under ``draws`` joint draws of the uncertain inputs (with
    ``seed``, on the economy and months the comparison ran: the files' own unless
    ``population``, ``practices`` or ``months`` change them, sized by the one rule of
    ``sim.inputs.sizing``) and tabulate the differences."""
    from sim.decide.plan import DecisionSettings, plan_decision
    from sim.decide.run import report_decision
    from sim.sweep.executors import LocalPool
    from sim.sweep.runner import run_sweep
    from sim.sweep.store import SweepStore

    plan = plan_decision(DecisionSettings(
        tuple(Path(f) for f in files), draws=draws, replicates=replicates_per_draw,
        population=population, practices=practices, months=months, seed=seed))
    arms = [arm.name for arm in plan.sweep.arms]
    with tempfile.TemporaryDirectory(prefix="healthsim-draws-") as folder:
        root = Path(folder) / "decision"
        outcome = run_sweep(plan.sweep, root, LocalPool(workers), progress=progress)
        if outcome.failed:
            from sim.errors import MachineError

            raise MachineError(f"{len(outcome.failed)} of the runs over draws of the "
                               f"uncertain inputs failed (first: {outcome.failed[0]}); "
                               "run with --draws 0 to skip them")
        runs = pd.read_parquet(SweepStore(root).runs, columns=[
            "arm", "row", "replicate", "date", *SOURCE_COLUMNS])
        report_decision(plan, root)
        report = {path.name: path.read_bytes()
                  for path in sorted((root / "report").iterdir())}
    totals = draw_totals(runs)
    table = summarise(totals, arms, plan.inputs, plan.draws, replicates_per_draw)
    return Uncertainty(table, arms, draws, len(plan.inputs), replicates_per_draw, report,
                       outcome.seconds)


def draw_totals(runs: pd.DataFrame) -> pd.DataFrame:
    """Per scenario and draw: each comparison measure's whole-run total (the mean over
    the draw's replicates), computed exactly as the comparison computes its own: each
    (draw, replicate) is given a replicate number of its own for ``replicate_totals``,
    from which the draw follows by integer division."""
    per_draw = int(runs["replicate"].max()) + 1
    runs = runs.sort_values(["arm", "row", "replicate", "date"], kind="stable")
    totals = replicate_totals(runs.assign(
        scenario=runs["arm"], replicate=runs["row"] * per_draw + runs["replicate"]
    ).drop(columns=["arm", "row", "date"]))
    totals["draw"] = totals["replicate"] // per_draw
    return totals.groupby(["scenario", "draw"], sort=True)[[m.key for m in MEASURES]].mean()


def summarise(totals: pd.DataFrame, arms: list[str], inputs, draws: pd.DataFrame,
              replicates_per_draw: int = DEFAULT_REPLICATES_PER_DRAW) -> pd.DataFrame:
    """The table of ``Uncertainty``: per measure and pair of scenarios (each against
    every scenario listed before it, so the first is everyone's reference)."""
    from sim.decide.inputs import unit_scores

    rows = []
    scores = unit_scores(inputs, draws)
    pairs = [(a, b) for i, a in enumerate(arms) for b in arms[i + 1:]]
    for reference, arm in pairs:
        paired = (totals.loc[arm] - totals.loc[reference]).dropna()
        for m in MEASURES:
            values = paired[m.key]
            better = BETTER.get(m.key, "")
            wins = (values < 0) if better == LOWER else (values > 0)
            losses = (values > 0) if better == LOWER else (values < 0)
            low, median, high = values.quantile([INTERVAL[0], 0.5, INTERVAL[1]])
            row = {"measure": m.key, "label": m.label, "scenario": arm,
                   "reference": reference, "draws": len(values),
                   "replicates_per_draw": replicates_per_draw, "median": median,
                   "low": low, "high": high, "better": better,
                   "p_better": float(wins.mean()) if better else math.nan,
                   "p_worse": float(losses.mean()) if better else math.nan,
                   "flips": _flips(values, better), "ties": int((values == 0).sum()),
                   "flip_input": "", "flip_meaning": "", "flip_box": ""}
            if m.key in FLIP_MEASURES and (row["flips"] > 0 or 0 < row["ties"] < len(values)):
                row.update(_flip(totals, [reference, arm], m.key, better,
                                 scores.loc[values.index]))
            rows.append(row)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _flips(values: pd.Series, better: str) -> int:
    """Draws in which the pair ranks the other way round from its mean difference
    (a difference of the opposite sign)."""
    if not better or values.empty:
        return 0
    return int((np.sign(values) == -np.sign(values.mean())).sum())


def _flip(totals: pd.DataFrame, pair: list[str], key: str, better: str,
          scores: pd.DataFrame) -> dict[str, str]:
    """The assumption that would flip the pair's ranking on ``key``, and PRIM's box, in
    words, of the draws in which the better-on-average scenario is not better (ties go
    to the first listed).

    Where some draws reverse the ranking, it is the input whose perfect knowledge is
    worth most to the choice (EVPPI of each input alone). Where none does but some tie,
    EVPPI is zero (knowing the inputs would not change the choice) and the question is
    what decides whether there is a difference at all: the input that best separates
    the tied draws from the others (``separating_input``)."""
    from sim.decide import analysis
    from sim.decide.report import box_words

    means = totals.loc[pair, [key]].copy()
    means.index = means.index.set_names(["arm", "draw"])
    sign = -1.0 if better == LOWER else 1.0
    means[key] = sign * means[key]
    singles = {name: [name] for name in scores.columns}
    values = analysis.evppi(means, scores, singles, key, pair[0])
    named = values[values["group"] != "all inputs"]
    box = analysis.discover_flip(means, scores, analysis.Measure(key, key, True), pair)
    words = box_words(box) if box is not None and box.limits else ""
    if not named.empty and named.iloc[0]["evppi"] > 0:
        name = str(named.iloc[0]["group"])
    else:
        table = means[key].unstack("arm")
        tied = (table[pair[1]] == table[pair[0]]).reindex(scores.index).to_numpy()
        if not 0 < tied.sum() < len(tied):
            return {}
        name = separating_input(scores, tied)
    return {"flip_input": name, "flip_meaning": _meaning(name), "flip_box": words}


def separating_input(scores: pd.DataFrame, flagged: np.ndarray) -> str:
    """The input whose values best separate the flagged draws from the others: the
    largest |AUC - 1/2| (the Mann-Whitney statistic scaled to 0-1: the chance that a
    flagged draw's value exceeds an unflagged one's). A structural choice counts once
    per option (is it this option or not), so choices and numbers are on one scale."""
    from sim.structure import Structure

    best, strength = "", -1.0
    for name in scores.columns:
        columns = ([(scores[name] == option).astype(float) for option in
                    sorted(scores[name].unique())] if name in Structure.model_fields
                   else [scores[name].astype(float)])
        for column in columns:
            separation = abs(_auc(column.to_numpy(), flagged) - 0.5)
            if separation > strength:
                best, strength = name, separation
    return best


def _auc(values: np.ndarray, flagged: np.ndarray) -> float:
    """P(a flagged draw's value > an unflagged one's), ties counting a half."""
    from scipy.stats import rankdata

    ranks = rankdata(values)
    n1, n0 = int(flagged.sum()), int((~flagged).sum())
    return (ranks[flagged].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def _meaning(name: str) -> str:
    """What an input is, in the words of its declaration."""
    from sim.structure import Structure

    return "structural choice" if name in Structure.model_fields else Parameters().unit(name)


def flip_sentence(row: pd.Series) -> str:
    """How often the pair's ranking reverses, and the assumption that would flip it (the
    input worth most to know; PRIM's box, often several inputs, is left to the table's
    ``flip_box`` column and the decision report, where it can be read at leisure)."""
    draws, flips, ties = int(row["draws"]), int(row["flips"]), int(row["ties"])
    if not row["better"]:
        return ""
    if ties == draws:
        return f"no difference at all in any of the {draws} draws"
    if flips == 0 and ties == 0:
        return f"the ranking holds in all {draws} draws"
    text = (f"the ranking reverses in {flips} of {draws} draws" if flips else
            f"the ranking never reverses in {draws} draws")
    if ties:
        text += f" and there is no difference at all in {ties} (they ran alike)"
    if row["flip_input"]:
        text += (f"; the assumption that matters most to it: {row['flip_input']} "
                 f"({row['flip_meaning']})")
    return text


def p_better_text(row: pd.Series) -> str:
    """``P(better) 81%`` style cell; empty where the measure has no better direction."""
    value = row["p_better"] if row is not None else math.nan
    return "" if value != value else f"{round(100 * value):.0f}%"


