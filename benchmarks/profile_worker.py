"""Where a batch worker's time goes: pyinstrument over one task of `weekplan batch`.

A batch worker's whole job is ``solver.batch.tasks.plan_athletes`` (plan each athlete's
block, render its tables and calendar). This runs it on the benchmark's athletes (benchmarks/athletes.py,
16-week blocks) in this process, after a warm-up athlete, under pyinstrument's sampling
profiler, and prints the call tree - the profile that guided the speed work of the batch
(README, "Performance and quality"). Not a test; figures depend on the machine.

    pip install -e '.[bench]'
    python benchmarks/profile_worker.py [--athletes 40] [--seed 1] [--html profile.html]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
sys.path.insert(0, str(Path(__file__).resolve().parent))

from athletes import bench_athletes, block_athlete  # noqa: E402
from models.domain.rules import default_rulebook  # noqa: E402
from models.squad.forms import athlete_yaml_dict  # noqa: E402
from solver.batch.tasks import Shared, plan_athletes, rulebook_json  # noqa: E402

BLOCK_WEEKS = 16


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--interval", type=float, default=0.0005, help="sampling interval, s")
    parser.add_argument("--html", metavar="FILE", help="also write pyinstrument's HTML view")
    args = parser.parse_args()
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("pyinstrument is not installed: pip install -e '.[bench]'")

    raw = [athlete_yaml_dict(block_athlete(a, BLOCK_WEEKS))
           for _, a in bench_athletes(args.seed, args.athletes + 1)]
    shared = Shared(rulebook_json(default_rulebook()), time_limit=10.0, seed=1, hooks={})
    plan_athletes(raw[:1], shared)  # warm-up: imports, caches, CP-SAT start-up
    profiler = Profiler(interval=args.interval)
    profiler.start()
    plan_athletes(raw[1:], shared)
    profiler.stop()
    print(f"plan_athletes: {args.athletes} athletes x {BLOCK_WEEKS} weeks, seed {args.seed}")
    print(profiler.output_text(unicode=False, color=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html(), encoding="utf-8")
        print(f"HTML view: {args.html}")


if __name__ == "__main__":
    main()
