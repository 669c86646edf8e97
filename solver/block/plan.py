"""A block of weeks: one CP-SAT model a week, solved in order, chained at the boundaries.

``plan_block`` is a pure function of its inputs (athlete, rulebook, catalogue, solve
parameters): with one worker and a fixed seed (SolveParams' defaults) the same inputs give
the same block, which the batch runner relies on. What each week is due - its phase's
targets, the hiking still due in its S-HIKE-VOLUME period, the P-OVERLOAD load cap, the last
days of the week before as P-BOUNDARY history, the race on race day, the athlete's own strength
number when the extra base session does not fit - comes from models/block/chain.py's
AthleteChain, the walker that squad units, re-planning and the audit of a plan table share.
A week that cannot be solved (infeasible, unknown, invalid) is recorded with its status and
message and the chain goes on: the next week gets no history and the failed week counts as 0
hiking minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from models.domain.athlete import Athlete
from models.block.result import BlockResult
from models.domain.catalogue import Catalogue, default_catalogue
from models.block.phases import PhaseWeek
from models.domain.plan import Result
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec

from models.block.chain import AthleteChain
from models.block.eve_repair import (add_time, before_key_monday, better,
                                     key_run_after_heavy_eve, sunday_clear)
from solver.week.solve import SolveParams, solve_week


def chain(athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue | None = None,
          params: SolveParams = SolveParams()) -> Iterator[tuple[PhaseWeek, WeekSpec, Result]]:
    """Each week of the block in order: its phase, the spec it was solved with, the result.

    ``plan_block`` collects them; ``weekplan explain --in-block`` stops at the week it
    explains, so it explains exactly the model ``weekplan plan`` solved (phase targets,
    hiking due, boundary history, load cap), walked by an AthleteChain. A week is given out
    once the week after it is solved, since that week may have it planned again
    (models/block/eve_repair.py).
    """
    catalogue = catalogue or default_catalogue()
    walk = AthleteChain.start(athlete, rulebook, catalogue)
    solve = partial(solve_week, rulebook=rulebook, catalogue=catalogue, params=params)
    held: _Week | None = None  # the week before, not yet given out
    for week in walk.planned:
        before = walk.copy()
        spec, result = walk.solve_relaxing(walk.spec(week.week_start), solve)
        this = _Week(before, walk.record(spec, result), spec, result)
        if held is not None and key_run_after_heavy_eve(spec, result, rulebook):
            repaired = _step_back(held, this, solve, rulebook)
            if repaired is not None:
                held, this, walk = repaired
        if held is not None:
            yield held.phase, held.spec, held.result
        held = this
    if held is not None:
        yield held.phase, held.spec, held.result


def plan_block(athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue | None = None,
               params: SolveParams = SolveParams()) -> BlockResult:
    """Solve every week of the athlete's block in order (see module doc)."""
    started = time.perf_counter()
    phases, results = [], []
    for phase, _, result in chain(athlete, rulebook, catalogue, params):
        phases.append(phase)
        results.append(result)
    return BlockResult(athlete_id=athlete.id, weeks=results, phases=phases,
                       bodyweight_kg=athlete.bodyweight_kg,
                       wall_time=time.perf_counter() - started)


@dataclass
class _Week:
    """A week as the chain solved it, with the walk before it (to step back to)."""

    walk_before: AthleteChain
    phase: PhaseWeek | None
    spec: WeekSpec
    result: Result


def _step_back(held: _Week, this: _Week, solve: Callable[[WeekSpec], Result],
               rulebook: Rulebook) -> tuple[_Week, _Week, AthleteChain] | None:
    """The week before planned again knowing this week's Monday key run, then this week
    after it, and the walk after both; None when the old two weeks cost no more
    (models/block/eve_repair.py)."""
    walk = held.walk_before.copy()
    spec = before_key_monday(held.spec)
    first = solve(spec)
    if not sunday_clear(spec, first, rulebook):
        return None
    phase = walk.record(spec, first)
    before = walk.copy()
    next_spec, second = walk.solve_relaxing(walk.spec(this.spec.week_start), solve)
    if not better([held.result, this.result], [first, second]):
        return None
    add_time(first, held.result)
    add_time(second, this.result)
    again = _Week(before, walk.record(next_spec, second), next_spec, second)
    return _Week(held.walk_before, phase, spec, first), again, walk
