"""Batch benchmark: athlete-weeks per second of `weekplan batch` with 1 and with N workers.

Generates a seeded squad (models/squad/generator.py, 'mixed' difficulty) with every block set
to ``--weeks`` weeks, plans it with ``solver.batch.driver.run_batch`` once per worker count
(1 = in this process, N = a local pool of N processes; ``--dask-local N`` adds a Dask
LocalCluster run) into a fresh folder each time, and prints per run: wall time, athlete-weeks per second,
the ratio to the 1-worker run, statuses, and the peak memory of the whole process tree.

Peak memory: with psutil (``pip install -e '.[bench]'``) a thread samples the summed RSS of
this process and all its descendants every 0.1 s; without it, the largest of
getrusage(RUSAGE_SELF) and getrusage(RUSAGE_CHILDREN) max RSS (a single process's peak,
not the tree's). Same seed -> same athletes -> same plans; times depend on the machine and
on what else runs on it. Not a test.

    python benchmarks/batch_throughput.py [--athletes 500] [--weeks 16] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from models.squad.generator import random_squad  # noqa: E402
from solver.batch.driver import run_batch  # noqa: E402
from solver.week.solve import SolveParams  # noqa: E402


class TreeMemory:
    """Peak summed RSS (MiB) of this process and its descendants while in the block."""

    def __init__(self, interval: float = 0.1):
        self.interval, self.peak_mib, self._stop = interval, 0.0, threading.Event()
        try:
            import psutil

            self._me = psutil.Process()
        except ImportError:
            self._me = None
        self.method = "psutil tree RSS" if self._me else "getrusage max RSS (largest process)"

    def _sample(self) -> None:
        while not self._stop.is_set():
            total = 0
            for process in [self._me, *self._me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except Exception:  # a worker that just ended
                    pass
            self.peak_mib = max(self.peak_mib, total / 2**20)
            self._stop.wait(self.interval)

    def __enter__(self):
        if self._me:
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._me:
            self._stop.set()
            self._thread.join()
        else:
            usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            self.peak_mib = usage / 1024  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--athletes", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dask-local", type=int, default=None,
                        help="also run on a Dask LocalCluster of this many workers")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--keep", metavar="DIR", help="write the results here (default: a temp dir)")
    args = parser.parse_args()

    squad = [a.model_copy(update={"weeks": args.weeks, "race": None})
             for a in random_squad(seed=args.seed, count=args.athletes)]
    print(f"batch throughput: {args.athletes} athletes x {args.weeks} weeks, seed {args.seed}, "
          f"time limit {args.time_limit:g} s/week, {os.cpu_count()} CPUs, "
          f"{platform.python_implementation()} {platform.python_version()}")
    runs = [("local", w, None) for w in args.workers]
    if args.dask_local:
        runs.append(("dask", None, args.dask_local))
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="weekplan-bench-"))
    reference = None
    print(f"{'engine':<28}{'wall s':>9}{'weeks/s':>10}{'ratio':>8}{'peak MiB':>10}  statuses")
    for executor, workers, dask_local in runs:
        out = base / (f"dask{dask_local}" if dask_local else f"workers{workers}")
        started = time.perf_counter()
        with TreeMemory() as memory:
            report = run_batch(squad, out, params=SolveParams(time_limit=args.time_limit),
                               executor=executor, workers=workers, dask_local=dask_local,
                               progress=False)
        wall = time.perf_counter() - started
        rate = report.athlete_weeks / wall
        reference = reference or rate
        statuses = ", ".join(f"{n} {s}" for s, n in sorted(report.counts.items()))
        print(f"{report.engine:<28}{wall:>9.1f}{rate:>10.1f}{rate / reference:>8.2f}"
              f"{memory.peak_mib:>10.0f}  {statuses}", flush=True)
    print(f"peak memory: {memory.method}; results in {base}")


if __name__ == "__main__":
    main()
