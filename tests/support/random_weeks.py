"""Seeded random athlete-weeks, small enough for the exhaustive oracle (tests/support/oracle.py).

Shared by the oracle agreement test and the load-cap tests: the same weeks on every run.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from builders import MONDAY
from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue, MinuteRange, default_catalogue
from models.domain.clock import WEEKDAYS, format_hhmm
from models.domain.plan import Session
from models.domain.rules import default_rulebook
from models.domain.week import WeekSpec, default_targets

CATALOGUE = default_catalogue()


def random_session(day: date, name: str, start: int, minutes: int) -> Session:
    kind = CATALOGUE[name]
    return Session(date=day, type=name, start=start, minutes=minutes, rpe=kind.rpe,
                   running=kind.running, hard=kind.hard)


def random_windows(rng: random.Random, count: int, tight: bool, most: int) -> dict[str, list[str]]:
    """``count`` windows of 30-180 min, at most ``most`` a day, some off the 5-minute grid.

    A day from 05:00 (10, 13 or 19 h long, for close or distant windows) is cut into ``most``
    parts, one window in each used part, ending 10 min before the next part. Tight weeks
    use 2-3 consecutive days and about the same times every day, so that strength and runs
    share days and a strength session often ends just under or over 24 h before a run.
    """
    first = rng.randrange(5)
    days = range(first, first + max(rng.randint(2, 3), -(-count // most))) if tight else range(7)
    per_day: dict[int, int] = {}
    while sum(per_day.values()) < count:
        day = rng.choice(days)
        if per_day.get(day, 0) < most:
            per_day[day] = per_day.get(day, 0) + 1
    part = rng.choice((10, 13, 19)) * 60 // most
    template = [rng.randrange(part - 190) for _ in range(most)]
    availability = {}
    for day, n in sorted(per_day.items()):
        windows = []
        for k in sorted(rng.sample(range(most), n)):
            offset = template[k] + rng.randrange(-45, 46) if tight else rng.randrange(part - 190)
            start = 5 * 60 + k * part + min(max(offset, 0), part - 190)
            if rng.random() < 0.6:
                start -= start % 5  # most windows on the grid, some not
            length = rng.randrange(30, 181, rng.choice((5, 15, 1)))
            windows.append(f"{format_hhmm(start)}-{format_hhmm(start + length)}")
        availability[WEEKDAYS[day]] = windows
    return availability


def random_week(seed: int, tight: bool | None = None, most: int = 2) -> WeekSpec:
    """A small athlete-week: 2-5 windows, runs 0-3, long 0-1, strength 0-2, hikes 0-120.

    A "tight" week (by default one seed in three) has 4-5 windows on 2-3 consecutive days
    and about as many sessions as windows, so strength and runs share days and timing binds.
    """
    rng = random.Random(seed)
    tight = seed % 3 == 2 if tight is None else tight
    windows = rng.randint(4, 5) if tight else rng.randint(2, 5)
    runs = rng.randint(1, 3) if tight else rng.randint(0, 3)
    strength = rng.randint(1, 2) if tight else rng.randint(0, 2)
    if rng.random() < 0.8:  # mostly weeks that can hold their sessions
        runs = min(runs, windows - 1)
        strength = min(strength, windows - runs)
    minutes = {name: rng.choice(values) for name, values in
               (("long", (90, 120)), ("easy", (30, 45, 60)), ("tempo", (45, 60)),
                ("strength", (30, 35, 40))) if rng.random() < 0.4}
    preferences = {name: rng.sample(WEEKDAYS, rng.randint(1, 3))
                   for name in ("long", "strength", "hill", "hike") if rng.random() < 0.3}
    athlete = Athlete(
        id=f"w{seed}", start=MONDAY, availability=random_windows(rng, windows, tight, most),
        preferences=preferences,
        targets={"runs": runs, "long": rng.randint(0, min(1, runs)), "strength": strength,
                 "hike_minutes": rng.choice((0, 0, 60, 90, 120)), "minutes": minutes},
    )
    history = []
    sunday, saturday = MONDAY - timedelta(days=1), MONDAY - timedelta(days=2)
    if rng.random() < 0.4:
        history.append(random_session(sunday, rng.choice(("tempo", "hill", "easy")),
                           rng.randrange(6 * 60, 20 * 60, 5), 60))
    if rng.random() < 0.3:
        history.append(random_session(rng.choice((saturday, sunday)), "strength",
                           rng.randrange(21 * 60, 23 * 60, 5), 35))
    return WeekSpec(athlete=athlete, week_start=MONDAY,
                    targets=default_targets(athlete, default_rulebook(), CATALOGUE), history=tuple(history))


def narrow_catalogue() -> Catalogue:
    """The default catalogue with each run's range cut to 2-3 lengths, so that the oracle can
    enumerate every length of a week whose run lengths are decisions (a volume target)."""
    ranges = {"easy": (30, 40), "jog": (20, 25), "long": (75, 85), "tempo": (45, 50),
              "hill": (45, 50), "sprint": (40, 45)}
    types = {}
    for name, kind in CATALOGUE.types.items():
        if name in ranges:
            low, high = ranges[name]
            kind = kind.model_copy(update={"minutes": MinuteRange(min=low, max=high, default=low)})
        types[name] = kind
    return Catalogue(types=types)


NARROW = narrow_catalogue()


def volume_weeks(count: int, most_windows: int = 4) -> list[WeekSpec]:
    """``count`` small weeks that ask for a running volume, so the solver chooses lengths:
    the random weeks above with at most ``most_windows`` windows, each given a volume
    target, sometimes a 30-day longest run (H-SESSION-SPIKE), a recovery week (S-INTENSITY
    and S-LONG-SHARE skip it), a beginner's long-run ratio (P-BEGINNER) or a ramp limit on
    the running minutes (S-VOLUME's band ends at the target, or inside the band)."""
    weeks, seed = [], 0
    while len(weeks) < count:
        seed += 1
        spec = random_week(seed)
        if sum(len(spec.windows(d)) for d in spec.days) > most_windows:
            continue
        rng = random.Random(f"volume:{seed}")
        own = {k: v for k, v in spec.athlete.targets.minutes.items() if k == "strength"}
        athlete = spec.athlete.model_copy(update={
            "targets": spec.athlete.targets.model_copy(update={"minutes": own})})
        spec = spec.model_copy(update={"athlete": athlete})
        targets = default_targets(athlete, default_rulebook(), NARROW)
        targets = targets.model_copy(update={
            "run_minutes": rng.choice((40, 60, 90, 120, 160)),
            "longest_run": rng.choice((None, None, 40, 70, 80)),
            "recovery": rng.random() < 0.2,
            "long_ratio": 1.5 if rng.random() < 0.3 else None,
            "max_run_minutes": rng.choice((None, None, 30, 100)),  # P-OVERLOAD's ramp limit
        })
        weeks.append(spec.model_copy(update={"targets": targets}))
    return weeks
