"""The coach-review measures of generated blocks, for one rulebook: plan, then measure.

Plans three groups through the CLI (`weekplan batch`, one process, a short time limit per
week) into a temporary folder, then measures the written plan tables in plain pandas
(models/analysis/coach_review.py, whose docstring lists the eight measures):

* ``examples``  - the bundled athlete examples (all but impossible.yaml), as one squad;
* ``squad``     - the bundled example squad (30 athletes, its squad sessions included);
* ``generated`` - ``--generated`` (50) seeded athletes of models/squad/generator.py, each
  given a block of ``--weeks`` (12) weeks (a race keeps its date).

    python benchmarks/coach_review.py --rules round1 --markdown     # before
    python benchmarks/coach_review.py --rules default --markdown    # after
    python benchmarks/coach_review.py --plans OUT_DIR [--athletes SQUAD]   # measure only

``--plans`` measures plans already written (a `weekplan batch` folder, whose squad.yaml
gives the athletes, or a `weekplan plan` CSV with ``--athletes``) and plans nothing. The
week structure (phases, recovery and race weeks, volume targets) always comes from the
``--reference`` rulebook (default), so "before" and "after" are judged alike. Not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout

import pandas as pd  # noqa: E402
import yaml  # noqa: E402

from models.analysis.coach_review import athlete_blocks, markdown, review, review_table  # noqa: E402
from models.domain.bundled import EXAMPLES_DIR  # noqa: E402
from models.domain.catalogue import default_catalogue  # noqa: E402
from models.domain.clock import monday_of  # noqa: E402
from models.domain.rules import load_rulebook  # noqa: E402
from models.domain.yamlfile import read_yaml  # noqa: E402
from models.io.athlete_or_squad import load_athlete_or_squad  # noqa: E402
from models.io.plan_sources import is_batch_folder, load_plans  # noqa: E402
from models.squad.generator import random_athlete_dict  # noqa: E402

GROUPS = ("examples", "squad", "generated")
NOT_PLANNABLE = ("impossible.yaml",)  # infeasible on purpose: no block to review


def cli(*args: str) -> None:
    """Run `weekplan ARGS` from this checkout; a failure stops the benchmark."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"weekplan {' '.join(args)} failed ({done.returncode}): "
                         f"{done.stderr.strip() or done.stdout.strip()}")


def write_squad(raw_athletes: list[dict], path: Path) -> Path:
    """Athletes in their YAML form as one squad file (read back by `weekplan batch`)."""
    path.write_text(yaml.safe_dump({"athletes": raw_athletes}, sort_keys=False),
                    encoding="utf-8")
    return path


def with_weeks(raw: dict, weeks: int) -> dict:
    """The athlete's YAML with a block of ``weeks`` weeks (a race keeps its date)."""
    raw = dict(raw)
    if "race" in raw:
        raw["start"] = monday_of(raw["race"]["date"]) - timedelta(weeks=weeks - 1)
        raw.pop("weeks", None)
        raw.pop("exceptions", None)  # drawn for the old start; may lie outside the block
    else:
        raw["weeks"] = weeks
    return raw


def squad_input(group: str, folder: Path, args: argparse.Namespace) -> Path:
    """The squad `weekplan batch` plans for a group."""
    if group == "squad":
        return EXAMPLES_DIR / "squad"
    if group == "examples":
        raws = [read_yaml(p) for p in sorted(EXAMPLES_DIR.glob("*.yaml"))
                if p.name not in NOT_PLANNABLE]
        return write_squad(raws, folder / "examples.yaml")
    raws = [with_weeks(random_athlete_dict(random.Random(f"weekplan:{args.seed}:{i}"),
                                           f"a{i:05d}"), args.weeks)
            for i in range(args.generated)]
    return write_squad(raws, folder / "generated.yaml")


def plan_group(group: str, folder: Path, args: argparse.Namespace) -> Path:
    """Plan a group with `weekplan batch` into ``folder/group``; its output folder."""
    out = folder / group
    cli("batch", str(squad_input(group, folder, args)), "--out", str(out), "--rules",
        args.rules, "--workers", str(args.workers), "--time-limit", str(args.time_limit),
        "--quiet")
    return out


def measured(plans: Path, athletes: Path | None, args: argparse.Namespace) -> pd.DataFrame:
    """The review of one plan source (a batch folder, or a plan file and its athletes)."""
    if athletes is None:
        if not is_batch_folder(plans):
            raise SystemExit(f"{plans}: give --athletes for a plan file")
        athletes = plans / "squad.yaml"
    people, problems = load_athlete_or_squad(athletes)
    for problem in problems:
        print(f"left out: {problem}", file=sys.stderr)
    blocks, skipped = athlete_blocks(load_plans(plans).plan, people,
                                     load_rulebook(args.reference), default_catalogue())
    for reason in skipped:
        print(f"left out: {reason}", file=sys.stderr)
    return review(blocks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", default="default",
                        help="rulebook the plans are made with: round1, default or a path")
    parser.add_argument("--reference", default="default",
                        help="rulebook whose periodisation gives the weeks' phases and targets")
    parser.add_argument("--groups", nargs="+", choices=GROUPS, default=list(GROUPS))
    parser.add_argument("--generated", type=int, default=50, help="generated athletes")
    parser.add_argument("--weeks", type=int, default=12, help="block of a generated athlete")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=2.0, help="seconds a week")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="plan into this folder and keep it")
    parser.add_argument("--plans", type=Path, action="append",
                        help="measure these plans (batch folder or plan file); plan nothing")
    parser.add_argument("--athletes", type=Path, action="append",
                        help="the athletes of each --plans (squad or athlete file), in order")
    parser.add_argument("--markdown", action="store_true", help="print the README table")
    args = parser.parse_args(argv)

    reviews: dict[str, pd.DataFrame] = {}
    timings: list[str] = []
    if args.plans:
        athletes = args.athletes or []
        for n, plans in enumerate(args.plans):
            reviews[plans.name] = measured(plans, athletes[n] if n < len(athletes) else None,
                                           args)
    else:
        with tempfile.TemporaryDirectory(prefix="coach-review-") as temporary:
            folder = args.keep or Path(temporary)
            folder.mkdir(parents=True, exist_ok=True)
            for group in args.groups:
                began = time.perf_counter()
                out = plan_group(group, folder, args)
                planned = time.perf_counter() - began
                reviews[group] = measured(out, None, args)
                timings.append(f"{group}: planned in {planned:.0f} s, measured in "
                               f"{time.perf_counter() - began - planned:.1f} s")
    table = review_table(reviews)
    made = "the given plans" if args.plans else f"plans of rulebook '{args.rules}'"
    print(f"coach review: {made}, weeks of rulebook '{args.reference}'")
    if args.markdown:
        print(markdown(table))
    else:
        with pd.option_context("display.width", 250, "display.max_colwidth", 90):
            print(table.to_string(index=False))
    if timings:
        print("\n" + "; ".join(timings) + f" (--time-limit {args.time_limit} s a week, "
              f"{args.workers} worker)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
