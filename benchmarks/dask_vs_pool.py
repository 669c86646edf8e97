"""Dask against the local pool: the same batch on both, the scheduler's cost per task, and
what 1,000,000 athlete-weeks would take on 8 and 64 worker cores.

    python benchmarks/dask_vs_pool.py [--athletes 1000] [--workers 2] [--time-limit 10]

1. ``weekplan demo-squad --seed 7`` then ``weekplan batch`` on it twice through the command
   line (cli_batch.py): ``--workers N`` (the local process pool) and ``--dask-local N`` (a
   Dask LocalCluster of N one-thread worker processes). Target: the Dask rate within 10 %
   of the pool's. Then the same athletes' solve times on both, by tenth of the squad
   (``paired_solve_times``): an even ratio is Dask's cost, an uneven one the machine's.
2. The overhead of a task: ``--tasks`` tasks that do nothing, driven as the batch driver
   drives its tasks (``engine.in_flight`` kept submitted, solver/batch/executors.py), on each
   engine; a task's cost is the elapsed time x workers / tasks - what each task takes from a
   worker beyond its own work (sending it, scheduling it, returning its answer).
3. The projection (``projection()``, figures from ``measured_figures()``: the batch less a
   1-athlete batch on the same engine, so start-up is counted once): the workers' share is athlete-weeks x worker seconds
   per athlete-week / cores, plus tasks x overhead / cores (a task carries TASK_WEEKS
   athlete-weeks); the parent's share - reading the squad and writing every athlete's
   files, one process whatever the cores - is athlete-weeks x the parent's seconds per
   athlete-week. Whichever is larger bounds the run; start-up is added once. All four
   figures are measured by parts 1 and 2 on this machine. With a LocalCluster the scheduler
   runs in the parent, so its CPU (heartbeats too, which grow with the wall time, not the
   work) counts as the parent's: on a loaded machine that overstates the parent's share.
Not a test: times depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # run from a checkout

import pandas as pd  # noqa: E402

from cli_batch import BatchRun, demo_squad, measure_batch  # noqa: E402
from solver.batch.executors import make_engine  # noqa: E402
from solver.batch.tasks import TASK_WEEKS  # noqa: E402

WITHIN = 0.10           # target: Dask's rate at most 10 % below the pool's
PROJECTED_WEEKS = 1_000_000
PROJECTED_CORES = (8, 64)


def nothing(number: int) -> int:
    """A task without work: what remains of it is the engine's cost."""
    return number


