"""Comparing scenarios on the same simulated economy: ``healthsim compare``.

Every scenario runs with the seed of the first, so replicate r of each shares random
streams r (common random numbers, ``sim/streams.py``): where their rules agree they
draw the same numbers, and their difference is the policy, not noise. Differences from
the first scenario are therefore taken replicate by replicate (paired) and summarised
by their mean and a 95% t-interval.

The printed table is ``sim.compare.table``, the folder written ``sim.compare.files``,
the intervals ``sim.stats``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from sim.compare.defaults import DEFAULT_REPLICATES
from sim.errors import UserError
from sim.outcomes.value import discount_factors
from sim.parameters import Parameters
from sim.people.conditions import CONDITIONS
from sim.runs.replicates import run_replicates
from sim.runs.run import RunOutput, combine_replicates
from sim.scenario import Scenario
from sim.stats import paired_difference, t_quantile

COMPARISON_FILES = ("comparison.parquet", "comparison.png", "comparison.csv")
"""The files a comparison writes beside its run folders."""
UNCERTAINTY_FILES = ("uncertainty.csv", "uncertainty")
"""Written beside them when the comparison runs draws of the uncertain inputs
(``sim.compare.uncertainty``): the table, and the folder of the draws' decision report.
No scenario may take the name of any of these."""


@dataclass(frozen=True)
class Measure:
    """One row of the totals table: a whole-run total of one replicate's time series."""

    key: str
    label: str
    decimals: int  # shown in the printed table


MEASURES: tuple[Measure, ...] = (
    Measure("emergency_admissions", "Emergency admissions", 0),
    Measure("emergency_admissions_per_1000", "Emergency admissions per 1,000 a year", 1),
    Measure("spend_total_gbp_m", "Total spend (GBP m)", 1),
    Measure("spend_over_budget_gbp_m", "Spend minus budget (GBP m, + = over)", 1),
    Measure("qalys", "QALYs", 0),
    Measure("deaths", "Deaths", 0),
    Measure("deaths_after_acute_events", "Deaths within 30 days of an acute event", 0),
    Measure("deaths_from_cancer", "Deaths from cancer", 0),
    Measure("cases_becoming_severe", "Cases of a named condition becoming severe", 0),
    Measure("cancers_diagnosed_late", "Cancers found at a late stage", 0),
    Measure("cancer_referrals_withheld", "Urgent cancer referrals withheld", 0),
    Measure("referrals", "GP referrals", 0),
    Measure("referrals_needed_withheld", "Needed GP referrals withheld", 0),
    Measure("elective_admissions", "Elective admissions", 0),
    Measure("elective_weeks_waited", "Weeks waited on the elective list", 0),
    Measure("resource_cost_gbp_m", "Resource cost (GBP m)", 1),
    Measure("qalys_discounted", "QALYs, discounted at 3.5%", 0),
    Measure("nmb_20k_gbp_m", "Net monetary benefit at GBP 20,000/QALY, discounted (GBP m)", 1),
    Measure("nmb_30k_gbp_m", "Net monetary benefit at GBP 30,000/QALY, discounted (GBP m)", 1),
)

TABLE_COLUMNS: tuple[str, ...] = (
    "measure", "label", "scenario", "reference", "replicates", "seed", "mean", "sd",
    "difference", "difference_sd", "difference_low", "difference_high", "t_quantile")
NO_DIFFERENCE = dict.fromkeys(TABLE_COLUMNS[-5:], math.nan)  # the reference's own rows


@dataclass(frozen=True)
class Comparison:
    """Scenarios run side by side with common random numbers.

    Attributes:
        scenarios: the scenarios as run (every one with ``seed`` = the first's seed).
        original_seeds: each scenario's own seed before the common seed was applied.
        replicates: replicates per scenario.
        runs: each scenario's outputs, by name, in the order given.
        timeseries: every run's time series stacked, with a leading ``scenario`` column.
        totals: one row per scenario and replicate, one column per ``MEASURES`` key.
        table: the totals table (``TABLE_COLUMNS``): per measure and scenario the mean
            over replicates and, but for the first scenario, the paired difference from
            it with its 95% interval (NaN with one replicate).
    """

    scenarios: tuple[Scenario, ...]
    original_seeds: dict[str, int]
    replicates: int
    runs: dict[str, RunOutput]
    timeseries: pd.DataFrame
    totals: pd.DataFrame
    table: pd.DataFrame

    @property
    def reference(self) -> str:
        """The scenario every other one is compared with (the first)."""
        return self.scenarios[0].name

    @property
    def seed(self) -> int:
        return self.scenarios[0].seed


