"""Where a batch's time goes: every week of the benchmark batch's blocks, timed one by one.

Walks the 16-week blocks of ``benchmarks/run.py``'s batch athletes (athletes.py, the same
seeded loose / tight / two-a-day / beginner mix) through the chain as the batch does
(solver/block/plan.py ``chain``: each week's spec from the weeks before it, relaxed when it
has no plan, planned again when the next week's Monday needs it), on one core, and prints
the CPU time of every week summed and by share: the week median and p95, the part spent
re-solving with the lazy rules (solver/week/solve.py, solve_with_lazy_rules), weeks by time
band, and each kind of athlete. Same seed -> same
athletes -> same plans (ties aside: a speed change may pick another plan of equal penalty,
and the next week follows from it); times depend on the machine. Not a test.

    python benchmarks/batch_weeks.py [--athletes 40] [--weeks 16] [--seed 1] [--time-limit 10]

``--part 0:20`` walks only those athletes (run two parts on two cores side by side);
``--slowest 10`` lists the ten slowest weeks.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout
sys.path.insert(0, str(HERE))

from athletes import bench_athletes, block_athlete  # noqa: E402
from week_solve import percentile  # noqa: E402

import solver.block.plan as plan_module  # noqa: E402
import solver.week.solve as solve_module  # noqa: E402
from models.domain.catalogue import default_catalogue  # noqa: E402
from models.domain.rules import load_rulebook  # noqa: E402

BANDS = (0.05, 0.1, 0.3, 1.0, 3.0, float("inf"))  # seconds of CPU: upper ends of the bands


def timed(real, spent: dict, week: list):
    """``real``, adding its CPU time to ``spent`` under ``week[0]``, the week being solved
    (a week the chain plans again after the next one adds both solves)."""

    def run(*args, **kwargs):
        started = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            spent[week[0]] += time.process_time() - started

    return run


def timed_solve_week(spent: dict, week: list):
    """solve_week, keeping the week it solves in ``week[0]`` and adding its CPU time."""
    real = solve_module.solve_week

    def run(spec, *args, **kwargs):
        week[0] = (spec.athlete.id, spec.week_start)
        return timed(real, spent, week)(spec, *args, **kwargs)

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=40)
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rules", default="default", help="rulebook preset or file")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--part", default="", help="FIRST:LAST athletes only (0-based)")
    parser.add_argument("--slowest", type=int, default=0, help="list the N slowest weeks")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rulebook, catalogue = load_rulebook(args.rules), default_catalogue()
    params = solve_module.SolveParams(time_limit=args.time_limit, workers=1)
    athletes = bench_athletes(args.seed, args.athletes)
    if args.part:
        first, last = (int(x) for x in args.part.split(":"))
        athletes = athletes[first:last]
    cpu, resolving, week = defaultdict(float), defaultdict(float), [None]
    solve_module.solve_with_lazy_rules = timed(solve_module.solve_with_lazy_rules, resolving,
                                               week)
    plan_module.solve_week = timed_solve_week(cpu, week)
    weeks = []  # (kind, CPU seconds, of which re-solving, status, athlete, Monday)
    for kind, athlete in athletes:
        block = block_athlete(athlete, args.weeks)
        for _, spec, result in plan_module.chain(block, rulebook, catalogue, params):
            key = (spec.athlete.id, spec.week_start)
            weeks.append((kind, cpu[key], resolving[key], result.status.value, *key))

    times = [w[1] for w in weeks]
    print(f"batch_weeks: {len(athletes)} athletes x {args.weeks} weeks (seed {args.seed}, "
          f"rulebook {rulebook.name}, time limit {args.time_limit:g} s), CPU time, one core")
    print(f"weeks {len(weeks)}: {sum(times):.1f} s in all, median "
          f"{statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 0.95) * 1000:.0f} ms;"
          f" re-solving with the lazy rules {sum(w[2] for w in weeks):.1f} s in "
          f"{sum(1 for w in weeks if w[2] > 0)} weeks")
    statuses = defaultdict(int)
    for w in weeks:
        statuses[w[3]] += 1
    print("statuses: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
    low = 0.0
    for high in BANDS:
        band = [w for w in weeks if low <= w[1] < high]
        print(f"  {low:g}-{high:g} s: {len(band)} weeks, {sum(w[1] for w in band):.1f} s, "
              f"re-solving {sum(w[2] for w in band):.1f} s")
        low = high
    kinds = defaultdict(list)
    for w in weeks:
        kinds[w[0]].append(w[1])
    for kind, values in kinds.items():
        print(f"  {kind}: {len(values)} weeks, {sum(values):.1f} s, "
              f"median {statistics.median(values) * 1000:.0f} ms")
    for w in sorted(weeks, key=lambda w: -w[1])[:args.slowest]:
        print(f"  slow: {w[4]} {w[5]} ({w[0]}) {w[1]:.2f} s, re-solving {w[2]:.2f} s, {w[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
