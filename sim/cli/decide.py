"""The ``healthsim decide`` command: which arm is best once every uncertain input is
uncertain, how sure that is, what would flip it and which research is worth most.

Exit codes as the rest of the command line: 0 done, 1 some run failed (the report uses
the complete draws; ``--resume`` reruns the failed), 2 bad input, 130 interrupted
(finished runs are kept).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.cli.args import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, positive, replicate_count
from sim.cli.sizing import LOG, add_size_arguments, warn_about_size
from sim.cli.sweep import add_executor_arguments, backend_from, terminate_as_interrupt
from sim.decide.defaults import DEFAULT_DRAWS, DEFAULT_POPULATION, DEFAULT_REPLICATES, DEFAULT_SEED

DECIDE_HELP = """\
Draw every uncertain input jointly (each parameter's sourced prior and each structural
choice; a Latin hypercube), run every arm under each draw with common random numbers
on the sweep executors, and write DIR/report/decision_report.md: the distribution of
each paired difference (emergency admissions, resource cost, deaths care acts on,
QALYs, net monetary benefit at GBP 20,000 and 30,000 per QALY), P(each arm is best)
and expected regret,
the box of inputs where the ranking flips (PRIM) and the expected value of partial
perfect information of each input and group."""


def add_decide_parser(sub) -> None:
    """Add ``decide`` to the ``healthsim`` sub-command parsers."""
    parser = sub.add_parser("decide", help="choose between scenarios under parameter and "
                            "structural uncertainty (P(best), flips, EVPPI)",
                            description=DECIDE_HELP)
    parser.add_argument("scenarios", nargs="+", type=Path, metavar="SCENARIO.toml",
                        help="two or more scenario files; the first is the reference")
    parser.add_argument("--draws", type=positive, default=DEFAULT_DRAWS, metavar="N",
                        help=f"joint draws of the uncertain inputs (default {DEFAULT_DRAWS})")
    parser.add_argument("--replicates", type=replicate_count, default=DEFAULT_REPLICATES,
                        metavar="R", help=f"replicates per draw and arm (default "
                        f"{DEFAULT_REPLICATES}; at least 2 to split parameter from chance)")
    add_size_arguments(parser, reference="first scenario's",
                       population_default=DEFAULT_POPULATION)
    parser.add_argument("--months", type=positive, metavar="N",
                        help="months to simulate (default: the scenarios' own)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"root seed of the draws and the runs (default {DEFAULT_SEED})")
    parser.add_argument("--all-priors", action="store_true",
                        help="also draw the parameters whose prior is a placeholder "
                        "(+-50%% of an unsourced default)")
    add_executor_arguments(parser)
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help="decision folder (default: results/decide/<arms>)")
    parser.add_argument("--resume", action="store_true",
                        help="continue a decision in DIR: skip finished runs")


def command_decide(args: argparse.Namespace) -> int:
    from sim.decide.plan import DecisionSettings, plan_decision
    from sim.decide.run import run_decision

    plan = plan_decision(DecisionSettings(
        tuple(args.scenarios), draws=args.draws, replicates=args.replicates,
        population=args.population, practices=args.practices, months=args.months,
        seed=args.seed, all_priors=args.all_priors))
    economy = plan.sweep.arms[0].scenario.population
    LOG.info("economy: %s people in %s practices", f"{economy.size:,}", economy.practices)
    for arm in plan.sweep.arms:
        warn_about_size(arm.scenario, arm.scenario_file)
    out_dir = args.out or Path("results") / "decide" / "_vs_".join(
        arm.name for arm in plan.sweep.arms)
    backend = backend_from(args)
    try:
        with terminate_as_interrupt():
            outcome = run_decision(plan, out_dir, backend, resume=args.resume,
                                   progress=not args.quiet)
    except KeyboardInterrupt:
        print(f"healthsim: decide interrupted; finished runs are kept in {out_dir}/runs/. "
              f"Continue with the same command and --out {out_dir} --resume",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    runs = outcome.runs
    print(f"Decision {' vs '.join(a.name for a in plan.sweep.arms)}: {runs.total} runs "
          f"({len(plan.sweep.arms)} arms x {args.draws} draws x {args.replicates} "
          f"replicates), {runs.finished} now, {runs.skipped} earlier, {len(runs.failed)} "
          f"failed; {runs.seconds:.1f} s.")
    print(f"Wrote {out_dir}/report/decision_report.md (and {len(outcome.report) - 1} "
          "tables and plots)")
    for note in outcome.notes:
        print(f"  note: {note}")
    return EXIT_FAILED if runs.failed else EXIT_OK
