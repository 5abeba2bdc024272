"""The ``healthsim`` command line (also ``python -m sim``).

Exit codes: 0 success; 1 a calibration target missed; 2 bad input (one paragraph on
standard error, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.cli.dashboard import add_dashboard_parser, command_dashboard
from sim.cli.explain import add_explain_parser, command_explain
from sim.cli.risk import add_risk_parser, command_risk
from sim.cli.sweep import SWEEP_COMMANDS, add_sweep_commands
from sim.compare.comparison import add_compare_parser, command_compare
from sim.errors import UserError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors as user errors (exit 2, one paragraph)."""

    def error(self, message: str):
        raise UserError(f"{self.prog}: {message} (see {self.prog} --help)")


def whole_number(minimum: int):
    """An argparse type: a whole number of at least ``minimum``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} must be at least {minimum}")
        return value
    return parse


positive, non_negative = whole_number(1), whole_number(0)


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="healthsim",
        description="Simulate an English local health economy under commissioning models.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)

    run = sub.add_parser("run", help="run a scenario and write its outputs",
                         description="Run a scenario file; write timeseries.parquet, "
                         "organisations.parquet, manifest.json and summary.png.")
    run.add_argument("scenario", type=Path, help="scenario TOML file")
    run.add_argument("--out", type=Path, help="output folder (default: results/<name>)")
    run.add_argument("--seed", type=non_negative, help="override the scenario's seed")
    run.add_argument("--replicates", type=positive, default=1,
                     help="independent replicates (default 1)")
    run.add_argument("--population", type=positive, help="override population.size")
    run.add_argument("--months", type=positive, help="override months")
    run.add_argument("--quiet", action="store_true", help="no progress bar")

    cal = sub.add_parser("calibrate", help="compare the baseline with England 2008-10 figures",
                         description="Run the built-in baseline (PCT commissioning, payment "
                         "by results) for five years and compare it with every calibration "
                         "target. Exit 1 if any target is missed.")
    cal.add_argument("--population", type=positive, help="population size (default 340,000)")
    cal.add_argument("--seed", type=non_negative, default=1, help="seed (default 1)")
    cal.add_argument("--replicates", type=positive, default=3,
                     help="replicates pooled (default 3: one run's 4-year growth varies by "
                     "about 2 points)")
    cal.add_argument("--out", type=Path, help="also write the table to this CSV file")
    cal.add_argument("--quiet", action="store_true", help="no progress bar")
    add_compare_parser(sub)
    add_explain_parser(sub)
    add_sweep_commands(sub)
    add_risk_parser(sub)
    add_dashboard_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except UserError as error:
        print(f"healthsim: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("healthsim: interrupted; no results were written.", file=sys.stderr)
        return 130


def command_run(args: argparse.Namespace) -> int:
    from sim.runs.files import check_writable, write_run
    from sim.runs.run import run_scenario
    from sim.scenario import load_scenario

    scenario = load_scenario(args.scenario).with_overrides(
        f"{args.scenario} with the command-line options", seed=args.seed, months=args.months,
        population={"size": args.population} if args.population else None)
    out_dir = args.out or Path("results") / scenario.name
    check_writable(out_dir)
    output = run_scenario(scenario, replicates=args.replicates, progress=not args.quiet)
    write_run(output, out_dir)
    print(f"Wrote {out_dir}/ (timeseries.parquet, organisations.parquet, manifest.json, "
          f"summary.png) in {output.manifest['runtime_seconds']:.1f} s of simulation.")
    _print_headline(output)
    return EXIT_OK


def _print_headline(output) -> None:
    import pandas as pd

    ts = output.timeseries
    year = pd.DateOffset(months=12)
    first_year = ts[ts["date"] < ts["date"].min() + year]
    last_year = ts[ts["date"] > ts["date"].max() - year]
    for label, frame in (("first 12 months", first_year), ("last 12 months", last_year)):
        replicates = frame["replicate"].nunique()
        people = frame["population"].sum() / 12.0
        admissions = frame["emergency_admissions"].sum()
        print(f"  {label}: emergency admissions {admissions / replicates:,.0f}"
              f" ({admissions * 1000 / people:.1f} per 1,000), "
              f"spend GBP {frame['spend_total'].sum() / replicates / 1e6:,.1f}m of "
              f"GBP {frame['budget_total'].sum() / replicates / 1e6:,.1f}m budget, "
              f"QALYs {frame['qalys'].sum() / replicates:,.0f}")


def command_calibrate(args: argparse.Namespace) -> int:
    from sim.runs.files import check_file_writable, write_csv_atomically
    from sim.validity.calibration import calibrate, format_table

    if args.out:
        check_file_writable(args.out)
    table = calibrate(population=args.population, seed=args.seed,
                      replicates=args.replicates, progress=not args.quiet)
    print(format_table(table))
    if args.out:
        write_csv_atomically(table, args.out)
    missed = int((~table["passed"]).sum())
    print(f"\n{len(table) - missed} of {len(table)} targets within tolerance.")
    return EXIT_OK if missed == 0 else EXIT_FAILED


COMMANDS = {"run": command_run, "calibrate": command_calibrate}
COMMANDS["compare"] = command_compare
COMMANDS["explain"] = command_explain
COMMANDS.update(SWEEP_COMMANDS)
COMMANDS["risk"] = command_risk
COMMANDS["dashboard"] = command_dashboard


if __name__ == "__main__":
    sys.exit(main())
