"""``healthsim explain A.toml B.toml``: why B differs from A, mechanism by mechanism
(a factorial decomposition with Shapley values, ``sim.explain``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.args import EXIT_OK, positive, replicate_count
from sim.cli.sizing import add_size_arguments, sized, warn_about_size
from sim.explain.defaults import DEFAULT_REPLICATES, FULL_FACTORIAL_LIMIT


def add_explain_parser(sub) -> None:
    """Register ``healthsim explain`` on the subparsers of ``sim.cli.build_parser``."""
    from sim.sweep.executors import default_workers

    parser = sub.add_parser(
        "explain", help="split the difference between two scenarios by mechanism",
        description="Why does B differ from A? Runs both scenarios with every combination "
        "of the mechanisms (sim/mechanisms/) on in either file switched on and off (a full "
        f"2^k factorial up to k = {FULL_FACTORIAL_LIMIT}, a resolution V fraction beyond), "
        "with common random numbers (B takes A's seed), and splits B - A in emergency "
        "admissions, spend and QALYs into a base (every mechanism off) plus each "
        f"mechanism's Shapley value (exact up to k = {FULL_FACTORIAL_LIMIT}, approximate "
        "beyond), which add up to B - A; main effects and two-way interactions are "
        "reported too. Preconditions "
        "(engagement_incentives: the others need it to act) are not credited: each is "
        "shown as B - A with it off in both. Cost: 2 x 2^k scenarios (plus 2 per "
        "precondition) x replicates, about 2,560 runs for 8 mechanisms and 5 replicates; "
        "--population and --months shrink each run, --replicates the count. Writes "
        "explain.csv, explain.png (a waterfall) and manifest.json to DIR and prints the "
        "table. A and B must have the same start, months and economy (population, "
        "practices, trusts).")
    parser.add_argument("a", type=Path, metavar="A.toml", help="scenario A (the reference)")
    parser.add_argument("b", type=Path, metavar="B.toml", help="scenario B")
    parser.add_argument("--replicates", type=replicate_count, default=DEFAULT_REPLICATES,
                        metavar="N", help=f"replicates of every run (default "
                        f"{DEFAULT_REPLICATES}; intervals need at least 2; the runs grow with it)")
    add_size_arguments(parser, reference="A's")
    parser.add_argument("--months", type=positive, metavar="N",
                        help="months to run both (default: the files' months; fewer: faster runs)")
    parser.add_argument("--workers", type=positive, metavar="N",
                        help=f"worker processes (default: one per core, here "
                        f"{default_workers()}); results do not depend on it")
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help="output folder (default: results/explain_<a>_vs_<b>)")


def command_explain(args: argparse.Namespace) -> int:
    from sim.explain.decomposition import decompose
    from sim.explain.report import EXPLAIN_FILES, default_out_dir, format_table, write_explain
    from sim.explain.variants import prepare_pair
    from sim.runs.out_folder import out_folder_for
    from sim.scenario import load_scenario
    from sim.sweep.executors import default_workers

    sources = (str(args.a), str(args.b))
    a, b = sized([load_scenario(args.a), load_scenario(args.b)], sources, args)
    options = {"months": args.months, "sources": sources}
    for scenario, source in zip(prepare_pair(a, b, **options), sources, strict=True):
        warn_about_size(scenario, source)  # and refuse a bad pair before touching the disk
    out_dir = args.out or default_out_dir(a.name, b.name)
    with out_folder_for(out_dir, "explain"):
        decomposition = decompose(a, b, args.replicates,
                                  workers=args.workers or default_workers(),
                                  progress=not args.quiet,
                                  announce=lambda plan: print(plan.summary, flush=True),
                                  **options)
        write_explain(decomposition, out_dir)
    print(f"Wrote {out_dir}/ ({', '.join(EXPLAIN_FILES)}): {decomposition.simulations} "
          f"runs in {decomposition.seconds:.1f} s on {decomposition.workers} worker(s).\n")
    print(format_table(decomposition))
    return EXIT_OK
