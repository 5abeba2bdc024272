"""``healthsim compare A.toml B.toml ...``: scenarios side by side with common random numbers."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.args import (
    EXIT_OK,
    add_workers_argument,
    non_negative,
    replicate_count,
    workers_from,
)
from sim.compare import (
    COMPARISON_FILES,
    DEFAULT_REPLICATES,
    UNCERTAINTY_FILES,
    check_comparable,
    compare_scenarios,
    default_out_dir,
    format_table,
    write_comparison,
)
from sim.compare.uncertainty import DEFAULT_DRAWS
from sim.scenario import load_scenario


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
        "under joint draws of the uncertain inputs, and the table adds the 90%% interval "
        "over draws, P(better) and the assumption that would flip each ranking "
        "(uncertainty.csv, uncertainty/decision_report.md). The scenarios must have "
        "different names and the same start and months.")
    parser.add_argument("scenarios", type=Path, nargs="+", metavar="SCENARIO",
                        help="scenario TOML files (the first is the reference)")
    parser.add_argument("--replicates", type=replicate_count, default=DEFAULT_REPLICATES,
                        metavar="N",
                        help=f"replicates per scenario (default {DEFAULT_REPLICATES}; "
                        "intervals need at least 2)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: "
                        "results/compare-<first>-vs-<second>...)")
    parser.add_argument("--draws", type=non_negative, default=DEFAULT_DRAWS, metavar="N",
                        help="run every scenario again under N joint draws of the uncertain "
                        "inputs (each behavioural parameter's sourced prior and each "
                        "structural choice, as healthsim decide) and print beside the Monte "
                        "Carlo interval the 90%% interval over draws, P(better) and the "
                        f"assumption that would flip each ranking (default {DEFAULT_DRAWS}; "
                        "0 skips them)")
    add_workers_argument(parser, "the runs and the draws")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def command_compare(args: argparse.Namespace) -> int:
    from sim.compare.uncertainty import run_uncertainty
    from sim.runs.out_folder import out_folder_for

    scenarios = [load_scenario(path) for path in args.scenarios]
    sources = [str(path) for path in args.scenarios]
    check_comparable(scenarios, sources)
    out_dir = args.out or default_out_dir([s.name for s in scenarios])
    workers = workers_from(args)
    with out_folder_for(out_dir, "compare"):
        comparison = compare_scenarios(scenarios, replicates=args.replicates,
                                       progress=not args.quiet, sources=sources,
                                       workers=workers)
        uncertainty = None
        if args.draws > 0:
            uncertainty = run_uncertainty(args.scenarios, comparison.seed, args.draws,
                                          workers=workers, progress=not args.quiet)
        write_comparison(comparison, out_dir, uncertainty)
    runtime = sum(o.manifest["runtime_seconds"] for o in comparison.runs.values())
    draws = (f" and {uncertainty.seconds:.1f} s for {args.draws} draws of the uncertain "
             "inputs" if uncertainty else "")
    files = [*(f"{name}/" for name in comparison.runs), *COMPARISON_FILES,
             *(UNCERTAINTY_FILES if uncertainty else ())]
    print(f"Wrote {out_dir}/ ({', '.join(files)}) in {runtime:.1f} s of simulation{draws} "
          f"on {workers} worker(s).\n")
    print(format_table(comparison, uncertainty))
    return EXIT_OK
