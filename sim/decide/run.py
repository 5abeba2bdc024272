"""Running a decision: its sweep on the executors, then its report.

The runs are a sweep (``sim.decide.plan``), so they go to local worker processes or a
Dask cluster, each finished run is one Parquet file, and ``--resume`` continues an
interrupted decision. The draws of the inputs are written beside the runs
(``draws.csv``) and the report into ``DIR/report/`` (``sim.decide.report``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.decide.plan import DecisionPlan
from sim.decide.report import RUN_COLUMNS, compute_tables, write_report
from sim.errors import UserError
from sim.parameters import Parameters
from sim.runs.atomic import write_file_atomically
from sim.sweep.runner import SweepOutcome, run_sweep
from sim.sweep.store import SweepStore


@dataclass(frozen=True)
class DecisionOutcome:
    runs: SweepOutcome
    report: list[Path]
    notes: list[str]


def run_decision(plan: DecisionPlan, out_dir: Path, backend, resume: bool = False,
                 progress: bool = True) -> DecisionOutcome:
    """Run every unfinished run of the decision, then write its report."""
    outcome = run_sweep(plan.sweep, out_dir, backend, resume=resume, progress=progress)
    write_file_atomically(out_dir / "draws.csv", lambda p: plan.draws.to_csv(p))
    files, notes = report_decision(plan, out_dir)
    return DecisionOutcome(outcome, files, notes)


def report_decision(plan: DecisionPlan, out_dir: Path) -> tuple[list[Path], list[str]]:
    """Compute and write the report from the runs finished in ``out_dir``."""
    store = SweepStore(out_dir)
    if not store.finished():
        raise UserError(f"{out_dir}: no run has finished; nothing to report")
    runs = pd.read_parquet(store.runs, columns=RUN_COLUMNS)
    arms = [arm.name for arm in plan.sweep.arms]
    tables = compute_tables(runs, plan.inputs, plan.draws, arms,
                            Parameters().discount_rate, len(plan.sweep.tasks()))
    title = " vs ".join(arms)
    return write_report(tables, plan.inputs, out_dir / "report", title), tables.notes
