"""The ``healthsim sweep`` and ``healthsim sweep-report`` commands.

Registered by ``sim/cli/__init__.py`` (``add_sweep_commands``); all sweep-specific argument
handling lives here. Exit codes follow the rest of the command line: 0 every run
finished, 1 some run failed (recorded in ``DIR/failures/``), 2 bad input before any
run started, 130 interrupted (finished runs are kept; ``--resume`` continues).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path

from sim.cli.args import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, positive
from sim.cli.sizing import LOG, add_size_arguments, warn_about_size
from sim.sweep.executors import default_workers

SWEEP_HELP = """\
Run every (point, replicate) of a sweep file as an independent task: on local worker
processes (default), on a running Dask cluster (--scheduler), or on a Dask cluster
started here (--dask-local). Each finished run is one Parquet file in DIR/runs/;
DIR/sweep_manifest.json records the design, seeds, versions and timings."""


def add_sweep_commands(sub) -> None:
    """Add ``sweep`` and ``sweep-report`` to the ``healthsim`` sub-command parsers."""
    sweep = sub.add_parser("sweep", help="run a batch sweep over parameters (local or Dask)",
                           description=SWEEP_HELP)
    sweep.add_argument("sweep_file", type=Path, metavar="SWEEP.toml", help="sweep file")
    add_executor_arguments(sweep)
    sweep.add_argument("--out", type=Path, metavar="DIR",
                       help="sweep folder (default: results/sweeps/<name>)")
    sweep.add_argument("--resume", action="store_true",
                       help="continue a sweep in DIR: skip finished runs, rerun missing "
                       "and failed ones")
    add_size_arguments(sweep, reference="first arm's scenario file's",
                       default="replaces the sweep file's [run] population and practices; "
                       "default: theirs, else the scenario files' size")

    report = sub.add_parser("sweep-report", help="tables, plots and a summary of a sweep",
                            description="Write DIR/report/: quantile bands of the headline "
                            "series per point, paired differences between points and "
                            "arms with 95% intervals, and Sobol or Morris indices of the "
                            "whole-run outcomes (CSV, PNG and summary.md).")
    report.add_argument("sweep_dir", type=Path, metavar="DIR", help="folder of a sweep")


def add_executor_arguments(parser) -> None:
    """Where the runs go: local processes, a Dask cluster, or one started here (sweep,
    decide)."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=positive, metavar="N",
                       help=f"local worker processes (default: one per core, here "
                       f"{default_workers()})")
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="run on the Dask cluster whose scheduler is at this address "
                       "(workers need healthsim installed and must see --out)")
    where.add_argument("--dask-local", type=positive, metavar="N",
                       help="start a Dask LocalCluster of N single-threaded worker "
                       "processes on 127.0.0.1 and run there")


def backend_from(args: argparse.Namespace):
    """The executor the arguments of ``add_executor_arguments`` ask for."""
    from sim.sweep.executors import DaskCluster, LocalPool

    if args.scheduler or args.dask_local:
        return DaskCluster(args.scheduler, args.dask_local)
    return LocalPool(args.workers)


def command_sweep(args: argparse.Namespace) -> int:
    from sim.sweep.plan import plan_sweep
    from sim.sweep.runner import run_sweep

    plan = resized_plan(plan_sweep(args.sweep_file), args)
    for arm in plan.arms:
        warn_about_size(arm.scenario, f"{args.sweep_file} arm '{arm.name}'")
    out_dir = args.out or Path("results") / "sweeps" / plan.sweep.name
    backend = backend_from(args)
    try:
        with terminate_as_interrupt():
            outcome = run_sweep(plan, out_dir, backend, resume=args.resume,
                                progress=not args.quiet)
    except KeyboardInterrupt:
        print(f"healthsim: sweep interrupted; finished runs are kept in {out_dir}/runs/. "
              f"Continue with: healthsim sweep {args.sweep_file} --out {out_dir} --resume",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    done_now = f"{outcome.finished} now" + (
        f", {outcome.skipped} earlier" if outcome.skipped else "") + (
        f" ({outcome.damaged} damaged earlier files run again)" if outcome.damaged else "")
    print(f"Sweep {plan.sweep.name}: {outcome.total} runs, finished {done_now}; "
          f"{len(outcome.failed)} failed; {outcome.seconds:.1f} s. Wrote {outcome.out_dir}/")
    if outcome.failed:
        print(f"  failed runs: {', '.join(outcome.failed[:10])}"
              f"{' ...' if len(outcome.failed) > 10 else ''} (errors in "
              f"{outcome.out_dir}/failures/; rerun them with --resume)")
        return EXIT_FAILED
    print(f"  next: healthsim sweep-report {outcome.out_dir}")
    return EXIT_OK


def resized_plan(plan, args: argparse.Namespace):
    """The plan made again on the economy ``--population`` and ``--practices`` ask for,
    which replaces the sweep file's ``[run]`` population and practices (practices keep
    the list size of the first arm's scenario file as written: ``plan_sweep``). The plan
    itself when neither is given."""
    from sim.inputs.sizing import EconomySize
    from sim.sweep.plan import plan_sweep

    if args.population is None and args.practices is None:
        return plan
    resized = plan_sweep(plan.source, args.population, args.practices)
    run = resized.sweep.run
    LOG.info("economy of every arm: %s",
             EconomySize(run.population, run.practices).describe())
    return resized


def command_sweep_report(args: argparse.Namespace) -> int:
    from sim.sweep.report import write_report

    report = write_report(args.sweep_dir)
    print(f"Wrote {report.folder}/ ({', '.join(sorted(p.name for p in report.files))})")
    for note in report.notes:
        print(f"  note: {note}")
    return EXIT_OK


@contextlib.contextmanager
def terminate_as_interrupt():
    """Treat SIGTERM like Ctrl-C, so a killed sweep stops its workers and its manifest."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

