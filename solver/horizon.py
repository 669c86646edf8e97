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
from datetime import timedelta
from typing import Iterator

from models.athlete import Athlete
from models.block import BlockResult
from models.catalogue import Catalogue, default_catalogue
from models.load_ramp import LoadRamp
from models.phases import PhaseWeek, block_weeks, hike_due, hike_period, race_day_free
from models.plan import Result, Session, Status
from models.rules import Rulebook
from models.week import WeekSpec, default_targets

from .solve import SolveParams, solve_week
from .week import HISTORY_DAYS


def boundary_history(result: Result, days: int = HISTORY_DAYS) -> tuple[Session, ...]:
    """The sessions of a week's last ``days`` days (empty without a plan)."""
    if result.plan is None:
        return ()
    first = result.week_start + timedelta(days=7 - days)
    return tuple(s for s in result.plan.sessions if s.date >= first)


def with_own_strength(spec: WeekSpec, asked: int) -> WeekSpec | None:
    """The week with the athlete's own strength number, when its phase asked for more.

    P-STRENGTH-TAPER's extra base session is a wish, not a requirement: a week with no room
    for it gets the athlete's own number rather than no plan at all (None: nothing to relax).
    """
    if spec.targets.strength <= asked:
        return None
    return spec.model_copy(update={"targets": spec.targets.model_copy(
        update={"strength": asked})})


def own_strength_note(planned: int, asked: int) -> str:
    return f"strength {planned} -> {asked}: no room for the extra base session"


def chain(athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue | None = None,
          params: SolveParams = SolveParams()) -> Iterator[tuple[PhaseWeek, WeekSpec, Result]]:
    """Each week of the block in order: its phase, the spec it was solved with, the result.

    ``plan_block`` collects them; ``weekplan explain --in-block`` stops at the week it
    explains, so it explains exactly the model ``weekplan plan`` solved (phase targets,
    hiking due, boundary history).
    """
    catalogue = catalogue or default_catalogue()
    planned = block_weeks(athlete, rulebook, catalogue)
    solving = race_day_free(athlete)
    chained = rulebook.rules.get("P-BOUNDARY") is not None and rulebook["P-BOUNDARY"].is_active
    period = hike_period(rulebook)
    asked_strength = default_targets(athlete, rulebook, catalogue).strength
    weekly = [week.targets.hike_minutes for week in planned]
    hiked: list[int] = []
    history: tuple[Session, ...] = ()
    ramp = LoadRamp(rulebook, catalogue)
    for index, week in enumerate(planned):
        targets = ramp.capped(week, week.targets.model_copy(
            update={"hike_minutes": hike_due(weekly, hiked, index, period)}))
        spec = WeekSpec(athlete=solving, week_start=week.week_start, targets=targets,
                        history=history if chained else ())
        result = solve_week(spec, rulebook, catalogue, params)
        notes = week.notes
        relaxed = with_own_strength(spec, asked_strength) \
            if result.status is Status.infeasible else None
        if relaxed is not None:
            retry = solve_week(relaxed, rulebook, catalogue, params)
            if retry.status.has_plan:
                notes = (*notes, own_strength_note(targets.strength, asked_strength))
                spec, result, targets = relaxed, retry, relaxed.targets
        sessions = result.plan.sessions if result.plan else []
        hiked.append(sum(s.minutes for s in sessions if s.type == "hike"))
        ramp.record(week, sessions if result.plan else None)
        history = boundary_history(result)
        yield week.model_copy(update={"targets": targets, "notes": notes}), spec, result


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
