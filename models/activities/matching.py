"""Which recorded activity was which planned session: a one-to-one assignment.

A pair is possible when the sports are compatible (a run session takes a run or trail run,
a hike a hike or walk, strength a strength activity; a ride or other activity takes none)
and the activity's local date is at most ``moved_days`` from the session's. A pair costs

    1000 if on another day  +  100 x |start difference| / 12 h  +  100 x |ln(actual / planned)|

(the length term capped at 300) and is worth REWARD - cost, REWARD = 1500: every possible
pair is worth taking, a same-day pair (worth at least 1100) more than two moved ones (at
most 500 each), and on the same day the closer start and length win. The assignment with
the greatest total worth is taken - over the whole period (scipy's Hungarian algorithm),
not first come, first served. Sessions and activities are put in a fixed order first, so
the result is deterministic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from models.activities.activity import RUNNING_SPORTS, Activity
from models.domain.plan import Session

HIKE_SPORTS = frozenset({"hike", "walk"})
STRENGTH_SPORTS = frozenset({"strength"})
DAY_COST, START_COST, LENGTH_COST, LENGTH_CAP = 1000.0, 100.0, 100.0, 3.0
REWARD = 1500.0


def compatible(session: Session, activity: Activity) -> bool:
    """Could ``activity`` be ``session`` done? Never across sports (module doc)."""
    if session.running:
        return activity.sport in RUNNING_SPORTS
    if session.type == "hike":
        return activity.sport in HIKE_SPORTS
    if session.type == "strength":
        return activity.sport in STRENGTH_SPORTS
    return False


def start_minute(activity: Activity) -> int:
    """Local minutes after midnight of the activity's start (its ``start`` is local)."""
    return activity.start.hour * 60 + activity.start.minute


def pair_cost(session: Session, activity: Activity, moved_days: int) -> float | None:
    """The cost of taking ``activity`` for ``session``, None when it cannot be."""
    days = abs((activity.start.date() - session.date).days)
    if days > moved_days or not compatible(session, activity):
        return None
    start = min(abs(start_minute(activity) - session.start), 720) / 720
    ratio = max(activity.minutes, 1.0) / max(session.minutes, 1)
    return (DAY_COST * (days > 0) + START_COST * start
            + LENGTH_COST * min(abs(math.log(ratio)), LENGTH_CAP))


@dataclass(frozen=True)
class Matching:
    pairs: list[tuple[Session, Activity]]     # in session order
    unmatched_sessions: list[Session]
    unmatched_activities: list[Activity]


def match(sessions: list[Session], activities: list[Activity],
          moved_days: int = 1) -> Matching:
    """The best one-to-one assignment of ``activities`` to ``sessions`` (module doc)."""
    sessions = sorted(sessions, key=lambda s: (s.date, s.start, s.type, s.minutes))
    activities = sorted(activities, key=lambda a: (a.start, a.activity_id))
    pairs: list[tuple[Session, Activity]] = []
    if sessions and activities:
        worth = np.zeros((len(sessions), len(activities)))   # 0: not a pair
        for i, session in enumerate(sessions):
            for j, activity in enumerate(activities):
                cost = pair_cost(session, activity, moved_days)
                if cost is not None:
                    worth[i, j] = REWARD - cost
        rows, cols = linear_sum_assignment(worth, maximize=True)
        pairs = [(sessions[i], activities[j]) for i, j in zip(rows, cols) if worth[i, j] > 0]
    taken_sessions = {id(s) for s, _ in pairs}
    taken_activities = {id(a) for _, a in pairs}
    return Matching(
        pairs=pairs,
        unmatched_sessions=[s for s in sessions if id(s) not in taken_sessions],
        unmatched_activities=[a for a in activities if id(a) not in taken_activities])
