"""Squad sessions benchmark: wall time of the joint model. Not a test.

1. A 30-athlete training group-week: the 30 athletes of data/examples/squad as ONE training
   group, a gym of ``--capacity`` (2) places that everyone's strength sessions need, the
   example's two group sessions (Tue 18:15 hills, Sat 09:00 long run) inviting everyone.
   Their first week is solved ``--repeat`` times in each mode of
   ``solver.squad.joint_week.solve_group_week``:
   * auto - what the batch does (each athlete alone, the short cuts, else the joint model);
   * joint - always the joint model (forced; the row's ``model`` column is the time spent
     building and solving the 30-athlete CP-SAT model itself, the rest is the athletes
     alone and the sequential plan that hints it);
   * sequential - athletes in order, each seeing the places the earlier ones took.
2. The whole example squad: ``weekplan batch data/examples/squad`` (its groups.yaml: two
   units, road and trail) with 1 and 2 workers, and the variant where the gym serves both
   groups and everyone is invited to both sessions (one 30-athlete unit), each block of
   every athlete (8-15 weeks).

Every plan is checked by the auditors (individual rules per athlete, squad rules); a hard
finding is printed and makes the exit code 1. Times depend on the machine and its load.

    python benchmarks/group_sessions.py [--capacity 2] [--repeat 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from models.audit.week import audit_week  # noqa: E402
from models.domain.catalogue import default_catalogue  # noqa: E402
from models.squad.groups import load_groups, parse_groups, resolve  # noqa: E402
from models.domain.bundled import EXAMPLES_DIR  # noqa: E402
from models.domain.rules import default_rulebook  # noqa: E402
from models.squad.forms import load_squad  # noqa: E402
from models.audit.squad import audit_squad  # noqa: E402
from models.domain.week import single_week  # noqa: E402
from solver.batch.driver import run_batch  # noqa: E402
from solver.squad.joint_week import solve_group_week  # noqa: E402
from solver.week.solve import SolveParams  # noqa: E402

SQUAD = EXAMPLES_DIR / "squad"


def one_group(capacity: int) -> dict:
    """The example's groups.yaml with everyone in one group, the gym for all, all invited."""
    raw = yaml.safe_load((SQUAD / "groups.yaml").read_text())
    members = [m for ids in raw["training_groups"].values() for m in ids]
    raw["training_groups"] = {"club": members}
    for facility in raw["facilities"]:
        facility["capacity"] = capacity
        facility.pop("groups", None)
    for session in raw["group_sessions"]:
        session["invite"] = ["club"]
        session.pop("capacity", None)
    return raw


def group_week(capacity: int, repeat: int) -> int:
    rulebook, catalogue = default_rulebook(), default_catalogue()
    athletes, _ = load_squad(SQUAD)
    setup = resolve(parse_groups(one_group(capacity), "one-group", catalogue), athletes)
    specs = [single_week(a, rulebook, catalogue) for a in athletes]
    print(f"1. one training group of {len(specs)} athletes, week of {specs[0].week_start}, "
          f"gym capacity {capacity}, 2 group sessions (median of {repeat})")
    print(f"{'mode':<12}{'wall s':>8}{'model s':>9}{'planned':>9}{'attend':>8}"
          f"{'penalty':>10}  how")
    bad = 0
    for mode in ("auto", "joint", "sequential"):
        walls, models = [], []
        for _ in range(repeat):
            week = solve_group_week(specs, setup, rulebook, catalogue, SolveParams(), mode=mode)
            walls.append(week.wall_time)
            models.append(week.joint_time)
        planned = {a: r.plan.sessions for a, r in week.results.items() if r.plan}
        squad = audit_squad(planned, {a.id: a for a in athletes}, setup, rulebook,
                            {a: [specs[0].week_start] for a in planned})
        own = [audit_week(s, planned[s.athlete.id], rulebook, catalogue) for s in specs
               if s.athlete.id in planned]
        findings = len(squad.hard_findings) + sum(len(r.hard_findings) for r in own)
        bad += findings
        print(f"{mode:<12}{statistics.median(walls):>8.2f}{statistics.median(models):>9.2f}"
              f"{len(planned):>5}/{len(specs):<3}{week.attending:>4}/{week.invited:<3}"
              f"{week.objective_cp / 100:>10.2f}  {week.mode}"
              f"{' - ' + week.note if week.note else ''}"
              f"{f'  HARD FINDINGS: {findings}' if findings else ''}")
    return bad


def squad_runs(workers: int) -> int:
    bad = 0
    print("\n2. the whole example squad (every athlete's block)")
    print(f"{'groups.yaml':<34}{'workers':>8}{'wall s':>8}{'weeks':>7}  units")
    with tempfile.TemporaryDirectory() as tmp:
        variant = Path(tmp) / "one-unit"
        shutil.copytree(SQUAD, variant)
        (variant / "groups.yaml").write_text(yaml.safe_dump(one_group(2), sort_keys=False))
        for label, folder, counts in (("example (road, trail)", SQUAD, (1, workers)),
                                      ("one 30-athlete unit, gym for all", variant, (1,))):
            for n in counts:
                out = Path(tmp) / f"out-{folder.name}-{n}"
                report = run_batch(folder, out, params=SolveParams(), workers=n,
                                   progress=False)
                units = ", ".join(f"{u['unit']} {u['mode']} {float(u['wall_time']):.1f}s"
                                  for u in report.units)
                hard = sum(int(u["squad_hard_findings"] or 0) for u in report.units)
                bad += hard
                print(f"{label:<34}{n:>8}{report.elapsed:>8.1f}{report.athlete_weeks:>7}  "
                      f"{units}{f'  SQUAD HARD FINDINGS: {hard}' if hard else ''}")
        groups = load_groups(SQUAD)
        print(f"(example groups.yaml: {len(groups.group_sessions)} group sessions, "
              f"{len(groups.facilities)} facility)")
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--capacity", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cpus, "
          f"load {load:.2f}; 1 CP-SAT worker per model, time limit 10 s per athlete-week\n")
    started = time.perf_counter()
    bad = group_week(args.capacity, args.repeat) + squad_runs(args.workers)
    print(f"\ndone in {time.perf_counter() - started:.0f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
