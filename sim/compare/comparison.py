"""Comparing scenarios on the same simulated economy: ``healthsim compare``.

Every scenario runs with the seed of the first, so replicate r of each shares random
streams r (common random numbers, ``sim/streams.py``): where their rules agree they
draw the same numbers, and their difference is the policy, not noise. Differences from
the first scenario are therefore taken replicate by replicate (paired) and summarised
by their mean and a 95% t-interval.

Python API::

    from sim.compare.comparison import compare_scenarios, write_comparison
    comparison = compare_scenarios([load_scenario(a), load_scenario(b)], replicates=5)
    comparison.table          # totals and differences (also comparison.csv)
    comparison.timeseries     # every scenario's time series with a ``scenario`` column
    write_comparison(comparison, Path("results/my-comparison"))
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim.errors import UserError
from sim.runs.run import RunOutput, run_scenario
from sim.scenario import Scenario

COMPARISON_FILES = ("comparison.parquet", "comparison.png", "comparison.csv")
DEFAULT_REPLICATES = 5
DEFAULT_EXPLAIN_REPLICATES = 2  # as healthsim explain: with common random numbers two
# replicates rank the mechanisms; the report shows their intervals
MAX_FOLDER_NAME = 60  # longer default folder names are shortened


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
    Measure("referrals", "GP referrals", 0),
    Measure("elective_admissions", "Elective admissions", 0),
)

TABLE_COLUMNS: tuple[str, ...] = (
    "measure", "label", "scenario", "reference", "replicates", "seed", "mean", "sd",
    "difference", "difference_sd", "difference_low", "difference_high", "t_quantile")


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
        if scenario.name in COMPARISON_FILES:
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
                      sources: Sequence[str] | None = None) -> Comparison:
    """Run every scenario ``replicates`` times with the first scenario's seed.

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
    runs: dict[str, RunOutput] = {}
    bar = tqdm(total=len(common) * replicates, unit="run", desc="compare",
               disable=None if progress else True, leave=False)  # None: only on a terminal
    with bar:
        for i, scenario in enumerate(common):
            output = run_scenario(scenario, replicates=replicates, progress=progress,
                                  label=f"{scenario.name} ({i + 1}/{len(common)})")
            manifest = {**output.manifest, "comparison": {
                "scenarios": names, "reference": names[0], "common_seed": seed,
                "own_seed": original_seeds[scenario.name],
                "note": f"every scenario ran with the seed of '{names[0]}' (the first) "
                        "so that replicate r of each shares random streams r"}}
            runs[scenario.name] = dataclasses.replace(output, manifest=manifest)
            bar.update(replicates)
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
def replicate_totals(timeseries: pd.DataFrame) -> pd.DataFrame:
    """Whole-run totals per scenario and replicate (one column per ``MEASURES`` key).

    Emergency admissions per 1,000 a year is admissions over person-years (the sum of
    month-end populations / 12), the same denominator as the monthly column.
    """
    sums = timeseries.groupby(["scenario", "replicate"], sort=False)[
        ["emergency_admissions", "population", "spend_total", "budget_total", "qalys",
         "deaths", "referrals", "elective_admissions"]].sum()
    totals = pd.DataFrame({
        "emergency_admissions": sums["emergency_admissions"],
        "emergency_admissions_per_1000":
            sums["emergency_admissions"] * 12 * 1000.0 / sums["population"],
        "spend_total_gbp_m": sums["spend_total"] / 1e6,
        "spend_over_budget_gbp_m": (sums["spend_total"] - sums["budget_total"]) / 1e6,
        "qalys": sums["qalys"],
        "deaths": sums["deaths"],
        "referrals": sums["referrals"],
        "elective_admissions": sums["elective_admissions"],
    })
    return totals.reset_index()


