"""Why B differs from A: the difference split by mechanism (``healthsim explain``).

Each mechanism of ``sim.mechanisms`` is switched off in turn **in both arms**, with
common random numbers. Per replicate r and measure:

    difference_r     = B_r - A_r
    contribution_m,r = difference_r - (B_r with m off - A_r with m off)
    residual_r       = difference_r - sum over m of contribution_m,r

and each is reported as its mean over replicates. A mechanism's contribution is how much
of the difference goes away without it. Mechanisms overlap (engaged practices need
engagement; specialists need partnerships), so contributions need not add up to the
difference: the **residual** is what they leave over (negative when they overlap and
together claim more than the whole). By construction
``A + sum of contributions + residual = B``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from sim.errors import UserError
from sim.explain.measures import MEASURE_KEYS, MEASURES
from sim.explain.runs import Known, run_all
from sim.explain.variants import ARMS, AS_GIVEN, description, prepare_pair, variants
from sim.mechanisms import MECHANISM_NAMES
from sim.scenario import Scenario
from sim.stats import mean_interval

DEFAULT_REPLICATES = 2
"""assumption: two replicates, the fewest that give an interval; with common random
numbers most noise cancels in each contribution, so more are seldom needed to rank
mechanisms (the interval in ``to_frame`` says when they are)."""

RUN_COLUMNS: tuple[str, ...] = ("arm", "switched_off", "replicate", *MEASURE_KEYS)
FRAME_COLUMNS: tuple[str, ...] = (
    "measure", "label", "unit", "step", "mechanism", "description", "already_off", "value",
    "sd", "low", "high", "share_of_difference", "replicates", "scenario_a", "scenario_b",
    "seed", "population", "months", "start")


@dataclass(frozen=True)
class Decomposition:
    """The difference B - A in each measure, split by mechanism.

    Attributes:
        a: scenario A as run (overrides applied).
        b: scenario B as run (overrides applied, on A's seed).
        own_seeds: the seeds the two scenarios had before B took A's.
        replicates: replicates of every variant (replicate r uses random streams r).
        runs: every run's totals (``RUN_COLUMNS``): the arm, the mechanism switched off
            (``""`` = the scenario as given), the replicate and one column per measure.
        distinct_scenarios: different scenarios among the variants (identical variants,
            e.g. a mechanism already off in a file, are run once); the simulations run
            are ``distinct_scenarios * replicates``.
        workers: processes used.
        seconds: wall-clock time of the runs.
    """

    a: Scenario
    b: Scenario
    own_seeds: tuple[int, int]
    replicates: int
    runs: pd.DataFrame
    distinct_scenarios: int
    workers: int
    seconds: float

    @property
    def simulations(self) -> int:
        """Model runs made."""
        return self.distinct_scenarios * self.replicates

    # --- per replicate -------------------------------------------------------------------
    def _values(self, arm: str, off: str = AS_GIVEN) -> np.ndarray:
        """(replicates x measures) totals of one variant, in replicate order."""
        rows = self.runs[(self.runs["arm"] == arm) & (self.runs["switched_off"] == off)]
        return rows.sort_values("replicate")[list(MEASURE_KEYS)].to_numpy(dtype=float)

    @cached_property
    def per_replicate(self) -> dict[str, np.ndarray]:
        """A, B, difference, each mechanism's contribution and the residual, per replicate
        (each a replicates x measures array; measures in ``MEASURE_KEYS`` order)."""
        a, b = self._values("A"), self._values("B")
        difference = b - a
        out = {"A": a, "B": b, "difference": difference}
        for name in MECHANISM_NAMES:
            out[name] = difference - (self._values("B", name) - self._values("A", name))
        out["residual"] = difference - sum(out[name] for name in MECHANISM_NAMES)
        return out

    def _mean(self, step: str) -> pd.Series:
        return pd.Series(self.per_replicate[step].mean(axis=0), index=list(MEASURE_KEYS))

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
    def contributions(self) -> pd.DataFrame:
        """One row per mechanism (``MECHANISM_NAMES`` order), one column per measure."""
        return pd.DataFrame([self._mean(name) for name in MECHANISM_NAMES],
                            index=pd.Index(MECHANISM_NAMES, name="mechanism"))

    @property
    def residual(self) -> pd.Series:
        """What the contributions leave of the difference (interactions)."""
        return self._mean("residual")

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

    def to_frame(self) -> pd.DataFrame:
        """The decomposition as a tidy table (``FRAME_COLUMNS``), one row per measure and
        step: A's total, each mechanism's contribution, the residual, the difference and
        B's total. ``sd``, ``low`` and ``high`` are the SD across replicates and the 95%
        t-interval of the mean (NaN with one replicate); ``share_of_difference`` is the
        step over the difference (NaN for the totals, or if the difference is 0)."""
        rows = []
        steps = [("A", "A", ""), *(("mechanism", name, name) for name in MECHANISM_NAMES),
                 ("residual", "residual", ""), ("difference", "difference", ""),
                 ("B", "B", "")]
        already = self.already_off
        for k, m in enumerate(MEASURES):
            whole = float(self.difference.iloc[k])
            for step, key, mechanism in steps:
                interval = mean_interval(self.per_replicate[key][:, k])
                rows.append({
                    "measure": m.key, "label": m.label, "unit": m.unit, "step": step,
                    "mechanism": mechanism,
                    "description": description(mechanism) if mechanism else _step_text(
                        step, self),
                    "already_off": already.get(mechanism, ""), "value": interval.mean,
                    "sd": interval.sd, "low": interval.low, "high": interval.high,
                    "share_of_difference": (interval.mean / whole if step not in ("A", "B")
                                            and whole != 0 else math.nan),
                    "replicates": self.replicates, "scenario_a": self.a.name,
                    "scenario_b": self.b.name, "seed": self.a.seed,
                    "population": self.a.population.size, "months": self.a.months,
                    "start": self.a.start})
        return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))


def _step_text(step: str, d: Decomposition) -> str:
    return {"A": f"scenario A: {d.a.name}", "B": f"scenario B: {d.b.name}",
            "residual": "interaction of mechanisms: the difference the contributions "
                        "do not add up to",
            "difference": f"B - A ({d.b.name} - {d.a.name})"}[step]


def decompose(a: Scenario, b: Scenario, replicates: int = DEFAULT_REPLICATES, *,
              population: int | None = None, months: int | None = None, workers: int = 1,
              progress: bool = True, sources: tuple[str, str] | None = None,
              known: Known | None = None) -> Decomposition:
    """Split B - A by mechanism: run both arms as given and with each mechanism off.

    Args:
        a, b: the two scenarios (B runs on A's seed: common random numbers).
        replicates: replicates of every variant.
        population: people in both (default: the scenarios' own size).
        months: months of both (default: the scenarios' own length).
        workers: processes to run on (results do not depend on it).
        progress: show a progress bar (on a terminal only).
        sources: how to name A and B in error messages (e.g. their files).
        known: run totals already at hand (``sim.explain.runs.run_all``), e.g. another
            decomposition's or a comparison's; the new runs are added to it.

    Raises:
        UserError: the pair cannot be compared, or a setting is out of range.
    """
    if replicates < 1:
        raise UserError(f"replicates must be at least 1 (got {replicates}).")
    if workers < 1:
        raise UserError(f"workers must be at least 1 (got {workers}).")
    run_a, run_b = prepare_pair(a, b, population=population, months=months, sources=sources)
    planned = variants(run_a, run_b)
    distinct = {v.key: v.scenario for v in planned}
    started = time.perf_counter()
    totals = run_all(distinct, replicates, workers=workers, progress=progress, known=known)
    seconds = time.perf_counter() - started
    rows = [{"arm": v.arm, "switched_off": v.switched_off, "replicate": r,
             **totals[(v.key, r)]} for v in planned for r in range(replicates)]
    return Decomposition(run_a, run_b, (a.seed, b.seed), replicates,
                         pd.DataFrame(rows, columns=list(RUN_COLUMNS)), len(distinct),
                         workers, seconds)
