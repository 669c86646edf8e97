"""Builders for tiny test inputs: athletes, sessions written as a coach reads them, week specs.

Tests describe sessions the way a coach reads a plan, ``"Tue strength 18:00"`` (optionally
with minutes and rpe: ``"Sat hike 08:00 90"``, ``"Mon easy 07:00 45 rpe=5"``), so a rule test
reads as "given these sessions, this rule says ...". Dates are those of the fixed week
``MONDAY`` (2027-01-04) unless ``week=`` names another Monday (``PREVIOUS`` for history).
"""

from __future__ import annotations

from datetime import date, timedelta

from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.domain.clock import WEEKDAYS, parse_hhmm, weekday_index
from models.domain.plan import Session
from models.domain.week import WeekSpec, WeekTargets

MONDAY = date(2027, 1, 4)
PREVIOUS = MONDAY - timedelta(days=7)
ALL_DAY = "06:00-22:00"


def make_athlete(availability: dict | None = None, **fields) -> Athlete:
    """An athlete starting on MONDAY; by default available 06:00-22:00 every day."""
    if availability is None:
        availability = {day: [ALL_DAY] for day in WEEKDAYS}
    return Athlete(id=fields.pop("id", "t"), start=fields.pop("start", MONDAY),
                   availability=availability, **fields)


def make_session(text: str, catalogue: Catalogue, week: date = MONDAY) -> Session:
    """``"Tue strength 18:00 [minutes] [rpe=N]"`` -> a Session of that week."""
    parts = text.split()
    day, kind, start = parts[0], parts[1], parse_hhmm(parts[2])
    rest = [p for p in parts[3:] if not p.startswith("rpe=")]
    rpe = [int(p[4:]) for p in parts[3:] if p.startswith("rpe=")]
    spec = catalogue[kind]
    return Session(
        date=week + timedelta(days=weekday_index(day)), type=kind, start=start,
        minutes=int(rest[0]) if rest else spec.minutes.default,
        rpe=rpe[0] if rpe else spec.rpe, running=spec.running, hard=spec.hard,
    )


def make_spec(athlete: Athlete | None = None, runs: int = 0, long: int = 0, strength: int = 0,
              hike_minutes: int = 0, history=(), key_quality: str | None = None,
              **fields) -> WeekSpec:
    """A WeekSpec of MONDAY's week with explicit targets (nothing taken from defaults);
    ``key_quality``: a build week whose race asks for that quality type (S-SPECIFICITY)."""
    return WeekSpec(
        athlete=athlete or make_athlete(), week_start=fields.pop("week_start", MONDAY),
        targets=WeekTargets(runs=runs, long=long, strength=strength, hike_minutes=hike_minutes,
                            key_quality=key_quality, phase="build" if key_quality else ""),
        history=tuple(history), **fields,
    )
