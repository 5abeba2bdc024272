"""The numbers of a decision: how the arms differ under uncertainty, which is likely
best, what would flip it, and which research would be worth most.

Pure functions of a table of outcomes (one row per arm, draw and replicate) and the
draws of the uncertain inputs, so each can be checked on data whose answer is known
(tests/test_decide.py plants a flip). Conventions:
- a *draw* is one joint value of every uncertain input; its outcome for an arm is the
  mean over replicates (chance averaged out as far as the replicates allow);
- differences are arm minus the reference (the first arm), paired by draw and
  replicate (common inputs, common random numbers);
- money is pounds over the run, discounted at the Green Book rate like ``compare``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.decide.inputs import UncertainInput
from sim.outcomes.value import discount_factors

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    higher_is_better: bool
    money: bool = False


MEASURES: tuple[Measure, ...] = (
    Measure("emergency_admissions", "emergency admissions", False),
    Measure("resource_cost", "resource cost, discounted (GBP)", False, money=True),
    Measure("deaths_care_affects", "deaths after an acute event or from cancer", False),
    Measure("qalys", "QALYs, discounted", True),
    Measure("nmb_20k", "net monetary benefit at GBP 20,000/QALY, discounted (GBP)", True,
            money=True),
    Measure("nmb_30k", "net monetary benefit at GBP 30,000/QALY, discounted (GBP)", True,
            money=True),
)
DECISION_MEASURES = ("nmb_20k", "nmb_30k")  # what "best" means for P(best) and EVPPI
KEYS = ["arm", "draw", "replicate"]
BOX_DENSITY = 0.9  # assumption: a flip box is one where 9 draws in 10 flip; of those, the widest


def run_totals(runs: pd.DataFrame, discount_rate: float) -> pd.DataFrame:
    """One row per run (arm, draw = design row, replicate): whole-run totals, money and
    QALYs discounted to the first month."""
    frame = runs.rename(columns={"row": "draw"}).sort_values([*KEYS, "date"])
    month = frame.groupby(KEYS, sort=False).cumcount().to_numpy()
    factor = discount_factors(month, discount_rate)
    frame = frame.assign(**{key: frame[key] * factor
                            for key in ("resource_cost", "qalys", "nmb_20k", "nmb_30k")})
    return frame.groupby(KEYS, sort=True)[[m.key for m in MEASURES]].sum().reset_index()


def draw_means(totals: pd.DataFrame) -> pd.DataFrame:
    """Per arm and draw: each measure averaged over its replicates."""
    return totals.groupby(["arm", "draw"], sort=True)[[m.key for m in MEASURES]].mean()


def differences(totals: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Per arm (not the reference) and measure: the distribution over draws of the
    paired difference, and how much of its variance the inputs explain rather than
    chance (between-draw variance of draw means, less the chance share of it, against
    the within-draw variance between replicates)."""
    paired = totals.set_index(KEYS)
    rows = []
    for arm in [a for a in totals["arm"].unique() if a != reference]:
        diff = (paired.loc[arm] - paired.loc[reference]).dropna()
        for m in MEASURES:
            values = diff[m.key]
            per_draw = values.groupby(level="draw").mean()
            reps = values.groupby(level="draw").size()
            chance = float(values.groupby(level="draw").var(ddof=1).mean()) \
                if reps.min() > 1 else math.nan
            between = float(per_draw.var(ddof=1)) if len(per_draw) > 1 else math.nan
            parameter = max(between - chance / reps.mean(), 0.0) if math.isfinite(chance) \
                else math.nan
            total = parameter + chance
            q = per_draw.quantile([0.05, 0.25, 0.5, 0.75, 0.95])
            rows.append({"arm": arm, "reference": reference, "measure": m.key,
                         "label": m.label, "draws": len(per_draw),
                         "mean": float(per_draw.mean()), "median": q[0.5],
                         "q05": q[0.05], "q25": q[0.25], "q75": q[0.75], "q95": q[0.95],
                         "p_better": float(np.mean(per_draw > 0) if m.higher_is_better
                                           else np.mean(per_draw < 0)),
                         "share_from_inputs": parameter / total if total > 0 else math.nan})
    return pd.DataFrame(rows)


