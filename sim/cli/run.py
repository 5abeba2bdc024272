"""``healthsim run SCENARIO``: one scenario, its outputs written and its headline printed."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.args import (
    EXIT_OK,
    add_workers_argument,
    non_negative,
    positive,
    replicate_count,
    workers_from,
)
from sim.cli.sizing import add_size_arguments, sized, warn_about_size, warn_never_formed


def add_run_parser(sub) -> None:
    """Register ``healthsim run`` on the subparsers of ``sim.cli.build_parser``."""
    run = sub.add_parser("run", help="run a scenario and write its outputs",
                         description="Run a scenario file and write its outputs to --out: "
                         "the monthly time series, the organisations' and practices' "
                         "tables (Parquet), the manifest and summary.png (docs/outputs.md "
                         "says what each holds).")
    run.add_argument("scenario", type=Path, help="scenario TOML file")
    run.add_argument("--out", type=Path, help="output folder (default: results/<name>)")
    run.add_argument("--seed", type=non_negative, help="override the scenario's seed")
    run.add_argument("--replicates", type=replicate_count, default=1,
                     help="independent replicates (default 1)")
    add_size_arguments(run, reference="scenario's")
    run.add_argument("--months", type=positive, help="override months")
    add_workers_argument(run, "the replicates")


def command_run(args: argparse.Namespace) -> int:
    from sim.allocator import release_free_memory
    from sim.runs.files import OUTPUT_FILES, write_run
    from sim.runs.out_folder import out_folder_for
    from sim.runs.run import run_scenario
    from sim.scenario import load_scenario

    [scenario] = sized([load_scenario(args.scenario)], [args.scenario], args)
    scenario = scenario.with_overrides(f"{args.scenario} with the command-line options",
                                       seed=args.seed, months=args.months)
    warn_about_size(scenario, str(args.scenario))
    out_dir = args.out or Path("results") / scenario.name
    with out_folder_for(out_dir, "run"):
        output = run_scenario(scenario, replicates=args.replicates, progress=not args.quiet,
                              workers=workers_from(args))
        release_free_memory()  # the models are done: write in the memory they left
        write_run(output, out_dir)
    warn_never_formed(scenario, str(args.scenario), output.timeseries)
    print(f"Wrote {out_dir}/ ({', '.join(OUTPUT_FILES)}) in "
          f"{output.manifest['runtime_seconds']:.1f} s of simulation.")
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
