"""Seeded random athletes that look like a real club: for benchmarks, demos and tests.

Everything is drawn from the ``random.Random`` passed in (no global state, no clock), so
one seed always gives the same athletes on every machine and Python version that keeps
``random``'s documented reproducibility. Windows lie on the 5-minute grid at realistic hours
(before work, lunch, after work, weekend mornings); targets follow the athlete's level.
Athletes go through the same validation as a YAML file (``athlete_from_dict``).

Difficulties:

* ``loose`` - plenty of time: morning and evening windows on most days, long weekend slots;
* ``tight`` - one short window on a few days; some of these weeks are infeasible on purpose;
* ``two_a_day`` - an advanced runner with morning and evening windows and 7-10 runs;
* ``beginner`` - three runs and two bodyweight strength sessions in short windows;
* ``mixed`` - each athlete drawn from the four above (a realistic squad).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from models.domain.athlete import Athlete
from models.domain.clock import WEEKDAYS, format_hhmm
from models.io.athlete_file import athlete_from_dict

DIFFICULTIES: tuple[str, ...] = ("mixed", "tight", "loose", "two_a_day", "beginner")
MIXED_WEIGHTS: dict[str, int] = {"loose": 40, "beginner": 25, "tight": 20, "two_a_day": 15}
DEFAULT_START = date(2027, 1, 4)  # a Monday

TIMEZONES = ("Europe/Madrid", "Europe/London", "Europe/Berlin", "Europe/Zurich",
             "America/New_York", "America/Denver", "Australia/Sydney", "Africa/Nairobi")
FIRST_NAMES = ("Ana", "Ben", "Chloe", "David", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jon",
               "Kaia", "Luca", "Maya", "Nils", "Olga", "Pau", "Rosa", "Sami", "Tara", "Yusuf")
LAST_NAMES = ("Alonso", "Brown", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat",
              "Ito", "Jansen", "Kowalski", "Lopez", "Moreau", "Novak", "Okafor", "Rossi")
HIKE_TARGETS = (60, 90, 120, 180)
RACE_ELEVATIONS = (0, 800, 1500, 2400, 3500)
# a race's distance follows its climbing (no random draw: the athletes of a seed stay the same)
RACE_DISTANCES_KM = {800: 21, 1500: 30, 2400: 42, 3500: 50}
# P-VOLUME: an ordinary week's running minutes per run, by level, within RUN_MINUTES_RANGE
MINUTES_PER_RUN = {"beginner": 45, "intermediate": 55, "advanced": 55}
RUN_MINUTES_RANGE = (120, 420)


def _window(rng: random.Random, earliest: str, latest_start: str, shortest: int,
            longest: int) -> str:
    """'HH:MM-HH:MM' starting between two times, lasting shortest..longest minutes (5-min grid)."""
    first, last = _minutes(earliest), _minutes(latest_start)
    start = first + 5 * rng.randint(0, (last - first) // 5)
    length = 5 * rng.randint(shortest // 5, longest // 5)
    return f"{format_hhmm(start)}-{format_hhmm(min(start + length, 24 * 60))}"


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _morning(rng, shortest=45, longest=90):
    return _window(rng, "05:30", "07:30", shortest, longest)


def _lunch(rng, shortest=45, longest=75):
    return _window(rng, "11:30", "13:00", shortest, longest)


def _evening(rng, shortest=60, longest=120):
    return _window(rng, "17:00", "20:00", shortest, longest)


def _weekend(rng, shortest=150, longest=360):
    return _window(rng, "06:30", "10:00", shortest, longest)


def _loose(rng: random.Random) -> dict[str, Any]:
    availability = {}
    for day in WEEKDAYS[:5]:
        windows = []
        if rng.random() < 0.6:
            windows.append(_morning(rng))
        if rng.random() < 0.3:
            windows.append(_lunch(rng))
        if rng.random() < 0.8 or not windows:
            windows.append(_evening(rng))
        availability[day] = windows
    for day in WEEKDAYS[5:]:
        windows = [_weekend(rng)]
        if rng.random() < 0.4:
            windows.append(_window(rng, "16:00", "18:00", 60, 150))
        availability[day] = windows
    runs = rng.randint(3, 5)
    return {"level": rng.choice(("intermediate", "advanced")), "availability": availability,
            "targets": {"runs": runs, "long": 1, "strength": rng.choice((1, 2, 2, 2))}}


def _tight(rng: random.Random) -> dict[str, Any]:
    runs, strength = rng.randint(3, 4), 2
    weekend = rng.choice(WEEKDAYS[5:])
    # just enough windows (one per session, sometimes one spare), all of them short...
    weekdays = min(5, runs + strength - 1 + (rng.random() < 0.5))
    availability = {
        WEEKDAYS[day]: [rng.choice((_morning, _lunch, _evening))(rng, 40, 75)]
        for day in sorted(rng.sample(range(5), weekdays))
    }
    if weekdays < runs + strength - 1:
        other = "sun" if weekend == "sat" else "sat"
        availability[other] = [_window(rng, "08:00", "10:00", 45, 90)]
    # ...and the long run needs 120 minutes: most tight athletes just have them, some do not
    availability[weekend] = [_window(rng, "07:00", "09:00", 110, 150)]
    return {"level": rng.choice(("intermediate", "advanced")), "availability": availability,
            "targets": {"runs": runs, "long": 1, "strength": strength}}


def _two_a_day(rng: random.Random) -> dict[str, Any]:
    doubles = set(rng.sample(range(5), rng.randint(4, 5)))
    availability = {}
    for day in range(5):
        windows = [_evening(rng, 75, 105)]
        if day in doubles:
            windows.insert(0, _morning(rng, 60, 80))
        availability[WEEKDAYS[day]] = windows
    for day in WEEKDAYS[5:]:
        availability[day] = [_weekend(rng, 180, 300), _window(rng, "16:30", "18:00", 45, 90)]
    return {
        "level": "advanced", "availability": availability,
        "targets": {"runs": rng.randint(7, 9), "long": 1, "strength": 2,
                    "minutes": {"easy": rng.choice((40, 45, 50)), "long": rng.choice((120, 150))}},
    }


def _beginner(rng: random.Random) -> dict[str, Any]:
    runs, strength = rng.choice((2, 3, 3, 3, 4)), 2
    weekdays = min(5, runs + strength - 1 + rng.randint(0, 1))
    availability = {
        WEEKDAYS[day]: [rng.choice((_morning, _evening))(rng, 40, 60)]
        for day in sorted(rng.sample(range(5), weekdays))
    }
    weekend = rng.choice(WEEKDAYS[5:])
    availability[weekend] = [_window(rng, "08:00", "10:00", 100, 150)]
    if rng.random() < 0.5:
        other = "sun" if weekend == "sat" else "sat"
        availability[other] = [_window(rng, "08:00", "10:00", 40, 75)]
    return {
        "level": "beginner", "availability": availability,
        "targets": {"runs": runs, "long": 1, "strength": strength,
                    "minutes": {"easy": 30, "long": 90}},
    }


_PROFILES = {"loose": _loose, "tight": _tight, "two_a_day": _two_a_day, "beginner": _beginner}


def random_athlete_dict(rng: random.Random, athlete_id: str, difficulty: str = "mixed",
                        start: date = DEFAULT_START) -> dict[str, Any]:
    """The athlete in its YAML form (a plain dict; ``yaml.safe_dump`` writes it as a file)."""
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"unknown difficulty '{difficulty}'; use one of {', '.join(DIFFICULTIES)}")
    if start.weekday() != 0:
        raise ValueError(f"start {start} is not a Monday")
    if difficulty == "mixed":
        difficulty = rng.choices(list(MIXED_WEIGHTS), weights=list(MIXED_WEIGHTS.values()))[0]
    raw: dict[str, Any] = {
        "id": athlete_id,
        "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "timezone": rng.choice(TIMEZONES),
        "start": start,
    }
    if rng.random() < 0.7:
        raw["bodyweight_kg"] = rng.randint(48, 92)
    raw.update(_PROFILES[difficulty](rng))
    low, high = RUN_MINUTES_RANGE
    per_run = MINUTES_PER_RUN[raw["level"]]
    raw["targets"]["run_minutes"] = min(high, max(low, 5 * round(raw["targets"]["runs"]
                                                                 * per_run / 5)))
    trail = difficulty != "beginner" and rng.random() < 0.4
    if trail:
        raw["targets"]["hike_minutes"] = rng.choice(HIKE_TARGETS)
    weeks = rng.randint(8, 16)
    if trail and rng.random() < 0.5:
        race_day = start + timedelta(weeks=weeks, days=5)  # the Saturday of the last week
        elevation = rng.choice(RACE_ELEVATIONS[1:])
        raw["race"] = {"date": race_day, "elevation_m": elevation,
                       "distance_km": RACE_DISTANCES_KM[elevation]}
    else:
        raw["weeks"] = weeks
    weekend = [day for day in ("sat", "sun") if day in raw["availability"]]
    if weekend and rng.random() < 0.6:
        raw["preferences"] = {"long": weekend}
    if rng.random() < 0.15:  # one day off later in the block (never in the first week)
        raw["exceptions"] = {start + timedelta(days=rng.randint(7, 7 * weeks - 1)): []}
    return raw


def random_athlete(rng: random.Random, athlete_id: str, difficulty: str = "mixed",
                   start: date = DEFAULT_START) -> Athlete:
    """One random athlete, validated like a YAML file; deterministic for a given rng state."""
    raw = random_athlete_dict(rng, athlete_id, difficulty, start)
    return athlete_from_dict(raw, file=f"<generated {athlete_id}>")


def random_squad(seed: int, count: int, difficulty: str = "mixed",
                 start: date = DEFAULT_START) -> list[Athlete]:
    """``count`` athletes; athlete i depends only on (seed, i), not on ``count``."""
    return [
        random_athlete(random.Random(f"weekplan:{seed}:{i}"), f"a{i:05d}", difficulty, start)
        for i in range(count)
    ]
