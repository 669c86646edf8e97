"""Rosters: who attends each group session, one row per occurrence - for the coach who runs it.

Built from the plan tables (their ``group_session`` column) and the squad data, so a batch
folder can always rebuild it (``rosters.csv``), and the XLSX and HTML report show the same
table. ``invited`` counts the invited athletes planned that week, ``available`` those whose
availability holds the session (the others are excused), ``attending`` those whose plan
marks it; ``athletes`` lists them by name (id), with their minutes when they leave the group
early (a shorter run that starts with it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pandas as pd

from models.domain.athlete import Athlete
from models.domain.clock import WEEKDAY_TITLES, format_hhmm, monday_of
from models.squad.groups import SquadSetup, holds
from models.domain.plan import Session
from models.audit.squad import attendees

ROSTER_COLUMNS: tuple[str, ...] = (
    "group_session", "date", "weekday", "start", "end", "session", "location", "coach",
    "capacity", "invited", "available", "attending", "athletes",
)


def roster_frame(plans: Mapping[str, list[Session]], athletes: Mapping[str, Athlete],
                 setup: SquadSetup,
                 weeks: Mapping[str, Iterable[date]] | None = None) -> pd.DataFrame:
    """One row per occurrence of a group session in a week someone invited was planned.

    ``athletes``: as planned (race day closed); ``weeks``: athlete -> planned Mondays
    (default: the weeks their plan has sessions in).
    """
    came = attendees(plans)
    planned = {a: set((weeks or {}).get(a) or {monday_of(s.date) for s in plans.get(a, [])})
               for a in athletes}
    rows = []
    for gs in setup.groups.group_sessions:
        invited = [a for a in athletes if a in setup.invited[gs.id]]
        mondays = sorted({m for a in invited for m in planned[a]})
        for monday in mondays:
            for day in gs.on(monday):
                here = [a for a in invited if monday in planned[a]]
                free = [a for a in here if holds(athletes[a].windows_on(day), gs.start, gs.end)]
                present = came.get((gs.id, day), [])
                rows.append({
                    "group_session": gs.id, "date": day.isoformat(),
                    "weekday": WEEKDAY_TITLES[day.weekday()], "start": format_hhmm(gs.start),
                    "end": format_hhmm(gs.end), "session": gs.session, "location": gs.location,
                    "coach": gs.coach, "capacity": "" if gs.capacity is None else gs.capacity,
                    "invited": len(here), "available": len(free), "attending": len(present),
                    "athletes": "; ".join(_name(athletes.get(a), a, _minutes(plans, a, gs, day))
                                          for a in present),
                })
    frame = pd.DataFrame(rows, columns=list(ROSTER_COLUMNS))
    return frame.sort_values(["date", "start", "group_session"], kind="stable",
                             ignore_index=True)


def _minutes(plans: Mapping[str, list[Session]], athlete_id: str, gs, day: date) -> int | None:
    """The athlete's minutes at the occurrence when shorter than the group's, else None."""
    for s in plans.get(athlete_id, []):
        if s.group_session == gs.id and s.date == day and s.minutes < gs.minutes:
            return s.minutes
    return None


def _name(athlete: Athlete | None, athlete_id: str, minutes: int | None = None) -> str:
    label = athlete_id if minutes is None else f"{athlete_id}, {minutes} min"
    if athlete is None or not athlete.name:
        return label
    return f"{athlete.name} ({label})"
