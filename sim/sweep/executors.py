"""Where runs execute: a local process pool, or a Dask distributed cluster.

Both are ``concurrent.futures`` executors (Dask's through ``client.get_executor()``), so
the driver (``sim/sweep/runner.py``) is the same for both; no home-made scheduler. The
backends differ only in what happens when a worker process dies: a local pool breaks
(every pending future raises ``BrokenProcessPool``) and must be rebuilt, while Dask
reschedules the task itself and, after ``distributed.scheduler.allowed-failures`` deaths,
fails it with ``KilledWorker``.

Heavy imports (``distributed``) happen only when a backend is opened, so that the rest
of the command line stays quick to start.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from pathlib import Path

from sim.errors import UserError

WORKER_MODULE = "sim.sweep.worker"
CONNECT_TIMEOUT = "10s"  # to reach a running scheduler
WORKER_WAIT_SECONDS = 120  # for a first worker to answer
# Workers of --dask-local: no statistical profiler (it samples every thread's stack
# every 10 ms, holding the GIL the simulation needs; nothing here reads the profiles).
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class LocalPool:
    """A local ``ProcessPoolExecutor``, rebuilt when a worker process dies.

    Workers are forked from a forkserver that has already imported the model, so a
    (re)started worker is ready in milliseconds; forking the driver itself would copy
    its threads (tqdm, the pool's manager), which is unsafe.
    """

    can_break = True

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalPool:
        self.executor = self._new_executor()
        return self

    def __exit__(self, *exc) -> None:
        self.close(cancel=exc[0] is not None)

    def _new_executor(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([WORKER_MODULE])
        from sim.sweep.worker import watch_driver

        return ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                   initializer=watch_driver, initargs=(os.getpid(),))

    def submit(self, fn, *args) -> Future:
        return self.executor.submit(fn, *args)

    def capacity(self) -> int:
        """Runs to keep submitted: one per worker plus one queued, so none idles."""
        return self.workers + 1

    def recover(self) -> None:
        """Replace a broken pool by a fresh one."""
        self.close(cancel=True)
        self.executor = self._new_executor()

    def check_code(self, identity: dict) -> None:
        """Local workers import this very package: nothing to check."""

    def check_visible(self, folder: Path) -> None:
        """Local workers share the driver's file system."""

    def close(self, cancel: bool = False) -> None:
        """Shut down; with ``cancel``, drop queued runs and stop running ones now."""
        if self.executor is None:
            return
        executor, self.executor = self.executor, None
        if cancel:
            for process in list(getattr(executor, "_processes", {}).values()):
                process.terminate()  # no public API before Python 3.14
        executor.shutdown(wait=True, cancel_futures=cancel)

    def describe(self) -> dict:
        return {"kind": "local process pool", "workers": self.workers}


def map_in_pool(fn, arguments: Sequence[tuple], workers: int,
                on_done: Callable[[], object] | None = None) -> list:
    """``fn(*args)`` for every ``args`` on a local pool of ``workers`` processes; the
    results in the order given, whatever order they finish in (``on_done`` is called
    as each finishes, e.g. a progress bar's ``update``)."""
    results: dict[int, object] = {}
    with LocalPool(workers) as pool:
        pending = {pool.submit(fn, *args): index for index, args in enumerate(arguments)}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                results[pending.pop(future)] = future.result()
                if on_done is not None:
                    on_done()
    return [results[index] for index in range(len(arguments))]


class DaskCluster:
    """A Dask distributed client: to a running scheduler, or to a LocalCluster.

    Workers write run files themselves, so with a remote cluster the ``--out`` folder
    must be on storage every worker can see, at the same path (checked on opening).
    """

    can_break = False

    def __init__(self, scheduler: str | None = None, local_workers: int | None = None) -> None:
        self.scheduler, self.local_workers = scheduler, local_workers
        self.client = self.cluster = None
        self.executor: Executor | None = None
        self._capacity, self._capacity_checked = 2, 0.0

    def __enter__(self) -> DaskCluster:
        import dask
        from distributed import Client, LocalCluster

        try:
            if self.local_workers:
                with dask.config.set(LOCAL_WORKER_CONFIG):  # handed to the workers
                    self.cluster = LocalCluster(n_workers=self.local_workers,
                                                threads_per_worker=1, processes=True,
                                                host="127.0.0.1", dashboard_address=None)
                self.client = Client(self.cluster)
            else:
                self.client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as error:
            self.close()
            where = self.scheduler or "a local Dask cluster"
            raise UserError(f"cannot connect to {where} ({error}); is the scheduler "
                            "running and the address tcp://HOST:PORT?") from None
        self.executor = self.client.get_executor(pure=False)
        return self

    def __exit__(self, *exc) -> None:
        self.close(cancel=exc[0] is not None)

    def submit(self, fn, *args) -> Future:
        return self.executor.submit(fn, *args)

    def capacity(self) -> int:
        """Two runs per worker thread (re-read every few seconds: clusters grow)."""
        if time.monotonic() - self._capacity_checked > 5:
            threads = sum(self.client.nthreads().values())
            self._capacity = max(2, 2 * threads)
            self._capacity_checked = time.monotonic()
        return self._capacity

    def recover(self) -> None:  # pragma: no cover - Dask never breaks like a local pool
        raise RuntimeError("a Dask executor does not break")

    def check_code(self, identity: dict) -> None:
        """Refuse to start if a worker runs other code than ``identity`` (the driver's),
        or cannot run healthsim at all. Workers that join later are checked run by run
        (``sim.sweep.runner``)."""
        from sim.sweep.worker import worker_identity

        try:
            answers = self.client.run(worker_identity, wait=True)
        except Exception as error:  # the worker's own error, e.g. it cannot import sim
            raise UserError(f"a Dask worker cannot run healthsim ({type(error).__name__}: "
                            f"{error}); install this version of the package on every "
                            "worker.") from None
        others = {address: answer for address, answer in answers.items()
                  if answer != identity}
        if others:
            address, answer = next(iter(others.items()))
            raise UserError(
                f"{len(others)} Dask worker(s) run other code than this sweep: {address} has "
                f"healthsim {answer['version']} (commit {answer['git_commit']}), this sweep "
                f"{identity['version']} (commit {identity['git_commit']}). Every worker must "
                "run the same version and commit, or results would mix.")

    def check_visible(self, folder: Path) -> None:
        """Refuse to start if the workers cannot see the output folder."""
        try:
            visible = self.executor.submit(os.path.isdir, str(folder)).result(
                timeout=WORKER_WAIT_SECONDS)
        except TimeoutError:
            raise UserError(f"no Dask worker answered within {WORKER_WAIT_SECONDS} s; are "
                            "workers connected to the scheduler?") from None
        if not visible:
            raise UserError(f"--out {folder}: the Dask workers cannot see this folder; "
                            "use a folder on storage shared by the workers (same path on "
                            "every machine).")

    def close(self, cancel: bool = False) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=not cancel)
            self.executor = None
        for resource in (self.client, self.cluster):
            if resource is not None:
                resource.close()
        self.client = self.cluster = None

    def describe(self) -> dict:
        if self.local_workers:
            return {"kind": "dask LocalCluster", "workers": self.local_workers}
        workers = len(self.client.nthreads()) if self.client else None
        return {"kind": "dask distributed", "scheduler": self.scheduler, "workers": workers}
