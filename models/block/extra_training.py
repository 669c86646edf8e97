"""Training that happened outside the plan (an unplanned ride, run, hike), for re-planning.

It is no session of its week - the week's session counts stay the plan's, and an unplanned
ride is no run - but it was done: its load counts toward the P-OVERLOAD ramp and the week's
load cap, and a hike's (or walk's) minutes toward the S-HIKE-VOLUME hiking of its period.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

HIKING_SPORTS = frozenset({"hike", "walk"})


@dataclass(frozen=True)
class ExtraTraining:
    date: datetime.date
    sport: str       # the activity's sport (models/activities/activity.py SPORTS)
    minutes: int
    load: int

    @property
    def hiking_minutes(self) -> int:
        return self.minutes if self.sport in HIKING_SPORTS else 0
