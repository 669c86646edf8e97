"""Week benchmark: how long one athlete-week takes to build and solve, on one core.

Plans the first week of N seeded random athletes (models/squad/generator.py, 'mixed' squad) with
the default rulebook and CP-SAT on one worker, and prints the median and 95th percentile of
the model build time, the solve time and their sum per athlete-week, the share of weeks
proven optimal, and how many were infeasible. Same seed -> same athletes -> same plans; the
times of course depend on the machine. Not a test.

    python benchmarks/week_solve.py [--athletes 200] [--seed 1] [--difficulty mixed]
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from models.domain.catalogue import default_catalogue  # noqa: E402
from models.squad.generator import DIFFICULTIES, random_squad  # noqa: E402
from models.domain.rules import load_rulebook  # noqa: E402
from models.domain.week import single_week  # noqa: E402
from solver.week.solve import SolveParams, solve_week  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (no interpolation: it is one of the measured values)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def pin_to_one_core() -> str:
    """Run on a single CPU where the OS allows it, so the figures mean 'one core'."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def one_core_options(doc: str, athletes: int) -> argparse.ArgumentParser:
    """The options every one-core benchmark takes: the generated squad, rulebook, limit."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=athletes)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--difficulty", choices=DIFFICULTIES, default="mixed")
    parser.add_argument("--rules", default="default", help="rulebook preset or file")
    parser.add_argument("--time-limit", type=float, default=10.0)
    return parser


def one_core_setup(args: argparse.Namespace):
    """Pin to one core, then (how it was pinned, rulebook, catalogue, one-worker params)."""
    pinned = pin_to_one_core()
    return (pinned, load_rulebook(args.rules), default_catalogue(),
            SolveParams(time_limit=args.time_limit, workers=1))


def main(argv: list[str] | None = None) -> int:
    args = one_core_options(__doc__, athletes=200).parse_args(argv)
    pinned, rulebook, catalogue, params = one_core_setup(args)
    athletes = random_squad(args.seed, args.athletes, args.difficulty)

    # one warm-up week so that importing and initialising CP-SAT is not counted
    solve_week(single_week(athletes[0], rulebook, catalogue), rulebook, catalogue, params)

    builds, solves, totals = [], [], []
    statuses: Counter[str] = Counter()
    started = time.perf_counter()
    for athlete in athletes:
        result = solve_week(single_week(athlete, rulebook, catalogue), rulebook, catalogue, params)
        statuses[result.status.value] += 1
        builds.append(result.build_time)
        solves.append(result.solve_time)
        totals.append(result.wall_time)
    elapsed = time.perf_counter() - started

    n = len(athletes)
    print(f"week_solve: {n} athlete-weeks, seed {args.seed}, difficulty {args.difficulty}, "
          f"rulebook {rulebook.name}, workers 1, time limit {args.time_limit:g} s")
    print(f"python {platform.python_version()} on {platform.machine()}, {pinned}")
    print(f"{'seconds per athlete-week':<26}{'median':>10}{'p95':>10}{'max':>10}")
    for label, values in (("build", builds), ("solve", solves), ("build+solve", totals)):
        print(f"{label:<26}{statistics.median(values):>10.4f}{percentile(values, 0.95):>10.4f}"
              f"{max(values):>10.4f}")
    print(f"proven optimal: {statuses['optimal']}/{n} ({100 * statuses['optimal'] / n:.1f} %), "
          f"infeasible: {statuses['infeasible']}, feasible (time limit): {statuses['feasible']}, "
          f"no plan in time: {statuses['unknown']}")
    print(f"total {elapsed:.2f} s, {n / elapsed:.1f} athlete-weeks per second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