def best_arms(means: pd.DataFrame, measure: Measure) -> pd.Series:
    """The best arm in each draw (ties go to the arm listed first)."""
    table = means[measure.key].unstack("arm")
    order = list(dict.fromkeys(means.index.get_level_values("arm")))
    table = table[order]
    return (table.idxmax(axis=1) if measure.higher_is_better else table.idxmin(axis=1))


def probability_best(means: pd.DataFrame, arms: list[str]) -> pd.DataFrame:
    """P(each arm is best) and its expected regret (the mean shortfall from the best arm
    of each draw), for every measure."""
    rows = []
    for m in MEASURES:
        table = means[m.key].unstack("arm")[arms]
        best = best_arms(means, m)
        ideal = table.max(axis=1) if m.higher_is_better else table.min(axis=1)
        for arm in arms:
            shortfall = (ideal - table[arm]) if m.higher_is_better else (table[arm] - ideal)
            rows.append({"measure": m.key, "label": m.label, "arm": arm,
                         "p_best": float(np.mean(best == arm)),
                         "expected": float(table[arm].mean()),
                         "expected_regret": float(shortfall.mean())})
    return pd.DataFrame(rows)


def evppi(means: pd.DataFrame, scores: pd.DataFrame, groups: dict[str, list[str]],
          measure: str, reference: str) -> pd.DataFrame:
    """Expected value of partial perfect information of each group of inputs, by
    regression (Strong, Oakley and Brennan, Medical Decision Making 2014): the
    incremental net benefit of each arm over the reference is regressed on the group's
    inputs (additive splines, ridge-penalised with the penalty chosen by
    cross-validation; choices one-hot), and EVPPI = mean over draws of the best fitted
    value (the reference's is 0) minus the best mean. Pounds over the run; it is at
    most the expected value of perfect information (EVPI, row ``all inputs``)."""
    table = means[measure].unstack("arm")
    arms = [a for a in table.columns if a != reference]
    incremental = table[arms].sub(table[reference], axis=0)
    best_now = max(0.0, float(incremental.mean().max()))
    evpi = float(np.maximum(incremental.max(axis=1), 0.0).mean()) - best_now
    rows = [{"group": "all inputs", "inputs": "every uncertain input", "evppi": evpi}]
    for group, names in groups.items():
        fitted = np.column_stack([_smooth(scores.loc[incremental.index, names],
                                          incremental[arm].to_numpy()) for arm in arms])
        value = float(np.maximum(fitted.max(axis=1), 0.0).mean()) - best_now
        rows.append({"group": group, "inputs": ", ".join(names),
                     "evppi": min(max(value, 0.0), max(evpi, 0.0))})
    return pd.DataFrame(rows).sort_values("evppi", ascending=False, ignore_index=True)


