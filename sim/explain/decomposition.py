"""Why B differs from A: a factorial decomposition by mechanism (``healthsim explain``).

**Players** are the mechanisms of ``sim.mechanisms`` switched on in at least one arm's
file, except preconditions (``Mechanism.precondition``: mechanisms the others need in
order to act at all, such as GPs' engagement responding to incentives). A coalition S of
players runs each arm with the players in S as in its file and the others off;
preconditions stay as in the files. With common random numbers (B on A's seed; replicate
r of every run uses random streams r), per replicate r and measure:

    delta_r(S) = B_r(S) - A_r(S)

**Exact method** (k <= ``FULL_FACTORIAL_LIMIT`` players): all 2^k coalitions are run.
Each player's Shapley value is its marginal effect on delta averaged over every order in
which the players could be switched on (``sim.explain.factorial.exact_shapley``), and

    base_r + sum of Shapley values_r = delta_r(all) = B_r - A_r   (to rounding)

where ``base`` = delta(no player on): the difference with every credited mechanism off.
**Approximate method** (more players): a regular fraction of resolution >= V; Shapley
values come from the fitted main-effects-plus-two-way-interactions model, and a
**higher-order remainder** = (B - A) - base - sum of Shapley values keeps the sum exact.

Also reported, not part of the sum: each player's **main effect** and each pair's
**two-way interaction** (+-1 coding, Yates's definition: half the change in one's main
effect when the other is switched on), and for each precondition the difference **with
it off in both arms** (one more pair of runs per replicate). Each is computed per
replicate and reported as its mean with the 95% t-interval across replicates
(``sim.stats.mean_interval``).

``Decomposition.to_frame()`` columns (``FRAME_COLUMNS``): ``measure``, ``label`` and
``unit`` of the measure; ``step`` (``A``, ``base``, ``shapley``, ``remainder``
(approximate method only), ``difference``, ``B``, ``precondition``, ``main_effect``,
``interaction``); ``mechanism`` (and ``interacting_with`` for an interaction);
``description``; ``method`` (``exact`` or ``approximate``); ``already_off`` (the arms
whose file has the mechanism off); ``value`` (mean over replicates), ``sd``, ``low``,
``high`` (95% interval; NaN with one replicate); ``share_of_difference`` (base, Shapley
and remainder steps over B - A; NaN elsewhere); then the run's settings. ``A`` + base +
Shapley steps + remainder = ``B``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

import numpy as np
import pandas as pd

from sim.errors import UserError
from sim.explain.defaults import DEFAULT_REPLICATES, FULL_FACTORIAL_LIMIT
from sim.explain.factorial import (
    effects,
    exact_shapley,
    fractional_design,
    full_design,
    model_shapley,
)
from sim.explain.measures import MEASURE_KEYS, MEASURES
from sim.explain.runs import Known, run_all
from sim.explain.variants import (
    ARMS,
    NO_COALITION,
    Variant,
    description,
    players,
    preconditions,
    prepare_pair,
    variants,
)
from sim.mechanisms import MECHANISM_NAMES
from sim.scenario import Scenario
from sim.stats import mean_interval

EXACT, APPROXIMATE = "exact", "approximate"

RUN_COLUMNS: tuple[str, ...] = ("arm", "coalition", "precondition_off", "replicate",
                                *MEASURE_KEYS)
FRAME_COLUMNS: tuple[str, ...] = (
    "measure", "label", "unit", "step", "mechanism", "interacting_with", "description",
    "method", "already_off", "value", "sd", "low", "high", "share_of_difference",
    "replicates", "scenario_a", "scenario_b", "seed", "population", "months", "start")
SUM_STEPS = ("base", "shapley", "remainder")  # the steps that add up to B - A


@dataclass(frozen=True)
class Plan:
    """What a decomposition will run, known before any run starts.

    Attributes:
        a, b: the scenarios as they will run (overrides applied, B on A's seed).
        players: mechanisms credited with a share (``variants.players``).
        preconditions: preconditions on in a file, each reported on its own.
        design: the coalitions of the factorial (masks over ``players``).
        method: ``EXACT`` (full factorial) or ``APPROXIMATE`` (fraction).
        variants: every (arm, coalition or precondition) scenario.
        replicates: replicates of every scenario.
    """

    a: Scenario
    b: Scenario
    players: tuple[str, ...]
    preconditions: tuple[str, ...]
    design: tuple[int, ...]
    method: str
    variants: tuple[Variant, ...]
    replicates: int

    @cached_property
    def distinct(self) -> dict[str, Scenario]:
        """The different scenarios among the variants (each run once), by key."""
        return {v.key: v.scenario for v in self.variants}

    @property
    def simulations(self) -> int:
        """Model runs planned (some may already be known)."""
        return len(self.distinct) * self.replicates

    @property
    def design_text(self) -> str:
        """The design in words: ``full 2^8 factorial`` or ``2^(10-3) fraction ...``."""
        k = len(self.players)
        if self.method == EXACT:
            return f"full 2^{k} factorial"
        m = round(math.log2(len(self.design)))
        return f"2^({k}-{k - m}) fraction of resolution >= V"

    @property
    def summary(self) -> str:
        """One sentence for the reader before the runs start."""
        extra = (f" + {len(self.preconditions)} precondition(s) off" if self.preconditions
                 else "")
        return (f"Planned: {self.simulations:,} runs ({len(self.distinct):,} distinct "
                f"scenarios x {self.replicates} replicate(s); {self.design_text} of "
                f"{len(self.players)} mechanism(s) in both arms{extra}).")


def plan_decomposition(a: Scenario, b: Scenario, replicates: int = DEFAULT_REPLICATES, *,
                       population: int | None = None, months: int | None = None,
                       sources: tuple[str, str] | None = None,
                       full_factorial_limit: int = FULL_FACTORIAL_LIMIT) -> Plan:
    """The runs ``decompose`` would make (cheap: no model is run).

    Raises:
        UserError: the pair cannot be compared, or a setting is out of range.
    """
    if replicates < 1:
        raise UserError(f"replicates must be at least 1 (got {replicates}).")
    run_a, run_b = prepare_pair(a, b, population=population, months=months, sources=sources)
    playing, conditions = players(run_a, run_b), preconditions(run_a, run_b)
    k = len(playing)
    if k <= full_factorial_limit:
        design, method = full_design(k), EXACT
    else:
        design, method = fractional_design(k), APPROXIMATE
    everyone = 2 ** k - 1  # the arms as given: always run (B - A itself)
    masks = sorted({*design.tolist(), 0, everyone})
    return Plan(run_a, run_b, playing, conditions, tuple(int(m) for m in design), method,
                tuple(variants(run_a, run_b, playing, masks, conditions)), replicates)


@dataclass(frozen=True)
class Decomposition:
    """The difference B - A in each measure, split by mechanism.

    Attributes:
        plan: what was run (scenarios, players, preconditions, design, method).
        own_seeds: the seeds the two scenarios had before B took A's.
        runs: every run's totals (``RUN_COLUMNS``): the arm, the coalition (mask over
            ``players``; -1 for a precondition run), the precondition switched off
            (``""`` if none), the replicate and one column per measure.
        workers: processes used.
        seconds: wall-clock time of the runs.
    """

    plan: Plan
    own_seeds: tuple[int, int]
    runs: pd.DataFrame
    workers: int
    seconds: float

    # --- what was run --------------------------------------------------------------------
    @property
    def a(self) -> Scenario:
        return self.plan.a

    @property
    def b(self) -> Scenario:
        return self.plan.b

    @property
    def replicates(self) -> int:
        return self.plan.replicates

    @property
    def players(self) -> tuple[str, ...]:
        return self.plan.players

    @property
    def preconditions(self) -> tuple[str, ...]:
        return self.plan.preconditions

    @property
    def method(self) -> str:
        return self.plan.method

    @property
    def distinct_scenarios(self) -> int:
        """Different scenarios run (identical variants are run once)."""
        return len(self.plan.distinct)

    @property
    def simulations(self) -> int:
        """Model runs made (or found already known)."""
        return self.plan.simulations

    @property
    def not_players(self) -> tuple[str, ...]:
        """Mechanisms off in both files: nothing to credit them with."""
        return tuple(n for n in MECHANISM_NAMES
                     if n not in self.players and n not in self.preconditions)

    # --- per replicate -------------------------------------------------------------------
    @cached_property
    def _table(self) -> dict[tuple[str, int, str], np.ndarray]:
        """(replicates x measures) totals of each (arm, coalition, precondition off)."""
        ordered = self.runs.sort_values("replicate", kind="stable")
        return {key: group[list(MEASURE_KEYS)].to_numpy(dtype=float)
                for key, group in ordered.groupby(["arm", "coalition", "precondition_off"],
                                                  sort=False)}

    def delta(self, coalition: int, precondition_off: str = "") -> np.ndarray:
        """B - A per replicate (replicates x measures) for one coalition of players."""
        return (self._table[("B", coalition, precondition_off)]
                - self._table[("A", coalition, precondition_off)])

    @cached_property
    def per_replicate(self) -> dict[str, np.ndarray]:
        """Every step per replicate, each a replicates x measures array (measures in
        ``MEASURE_KEYS`` order): ``A``, ``B``, ``difference``, ``base``, each player's
        Shapley value (by name), ``remainder`` (approximate method), each precondition
        (``precondition:<name>``), main effects (``main:<name>``) and interactions
        (``interaction:<i>:<j>``)."""
        k, everyone = len(self.players), 2 ** len(self.players) - 1
        masks = np.array(self.plan.design, dtype=np.int64)
        table = np.stack([self.delta(int(m)) for m in masks])
        out = {"A": self._table[("A", everyone, "")], "B": self._table[("B", everyone, "")],
               "difference": self.delta(everyone), "base": self.delta(0)}
        phi = (exact_shapley(table, k) if self.method == EXACT
               else model_shapley(masks, table, k))
        out.update(zip(self.players, phi, strict=True))
        if self.method == APPROXIMATE:
            out["remainder"] = out["difference"] - out["base"] - phi.sum(axis=0)
        for name in self.preconditions:
            out[f"precondition:{name}"] = self.delta(NO_COALITION, name)
        mains, two_way, pairs = effects(masks, table, k)
        out.update({f"main:{n}": v for n, v in zip(self.players, mains, strict=True)})
        for (i, j), value in zip(pairs, two_way, strict=True):
            out[f"interaction:{self.players[i]}:{self.players[j]}"] = value
        return out

    def _mean(self, step: str) -> pd.Series:
        return pd.Series(self.per_replicate[step].mean(axis=0), index=list(MEASURE_KEYS))

    def _table_of(self, keys: list[str], names: list[str], index: str) -> pd.DataFrame:
        rows = [self._mean(key) for key in keys]
        return pd.DataFrame(rows, index=pd.Index(names, name=index),
                            columns=list(MEASURE_KEYS)) if rows else pd.DataFrame(
            columns=list(MEASURE_KEYS), index=pd.Index([], name=index), dtype=float)

    # --- the answer ----------------------------------------------------------------------
    @property
    def total_a(self) -> pd.Series:
        """A's whole-run total of each measure (mean over replicates)."""
        return self._mean("A")

    @property
    def total_b(self) -> pd.Series:
        return self._mean("B")

    @property
    def difference(self) -> pd.Series:
        """B - A, paired by replicate (mean over replicates)."""
        return self._mean("difference")

    @property
    def base(self) -> pd.Series:
        """B - A with every player off (preconditions as in the files)."""
        return self._mean("base")

    @property
    def shapley(self) -> pd.DataFrame:
        """Each player's Shapley value: one row per player, one column per measure."""
        return self._table_of(list(self.players), list(self.players), "mechanism")

    @property
    def remainder(self) -> pd.Series:
        """Higher-order remainder (approximate method; exactly 0 with the exact one)."""
        if self.method == EXACT:
            return pd.Series(0.0, index=list(MEASURE_KEYS))
        return self._mean("remainder")

    @property
    def precondition_differences(self) -> pd.DataFrame:
        """B - A with each precondition off in both arms (not part of the sum)."""
        return self._table_of([f"precondition:{n}" for n in self.preconditions],
                              list(self.preconditions), "precondition")

    @property
    def main_effects(self) -> pd.DataFrame:
        return self._table_of([f"main:{n}" for n in self.players], list(self.players),
                              "mechanism")

    @property
    def interactions(self) -> pd.DataFrame:
        """Two-way interactions, indexed ``"i × j"`` (Yates's definition)."""
        pairs = list(combinations(self.players, 2))
        return self._table_of([f"interaction:{i}:{j}" for i, j in pairs],
                              [interaction_name(i, j) for i, j in pairs], "interaction")

    @property
    def already_off(self) -> dict[str, str]:
        """For each mechanism: the arms whose scenario file already has it off
        (``""``, ``"A"``, ``"B"`` or ``"both"``)."""
        out = {}
        for name in MECHANISM_NAMES:
            off = [arm for arm, s in zip(ARMS, (self.a, self.b), strict=True)
                   if not getattr(s.mechanisms, name)]
            out[name] = "both" if len(off) == 2 else "".join(off)
        return out

    def steps(self) -> list[tuple[str, str, str, str]]:
        """(step, per_replicate key, mechanism, interacting_with) in frame order."""
        out = [("A", "A", "", ""), ("base", "base", "", "")]
        out += [("shapley", n, n, "") for n in self.players]
        if self.method == APPROXIMATE:
            out.append(("remainder", "remainder", "", ""))
        out += [("difference", "difference", "", ""), ("B", "B", "", "")]
        out += [("precondition", f"precondition:{n}", n, "") for n in self.preconditions]
        out += [("main_effect", f"main:{n}", n, "") for n in self.players]
        out += [("interaction", f"interaction:{i}:{j}", i, j)
                for i, j in combinations(self.players, 2)]
        return out

    def to_frame(self) -> pd.DataFrame:
        """The decomposition as a tidy table (``FRAME_COLUMNS``, described in the module
        docstring), one row per measure and step."""
        rows = []
        already = self.already_off
        steps = self.steps()
        for k, m in enumerate(MEASURES):
            whole = float(self.difference.iloc[k])
            for step, key, mechanism, other in steps:
                interval = mean_interval(self.per_replicate[key][:, k])
                rows.append({
                    "measure": m.key, "label": m.label, "unit": m.unit, "step": step,
                    "mechanism": mechanism, "interacting_with": other,
                    "description": step_text(self, step, mechanism, other),
                    "method": self.method, "already_off": already.get(mechanism, ""),
                    "value": interval.mean, "sd": interval.sd, "low": interval.low,
                    "high": interval.high,
                    "share_of_difference": (interval.mean / whole if step in SUM_STEPS
                                            and whole != 0 else math.nan),
                    "replicates": self.replicates, "scenario_a": self.a.name,
                    "scenario_b": self.b.name, "seed": self.a.seed,
                    "population": self.a.population.size, "months": self.a.months,
                    "start": self.a.start})
        return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))


