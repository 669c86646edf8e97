"""Race specificity: which quality session a race asks for, and which one a week used alone.

S-SPECIFICITY asks build and peak weeks for one quality session of the race's key type:
``hill`` for a hilly race (climbing per km at least ``m_per_km``, or in all at least
``total_m``, or a trail runner), else ``tempo`` - except in a recovery week (key_quality).
S-VARIETY looks back at the one quality type the week before used alone. Both are read here
once, for the block (phases.py), the walker (chain.py) and the rules (solver and auditor).
"""

from __future__ import annotations

from collections.abc import Iterable

from models.domain.catalogue import RACE
from models.domain.athlete import Athlete, Terrain
from models.domain.plan import Session
from models.domain.rules import Rulebook

KEY_PHASES = ("build", "peak")
SPECIFICITY = "S-SPECIFICITY"


def is_quality(session: Session) -> bool:
    """A quality session: a hard run other than the long run (tempo, hill, sprint)."""
    return session.hard_run and session.type not in ("long", RACE)


def hilly(athlete: Athlete, m_per_km: float = 15, total_m: float = 1500) -> bool:
    """A race that calls for hill work: steep, high, or on trails (terrain: trail)."""
    if athlete.terrain is Terrain.trail:
        return True
    race = athlete.race
    if race is None:
        return False
    if race.elevation_m >= total_m:
        return True
    return bool(race.distance_km) and race.elevation_m / race.distance_km >= m_per_km


def key_quality(athlete: Athlete, phase: str, rulebook: Rulebook,
                recovery: bool = False) -> str | None:
    """The quality type S-SPECIFICITY asks of a week in ``phase`` (None: it asks none).

    A recovery week (P-RECOVERY) asks a hill of a hilly race, which is also S-HILL-SPRINT's
    session, but no tempo: a tempo beside the hill or sprint made two quality runs of the
    lighter week's three, whose load then left no room for its volume (6 of the 14 recovery
    weeks more than 10 % short of it, among the example squad's and 50 generated blocks)."""
    if phase not in KEY_PHASES or not rulebook.applies(SPECIFICITY):
        return None
    params = rulebook[SPECIFICITY].params
    steep = hilly(athlete, float(params.get("m_per_km", 15)), float(params.get("total_m", 1500)))
    if not steep and recovery and rulebook.applies("P-RECOVERY"):
        return None
    return "hill" if steep else "tempo"


def sole_quality(sessions: Iterable[Session]) -> str | None:
    """The one quality type of a week's sessions, when they use exactly one (else None)."""
    types = {s.type for s in sessions if is_quality(s)}
    return types.pop() if len(types) == 1 else None
