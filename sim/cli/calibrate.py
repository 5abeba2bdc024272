"""``healthsim calibrate``: the baseline against England 2008-10 figures, and the
behaviour against the history of fundholding's take-up (exit 1 on a miss)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.args import (
    EXIT_FAILED,
    EXIT_OK,
    add_workers_argument,
    non_negative,
    replicate_count,
    workers_from,
)
from sim.cli.sizing import LOG, add_size_arguments


def add_calibrate_parser(sub) -> None:
    """Register ``healthsim calibrate`` on the subparsers of ``sim.cli.build_parser``."""
    cal = sub.add_parser("calibrate", help="compare the baseline with England 2008-10 figures "
                         "and the behaviour with fundholding's history",
                         description="Two tiers. baseline: run the built-in baseline (PCT "
                         "commissioning, payment by results) for five years and compare it "
                         "with every calibration target. behaviour: run GP fundholding from "
                         "its first wave in April 1991 and compare its take-up with the "
                         "history (sim/data/behaviour_targets.csv). Exit 1 if any target is "
                         "missed.")
    cal.add_argument("--tier", choices=("all", "baseline", "behaviour"), default="all",
                     help="which tier to run (default all)")
    add_size_arguments(cal, reference="baseline's", default="baseline tier only, default "
                       "340,000; the behaviour tier runs one 1990s district")
    cal.add_argument("--seed", type=non_negative, default=1, help="seed (default 1)")
    cal.add_argument("--replicates", type=replicate_count, default=3,
                     help="replicates pooled (default 3: one run's 4-year growth varies by "
                     "about 2 points)")
    cal.add_argument("--out", type=Path, help="also write the table to this CSV file")
    add_workers_argument(cal, "the replicates")


def command_calibrate(args: argparse.Namespace) -> int:
    import pandas as pd

    from sim.inputs.sizing import economy_size
    from sim.runs.files import check_file_writable, write_csv_atomically
    from sim.validity.behaviour import calibrate_behaviour
    from sim.validity.calibration import calibrate, calibration_scenario, format_table

    if args.out:
        check_file_writable(args.out)
    tables = []
    if args.tier in ("all", "baseline"):
        # no size warnings: the baseline is PCT commissioning throughout, which forms at
        # any size (sim.inputs.sizing.size_limits)
        size = economy_size(calibration_scenario(), args.population, args.practices)
        if size is not None:
            LOG.info("economy: %s", size.describe())
        tables.append(calibrate(population=args.population, practices=args.practices,
                                seed=args.seed, replicates=args.replicates,
                                progress=not args.quiet,
                                workers=workers_from(args)).assign(tier="baseline"))
    if args.tier in ("all", "behaviour"):
        tables.append(calibrate_behaviour(seed=args.seed, replicates=args.replicates,
                                          progress=not args.quiet, workers=workers_from(args)
                                          ).assign(tier="behaviour"))
    for tier in tables:
        print(f"\n{tier['tier'].iloc[0]} tier\n{format_table(tier)}")
    table = pd.concat(tables, ignore_index=True)
    if args.out:
        write_csv_atomically(table, args.out)
    missed = int((~table["passed"]).sum())
    print(f"\n{len(table) - missed} of {len(table)} targets within tolerance.")
    return EXIT_OK if missed == 0 else EXIT_FAILED