def interaction_name(i: str, j: str) -> str:
    """How an interaction is named in tables: ``block_contracts × pbr_drift``."""
    return f"{i} \u00d7 {j}"


def step_text(d: Decomposition, step: str, mechanism: str = "", other: str = "") -> str:
    """What a row of ``to_frame`` is, in words."""
    if step == "shapley":
        return description(mechanism)
    if step == "precondition":
        return (f"B - A with {mechanism} off in both arms (a precondition: shown, not "
                "credited, not part of the sum)")
    if step == "main_effect":
        return (f"main effect of {mechanism}: mean B - A with it on minus with it off, "
                "over the design")
    if step == "interaction":
        return (f"{interaction_name(mechanism, other)}: half the change in {mechanism}'s "
                f"main effect when {other} is on (Yates)")
    return {"A": f"scenario A: {d.a.name}", "B": f"scenario B: {d.b.name}",
            "base": "B - A with every credited mechanism off (preconditions as in the "
                    "files)",
            "remainder": "higher-order remainder: interactions of three or more mechanisms "
                         "the two-way model leaves out (approximate method)",
            "difference": f"B - A ({d.b.name} - {d.a.name})"}[step]


def decompose(a: Scenario, b: Scenario, replicates: int = DEFAULT_REPLICATES, *,
              population: int | None = None, months: int | None = None, workers: int = 1,
              progress: bool = True, sources: tuple[str, str] | None = None,
              known: Known | None = None,
              full_factorial_limit: int = FULL_FACTORIAL_LIMIT,
              announce: Callable[[Plan], None] | None = None) -> Decomposition:
    """Split B - A by mechanism: run both arms in every coalition of the design.

    Args:
        a, b: the two scenarios (B runs on A's seed: common random numbers).
        replicates: replicates of every scenario.
        population: people in both (default: the scenarios' own size).
        months: months of both (default: the scenarios' own length).
        workers: processes to run on (results do not depend on it).
        progress: show a progress bar (on a terminal only).
        sources: how to name A and B in error messages (e.g. their files).
        known: run totals already at hand (``sim.explain.runs.run_all``), e.g. another
            decomposition's or a comparison's; the new runs are added to it.
        full_factorial_limit: most players for the full factorial (exact Shapley);
            more take the resolution V fraction (approximate).
        announce: called with the ``Plan`` before any run starts (e.g. to print it).

    Raises:
        UserError: the pair cannot be compared, or a setting is out of range.
    """
    if workers < 1:
        raise UserError(f"workers must be at least 1 (got {workers}).")
    plan = plan_decomposition(a, b, replicates, population=population, months=months,
                              sources=sources, full_factorial_limit=full_factorial_limit)
    if announce is not None:
        announce(plan)
    started = time.perf_counter()
    totals = run_all(plan.distinct, replicates, workers=workers, progress=progress,
                     known=known)
    seconds = time.perf_counter() - started
    rows = [{"arm": v.arm, "coalition": v.coalition, "precondition_off": v.precondition_off,
             "replicate": r, **totals[(v.key, r)]}
            for v in plan.variants for r in range(replicates)]
    return Decomposition(plan, (a.seed, b.seed), pd.DataFrame(rows, columns=list(RUN_COLUMNS)),
                         workers, seconds)
