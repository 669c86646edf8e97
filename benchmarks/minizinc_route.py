"""The second modelling route: one athlete-week in MiniZinc (benchmarks/week.mzn) on Gecode.

Why MiniZinc + Gecode: it is a different language and a different solver (a classic
propagation-and-search CP solver, no SAT, no LP), installable from Debian (``apt-get install
minizinc`` ships Gecode 6), so an equal optimum is independent evidence that the CP-SAT
model says what docs/rules.md says, and the time ratio says what CP-SAT buys.

Scope: weeks without fixed sessions or re-planning (``spec.fixed``/``spec.previous`` empty);
history (the previous weekend) is supported for the cross-day rules. The rulebook's kinds,
weights and parameters are passed as data, so presets work without touching the model.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from models.domain.catalogue import MUSCLE_GROUPS, Catalogue
from models.domain.clock import MINUTES_PER_DAY, STEP_MINUTES, WEEKDAYS
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec

MODEL = Path(__file__).with_name("week.mzn")
SOLVER = "gecode"
# rule id -> the prefix of its kind/weight parameters in week.mzn
RULES = {
    "H-GAP": "gap", "H-STRENGTH-HARD-DAY": "shd", "H-STRENGTH-BEFORE-HARD": "sbh",
    "H-HARD-SPACING": "spacing", "H-REST": "rest", "H-STRENGTH-COUNT": "scount",
    "H-RUN-COUNT": "rcount", "S-HILL-SPRINT": "hs", "S-HIKE-VOLUME": "hike",
    "S-STRENGTH-TIMING": "timing", "S-STRENGTH-FIRST": "first", "S-HIKE-RECOVERY": "recovery",
    "S-PREFERENCE": "pref", "S-LOAD-SPREAD": "load", "S-MUSCLE-COVERAGE": "muscle",
}
BUILT_IN = {"H-AVAIL", "H-OVERLAP"}  # by the model's structure
KIND = {"off": 0, "hard": 1, "soft": 2}


@dataclass
class RouteResult:
    status: str                 # 'optimal' | 'infeasible' | 'timeout' | 'error'
    penalty_cp: int | None
    wall_time: float            # the whole minizinc call: flattening + Gecode + I/O
    flat_time: float | None     # MiniZinc's own figures (statistics), when printed
    solve_time: float | None
    detail: str = ""


def available() -> bool:
    """True when the minizinc binary with a Gecode configuration is on PATH."""
    if shutil.which("minizinc") is None:
        return False
    listing = subprocess.run(["minizinc", "--solvers"], capture_output=True, text=True)
    return "gecode" in listing.stdout.lower()


def supports(spec: WeekSpec, rulebook: Rulebook) -> bool:
    """Whether week.mzn models this week and rulebook (else the benchmark skips it)."""
    if spec.fixed or spec.previous:
        return False
    # S-STABILITY: nothing without previous; S-GROUP-ATTEND: nothing outside a squad model
    known = set(RULES) | BUILT_IN | {"S-STABILITY", "S-GROUP-ATTEND"}
    # P-* rules shape a block's targets and history, not the weekly model
    return all(rid in known or rid.startswith("P-")
               for rid, r in rulebook.rules.items() if r.is_active)


def instance(spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue) -> dict:
    """The data of week.mzn for one week (JSON-ready)."""
    options = [(n, m) for n in catalogue.schedulable
               for m in (catalogue[n].choices or
                         (spec.targets.minutes.get(n, catalogue[n].minutes.default),))]
    windows = [(day, w) for day, when in enumerate(spec.days) for w in spec.windows(when)]
    firsts = [-(-w.start // STEP_MINUTES) * STEP_MINUTES for _, w in windows]
    allowed = [
        {"set": [0] + [o + 1 for o, (_, m) in enumerate(options)
                       if (w.end - m) // STEP_MINUTES * STEP_MINUTES >= first]}
        for (_, w), first in zip(windows, firsts)
    ]
    prefs = spec.athlete.preferences

    def column(f):
        return [False] + [bool(f(n, m)) for n, m in options]

    history = [s for s in spec.history if s.date < spec.week_start]
    rel = lambda s: (s.date - spec.week_start).days  # noqa: E731
    data = {
        "W": len(windows), "wday": [d for d, _ in windows], "wfirst": firsts,
        "wend": [w.end for _, w in windows], "allowed": allowed,
        "O": len(options),
        "dur": [0] + [m for _, m in options],
        "rpe": [0] + [catalogue[n].rpe for n, _ in options],
        "is_run": column(lambda n, m: catalogue[n].running),
        "is_hard": column(lambda n, m: catalogue[n].hard_run),
        "is_str": column(lambda n, m: n == "strength"),
        "is_long": column(lambda n, m: n == "long"),
        "is_hike": column(lambda n, m: n == "hike"),
        "is_hill_sprint": column(lambda n, m: n in ("hill", "sprint")),
        "G": len(MUSCLE_GROUPS),
        "stimulates": [[False] * len(MUSCLE_GROUPS)]
        + [[g in catalogue.muscles_of(n) for g in MUSCLE_GROUPS] for n, _ in options],
        "unpreferred": [[False] * 7] + [
            [n in prefs and WEEKDAYS[spec.days[d].weekday()] not in prefs[n] for d in range(7)]
            for n, _ in options],
        "target_runs": spec.targets.runs, "target_long": spec.targets.long,
        "target_strength": spec.targets.strength, "target_hike": spec.targets.hike_minutes,
        "max_per_day": int(rulebook["H-OVERLAP"].params.get("max_per_day", 2)),
        "gap": int(round(float(rulebook["H-GAP"].params["gap_h"]) * 60)),
        "before": int(round(float(rulebook["H-STRENGTH-BEFORE-HARD"].params["hours"]) * 60)),
        "min_rest": int(rulebook["H-REST"].params["min_days"]),
        "history_hard_sunday": any(s.hard_run and rel(s) == -1 for s in history),
        "H": sum(1 for s in history if s.type == "strength"),
        "history_strength_end": [rel(s) * MINUTES_PER_DAY + s.end
                                 for s in history if s.type == "strength"],
    }
    for rule_id, prefix in RULES.items():
        rule = rulebook[rule_id]
        data[f"k_{prefix}"] = KIND[rule.kind.value]
        data[f"w_{prefix}"] = rule.weight_cp
    return data


_STAT = re.compile(r"%%%mzn-stat:?\s*(\w+)=([0-9.eE+-]+)")


def solve(spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue,
          time_limit: float = 30.0) -> RouteResult:
    """Minimise the week's penalty with MiniZinc/Gecode; the optimum in centipoints."""
    data = instance(spec, rulebook, catalogue)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "week.json"
        path.write_text(json.dumps(data))
        command = ["minizinc", "--solver", SOLVER, "--statistics",
                   "--time-limit", str(int(time_limit * 1000)), str(MODEL), str(path)]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - started
    out = done.stdout
    stats = {k: float(v) for k, v in _STAT.findall(out)}
    flat, solve_time = stats.get("flatTime"), stats.get("solveTime")
    penalties = [int(p) for p in re.findall(r"^penalty=(-?\d+)$", out, re.M)]
    if "=====UNSATISFIABLE=====" in out:
        return RouteResult("infeasible", None, wall, flat, solve_time)
    if done.returncode != 0 or "=====ERROR=====" in out:
        return RouteResult("error", None, wall, flat, solve_time,
                           (done.stderr or out).strip().splitlines()[-1:][0] if
                           (done.stderr or out).strip() else "minizinc failed")
    if "==========" in out and penalties:
        return RouteResult("optimal", penalties[-1], wall, flat, solve_time)
    return RouteResult("timeout", penalties[-1] if penalties else None, wall, flat, solve_time)
