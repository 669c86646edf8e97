"""One executor interface, three engines: in-process, a local process pool, Dask distributed.

All three hand out ``concurrent.futures.Future`` objects, so the batch driver
(solver/batch/driver.py) does not know which one runs its tasks. What differs, and is
described by attributes:

* ``slots`` - how many tasks run at once: the pool's processes, or 2 x Dask's threads (which
  decides how small the batch cuts its tasks);
* ``in_flight`` - how many tasks the batch driver keeps submitted: one queued behind each
  running task in the local pool, so a worker that finishes starts its next task at once
  instead of waiting for the parent to write the last results (fsynced) and submit. With
  one task per worker the parent's writing left the workers idle ~8 % of the time (1.3 s
  of 16 s for 200 athletes); benchmarks/run.py's figures are in the README. The cost:
  a dying worker fails the queued tasks too, and their work is rerun alone like the
  running ones' (solver/batch/driver.py);
* ``crash_errors`` - the exceptions that mean "a worker process died under this task";
* ``breaks_all`` - whether one death fails every task in flight (the stdlib pool raises
  ``BrokenProcessPool`` for all pending futures; Dask reschedules the others itself).

Local pool: ``forkserver`` processes (``spawn`` where there is none) - forking a parent that
runs threads (rich's progress refresh, Dask's event loop) is unsafe, and ortools is imported
once in the fork server rather than in every worker. Workers ignore SIGINT: Ctrl-C is the
parent's to handle, which then stops the workers itself.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from models.domain.errors import InputError

DASK_RETRIES = 1  # a task that raised (not one whose worker died) is tried once more
# A LocalCluster shares the machine's cores with its scheduler: no statistical profiler
# sampling every worker's stack each 10 ms, no GIL monitor each 1 ms (dashboard figures a
# batch does not use, paid in the cores that plan). A remote cluster keeps its own config.
LOCAL_CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False,
                        "distributed.admin.system-monitor.gil.enabled": False}


# A LocalCluster's scheduler and nannies run in this process and log through this logger:
# "State start", "Scheduler at ...", every worker's start and stop, and at shutdown a
# closed-stream traceback - Dask's bookkeeping, 34 lines on the terminal of a 3-athlete
# batch. While the engine runs, only its errors reach the terminal.
DASK_LOGGER = "distributed"


def _quiet(name: str) -> int:
    """Raise the logger's level to ERROR; returns the level it had."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    return level


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


class SequentialEngine:
    """Runs each task at once in this process (``--workers 1``): the reference for 'same answers'."""

    name = "sequential"
    slots = in_flight = 1
    crash_errors: tuple[type[BaseException], ...] = ()
    breaks_all = False

    def submit(self, fn: Callable, *args: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except Exception as error:  # KeyboardInterrupt goes through to the driver
            future.set_exception(error)
        return future

    def restart(self) -> None:  # pragma: no cover - nothing can break
        pass

    def close(self, cancel: bool = False) -> None:
        pass

    def describe(self) -> str:
        return "1 process (sequential)"


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["solver.batch.tasks", "solver.batch.replan_task"])
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows, macOS


class ProcessEngine:
    """A stdlib process pool of ``workers`` processes, rebuilt when a worker dies."""

    name = "processes"
    crash_errors = (BrokenProcessPool,)
    breaks_all = True

    def __init__(self, workers: int):
        self.slots = workers
        self.in_flight = 2 * workers
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.slots, mp_context=_context(),
                                   initializer=_ignore_sigint)

    def submit(self, fn: Callable, *args: Any) -> Future:
        return self._pool.submit(fn, *args)

    def restart(self) -> None:
        self._stop(self._pool)
        self._pool = self._new_pool()

    def close(self, cancel: bool = False) -> None:
        if cancel:
            self._stop(self._pool)
        else:
            self._pool.shutdown(wait=True)

    @staticmethod
    def _stop(pool: ProcessPoolExecutor) -> None:
        """Cancel what waits and end the workers now (a CP-SAT solve is not interruptible)."""
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join(timeout=5)

    def describe(self) -> str:
        return f"{self.slots} local processes"


class DaskEngine:
    """A Dask distributed client: a remote scheduler, or a LocalCluster of ``local`` workers."""

    name = "dask"
    breaks_all = False

    def __init__(self, scheduler: str | None = None, local: int | None = None):
        try:
            from distributed import Client, LocalCluster
            from distributed.scheduler import KilledWorker
        except ImportError:
            raise InputError("Dask is not installed; pip install 'weekplan[dask]'",
                             field="--scheduler" if scheduler else "--dask-local") from None
        self.crash_errors = (KilledWorker,)
        self._cluster = None
        self._log_level: int | None = None
        if scheduler:
            try:
                self._client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as error:
                raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {error}",
                                 field="--scheduler") from None
        else:
            import dask

            self._log_level = _quiet(DASK_LOGGER)
            try:
                with dask.config.set(LOCAL_CLUSTER_CONFIG):  # the nannies pass it on
                    self._cluster = LocalCluster(n_workers=local or default_workers(),
                                                 threads_per_worker=1, processes=True,
                                                 dashboard_address=":0", silence_logs=40)
                self._client = Client(self._cluster)
            except BaseException:
                self._restore_log_level()
                raise
        self._where = scheduler or f"a local Dask cluster of {local or default_workers()} workers"
        threads = sum(self._client.nthreads().values()) or 1
        self.slots = self.in_flight = 2 * threads
        self._executor = self._client.get_executor(pure=False, retries=DASK_RETRIES)

    def submit(self, fn: Callable, *args: Any) -> Future:
        return self._executor.submit(fn, *args)

    def restart(self) -> None:  # Dask replaces dead workers itself
        pass

    def close(self, cancel: bool = False) -> None:
        try:
            self._executor.shutdown(wait=not cancel)
        finally:
            self._client.close()
            if self._cluster is not None:
                self._cluster.close()
            self._restore_log_level()

    def _restore_log_level(self) -> None:
        """Give the Dask logger back the level _quiet took from it (a LocalCluster only)."""
        if self._log_level is not None:
            logging.getLogger(DASK_LOGGER).setLevel(self._log_level)
            self._log_level = None

    def describe(self) -> str:
        return self._where


def make_engine(executor: str = "local", workers: int | None = None, scheduler: str | None = None,
                dask_local: int | None = None):
    """The engine for the CLI's options: Dask when a scheduler or LocalCluster is asked for."""
    if scheduler or dask_local or executor == "dask":
        return DaskEngine(scheduler=scheduler, local=dask_local)
    if executor not in ("local", "sequential"):
        raise InputError(f"unknown executor '{executor}'; use local, dask or sequential")
    workers = workers or default_workers()
    if executor == "sequential" or workers == 1:
        return SequentialEngine()
    return ProcessEngine(workers)
