"""``healthsim compare A.toml B.toml ...``: scenarios side by side with common random numbers."""

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
from sim.compare.defaults import DEFAULT_DRAWS, DEFAULT_REPLICATES


def add_compare_parser(sub) -> None:
    """Register ``healthsim compare`` on the subparsers of ``sim.cli.build_parser``."""
    parser = sub.add_parser(
        "compare", help="run scenarios side by side with common random numbers",
        description="Run two or more scenario files with common random numbers: every "
        "scenario uses the first file's seed, and replicate r of each uses random streams "
        "r, so their differences are the policy, not noise. Writes "
        "each run to DIR/<name>/ and comparison.parquet, comparison.png and comparison.csv "
        "to DIR, and prints whole-run totals with the paired difference from the first "
        "scenario and its 95% interval (chance only: every replicate runs on the default "
        "values of the uncertain inputs). Then, unless --draws 0, every scenario runs again "
        "under joint draws of the uncertain inputs, and the table adds the 90% interval "
        "over draws, P(better) and the assumption that would flip each ranking "
        "(uncertainty.csv, uncertainty/decision_report.md). The scenarios must have "
        "different names and the same start and months. --population and --practices "
        "give every scenario the same economy (practices keep the first scenario's list "
        "size), and the draws run on that economy and --months too.")
    parser.add_argument("scenarios", type=Path, nargs="+", metavar="SCENARIO",
                        help="scenario TOML files (the first is the reference)")
    parser.add_argument("--replicates", type=replicate_count, default=DEFAULT_REPLICATES,
                        metavar="N",
                        help=f"replicates per scenario (default {DEFAULT_REPLICATES}; "
                        "intervals need at least 2)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: "
                        "results/compare-<first>-vs-<second>...)")
    add_size_arguments(parser, reference="first scenario's")
    parser.add_argument("--months", type=positive, metavar="N",
                        help="months to run every scenario (default: the files' months)")
    parser.add_argument("--draws", type=non_negative, default=DEFAULT_DRAWS, metavar="N",
                        help="run every scenario again under N joint draws of the uncertain "
                        "inputs (each behavioural parameter's sourced prior and each "
                        "structural choice, as healthsim decide) and print beside the Monte "
                        "Carlo interval the 90%% interval over draws, P(better) and the "
                        f"assumption that would flip each ranking (default {DEFAULT_DRAWS}; "
                        "0 skips them); they run on the same economy and months")
    add_workers_argument(parser, "the runs and the draws")


def command_compare(args: argparse.Namespace) -> int:
    from sim.compare import (
        COMPARISON_FILES,
        UNCERTAINTY_FILES,
        check_comparable,
        compare_scenarios,
        default_out_dir,
        format_table,
        write_comparison,
    )
    from sim.compare.uncertainty import run_uncertainty
    from sim.runs.out_folder import out_folder_for
    from sim.scenario import load_scenario

    sources = [str(path) for path in args.scenarios]
    scenarios = sized([load_scenario(path) for path in args.scenarios], sources, args)
    if args.months:
        scenarios = [s.with_overrides(f"{source} with --months {args.months}",
                                      months=args.months)
                     for s, source in zip(scenarios, sources, strict=True)]
    check_comparable(scenarios, sources)
    for scenario, source in zip(scenarios, sources, strict=True):
        warn_about_size(scenario, source)
    out_dir = args.out or default_out_dir([s.name for s in scenarios])
    workers = workers_from(args)
    with out_folder_for(out_dir, "compare"):
        comparison = compare_scenarios(scenarios, replicates=args.replicates,
                                       progress=not args.quiet, sources=sources,
                                       workers=workers)
        uncertainty = None
        if args.draws > 0:
            uncertainty = run_uncertainty(
                args.scenarios, comparison.seed, args.draws, workers=workers,
                progress=not args.quiet, population=args.population,
                practices=args.practices, months=args.months)
        write_comparison(comparison, out_dir, uncertainty)
    for scenario, source in zip(scenarios, sources, strict=True):
        warn_never_formed(scenario, source, comparison.runs[scenario.name].timeseries)
    runtime = sum(o.manifest["runtime_seconds"] for o in comparison.runs.values())
    spent = (f" and {uncertainty.seconds:.1f} s for {args.draws} draws of the uncertain "
             "inputs" if uncertainty else "")
    files = [*(f"{name}/" for name in comparison.runs), *COMPARISON_FILES,
             *(UNCERTAINTY_FILES if uncertainty else ())]
    print(f"Wrote {out_dir}/ ({', '.join(files)}) in {runtime:.1f} s of simulation{spent} "
          f"on {workers} worker(s).\n")
    print(format_table(comparison, uncertainty))
    return EXIT_OK