def difference_table(totals: pd.DataFrame, order: Sequence[str],
                     seed: int | None = None) -> pd.DataFrame:
    """Mean of each measure per scenario, and the paired difference from ``order[0]``.

    For each replicate r, difference_r = total(scenario, r) - total(reference, r); the
    table gives the mean difference and the 95% t-interval mean +- t(0.975, n-1) sd/sqrt(n)
    over the n replicates (NaN when n = 1). The reference's own rows have NaN differences.
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
            row = {"measure": measure.key, "label": measure.label, "scenario": name,
                   "reference": reference, "replicates": n, "seed": seed,
                   "mean": float(values.mean()),
                   "sd": float(values.std(ddof=1)) if n > 1 else math.nan,
                   "difference": math.nan, "difference_sd": math.nan,
                   "difference_low": math.nan, "difference_high": math.nan,
                   "t_quantile": math.nan}
            if name != reference:
                paired = (values - base).to_numpy(dtype=float)
                row["difference"] = float(paired.mean())
                if n > 1:
                    sd = float(paired.std(ddof=1))
                    t = t_quantile_975(n - 1)
                    half = t * sd / math.sqrt(n)
                    row.update(difference_sd=sd, difference_low=row["difference"] - half,
                               difference_high=row["difference"] + half, t_quantile=t)
            rows.append(row)
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


# Two-sided 95% critical values of Student's t (the 0.975 quantile) for 1-30 degrees of
# freedom, from the NIST/SEMATECH e-Handbook of Statistical Methods, section 1.3.6.7.2,
# "Critical values of the Student's t distribution" (column 0.025).
T_975: tuple[float, ...] = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)


@dataclass(frozen=True)
class Interval:
    """Mean over replicates with its SD and 95% t-interval (NaN with one replicate)."""

    mean: float
    sd: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """The interval excludes zero."""
        return not math.isnan(self.low) and (self.low > 0 or self.high < 0)


def mean_interval(values) -> Interval:
    """Mean, SD and 95% t-interval of the mean of ``values`` (e.g. paired differences,
    one per replicate): mean +- t(0.975, n-1) sd/sqrt(n)."""
    values = np.asarray(values, dtype=float)
    n, mean = len(values), float(np.mean(values))
    if n < 2:
        return Interval(mean, math.nan, math.nan, math.nan)
    sd = float(np.std(values, ddof=1))
    half = t_quantile_975(n - 1) * sd / math.sqrt(n)
    return Interval(mean, sd, mean - half, mean + half)


def t_quantile_975(df: int) -> float:
    """The 0.975 quantile of Student's t with ``df`` degrees of freedom.

    1-30: the NIST table above (3 decimals). Above 30: the normal quantile corrected
    by the Cornish-Fisher expansion in 1/df (Abramowitz & Stegun 1964, 26.7.5), within
    0.0001 of the exact value there (tests/test_compare.py checks it against scipy
    where scipy is installed).
    """
    if df < 1:
        raise ValueError(f"degrees of freedom must be at least 1 (got {df})")
    if df <= len(T_975):
        return T_975[df - 1]
    x = NormalDist().inv_cdf(0.975)
    g1 = (x**3 + x) / 4
    g2 = (5 * x**5 + 16 * x**3 + 3 * x) / 96
    g3 = (3 * x**7 + 19 * x**5 + 17 * x**3 - 15 * x) / 384
    g4 = (79 * x**9 + 776 * x**7 + 1482 * x**5 - 1920 * x**3 - 945 * x) / 92160
    return x + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


# --- the printed table -----------------------------------------------------------------
def format_table(comparison: Comparison) -> str:
    """The totals table as printed by ``healthsim compare``."""
    first, n = comparison.scenarios[0], comparison.replicates
    clock = first.clock
    lines = [
        f"Totals over the whole run: {first.months} months, {first.start} to "
        f"{clock.label(first.months - 1)}; mean of {n} replicate{'s' * (n > 1)} per scenario.",
        f"Common random numbers: every scenario ran with seed {comparison.seed}, the seed "
        f"of '{comparison.reference}' (the first); replicate r of each uses random "
        "streams r." + _seed_note(comparison),
    ]
    sizes = {(s.population.size, s.population.practices, s.providers.acute_trusts)
             for s in comparison.scenarios}
    if len(sizes) > 1:
        lines.append("Note: the scenarios differ in population, practices or trusts, so their "
                     "totals differ in scale (compare the per-1,000 rate) and they share "
                     "fewer random numbers.")
    if n > 1:
        lines.append(
            f"Difference from '{comparison.reference}': paired by replicate; mean and 95% "
            f"t-interval over the {n} replicates (t = {t_quantile_975(n - 1):.3f}, "
            f"{n - 1} degrees of freedom).")
    else:
        lines.append(f"Difference from '{comparison.reference}': one replicate, so no "
                     "interval (the 95% interval needs at least 2 replicates: "
                     "--replicates 2 or more).")
    header = ("measure", "scenario", "mean", f"vs {comparison.reference}", "95% interval")
    rows = []
    decimals = {m.key: m.decimals for m in MEASURES}
    for _, row in comparison.table.iterrows():
        d = decimals[row["measure"]]
        is_reference = row["scenario"] == comparison.reference
        if is_reference:
            difference = interval = ""
        else:
            difference = _signed(row["difference"], d)
            interval = ("needs >= 2 replicates" if n == 1 else
                        f"{_signed(row['difference_low'], d)} to "
                        f"{_signed(row['difference_high'], d)}")
        rows.append((row["label"] if is_reference else "", row["scenario"],
                     f"{row['mean']:,.{d}f}", difference, interval))
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    align = ("<", "<", ">", ">", ">")

    def line(cells) -> str:
        return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(cells, align, widths,
                                                          strict=True)).rstrip()

    lines += ["", line(header), "  ".join("-" * w for w in widths)]
    lines += [line(r) for r in rows]
    return "\n".join(lines)


def _signed(value: float, decimals: int) -> str:
    """``+1,234`` / ``-0.5``; a value that rounds to zero is shown as ``0``."""
    rounded = round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{rounded:,.{decimals}f}" if rounded == 0 else f"{rounded:+,.{decimals}f}"


def _seed_note(comparison: Comparison) -> str:
    others = [f"'{name}' {seed}" for name, seed in comparison.original_seeds.items()
              if seed != comparison.seed]
    return f" Seeds in the files not used: {', '.join(others)}." if others else ""


# --- writing ---------------------------------------------------------------------------
def default_out_dir(names: Sequence[str]) -> Path:
    """``results/compare-a-vs-b``; shortened when long; ``results/comparison`` if need be."""
    for folder in (f"compare-{'-vs-'.join(names)}",
                   f"compare-{names[0]}-vs-{len(names) - 1}-others"):
        if len(folder) <= MAX_FOLDER_NAME:
            return Path("results") / folder
    return Path("results") / "comparison"


def write_comparison(comparison: Comparison, out_dir: Path,
                     decomposition: pd.DataFrame | None = None) -> Path:
    """Write every run (``DIR/<name>/``) and the comparison files, all or nothing.

    When a scenario follows a migration path, ``migration_report.md`` and its figures
    are written too (with ``decomposition``, if given: ``sim.reports.migration``).
    """
    from sim.reports.migration import is_migration_comparison, write_migration_report
    from sim.runs.atomic import write_folder_atomically
    from sim.runs.files import write_run
    from sim.viz.comparison import plot_comparison

    def write(folder: Path) -> None:
        for name, output in comparison.runs.items():
            write_run(output, folder / name)
        comparison.timeseries.to_parquet(folder / "comparison.parquet", index=False)
        comparison.table.to_csv(folder / "comparison.csv", index=False)
        plot_comparison(comparison.timeseries, comparison.scenarios,
                        folder / "comparison.png")
        if is_migration_comparison(comparison.scenarios):
            write_migration_report(comparison, folder, decomposition)

    return write_folder_atomically(out_dir, write)


# --- command line ----------------------------------------------------------------------
def add_compare_parser(sub) -> None:
    """Register ``healthsim compare`` on the subparsers of ``sim.cli.build_parser``."""
    from sim.cli import non_negative, positive

    parser = sub.add_parser(
        "compare", help="run scenarios side by side with common random numbers",
        description="Run two or more scenario files with common random numbers: every "
        "scenario uses the first file's seed, and replicate r of each uses random streams "
        "r, so their differences are the policy, not noise. Writes "
        "each run to DIR/<name>/ and comparison.parquet, comparison.png and comparison.csv "
        "to DIR, and prints whole-run totals with the paired difference from the first "
        "scenario and its 95% interval. The scenarios must have different names and the "
        "same start and months.")
    parser.add_argument("scenarios", type=Path, nargs="+", metavar="SCENARIO",
                        help="scenario TOML files (the first is the reference)")
    parser.add_argument("--replicates", type=positive, default=DEFAULT_REPLICATES, metavar="N",
                        help=f"replicates per scenario (default {DEFAULT_REPLICATES}; "
                        "intervals need at least 2)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: "
                        "results/compare-<first>-vs-<second>...)")
    parser.add_argument("--explain-replicates", type=non_negative, default=None, metavar="N",
                        help="for migration paths: split each path's difference from the "
                        "first by mechanism (healthsim explain) with N replicates for "
                        f"migration_report.md (default {DEFAULT_EXPLAIN_REPLICATES} when a "
                        "scenario follows a migration path; 0 skips it)")
    parser.add_argument("--workers", type=positive, default=None, metavar="N",
                        help="processes for the decomposition (default: every core)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def command_compare(args: argparse.Namespace) -> int:
    from sim.reports.migration import decompose_paths, is_migration_comparison
    from sim.runs.files import check_writable
    from sim.scenario import load_scenario

    scenarios = [load_scenario(path) for path in args.scenarios]
    sources = [str(path) for path in args.scenarios]
    check_comparable(scenarios, sources)
    out_dir = args.out or default_out_dir([s.name for s in scenarios])
    check_writable(out_dir)
    comparison = compare_scenarios(scenarios, replicates=args.replicates,
                                   progress=not args.quiet, sources=sources)
    decomposition = None
    explain = args.explain_replicates
    if explain is None:
        explain = DEFAULT_EXPLAIN_REPLICATES
    if explain > 0 and is_migration_comparison(comparison.scenarios):
        decomposition = decompose_paths(comparison, explain, args.workers or os.cpu_count(),
                                        progress=not args.quiet)
    write_comparison(comparison, out_dir, decomposition)
    runtime = sum(o.manifest["runtime_seconds"] for o in comparison.runs.values())
    print(f"Wrote {out_dir}/ ({', '.join(f'{name}/' for name in comparison.runs)}, "
          f"{', '.join(COMPARISON_FILES)}) in {runtime:.1f} s of simulation.\n")
    print(format_table(comparison))
    return 0


__all__ = ["COMPARISON_FILES", "MEASURES", "TABLE_COLUMNS", "Comparison", "Interval",
           "mean_interval", "check_comparable",
           "compare_scenarios", "default_out_dir", "difference_table", "format_table",
           "replicate_totals", "stack_timeseries", "t_quantile_975", "write_comparison"]
