"""A budget-risk study: simulate large economies, then analyse holders of many sizes.

One large economy (default 1,000,000 people, the baseline rules) is simulated per
replicate, its people's yearly costs recorded (``sim.risk.panel``), and holders of
every size cut from it (``sim.risk.analysis``). Replicates are independent economies
(replicate r uses the model's random streams r and the risk streams r), run in worker
processes; the results do not depend on the number of workers.
"""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context

from tqdm import tqdm

from sim.inputs.sizing import economy_size
from sim.risk.analysis import AnalysisOptions, PanelAnalysis, analyse_panel, budget_years
from sim.risk.defaults import (
    DEFAULT_POPULATION,
    DEFAULT_REPLICATES,
    DEFAULT_SIZES,
    DEFAULT_YEARS,
    GROUPINGS,
)
from sim.risk.nested import nested_r_squared
from sim.risk.panel import LINES, months_for_years, simulate_panel
from sim.risk.settings import BudgetSettings
from sim.scenario import Scenario

HISTORY_YEARS = 2  # years before each budget year that budgets are set from
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass(frozen=True)
class RiskStudy:
    """Everything that decides a study's results."""

    population: int = DEFAULT_POPULATION
    years: int = DEFAULT_YEARS
    sizes: tuple[int, ...] = DEFAULT_SIZES
    replicates: int = DEFAULT_REPLICATES
    seed: int = 1
    groupings: tuple[str, ...] = GROUPINGS
    base: Scenario | None = None  # default: the built-in baseline (PCT, payment by results)
    settings: BudgetSettings = field(default_factory=BudgetSettings)
    holder_years_target: int = 2000  # per size, grouping and replicate

    @property
    def simulated_years(self) -> int:
        return self.settings.warmup_years + HISTORY_YEARS + self.years

    def scenario(self) -> Scenario:
        """The economy to simulate: the base scaled to ``population`` people.

        Practices follow every command's rule (``sim.inputs.sizing.economy_size``: lists
        stay the size of the base's, about 6,400, England's average). Acute trusts scale
        too, so each serves as many people as in the base; the rule is applied to the
        base with its trusts already scaled, so its floor of one practice per trust is
        this economy's (one trust and one practice at 5,000 people, not the base's two).
        """
        base = self.base or Scenario(name="risk", description="budget-risk study economy")
        per_trust = base.population.size / base.providers.acute_trusts
        providers = {"acute_trusts": max(1, round(self.population / per_trust))}
        # a reference read for its numbers only: model_copy, as with_overrides would
        # validate trusts against the base's practices, which this economy does not keep
        reference = base.model_copy(update={
            "providers": base.providers.model_copy(update=providers)})
        size = economy_size(reference, self.population)
        scenario = base.with_overrides("the risk study", seed=self.seed,
                                       population=size.overrides(), providers=providers)
        return scenario.with_overrides("the risk study",
                                       months=months_for_years(scenario, self.simulated_years))

    def analysis_options(self) -> AnalysisOptions:
        return AnalysisOptions(sizes=self.sizes, groupings=self.groupings,
                               holder_years_target=self.holder_years_target,
                               settings=self.settings)

    def steps_per_replicate(self) -> int:
        """Progress units: one per simulated month and one per analysed budget year and
        line."""
        return self.scenario().months + self.years * len(LINES)


@dataclass(frozen=True)
class ReplicateOutput:
    replicate: int
    analysis: PanelAnalysis  # every budget line's holders, accuracy and area forecast
    nested: list[dict]  # R-squared of nested predictor sets (sim.risk.nested)
    simulate_seconds: float
    analyse_seconds: float


def run_replicate(study: RiskStudy, replicate: int,
                  progress: Callable[[], None] | None = None) -> ReplicateOutput:
    """Simulate one economy and analyse its budget holders on every budget line."""
    started = time.perf_counter()
    panel = simulate_panel(study.scenario(), study.simulated_years, replicate, progress)
    simulated = time.perf_counter()
    options = study.analysis_options()
    by_line = [analyse_panel(panel, options, study.seed, replicate, progress, line)
               for line in LINES]
    analysis = PanelAnalysis(*(sum((getattr(a, part) for a in by_line), [])
                               for part in ("cells", "accuracy", "area")))
    nested = nested_r_squared(panel, budget_years(panel, study.settings))
    return ReplicateOutput(replicate, analysis, nested, simulated - started,
                           time.perf_counter() - simulated)


def default_workers(replicates: int) -> int:
    return max(1, min(replicates, os.cpu_count() or 1, 2))


def run_replicates(study: RiskStudy, workers: int | None = None,
                   progress: bool = False) -> list[ReplicateOutput]:
    """Every replicate of the study, in replicate order (``workers`` processes)."""
    workers = workers or default_workers(study.replicates)
    bar = tqdm(total=study.replicates * study.steps_per_replicate(), unit="step",
               desc="risk", disable=None if progress else True, leave=False)
    with bar:
        if workers == 1:
            return [run_replicate(study, r, bar.update) for r in range(study.replicates)]
        return _run_in_processes(study, workers, bar)


def _run_in_processes(study: RiskStudy, workers: int, bar: tqdm) -> list[ReplicateOutput]:
    """Fresh ("spawn") worker processes, each with single-threaded BLAS: the workers
    already fill the cores, and forking a process that has threads can deadlock."""
    context = get_context("spawn")
    with _environment(BLAS_THREAD_VARIABLES, "1"), context.Manager() as manager, \
            ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        ticks = manager.Queue()
        futures = [pool.submit(_run_in_worker, study, r, ticks)
                   for r in range(study.replicates)]
        pending = set(futures)
        while pending:
            _, pending = wait(pending, timeout=0.2)
            _drain(ticks, bar)
        _drain(ticks, bar)
        return [future.result() for future in futures]


@contextmanager
def _environment(names: tuple[str, ...], value: str):
    """Set environment variables (inherited by processes started inside), then restore."""
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update({name: value for name in names})
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def _run_in_worker(study: RiskStudy, replicate: int, ticks) -> ReplicateOutput:
    return run_replicate(study, replicate, lambda: ticks.put(1))


def _drain(ticks, bar: tqdm) -> None:
    count = 0
    while True:
        try:
            ticks.get_nowait()
        except queue.Empty:
            break
        count += 1
    if count:
        bar.update(count)