# --- checks ----------------------------------------------------------------------------
def check_comparable(scenarios: Sequence[Scenario],
                     sources: Sequence[str] | None = None) -> None:
    """Refuse (``UserError``) what cannot be compared month by month.

    ``sources`` (e.g. the file names) name the scenarios in messages.
    """
    sources = list(sources) if sources is not None else [f"scenario '{s.name}'"
                                                         for s in scenarios]
    if len(scenarios) < 2:
        raise UserError(f"compare needs at least two scenario files (got {len(scenarios)}"
                        f"{': ' + sources[0] if sources else ''}); to run one scenario use "
                        "'healthsim run'.")
    seen: dict[str, int] = {}
    for i, scenario in enumerate(scenarios):
        key = scenario.name.lower()  # folders: 'A' and 'a' collide on some file systems
        if key in seen:
            j = seen[key]
            raise UserError(
                f"{sources[j]} and {sources[i]} are both named '{scenarios[j].name}'"
                + ("" if scenarios[j].name == scenario.name else f" / '{scenario.name}'")
                + "; compared scenarios need different names (ignoring case), since "
                "each names its output folder and its line in the table.")
        if scenario.name in (*COMPARISON_FILES, *UNCERTAINTY_FILES):
            raise UserError(f"{sources[i]}: the name '{scenario.name}' is taken by a file "
                            "of the comparison; choose another scenario name.")
        seen[key] = i
    first = scenarios[0]
    for source, scenario in zip(sources[1:], scenarios[1:], strict=True):
        if (scenario.start, scenario.months) != (first.start, first.months):
            raise UserError(
                f"{source} runs {_span(scenario)} but {sources[0]} runs {_span(first)}; "
                "compared scenarios must have the same 'start' and 'months' (the "
                "comparison is month by month).")


def _span(scenario: Scenario) -> str:
    return f"{scenario.months} months from {scenario.start}"


# --- running ---------------------------------------------------------------------------
def compare_scenarios(scenarios: Sequence[Scenario], replicates: int = DEFAULT_REPLICATES,
                      progress: bool = False,
                      sources: Sequence[str] | None = None, workers: int = 1) -> Comparison:
    """Run every scenario ``replicates`` times with the first scenario's seed, on
    ``workers`` processes (every replicate of every scenario is one task of one pool;
    the comparison is the same for any number of workers).

    Replicate r of every scenario uses random streams (seed, r), so the runs share
    common random numbers and differences are paired by replicate.
    """
    check_comparable(scenarios, sources)
    if replicates < 1:
        raise UserError(f"replicates must be at least 1 (got {replicates}).")
    seed = scenarios[0].seed
    original_seeds = {s.name: s.seed for s in scenarios}
    common = tuple(s.with_overrides(f"scenario '{s.name}'", seed=seed) for s in scenarios)
    names = [s.name for s in common]
    started = datetime.now(UTC)
    parts = run_replicates([(s, r) for s in common for r in range(replicates)], workers,
                           progress, label="compare")
    runs: dict[str, RunOutput] = {}
    for i, scenario in enumerate(common):
        output = combine_replicates(scenario, parts[i * replicates:(i + 1) * replicates],
                                    started, workers)
        manifest = {**output.manifest, "comparison": {
            "scenarios": names, "reference": names[0], "common_seed": seed,
            "own_seed": original_seeds[scenario.name],
            "note": f"every scenario ran with the seed of '{names[0]}' (the first) "
                    "so that replicate r of each shares random streams r"}}
        runs[scenario.name] = dataclasses.replace(output, manifest=manifest)
    timeseries = stack_timeseries(runs)
    totals = replicate_totals(timeseries)
    table = difference_table(totals, names, seed=seed)
    return Comparison(common, original_seeds, replicates, runs, timeseries, totals, table)


def stack_timeseries(runs: dict[str, RunOutput]) -> pd.DataFrame:
    """Every run's time series, one after another, with a leading ``scenario`` column."""
    frames = [output.timeseries.assign(scenario=name) for name, output in runs.items()]
    stacked = pd.concat(frames, ignore_index=True)
    return stacked[["scenario", *(c for c in stacked.columns if c != "scenario")]]


# --- totals and differences ------------------------------------------------------------
SUMMED_COLUMNS: tuple[str, ...] = (
    "emergency_admissions", "population", "spend_total", "budget_total", "qalys", "deaths",
    "deaths_after_acute_events", "deaths_from_cancer", "cancers_diagnosed_late",
    "cancer_referrals_withheld", "referrals", "referrals_needed_withheld",
    "elective_admissions", "elective_weeks_waited", "resource_cost")
"""The monthly columns summed into the totals as they are (others are derived)."""
SOURCE_COLUMNS: tuple[str, ...] = (
    *SUMMED_COLUMNS, "nmb_20k", "nmb_30k", *(f"new_severe_{name}" for name in CONDITIONS))
