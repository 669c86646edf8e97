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
from functools import partial
from typing import Iterator

from models.domain.athlete import Athlete
from models.block.result import BlockResult
from models.domain.catalogue import Catalogue, default_catalogue
from models.block.phases import PhaseWeek
from models.domain.plan import Result
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec

from models.block.chain import AthleteChain
from solver.week.solve import SolveParams, solve_week


def chain(athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue | None = None,
          params: SolveParams = SolveParams()) -> Iterator[tuple[PhaseWeek, WeekSpec, Result]]:
    """Each week of the block in order: its phase, the spec it was solved with, the result.

    ``plan_block`` collects them; ``weekplan explain --in-block`` stops at the week it
    explains, so it explains exactly the model ``weekplan plan`` solved (phase targets,
    hiking due, boundary history, load cap), walked by an AthleteChain.
    """
    catalogue = catalogue or default_catalogue()
    walk = AthleteChain.start(athlete, rulebook, catalogue)
    solve = partial(solve_week, rulebook=rulebook, catalogue=catalogue, params=params)
    for week in walk.planned:
        spec, result = walk.solve_relaxing(walk.spec(week.week_start), solve)
        yield walk.record(spec, result), spec, result


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
