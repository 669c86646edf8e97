"""Growth: does a batch's time per athlete-week and its memory stay flat as the squad grows?

    python benchmarks/growth.py [--sizes 500 2000 5000] [--workers 2] [--time-limit 10]
                                [--rules NAME|FILE]

For each size N, through the command line as a user runs it: ``weekplan demo-squad --seed 7
--athletes N`` (the spreadsheet form), then ``weekplan batch`` on it in a fresh process tree,
sampled by tree_memory.TreeSampler (cli_batch.py). Prints per size: athlete-weeks, wall time
of the whole command (start-up, reading the squad, planning, the squad-wide files),
milliseconds per athlete-week, the workers' and the parent's CPU per athlete-week, and the
peak PSS and RSS of the tree; then the spread of the per-week times
(target: the slowest within 10 % of the fastest) and the largest peak (target: <= 600 MiB).
Not a test: times depend on the machine and on what else runs on it.

``--rules round1`` (the first release's rulebook: about 10 ms a week) measures
what grows with the squad - reading it, streaming the plans out, the squad-wide files - at
sizes where the default rulebook's solver would take hours (5,000 athletes: ~60,000
athlete-weeks). The solver's own memory and time per week do not depend on the squad's
size; the pipeline's do, and they are what the flat-growth targets are about.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cli_batch import BatchRun, demo_squad, measure_batch  # noqa: E402

TIME_SPREAD_TARGET = 0.10   # the slowest size's ms/athlete-week at most 10 % above the fastest
PEAK_TARGET_MIB = 600.0


def run_size(athletes: int, base: Path, seed: int, options: list[str]) -> BatchRun:
    squad = demo_squad(base / f"squad{athletes}", athletes, seed)
    return measure_batch(squad, base / f"out{athletes}", athletes, options)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dask-local", type=int, default=None,
                        help="run on a Dask LocalCluster of this many workers instead")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--rules", default="default", help="rulebook preset or file")
    parser.add_argument("--keep", metavar="DIR", help="write squads and results here")
    args = parser.parse_args(argv)
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="weekplan-growth-"))
    base.mkdir(parents=True, exist_ok=True)
    options = ["--time-limit", f"{args.time_limit:g}", "--rules", args.rules,
               *(["--dask-local", str(args.dask_local)] if args.dask_local
                 else ["--workers", str(args.workers)])]
    engine = (f"Dask LocalCluster of {args.dask_local}" if args.dask_local
              else f"{args.workers} local worker(s)")
    print(f"growth: demo-squad --seed {args.seed}, batch on {engine}, rules {args.rules}, "
          f"time limit {args.time_limit:g} s/week, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'athletes':>9}{'weeks':>8}{'wall s':>9}{'ms/week':>9}{'workers':>8}{'parent':>8}"
          f"{'PSS MiB':>9}{'RSS MiB':>9}   (CPU ms per athlete-week of the workers, the parent: "
          "flat in the size even when a loaded machine stretches the wall time)")
    runs = []
    for athletes in args.sizes:
        run = run_size(athletes, base, args.seed, options)
        runs.append(run)
        parent = 1000 * run.parent_cpu / max(1, run.athlete_weeks)
        workers = 1000 * (run.cpu - run.parent_cpu) / max(1, run.athlete_weeks)
        print(f"{run.athletes:>9}{run.athlete_weeks:>8}{run.wall:>9.1f}{run.ms_per_week:>9.2f}"
              f"{workers:>8.2f}{parent:>8.2f}{run.pss:>9.0f}{run.rss:>9.0f}", flush=True)
    times = [r.ms_per_week for r in runs]
    spread = max(times) / min(times) - 1
    peak = max(r.pss for r in runs)
    print(f"time per athlete-week: slowest {100 * spread:.1f} % above the fastest "
          f"(target <= {100 * TIME_SPREAD_TARGET:.0f} %): "
          f"{'met' if spread <= TIME_SPREAD_TARGET else 'NOT met'}")
    print(f"peak PSS of the tree: {peak:.0f} MiB (target <= {PEAK_TARGET_MIB:.0f}): "
          f"{'met' if peak <= PEAK_TARGET_MIB else 'NOT met'}; load average at end "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; results in {base}")
    return 0 if spread <= TIME_SPREAD_TARGET and peak <= PEAK_TARGET_MIB else 1


if __name__ == "__main__":
    sys.exit(main())