"""Every monthly column ``replicate_totals`` reads (besides scenario and replicate)."""


def replicate_totals(timeseries: pd.DataFrame) -> pd.DataFrame:
    """Whole-run totals per scenario and replicate (one column per ``MEASURES`` key).

    Emergency admissions per 1,000 a year is admissions over person-years (the sum of
    month-end populations / 12), the same denominator as the monthly column.
    """
    keys = ["scenario", "replicate"]
    discounted = timeseries.assign(**_discounted(timeseries, keys), cases_becoming_severe=(
        timeseries[[f"new_severe_{name}" for name in CONDITIONS]].sum(axis=1)))
    sums = discounted.groupby(keys, sort=False)[
        [*SUMMED_COLUMNS, "cases_becoming_severe", "qalys_discounted", "nmb_20k_discounted",
         "nmb_30k_discounted"]].sum()
    totals = pd.DataFrame({
        "emergency_admissions": sums["emergency_admissions"],
        "emergency_admissions_per_1000":
            sums["emergency_admissions"] * 12 * 1000.0 / sums["population"],
        "spend_total_gbp_m": sums["spend_total"] / 1e6,
        "spend_over_budget_gbp_m": (sums["spend_total"] - sums["budget_total"]) / 1e6,
        "qalys": sums["qalys"],
        "deaths": sums["deaths"],
        "deaths_after_acute_events": sums["deaths_after_acute_events"],
        "deaths_from_cancer": sums["deaths_from_cancer"],
        "cases_becoming_severe": sums["cases_becoming_severe"],
        "cancers_diagnosed_late": sums["cancers_diagnosed_late"],
        "cancer_referrals_withheld": sums["cancer_referrals_withheld"],
        "referrals": sums["referrals"],
        "referrals_needed_withheld": sums["referrals_needed_withheld"],
        "elective_admissions": sums["elective_admissions"],
        "elective_weeks_waited": sums["elective_weeks_waited"],
        "resource_cost_gbp_m": sums["resource_cost"] / 1e6,
        "qalys_discounted": sums["qalys_discounted"],
        "nmb_20k_gbp_m": sums["nmb_20k_discounted"] / 1e6,
        "nmb_30k_gbp_m": sums["nmb_30k_discounted"] / 1e6,
    })
    return totals.reset_index()


def _discounted(timeseries: pd.DataFrame, keys: list[str]) -> dict[str, pd.Series]:
    """QALYs and net monetary benefit discounted to the first month at the Green Book
    rate (the default ``discount_rate``, 3.5% a year: ``sim.outcomes.value``; a
    scenario's own override of it is not used here, so every arm is discounted alike)."""
    month = timeseries.groupby(keys, sort=False).cumcount().to_numpy()
    factor = discount_factors(month, Parameters().discount_rate)
    return {f"{name}_discounted": timeseries[name] * factor
            for name in ("qalys", "nmb_20k", "nmb_30k")}


def difference_table(totals: pd.DataFrame, order: Sequence[str],
                     seed: int | None = None) -> pd.DataFrame:
    """Mean of each measure per scenario, and the paired difference from ``order[0]``.

    For each replicate r, difference_r = total(scenario, r) - total(reference, r); the
    table gives the mean difference and its 95% t-interval over the n replicates
    (``sim.stats.paired_difference``; NaN when n = 1), and the t quantile it used. The
    reference's own rows have NaN differences.
    """
    reference = order[0]
    wide = {name: totals[totals["scenario"] == name].set_index("replicate").sort_index()
            for name in order}
    rows = []
    for measure in MEASURES:
        base = wide[reference][measure.key]
        for name in order:
            values = wide[name][measure.key]
            if not values.index.equals(base.index):
                raise ValueError(f"scenario '{name}' has replicates {list(values.index)}, "
                                 f"'{reference}' has {list(base.index)}")
            n = len(values)
            rows.append({
                "measure": measure.key, "label": measure.label, "scenario": name,
                "reference": reference, "replicates": n, "seed": seed,
                "mean": float(values.mean()),
                "sd": float(values.std(ddof=1)) if n > 1 else math.nan,
                **(NO_DIFFERENCE if name == reference else _difference(values, base))})
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def _difference(values: pd.Series, base: pd.Series) -> dict[str, float]:
    """The difference columns of one row: paired by replicate, with the t quantile used."""
    difference = paired_difference(values, base)
    return {"difference": difference.mean, "difference_sd": difference.sd,
            "difference_low": difference.low, "difference_high": difference.high,
            "t_quantile": t_quantile(len(values) - 1) if len(values) > 1 else math.nan}
