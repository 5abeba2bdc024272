"""Driving a sweep: submit every unfinished run, follow them, record what happened.

Each (point, replicate) is an independent task on a ``concurrent.futures`` executor
(``sim/sweep/executors.py``). The driver keeps a few runs more than there are workers in
flight, so stopping is prompt and a cluster's scheduler is not flooded. A run that
raises is recorded in ``failures/`` and the sweep goes on. A local worker process that
dies breaks the whole pool: the runs that were in flight become suspects, the pool is
rebuilt, and the suspects are rerun one at a time, so the run that kills its worker is
found, retried once more, and then recorded as failed; innocent runs are not charged.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, CancelledError, Future, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from sim.errors import UserError
from sim.sweep.manifest import finish_manifest, start_manifest
from sim.sweep.plan import RunTask, SweepPlan
from sim.sweep.store import SweepStore
from sim.sweep.worker import run_task, worker_identity

IDENTITY_KEYS = ("version", "git_commit")  # what makes two workers' code the same


class WorkerMismatchError(UserError):
    """A worker runs other code than the driver (another version or commit)."""

MAX_WORKER_DEATHS = 2  # a run that kills its worker alone this often is recorded as failed


@dataclass
class SweepOutcome:
    """What a ``healthsim sweep`` call did."""

    out_dir: Path
    total: int
    skipped: int  # finished by an earlier call (--resume)
    damaged: int = 0  # run files of an earlier call found damaged and run again
    finished: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def run_sweep(plan: SweepPlan, out_dir: Path, backend, resume: bool = False,
              progress: bool = True) -> SweepOutcome:
    """Run every unfinished run of ``plan`` on ``backend`` and record them in ``out_dir``.

    Nothing is written until the folder has been checked and the backend has started
    (a wrong --out or an unreachable scheduler leaves no trace).
    """
    store = SweepStore(out_dir)
    previous = store.check(plan.fingerprint(), resume, str(plan.source))
    started, clock = datetime.now(UTC), time.perf_counter()
    with backend:
        _open_folder(store, backend)
        executor = backend.describe()
        tasks, finished_before = plan.tasks(), store.finished()
        damaged = store.discard_damaged({task.run_id: task.scenario.months for task in tasks
                                         if task.run_id in finished_before})
        todo = [task for task in tasks if task.run_id not in finished_before - damaged]
        outcome = SweepOutcome(store.root, len(tasks), len(tasks) - len(todo), len(damaged))
        manifest = start_manifest(plan, previous)
        store.write_manifest(manifest)
        driver = Driver(backend, store, tqdm(
            total=len(tasks), initial=outcome.skipped, unit="run", leave=False,
            desc=f"sweep {plan.sweep.name}", disable=None if progress else True))
        driver.bar.set_postfix_str("failed 0")
        try:
            with driver.bar:
                driver.run(todo)
        finally:  # also when interrupted: record what did finish
            outcome.seconds = time.perf_counter() - clock
            outcome.finished, outcome.failed = len(driver.timings), sorted(driver.failures)
            finish_manifest(manifest, store, executor, started, outcome.seconds,
                            driver.timings)
            store.write_manifest(manifest)
    return outcome


def _open_folder(store: SweepStore, backend) -> None:
    """Create the folder and check the workers can see it and run the driver's code
    (undone if they cannot)."""
    store.create()
    try:
        backend.check_visible(store.runs)
        backend.check_code(worker_identity())
    except BaseException:
        store.remove_if_unused()
        raise


class Driver:
    """Submits runs, collects their futures, and survives broken local pools."""

    def __init__(self, backend, store: SweepStore, bar: tqdm) -> None:
        self.backend, self.store, self.bar = backend, store, bar
        self.identity = worker_identity()  # every run must come from this code
        self.timings: dict[str, dict] = {}  # run id -> timing of each run finished now
        self.failures: set[str] = set()
        self.deaths: Counter[str] = Counter()

    def run(self, tasks: list[RunTask]) -> None:
        queue: deque[RunTask] = deque(tasks)
        suspects: deque[RunTask] = deque()  # in flight when a pool broke; rerun alone
        in_flight: dict[Future, RunTask] = {}
        while queue or suspects or in_flight:
            source = suspects if suspects else queue
            limit = 1 if suspects else self.backend.capacity()
            broken = []
            while source and len(in_flight) < limit and not broken:
                task = source.popleft()
                try:
                    in_flight[self.backend.submit(run_task, task, str(self.store.runs))] = task
                except BrokenExecutor:
                    source.appendleft(task)
                    broken.append(None)  # the pool broke between two submissions
            if in_flight:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                broken += self._settle(done, in_flight)
            if broken:
                broken += self._settle(wait(in_flight).done, in_flight)  # all will fail
                self.backend.recover()
                self._requeue([task for task in broken if task is not None], suspects)

    def _settle(self, done, in_flight: dict[Future, RunTask]) -> list[RunTask]:
        """Record finished futures; return the runs lost to a broken pool."""
        lost = []
        for future in done:
            task = in_flight.pop(future)
            try:
                result = future.result()
            except BrokenExecutor:
                lost.append(task)
            except (Exception, CancelledError) as error:
                self._fail(task, error)
            else:
                self._succeed(task, result)
        return lost

    def _requeue(self, lost: list[RunTask], suspects: deque[RunTask]) -> None:
        """After a pool broke: a run lost alone killed its worker; others are suspects."""
        if len(lost) != 1:
            suspects.extend(lost)
            return
        task = lost[0]
        self.deaths[task.run_id] += 1
        if self.deaths[task.run_id] < MAX_WORKER_DEATHS:
            suspects.appendleft(task)
        else:
            self._fail(task, None, f"the worker process died while running it "
                       f"({self.deaths[task.run_id]} times, each time alone)")

    def _succeed(self, task: RunTask, result: dict) -> None:
        if not self.store.run_file(task.run_id).exists():
            self._fail(task, None, f"the worker reported success but "
                       f"{self.store.run_file(task.run_id)} is not there: is the --out "
                       "folder shared with the workers?")
            return
        if any(result[key] != self.identity[key] for key in IDENTITY_KEYS):
            self.store.run_file(task.run_id).unlink(missing_ok=True)
            raise WorkerMismatchError(
                f"run {task.run_id} was made on {result['host']} by healthsim "
                f"{result['version']} (commit {result['git_commit']}), but this sweep runs "
                f"healthsim {self.identity['version']} (commit {self.identity['git_commit']})"
                ": every worker must run the same code, or results would mix. The run was "
                "discarded; update or stop that worker, then continue with --resume.")
        self.store.clear_failure(task.run_id)
        self.timings[task.run_id] = {k: result[k] for k in ("seconds", "started", "host", "pid",
                                                            *IDENTITY_KEYS)}
        self.store.record_timing(task.run_id, self.timings[task.run_id])
        self.bar.update(1)

    def _fail(self, task: RunTask, error: BaseException | None, message: str = "") -> None:
        """Record a failed run (``failures/<run_id>.json``) and carry on."""
        text = message or f"{type(error).__name__}: {error}"
        record = {"run_id": task.run_id, "point": task.point, "arm": task.arm,
                  "row": task.row, "replicate": task.replicate, "values": task.values,
                  "error": text, "worker_deaths": self.deaths[task.run_id],
                  "traceback": "".join(traceback.format_exception(error)) if error else "",
                  "time": datetime.now(UTC).isoformat(timespec="seconds")}
        self.store.record_failure(task.run_id, record)
        self.failures.add(task.run_id)
        self.bar.update(1)
        self.bar.set_postfix_str(f"failed {len(self.failures)}")
        tqdm.write(f"healthsim: run {task.run_id} failed: {text}", file=sys.stderr)