def task_overhead(engine_options: dict, tasks: int) -> tuple[float, int]:
    """(seconds a task costs a worker, workers) for empty tasks on a fresh engine."""
    engine = make_engine(**engine_options)
    try:
        workers = max(1, engine.slots // 2) if engine.name == "dask" else engine.slots
        for warm in range(2 * engine.in_flight):  # workers started and the code imported
            engine.submit(nothing, warm).result()
        started = time.perf_counter()
        inflight, sent = set(), 0
        while sent < tasks or inflight:
            while sent < tasks and len(inflight) < engine.in_flight:
                inflight.add(engine.submit(nothing, sent))
                sent += 1
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            inflight -= done
        elapsed = time.perf_counter() - started
    finally:
        engine.close()
    return elapsed * workers / tasks, workers


@dataclass(frozen=True)
class Figures:
    """What the projection is made of, all measured."""

    week_seconds: float     # a worker's CPU seconds per athlete-week (solve, build, output)
    parent_seconds: float   # the parent's CPU seconds per athlete-week (read, write)
    task_seconds: float     # a task's cost to its worker (the engine's overhead)
    startup: float          # seconds before the first task runs and after the last


def projection(figures: Figures, athlete_weeks: int, cores: int) -> tuple[float, str]:
    """(seconds, what bounds them) for ``athlete_weeks`` on ``cores`` worker cores."""
    tasks = athlete_weeks / TASK_WEEKS
    workers = (athlete_weeks * figures.week_seconds + tasks * figures.task_seconds) / cores
    parent = athlete_weeks * figures.parent_seconds
    bound = "the workers" if workers >= parent else "the parent (writing the results)"
    return figures.startup + max(workers, parent), bound


def measured_figures(run: BatchRun, one: BatchRun, task_seconds: float) -> Figures:
    """The projection's figures from a batch and a 1-athlete batch on the same engine: the
    difference is the cost of the extra athlete-weeks, without the start-up (imports, the
    cluster, the pool) that a short run's CPU times are mostly made of."""
    weeks = max(1, run.athlete_weeks - one.athlete_weeks)
    workers = (run.cpu - run.parent_cpu) - (one.cpu - one.parent_cpu)
    return Figures(week_seconds=max(0.0, workers) / weeks,
                   parent_seconds=max(0.0, run.parent_cpu - one.parent_cpu) / weeks,
                   task_seconds=task_seconds, startup=one.wall)


def paired_solve_times(pool_dir: Path, dask_dir: Path, parts: int = 10) -> str:
    """The same athletes' solve times on both engines (summary.csv ``wall_time``), Dask over
    the pool, by tenth of the squad in its order. The engines plan the same athletes in the
    same order, so a ratio that is even along the run is the engine's cost, and one that
    moves from tenth to tenth is the machine's (this 2-core virtual machine slows down for
    minutes at a time, whatever runs on it)."""
    columns = ["athlete", "wall_time", "objective"]
    both = pd.read_csv(pool_dir / "summary.csv", usecols=columns).merge(
        pd.read_csv(dask_dir / "summary.csv", usecols=columns), on="athlete",
        suffixes=("_pool", "_dask"))
    if both.empty:
        return "no athlete in both summaries"
    part = [i * parts // len(both) for i in range(len(both))]
    sums = both.groupby(part)[["wall_time_pool", "wall_time_dask"]].sum()
    ratios = " ".join(f"{r:.2f}" for r in sums["wall_time_dask"] / sums["wall_time_pool"])
    same = int((both["objective_pool"] == both["objective_dask"]).sum())
    total = both["wall_time_dask"].sum() / both["wall_time_pool"].sum()
    return (f"the same athletes' solve time, Dask / pool, by tenth of the squad: {ratios} "
            f"(all: {total:.2f}); the same penalty for {same} of {len(both)} athletes")


def describe(name: str, run: BatchRun) -> str:
    return (f"{name:<26}{run.athlete_weeks:>7}{run.wall:>9.1f}{run.rate:>10.1f}"
            f"{run.cpu - run.parent_cpu:>10.1f}{run.parent_cpu:>9.1f}{run.pss:>9.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--tasks", type=int, default=2000, help="empty tasks per engine")
    parser.add_argument("--keep", metavar="DIR", help="write the squad and results here")
    args = parser.parse_args(argv)
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="weekplan-dask-"))
    base.mkdir(parents=True, exist_ok=True)
    print(f"dask vs pool: {args.athletes} athletes (demo-squad --seed {args.seed}), "
          f"{args.workers} workers, time limit {args.time_limit:g} s/week, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    squad = demo_squad(base / "squad", args.athletes, args.seed)
    limit = ["--time-limit", f"{args.time_limit:g}"]
    print(f"{'engine':<26}{'weeks':>7}{'wall s':>9}{'weeks/s':>10}{'worker s':>10}"
          f"{'parent s':>9}{'PSS MiB':>9}")
    pool = measure_batch(squad, base / "pool", args.athletes,
                         [*limit, "--workers", str(args.workers)])
    print(describe(f"local pool of {args.workers}", pool), flush=True)
    dask = measure_batch(squad, base / "dask", args.athletes,
                         [*limit, "--dask-local", str(args.workers)])
    print(describe(f"Dask LocalCluster of {args.workers}", dask), flush=True)
    behind = 1 - dask.rate / pool.rate
    print(f"Dask's rate is {100 * behind:.1f} % below the pool's (target <= {100 * WITHIN:.0f} "
          f"%): {'met' if behind <= WITHIN else 'NOT met'}")
    print(paired_solve_times(base / "pool", base / "dask"), flush=True)

    pool_task, _ = task_overhead({"workers": args.workers}, args.tasks)
    dask_task, _ = task_overhead({"dask_local": args.workers}, args.tasks)
    print(f"overhead per task ({args.tasks} empty tasks, {args.workers} workers): pool "
          f"{1000 * pool_task:.2f} ms, Dask {1000 * dask_task:.2f} ms; a task carries up to "
          f"{TASK_WEEKS} athlete-weeks, so Dask adds {1000 * dask_task / TASK_WEEKS:.3f} ms "
          f"per athlete-week")

    one = measure_batch(demo_squad(base / "one", 1, args.seed), base / "dask-one", 1,
                        [*limit, "--dask-local", str(args.workers)])
    figures = measured_figures(dask, one, dask_task)
    print(f"projection from the Dask runs ({args.athletes} athletes less 1 athlete: start-up "
          f"taken out): {1000 * figures.week_seconds:.2f} ms of worker CPU and "
          f"{1000 * figures.parent_seconds:.3f} ms of parent CPU per athlete-week, "
          f"{1000 * figures.task_seconds:.2f} ms per task, start-up {figures.startup:.1f} s "
          "(the 1-athlete run's wall time)")
    for cores in PROJECTED_CORES:
        seconds, bound = projection(figures, PROJECTED_WEEKS, cores)
        print(f"  {PROJECTED_WEEKS:,} athlete-weeks on {cores} worker cores: "
              f"{seconds / 60:.1f} min ({PROJECTED_WEEKS / seconds:.0f} athlete-weeks/s), "
              f"bound by {bound}")
    print(f"results in {base}")
    return 0 if behind <= WITHIN else 1


if __name__ == "__main__":
    sys.exit(main())
