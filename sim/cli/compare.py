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
    check_comparable,
    compare_scenarios,
    default_out_dir,
    format_table,
    write_comparison,
)
from sim.scenario import load_scenario

DEFAULT_EXPLAIN_REPLICATES = 2  # as healthsim explain: with common random numbers two
# replicates rank the mechanisms; the report shows their intervals


def add_compare_parser(sub) -> None:
    """Register ``healthsim compare`` on the subparsers of ``sim.cli.build_parser``."""
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
    parser.add_argument("--replicates", type=replicate_count, default=DEFAULT_REPLICATES,
                        metavar="N",
                        help=f"replicates per scenario (default {DEFAULT_REPLICATES}; "
                        "intervals need at least 2)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: "
                        "results/compare-<first>-vs-<second>...)")
    parser.add_argument("--explain-replicates", type=non_negative, default=None, metavar="N",
                        help="for migration paths: split each path's difference from the "
                        "first by mechanism (healthsim explain) with N replicates for "
                        f"migration_report.md (default {DEFAULT_EXPLAIN_REPLICATES} when a "
                        "scenario follows a migration path; 0 skips it)")
    add_workers_argument(parser, "the runs and the decomposition")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def command_compare(args: argparse.Namespace) -> int:
    from sim.reports.migration import decompose_paths, is_migration_comparison
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
        decomposition = None
        explain = args.explain_replicates
        if explain is None:
            explain = DEFAULT_EXPLAIN_REPLICATES
        if explain > 0 and is_migration_comparison(comparison.scenarios):
            decomposition = decompose_paths(comparison, explain, workers,
                                            progress=not args.quiet)
        write_comparison(comparison, out_dir, decomposition)
    runtime = sum(o.manifest["runtime_seconds"] for o in comparison.runs.values())
    print(f"Wrote {out_dir}/ ({', '.join(f'{name}/' for name in comparison.runs)}, "
          f"{', '.join(COMPARISON_FILES)}) in {runtime:.1f} s of simulation on "
          f"{workers} worker(s).\n")
    print(format_table(comparison))
    return EXIT_OK
