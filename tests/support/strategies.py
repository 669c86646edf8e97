"""Hypothesis strategies for random valid athletes, targets and previous-week history.

Sized so that one week solves in well under a second: 0-2 windows a weekday of 30-360
minutes on the 5-minute grid, targets as a real coach would give them.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from models.domain.athlete import Athlete, Level
from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.clock import WEEKDAYS, format_hhmm
from models.domain.plan import Session

MONDAY = date(2027, 1, 4)
STEP = 5


@st.composite
def windows(draw) -> str:
    minutes = draw(st.integers(30 // STEP, 360 // STEP)) * STEP
    start = draw(st.integers(0, (24 * 60 - minutes) // STEP)) * STEP
    return f"{format_hhmm(start)}-{format_hhmm(start + minutes)}"


@st.composite
def targets(draw) -> dict:
    runs = draw(st.integers(0, 6))
    return {
        "runs": runs,
        "long": draw(st.integers(0, min(1, runs))),
        "strength": draw(st.integers(0, 3)),
        "hike_minutes": draw(st.integers(0, 300 // STEP)) * STEP,
    }


def preferences(catalogue: Catalogue):
    days = st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True)
    return st.dictionaries(st.sampled_from(catalogue.schedulable), days, max_size=3)


@st.composite
def athletes(draw, catalogue: Catalogue | None = None) -> Athlete:
    catalogue = catalogue or default_catalogue()
    availability = {day: draw(st.lists(windows(), max_size=2)) for day in WEEKDAYS}
    return Athlete(
        id="h", start=MONDAY, level=draw(st.sampled_from(list(Level))),
        targets=draw(targets()), availability=availability,
        preferences=draw(preferences(catalogue)),
    )


@st.composite
def history(draw, catalogue: Catalogue | None = None) -> tuple[Session, ...]:
    """0-2 sessions on the Saturday and Sunday before MONDAY (at most one a day)."""
    catalogue = catalogue or default_catalogue()
    sessions = []
    for back in (2, 1):
        if not draw(st.booleans()):
            continue
        kind = catalogue[draw(st.sampled_from(catalogue.schedulable))]
        start = draw(st.integers(5 * 60 // STEP, 20 * 60 // STEP)) * STEP
        sessions.append(Session(
            date=MONDAY - timedelta(days=back), type=kind.name, start=start,
            minutes=kind.minutes.default, rpe=kind.rpe, running=kind.running, hard=kind.hard,
        ))
    return tuple(sessions)


@st.composite
def fixed_days(draw, catalogue: Catalogue | None = None) -> tuple[Session, ...]:
    """0-2 days of MONDAY's week already settled (re-planning), 1-2 sessions each."""
    catalogue = catalogue or default_catalogue()
    sessions = []
    for day in draw(st.lists(st.integers(0, 6), max_size=2, unique=True)):
        start = draw(st.integers(5 * 60 // STEP, 9 * 60 // STEP)) * STEP
        for _ in range(draw(st.integers(1, 2))):
            kind = catalogue[draw(st.sampled_from(catalogue.schedulable))]
            sessions.append(Session(
                date=MONDAY + timedelta(days=day), type=kind.name, start=start,
                minutes=kind.minutes.default, rpe=kind.rpe, running=kind.running, hard=kind.hard,
            ))
            start += kind.minutes.default + draw(st.integers(0, 10 * 60 // STEP)) * STEP
    return tuple(sessions)


@st.composite
def previous_plan(draw, athlete: Athlete, fixed: tuple[Session, ...],
                  catalogue: Catalogue | None = None) -> tuple[Session, ...]:
    """0-3 sessions of an old plan on open days (S-STABILITY), mostly inside the windows."""
    catalogue = catalogue or default_catalogue()
    settled = {s.date for s in fixed}
    open_days = [d for d in (MONDAY + timedelta(days=i) for i in range(7))
                 if d not in settled and athlete.windows_on(d)]
    sessions = []
    for _ in range(draw(st.integers(0, 3)) if open_days else 0):
        day = draw(st.sampled_from(open_days))
        window = draw(st.sampled_from(athlete.windows_on(day)))
        kind = catalogue[draw(st.sampled_from(catalogue.schedulable))]
        minutes = draw(st.sampled_from(kind.choices or (kind.minutes.default,)))
        first = -(-window.start // STEP) * STEP
        start = first + draw(st.integers(0, max(0, window.end - minutes - first) // STEP)) * STEP
        sessions.append(Session(date=day, type=kind.name, start=start, minutes=minutes,
                                rpe=kind.rpe, running=kind.running, hard=kind.hard))
    return tuple(sessions)
