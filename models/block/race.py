"""The race as a session: planned on race day at the race's start, with its estimated length.

A race is not something the solver chooses (the ``race`` type is not schedulable); the
block's chain puts it into the race week as a fixed session (models/block/chain.py), so the
plan table lists it, its load counts and the rules around it (H-RACE-EVE) see it.

Its minutes are an estimate, since only the distance and the climbing are known: a pace per
level (advanced 5.0, intermediate 6.0, beginner 7.0 min per km) plus one minute for every
10 m of climbing (a hiker's rule of thumb), rounded up to 5 minutes.
"""

from __future__ import annotations

import math

from models.domain.athlete import Athlete, Level, Race
from models.domain.catalogue import RACE, Catalogue
from models.domain.plan import Session

PACE_MIN_PER_KM = {Level.advanced: 5.0, Level.intermediate: 6.0, Level.beginner: 7.0}
CLIMB_M_PER_MIN = 10
MAX_RACE_MINUTES = 24 * 60 - 5


def race_minutes(race: Race, level: Level) -> int:
    """The race's expected minutes (module doc)."""
    minutes = (race.distance_km or 0) * PACE_MIN_PER_KM[level] + race.elevation_m / CLIMB_M_PER_MIN
    return min(MAX_RACE_MINUTES, max(5, 5 * math.ceil(round(minutes / 5, 6))))


def race_session(athlete: Athlete, catalogue: Catalogue) -> Session | None:
    """The athlete's race as a session (None without a race). A race running past midnight
    is started earlier so it ends on race day (the plan table holds one day per session)."""
    race = athlete.race
    if race is None:
        return None
    kind = catalogue[RACE]
    minutes = race_minutes(race, athlete.level)
    start = min(race.start, 24 * 60 - minutes)
    return Session(date=race.date, type=RACE, start=start, minutes=minutes, rpe=kind.rpe,
                   running=kind.running, hard=kind.hard, details=race.title)


def is_race(session: Session) -> bool:
    return session.type == RACE
