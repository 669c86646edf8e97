"""A block of weeks: one CP-SAT model a week, solved in order, chained at the boundaries.

``plan_block`` is a pure function of its inputs (athlete, rulebook, catalogue, solve
parameters): with one worker and a fixed seed (SolveParams' defaults) the same inputs give
the same block, which the batch runner relies on. For each week of models.phases:

* P-BOUNDARY: the last 2 days of week k's plan are the ``history`` of week k+1, so
  H-HARD-SPACING, H-STRENGTH-BEFORE-HARD and S-HIKE-RECOVERY hold across the boundary (a hard
  Sunday forbids a hard Monday; a Sunday strength session keeps Monday's hard run away). With
  P-BOUNDARY off every week is solved on its own.
* S-HIKE-VOLUME ``period_weeks``: a week is due the hiking minutes still missing in its
  period (models.phases.hike_due) - the second week of a fortnight sees what the first hiked.
* The race day holds no session (the race is the session) unless the athlete gave that date
  an exception of their own; every other dated exception is honoured by Athlete.windows_on.
* P-OVERLOAD on the solved loads: each week's load is capped from its planned load and the
  actual load of the last ordinary week before it (models/load_ramp.py).
* A week that cannot be solved (infeasible, unknown, invalid) is recorded with its status and
  message and the chain goes on: the next week gets no history and the failed week counts as
  0 hiking minutes.
"""

from __future__ import annotations

import time
from typing import Iterator

from models.domain.athlete import Athlete
from models.block.result import BlockResult
from models.domain.catalogue import Catalogue, default_catalogue
from models.block.phases import PhaseWeek
from models.domain.plan import Result, Status
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec

from models.block.chain import AthleteChain
from solver.week.solve import SolveParams, solve_week


def chain(athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue | None = None,
          params: SolveParams = SolveParams()) -> Iterator[tuple[PhaseWeek, WeekSpec, Result]]:
    """Each week of the block in order: its phase, the spec it was solved with, the result.

    ``plan_block`` collects them; ``weekplan explain --in-block`` stops at the week it
    explains, so it explains exactly the model ``weekplan plan`` solved (phase targets,
    hiking due, boundary history, load cap). The state between weeks is an AthleteChain
    (solver/athlete_chain.py), shared with squad units.
    """
    catalogue = catalogue or default_catalogue()
    walk = AthleteChain.start(athlete, rulebook, catalogue)
    for week in walk.planned:
        spec = walk.spec(week)
        result = solve_week(spec, rulebook, catalogue, params)
        relaxed = walk.relaxed(spec) if result.status is Status.infeasible else None
        retry = solve_week(relaxed, rulebook, catalogue, params) if relaxed else None
        if retry is not None and retry.status.has_plan:
            spec, result = relaxed, retry
        yield walk.record(week, spec, result, relaxed=spec is relaxed), spec, result


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
