"""`weekplan batch` of this checkout run as a user runs it, in a fresh process tree, measured.

Shared by growth.py and dask_vs_pool.py: the wall time of the whole command, the
athlete-weeks it planned (from its summary line), the peak PSS and RSS of its process tree,
and the CPU seconds of the tree and of the parent alone (tree_memory.TreeSampler).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tree_memory import TreeSampler

ROOT = Path(__file__).resolve().parent.parent
WEEKS_IN_SUMMARY = re.compile(r"\((\d+) athlete-weeks")


@dataclass
class BatchRun:
    athletes: int
    athlete_weeks: int
    wall: float
    pss: float
    rss: float
    cpu: float          # the whole tree's CPU seconds
    parent_cpu: float   # the parent's alone: reading the squad, writing the results

    @property
    def ms_per_week(self) -> float:
        return 1000 * self.wall / max(1, self.athlete_weeks)

    @property
    def rate(self) -> float:
        return self.athlete_weeks / self.wall if self.wall else 0.0


def weekplan(*args: str) -> subprocess.Popen:
    """`weekplan ARGS` of this checkout, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *args], env=env,
                            stdout=subprocess.PIPE, text=True)


def demo_squad(folder: Path, athletes: int, seed: int) -> Path:
    """`weekplan demo-squad --seed SEED --athletes N --out FOLDER` (the spreadsheet form)."""
    made = weekplan("demo-squad", "--seed", str(seed), "--athletes", str(athletes),
                    "--out", str(folder))
    made.communicate()
    if made.returncode != 0:
        raise SystemExit(f"demo-squad failed for {athletes} athletes")
    return folder


def measure_batch(squad: Path, out: Path, athletes: int, options: list[str]) -> BatchRun:
    """`weekplan batch SQUAD --out OUT --quiet OPTIONS`, sampled from start to exit."""
    started = time.perf_counter()
    child = weekplan("batch", str(squad), "--out", str(out), "--quiet", *options)
    with TreeSampler(child.pid) as memory:
        printed, _ = child.communicate()
    wall = time.perf_counter() - started
    found = WEEKS_IN_SUMMARY.search(printed or "")
    if child.returncode != 0 or not found:
        raise SystemExit(f"batch {squad} {' '.join(options)} failed (exit {child.returncode})")
    return BatchRun(athletes, int(found.group(1)), wall, memory.pss, memory.rss,
                    memory.cpu_seconds, memory.root_cpu_seconds)
