"""``healthsim risk``: budget risk by the size of the budget holder.

The command's options, their checks and the printed summary; the study they drive is
``sim.risk``.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path

from sim.cli.args import EXIT_OK, non_negative, positive, replicate_count
from sim.errors import UserError

MAX_MONTHS = 600  # the scenario schema's limit
MIN_POPULATION, MAX_POPULATION = 1_000, 5_000_000
MIN_SIZE = 100


def size_list(text: str) -> tuple[int, ...]:
    """An argparse type: comma-separated whole numbers of people, e.g. 5000,100000."""
    sizes = []
    for part in text.split(","):
        try:
            size = int(part.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"'{part.strip()}' is not a whole number of people") from None
        if size < MIN_SIZE:
            raise argparse.ArgumentTypeError(f"{size} is below the smallest holder "
                                             f"({MIN_SIZE} people)")
        sizes.append(size)
    return tuple(sorted(set(sizes)))


def add_risk_parser(sub) -> None:
    """Register ``risk`` on the ``healthsim`` subcommand parser."""
    from sim.risk.defaults import (
        DEFAULT_POPULATION,
        DEFAULT_REPLICATES,
        DEFAULT_SIZES,
        DEFAULT_YEARS,
        GROUPINGS,
    )

    risk = sub.add_parser(
        "risk", help="budget risk by the size of the budget holder",
        description="Simulate a large economy under the baseline rules, cut it into budget "
        "holders of each size, set their budgets by historic spend, weighted capitation, "
        "person-based allocation and a pace-of-change rule, and report outturn against "
        "budget under each risk arrangement (none, risk pool, high-cost exclusion, corridor "
        "with the PCT, carry forward, failure regime). Writes risk_by_size.csv, "
        "predictive_power.csv, area_forecast.csv, risk_by_size.png and manifest.json.")
    risk.add_argument("--sizes", type=size_list,
                      help="holder sizes in people, comma-separated (default "
                      f"{','.join(str(s) for s in DEFAULT_SIZES)}, those that fit in "
                      "--population)")
    risk.add_argument("--years", type=positive, default=DEFAULT_YEARS,
                      help=f"budget years per replicate, after a warm-up year and two years "
                      f"of history (default {DEFAULT_YEARS})")
    risk.add_argument("--population", type=positive, default=DEFAULT_POPULATION,
                      help=f"people in each simulated economy (default {DEFAULT_POPULATION:,}"
                      "; at least the largest size)")
    risk.add_argument("--replicates", type=replicate_count, default=DEFAULT_REPLICATES,
                      help=f"independent economies (default {DEFAULT_REPLICATES})")
    risk.add_argument("--workers", type=positive,
                      help="worker processes (default: one per replicate, at most 2)")
    risk.add_argument("--seed", type=non_negative, default=1, help="seed (default 1)")
    risk.add_argument("--groupings", default=",".join(GROUPINGS),
                      help="how holders are formed, comma-separated: practices (runs of "
                      "neighbouring practices) and/or random (random people); default both")
    risk.add_argument("--holder-years", type=positive, default=2000,
                      help="holder-years per size and replicate to aim for, by cutting each "
                      "economy at more offsets (default 2000)")
    risk.add_argument("--scenario", type=Path,
                      help="base scenario file (default: the built-in baseline)")
    risk.add_argument("--out", type=Path, default=Path("results") / "risk",
                      help="output folder (default results/risk)")


def study_from_args(args: argparse.Namespace):
    """The study the options ask for, or a UserError saying what is wrong."""
    from sim.risk.defaults import DEFAULT_SIZES, GROUPINGS
    from sim.risk.study import RiskStudy
    from sim.scenario import Scenario, load_scenario

    if not MIN_POPULATION <= args.population <= MAX_POPULATION:
        raise UserError(f"--population {args.population:,}: allowed {MIN_POPULATION:,} to "
                        f"{MAX_POPULATION:,} people.")
    if args.sizes is None:
        args.sizes = tuple(s for s in DEFAULT_SIZES if s <= args.population)
        if not args.sizes:
            raise UserError(f"--population {args.population:,}: smaller than every default "
                            "holder size; give --sizes.")
    too_big = [s for s in args.sizes if s > args.population]
    if too_big:
        raise UserError(f"--sizes {','.join(map(str, too_big))}: larger than --population "
                        f"{args.population:,}; a holder is cut from the simulated economy, so "
                        "raise --population or drop those sizes.")
    groupings = tuple(g.strip() for g in args.groupings.split(",") if g.strip())
    unknown = [g for g in groupings if g not in GROUPINGS]
    if unknown or not groupings:
        raise UserError(f"--groupings {args.groupings}: allowed {', '.join(GROUPINGS)} "
                        "(comma-separated).")
    base = load_scenario(args.scenario) if args.scenario else None
    study = RiskStudy(population=args.population, years=args.years, sizes=args.sizes,
                      replicates=args.replicates, seed=args.seed, groupings=groupings,
                      base=base, holder_years_target=args.holder_years)
    clock = (base or Scenario(name="risk")).clock
    if clock.months_left_in_year(0) + 12 * (study.simulated_years - 1) > MAX_MONTHS:
        raise UserError(f"--years {args.years}: with {study.simulated_years - args.years} "
                        f"years of warm-up and history the run would exceed {MAX_MONTHS} "
                        "months; use fewer years or more --replicates.")
    study.scenario()  # validates the scaled scenario now, before anything runs
    return study


def command_risk(args: argparse.Namespace) -> int:
    from sim.risk.report import (
        area_forecast,
        budget_r_squared,
        manifest,
        predictive_power,
        risk_table,
        write_risk,
    )
    from sim.risk.study import run_replicates
    from sim.runs.out_folder import out_folder_for

    study = study_from_args(args)
    with out_folder_for(args.out, "risk"):
        started, clock = datetime.now(UTC), time.perf_counter()
        outputs = run_replicates(study, args.workers, progress=not args.quiet)
        table, power = risk_table(outputs), predictive_power(outputs)
        area, nested = area_forecast(outputs), budget_r_squared(outputs)
        runtime = time.perf_counter() - clock
        write_risk(args.out, table, power, area,
                   manifest(study, outputs, started, runtime, table), nested)
    print(headline(table, power, area))
    print(nested_summary(nested))
    print(f"\nWrote {args.out}/ ({', '.join(_files())}) in {runtime:.1f} s.")
    return EXIT_OK


def _files() -> tuple[str, ...]:
    from sim.risk.report import RISK_FILES

    return RISK_FILES


def headline(table, power, area) -> str:
    """A short printed summary: spread by size, line and method, and predictive power."""
    grouping = "practices" if "practices" in set(table.grouping) else table.grouping.iloc[0]
    plain = table[(table.grouping == grouping) & (table.arrangement == "none")
                  & (~table.gaming)]
    from sim.risk.analysis import METHODS

    methods = [m for m in METHODS if m in set(plain.method)]
    lines = []
    for line, rows_of_line in plain.groupby("line", sort=False):
        lines += [f"Outturn against budget by holder size ({LINE_LABELS.get(line, line)}; "
                  f"{grouping}; no gaming, no risk arrangement): SD % of budget (holder-years "
                  "more than 5% off budget)",
                  f"{'size':>9} {'holder-yrs':>10} " + " ".join(f"{m:>16}" for m in methods)]
        for size, rows in rows_of_line.groupby("size"):
            cells = []
            for method in methods:
                row = rows[rows.method == method].iloc[0]
                cells.append(f"{row.sd_pct:5.1f} ({row.outside_5_pct:4.1f}%)".rjust(16))
            count = int(rows.nonoverlapping_holder_years.iloc[0])
            lines.append(f"{size:>9,} {count:>10,} " + " ".join(cells))
    hospital = area[area.line == "hospital"] if "line" in area else area
    if len(hospital) > 1:
        lines.append(f"The area's own forecast error for all hospital care (shared by every "
                     f"holder): SD {hospital['error_pct'].std(ddof=1):.1f}% over "
                     f"{len(hospital)} area-years.")
    return "\n".join(lines)


LINE_LABELS = {"hospital": "all hospital care", "elective": "planned care alone"}


def nested_summary(nested) -> str:
    """The nested R-squared table as printed text, published figures beside."""
    lines = ["R\u00b2 out of sample of nested person-based models (published: Dixon et al., "
             "BMJ 2011)", f"{'line':>9} {'predictors':>28} {'person':>8} {'(pub.)':>7} "
             f"{'practice':>9} {'(pub.)':>7}"]
    def shown(value: float, width: int) -> str:
        return f"{value:.3f}".rjust(width) if value == value else "-".rjust(width)

    cells = nested.set_index(["line", "predictors", "level"])

    def value(key: tuple, column: str) -> float:
        return float(cells.at[key, column]) if key in cells.index else float("nan")

    for (line, predictors), _ in nested.groupby(["line", "predictors"], sort=False):
        person, practice = (line, predictors, "person"), (line, predictors, "practice")
        lines.append(f"{line:>9} {predictors:>28} {shown(value(person, 'r2_mean'), 8)} "
                     f"{shown(value(person, 'published_r2'), 7)} "
                     f"{shown(value(practice, 'r2_mean'), 9)} "
                     f"{shown(value(practice, 'published_r2'), 7)}")
    return "\n".join(lines)
