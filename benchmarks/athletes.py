"""The benchmark's athletes and weeks: seeded, of every difficulty, the same on every run.

Athlete i is drawn by models.squad.generator.random_athlete from ``Random(f"bench:{seed}:{i}")``
with the profiles in turn - loose availability (intermediate/advanced), tight availability
(some weeks infeasible on purpose), two-a-day advanced runners, beginners - so any prefix of
the list is balanced and athlete i never depends on how many were asked for.

A benchmark week is the athlete's first week. Every second one also carries a previous
weekend (``history``: a Sunday hard run and/or a weekend strength session), so the
cross-week rules (H-HARD-SPACING, H-STRENGTH-BEFORE-HARD, S-HIKE-RECOVERY) are exercised
as they are inside a block.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.squad.generator import random_athlete
from models.domain.plan import Session
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec, default_targets

PROFILES: tuple[str, ...] = ("loose", "tight", "two_a_day", "beginner")


@dataclass(frozen=True)
class BenchWeek:
    difficulty: str
    spec: WeekSpec

    @property
    def windows(self) -> int:
        return sum(len(self.spec.windows(day)) for day in self.spec.days)


def bench_athletes(seed: int, count: int) -> list[tuple[str, Athlete]]:
    """(difficulty, athlete) for athletes 0..count-1, the profiles in turn."""
    athletes = []
    for i in range(count):
        difficulty = PROFILES[i % len(PROFILES)]
        rng = random.Random(f"bench:{seed}:{i}")
        athletes.append((difficulty, random_athlete(rng, f"bench{i:05d}", difficulty)))
    return athletes


def block_athlete(athlete: Athlete, weeks: int) -> Athlete:
    """The athlete with a block of exactly ``weeks`` weeks (no race, so no taper cut)."""
    return athlete.model_copy(update={"weeks": weeks, "race": None})


def _session(catalogue: Catalogue, day, name: str, start: int, minutes: int) -> Session:
    kind = catalogue[name]
    return Session(date=day, type=name, start=start, minutes=minutes, rpe=kind.rpe,
                   running=kind.running, hard=kind.hard)


def previous_weekend(rng: random.Random, athlete: Athlete,
                     catalogue: Catalogue) -> tuple[Session, ...]:
    """A plausible end of the week before: a Sunday hard run and/or a strength session."""
    sunday = athlete.start - timedelta(days=1)
    sessions = []
    if rng.random() < 0.6:
        name = rng.choice(("long", "tempo", "hill"))
        minutes = {"long": 120, "tempo": 60, "hill": 60}[name]
        sessions.append(_session(catalogue, sunday, name, rng.choice((7, 9, 17)) * 60, minutes))
    if rng.random() < 0.5:
        day = sunday - timedelta(days=rng.choice((0, 1)))
        if not any(s.date == day for s in sessions):
            sessions.append(_session(catalogue, day, "strength", rng.choice((8, 18, 19)) * 60,
                                     35))
    return tuple(sessions)


def bench_weeks(seed: int, count: int, rulebook: Rulebook,
                catalogue: Catalogue) -> list[BenchWeek]:
    """The first week of athletes 0..count-1; odd ones with a previous weekend."""
    weeks = []
    for i, (difficulty, athlete) in enumerate(bench_athletes(seed, count)):
        history = ()
        if i % 2:
            history = previous_weekend(random.Random(f"bench-history:{seed}:{i}"), athlete,
                                       catalogue)
        spec = WeekSpec(athlete=athlete, week_start=athlete.start,
                        targets=default_targets(athlete, rulebook, catalogue), history=history)
        weeks.append(BenchWeek(difficulty, spec))
    return weeks
