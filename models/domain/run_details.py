"""The plan's runs described as a coach writes them, from the rulebook's workout templates.

One entry point for every producer of a plan (a block's chain, a single week, a re-plan):
a running session without ``details`` gets its workout in words; sessions that already say
something (a coach's own plan, strength exercises) are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.domain.athlete import Athlete
from models.domain.plan import Session
from models.domain.rules import Rulebook
from models.domain.workout_targets import workout_text
from models.domain.workouts import PHASE_OF_RACE_WEEK, Workout, build_workout, templates_of


def session_workout(session: Session, rulebook: Rulebook, phase: str = "") -> Workout | None:
    """The structured workout of a run (None for other sessions or without a template)."""
    if not session.running or not rulebook.workouts:
        return None
    return build_workout(templates_of(rulebook.workouts), session.type, session.minutes, phase)


def with_run_details(sessions: Iterable[Session], athlete: Athlete, rulebook: Rulebook,
                     phase: str = "", race_week: bool = False) -> list[Session]:
    """``sessions`` with each run's workout in its ``details`` (race week: sharpening)."""
    phase = PHASE_OF_RACE_WEEK if race_week else phase
    templates = templates_of(rulebook.workouts) if rulebook.workouts else None
    result = []
    for session in sessions:
        workout = session_workout(session, rulebook, phase) if not session.details else None
        if workout is not None and templates is not None:
            session = session.model_copy(
                update={"details": workout_text(workout, templates, athlete.zones)})
        result.append(session)
    return result
