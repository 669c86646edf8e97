"""Block benchmark: wall time of a whole periodised block (solver.block.plan.plan_block), one core.

1. The trail-runner example (data/examples/trail-mountain-race.yaml), its block made exactly
   ``--weeks`` long (16) by starting that many weeks before the race week - planned
   ``--repeat`` times; the median is reported.
2. ``--athletes`` (50) seeded random athletes (models/squad/generator.py, 'mixed'), each given a
   block of ``--weeks`` weeks the same way (a race keeps its date, otherwise weeks: N).

Prints the median and 95th percentile of the block wall time (phases + every week's model
build and solve + the chain) and of its CPU time (less sensitive to a busy machine), the
wall time per athlete-week, and the week statuses. Same seed ->
same athletes -> same plans; times depend on the machine. Not a test.

    python benchmarks/block_plan.py [--weeks 16] [--athletes 50] [--seed 1] [--repeat 5]
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from week_solve import one_core_options, one_core_setup, percentile  # noqa: E402

from models.domain.athlete import Athlete  # noqa: E402
from models.domain.clock import monday_of  # noqa: E402
from models.squad.generator import random_squad  # noqa: E402
from models.io.athlete_file import load_athlete  # noqa: E402
from models.domain.bundled import EXAMPLES_DIR  # noqa: E402
from models.block.phases import block_length  # noqa: E402
from solver.block.plan import plan_block  # noqa: E402


def with_weeks(athlete: Athlete, weeks: int) -> Athlete:
    """The athlete with a block of exactly ``weeks`` weeks (a race keeps its date)."""
    if athlete.race is not None:
        start = monday_of(athlete.race.date) - timedelta(weeks=weeks - 1)
        changed = athlete.model_copy(update={"start": start, "weeks": None})
    else:
        changed = athlete.model_copy(update={"weeks": weeks})
    assert block_length(changed) == weeks
    return changed


def row(label: str, values: list[float]) -> str:
    return (f"{label:<34}{statistics.median(values):>9.3f}{percentile(values, 0.95):>9.3f}"
            f"{max(values):>9.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = one_core_options(__doc__, athletes=50)
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    pinned, rulebook, catalogue, params = one_core_setup(args)
    example = with_weeks(load_athlete(EXAMPLES_DIR / "trail-mountain-race.yaml"), args.weeks)
    plan_block(example, rulebook, catalogue, params)  # warm-up: imports, CP-SAT start

    print(f"block_plan: {args.weeks}-week blocks, rulebook {rulebook.name}, workers 1, "
          f"time limit {args.time_limit:g} s per week")
    print(f"python {platform.python_version()} on {platform.machine()}, {pinned}")
    print(f"{'seconds':<34}{'median':>9}{'p95':>9}{'max':>9}")

    times, cpu = [], []
    for _ in range(args.repeat):
        started, used = time.perf_counter(), time.process_time()
        block = plan_block(example, rulebook, catalogue, params)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    print(row(f"trail-mountain-race x{args.repeat}, wall", times))
    print(row("  cpu", cpu))
    print(f"{'':<34}statuses {dict(block.status_counts())}")

    athletes = [with_weeks(a, args.weeks)
                for a in random_squad(args.seed, args.athletes, args.difficulty)]
    blocks, cpu, weeks = [], [], []
    statuses: Counter[str] = Counter()
    for athlete in athletes:
        started, used = time.perf_counter(), time.process_time()
        block = plan_block(athlete, rulebook, catalogue, params)
        blocks.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
        weeks.extend(r.wall_time for r in block.weeks)
        statuses.update(block.status_counts())
    print(row(f"{len(athletes)} random athletes, wall", blocks))
    print(row("  cpu", cpu))
    print(row("  per athlete-week (build+solve)", weeks))
    n = sum(statuses.values())
    print(f"{'':<34}weeks: {n}, " + ", ".join(f"{s} {c}" for s, c in sorted(statuses.items()))
          + f"; total {sum(blocks):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
