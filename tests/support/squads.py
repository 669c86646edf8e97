"""Small squads shared by tests in several folders."""

from __future__ import annotations

from models.domain.catalogue import default_catalogue
from models.domain.clock import WEEKDAYS
from models.squad.groups import parse_groups, resolve

C1_SQUAD = {"athletes": [
    {"id": "c1", "name": "Two A Day", "timezone": "Europe/Madrid", "start": "2027-01-04",
     "weeks": 2, "targets": {"runs": 5, "long": 1, "strength": 2},
     "availability": {day: ["06:00-07:30", "18:00-20:00"] for day in ("mon", "tue", "wed", "thu")}
     | {"sat": ["08:00-11:00"]}},
    {"id": "c2", "name": "Evening Runner", "timezone": "Europe/Madrid", "start": "2027-01-04",
     "weeks": 2, "bodyweight_kg": 70, "targets": {"runs": 3, "long": 1, "strength": 2,
                                                  "hike_minutes": 60},
     "availability": {day: ["06:30-07:30", "18:30-20:00"] for day in ("mon", "wed", "fri")}
     | {"sun": ["08:00-12:00"]}},
]}

ALL_OPEN = {day: ["06:00-22:00"] for day in WEEKDAYS}


def setup_of(athletes, **sections):
    groups = parse_groups(sections, "groups.yaml", default_catalogue())
    return resolve(groups, athletes)
