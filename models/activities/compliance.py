"""Planned vs completed: each planned session done, partial, missed or moved, each other
activity unplanned, coloured by the rulebook's compliance bands (docs/formats.md).

Decisions:

* Only the past is judged: sessions before ``today`` (default: the day after the last
  activity), with the activities before it. Later sessions are not in the table.
* ratio = actual / planned minutes; a matched session is ``done`` at ``done_from`` or more,
  ``partial`` below, ``moved`` when done on another day (any ratio); an unmatched one is
  ``missed`` (ratio 0, red). An unmatched activity is ``unplanned`` with no band.
* actual load (``actual_load``), the one rule everything uses: the RPE the athlete recorded,
  else the planned session's RPE, times the actual minutes; an unplanned activity without a
  recorded RPE keeps its estimated load (models/activities/activity.py).
* weekly compliance % = sum over planned sessions of min(actual, planned) minutes / planned
  minutes: a long extra run does not hide a missed one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from models.activities.activity import Activity
from models.activities.matching import match, start_minute
from models.domain.clock import format_hhmm, monday_of
from models.domain.compliance_bands import ComplianceBands
from models.domain.plan import Session

COMPLIANCE_COLUMNS = ("athlete_id", "date", "session", "planned_minutes", "activity_id",
                      "actual_minutes", "ratio", "status", "band", "start", "actual_date",
                      "sport", "planned_load", "actual_load")
WEEKLY_COLUMNS = ("athlete_id", "week_start", "planned_minutes", "actual_minutes",
                  "planned_load", "actual_load", "compliance_pct", "done", "partial",
                  "moved", "missed", "unplanned")
STATUSES = ("done", "partial", "moved", "missed", "unplanned")


def actual_load(activity: Activity, session: Session | None = None) -> int:
    """The load of what was done (module doc)."""
    if activity.rpe is not None or session is None:
        return activity.load
    return round(session.rpe * activity.minutes)


@dataclass(frozen=True)
class Judged:
    """One row of the compliance table: a planned session, or an unplanned activity."""

    athlete_id: str
    status: str
    session: Session | None = None
    activity: Activity | None = None
    band: str = ""

    @property
    def day(self) -> date:
        return self.session.date if self.session else self.activity.start.date()

    @property
    def ratio(self) -> float | None:
        if self.session is None:
            return None
        done = self.activity.minutes if self.activity else 0.0
        return round(done / max(self.session.minutes, 1), 2)

    @property
    def actual_load(self) -> int:
        return 0 if self.activity is None else actual_load(self.activity, self.session)

    def row(self) -> dict:
        s, a = self.session, self.activity
        return {
            "athlete_id": self.athlete_id, "date": self.day.isoformat(),
            "session": s.type if s else "", "planned_minutes": s.minutes if s else 0,
            "activity_id": a.activity_id if a else "",
            "actual_minutes": a.minutes if a else 0.0, "ratio": self.ratio,
            "status": self.status, "band": self.band,
            "start": format_hhmm(s.start) if s else a.start.strftime("%H:%M"),
            "actual_date": a.start.date().isoformat() if a else "",
            "sport": a.sport if a else "", "planned_load": s.load if s else 0,
            "actual_load": self.actual_load,
        }


@dataclass
class Compliance:
    """The judged past of one athlete: rows in date order, and the day judging stopped."""

    athlete_id: str
    today: date
    rows: list[Judged] = field(default_factory=list)

    def of(self, *statuses: str) -> list[Judged]:
        return [r for r in self.rows if r.status in statuses]

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([r.row() for r in self.rows], columns=list(COMPLIANCE_COLUMNS))

    def weekly(self) -> pd.DataFrame:
        """Planned vs actual per Monday-Sunday week (module doc)."""
        weeks: dict[date, dict] = {}
        for judged in self.rows:
            day = judged.activity.start.date() if judged.session is None else judged.session.date
            week = weeks.setdefault(monday_of(day), {
                "athlete_id": self.athlete_id, "week_start": monday_of(day).isoformat(),
                "planned_minutes": 0, "actual_minutes": 0.0, "planned_load": 0,
                "actual_load": 0, "covered": 0.0, **{s: 0 for s in STATUSES}})
            week[judged.status] += 1
            if judged.session is not None:
                week["planned_minutes"] += judged.session.minutes
                week["planned_load"] += judged.session.load
                done = judged.activity.minutes if judged.activity else 0.0
                week["covered"] += min(done, judged.session.minutes)
            if judged.activity is not None:
                week["actual_minutes"] += judged.activity.minutes
                week["actual_load"] += judged.actual_load
        rows = []
        for monday in sorted(weeks):
            week = weeks[monday]
            planned = week.pop("planned_minutes")
            covered = week.pop("covered")
            rows.append({**week, "planned_minutes": planned,
                         "actual_minutes": round(week["actual_minutes"], 1),
                         "compliance_pct": round(100 * covered / planned) if planned else None})
        return pd.DataFrame(rows, columns=list(WEEKLY_COLUMNS))


def default_today(activities: list[Activity], sessions: list[Session]) -> date:
    """The day after the last activity (without any: after the last session)."""
    days = [a.start.date() for a in activities] or [s.date for s in sessions]
    return (max(days) if days else date.today()) + timedelta(days=1)


def judge(athlete_id: str, sessions: list[Session], activities: list[Activity],
          bands: ComplianceBands, today: date | None = None) -> Compliance:
    """The compliance of the past (module doc); ``activities`` in the athlete's time zone."""
    today = today or default_today(activities, sessions)
    sessions = [s for s in sessions if s.date < today]
    activities = [a for a in activities if a.start.date() < today]
    matching = match(sessions, activities, bands.moved_days)
    rows: list[Judged] = []
    for session, activity in matching.pairs:
        ratio = activity.minutes / max(session.minutes, 1)
        if activity.start.date() != session.date:
            status = "moved"
        else:
            status = "done" if ratio >= bands.done_from else "partial"
        rows.append(Judged(athlete_id, status, session, activity, bands.band(ratio)))
    rows += [Judged(athlete_id, "missed", s, None, bands.band(0.0))
             for s in matching.unmatched_sessions]
    rows += [Judged(athlete_id, "unplanned", None, a) for a in matching.unmatched_activities]
    rows.sort(key=lambda r: (r.day, r.session.start if r.session else start_minute(r.activity)))
    return Compliance(athlete_id, today, rows)