def _smooth(x: pd.DataFrame, y: np.ndarray) -> np.ndarray:
    """Fitted E[y | x]: additive cubic splines with a cross-validated ridge penalty
    (scikit-learn), a GAM-like smoother that stays stable with few draws. The same as
    ``make_pipeline(ColumnTransformer(...), RidgeCV(...))`` fitted and predicted on x,
    with the spline and one-hot columns of each x built once (``_design``): a
    comparison smooths every input against several measures and pairs."""
    from sklearn.linear_model import RidgeCV

    if len(y) < 4 or np.allclose(y, y[0]):
        return np.full(len(y), float(np.mean(y)))
    design = _design(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return RidgeCV(alphas=RIDGE_ALPHAS).fit(design, y).predict(design)


RIDGE_ALPHAS = np.logspace(-3, 3, 13)  # ridge penalties tried (assumption: 1e-3..1e3
# spans under- to over-smoothing of 16-200 draws on unit-scaled inputs)
_DESIGNS: dict[tuple, object] = {}  # x's fingerprint -> its design (``_design``)
DESIGNS_KEPT = 1024  # designs remembered before the cache starts again


def _design(x: pd.DataFrame):
    """The smoother's columns of x: cubic splines (4 knots) of each input with more than
    four values, one-hot columns of the others (structural choices). Remembered by x's
    content (column names, index and values), as it depends on nothing else."""
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, SplineTransformer

    key = (tuple(x.columns), tuple(x.dtypes.astype(str)),
           pd.util.hash_pandas_object(x, index=True).to_numpy().tobytes())
    if key not in _DESIGNS:
        discrete = [c for c in x.columns if x[c].nunique() <= 4]
        smooth = [c for c in x.columns if c not in discrete]
        parts = []
        if smooth:
            parts.append(("splines", SplineTransformer(n_knots=4, degree=3), smooth))
        if discrete:
            parts.append(("choices", OneHotEncoder(handle_unknown="ignore"), discrete))
        if len(_DESIGNS) >= DESIGNS_KEPT:
            _DESIGNS.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            design = ColumnTransformer(parts).fit_transform(x)
        if isinstance(design, np.ndarray):
            design.setflags(write=False)  # shared by every fit on x: none may change it
        _DESIGNS[key] = design
    return _DESIGNS[key]


@dataclass(frozen=True)
class FlipBox:
    """Where the ranking flips: a PRIM box over the inputs."""

    preferred: str  # the arm best on expected value
    flips: int  # draws in which another arm is best
    draws: int
    limits: dict[str, tuple[float, float]]  # restricted inputs: (low, high)
    coverage: float  # share of the flipping draws inside the box
    density: float  # share of the draws inside the box that flip


def discover_flip(means: pd.DataFrame, scores: pd.DataFrame, measure: Measure,
                  arms: list[str]) -> FlipBox | None:
    """Scenario discovery with PRIM (ema_workbench): the box of inputs in which an arm
    other than the one best on expected value is best. None when it never or always
    flips (nothing to discover) or PRIM finds no box."""
    table = means[measure.key].unstack("arm")[arms]
    preferred = (table.mean().idxmax() if measure.higher_is_better
                 else table.mean().idxmin())
    flips = (best_arms(means, measure) != preferred).reindex(scores.index).to_numpy()
    if flips.sum() < 2:
        return FlipBox(preferred, int(flips.sum()), len(flips), {}, math.nan, math.nan)
    if flips.all():
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim
        from ema_workbench.analysis.scenario_discovery_util import (
            _determine_restricted_dims,
        )

        finder = prim.Prim(scores.reset_index(drop=True), flips, peel_alpha=0.1)
        box = finder.find_box()
        if box is None:
            return None
        trajectory = box.peeling_trajectory
        good = trajectory[trajectory["density"] >= BOX_DENSITY]
        chosen = int(good["coverage"].idxmax()) if len(good) else \
            int(trajectory["density"].idxmax())
        box.select(chosen)
        limits = box.box_lims[chosen]
        restricted = _determine_restricted_dims(limits, finder.box_init)
    return FlipBox(preferred, int(flips.sum()), len(flips),
                   {name: (float(limits.loc[0, name]), float(limits.loc[1, name]))
                    for name in restricted},
                   float(trajectory.loc[chosen, "coverage"]),
                   float(trajectory.loc[chosen, "density"]))


def input_groups(inputs: tuple[UncertainInput, ...]) -> dict[str, list[str]]:
    """Inputs by group, and each input alone (so one assumption can be named)."""
    groups: dict[str, list[str]] = {}
    for item in inputs:
        groups.setdefault(f"group: {item.group}", []).append(item.name)
    singles = {item.name: [item.name] for item in inputs}
    multi = {k: v for k, v in groups.items() if len(v) > 1}
    return {**multi, **singles}

