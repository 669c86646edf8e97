"""Load metrics from what was done: before the judged day the actual load, after it the plan.

``completed_frame`` is a plan table (docs/formats.md columns) whose past rows are the
activities really done - matched ones under their session's name, unplanned ones under
their sport - with their actual minutes and actual load (models/activities/compliance.py
``actual_load``; their ``rpe`` is empty, so the metrics take the ``load`` column); missed
sessions are gone. From ``today`` on the rows are the plan's. ``weekly_metrics`` of it is
the weekly summary, monotony, strain and ACWR of the completed part of a block, the
planned part after it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from models.activities.compliance import Compliance
from models.analysis.metrics import weekly_metrics
from models.domain.clock import WEEKDAY_TITLES, format_hhmm, monday_of
from models.domain.plan import PLAN_COLUMNS


def completed_frame(plan: pd.DataFrame, compliance: Compliance) -> pd.DataFrame:
    """The plan table with its past replaced by what was done (module doc)."""
    done = []
    for row in compliance.rows:
        activity = row.activity
        if activity is None:
            continue
        day = activity.start.date()
        minutes = round(activity.minutes)
        start = activity.start.hour * 60 + activity.start.minute
        done.append({
            "athlete_id": compliance.athlete_id, "week_start": monday_of(day), "date": day,
            "weekday": WEEKDAY_TITLES[day.weekday()],
            "session": row.session.type if row.session else activity.sport,
            "start": format_hhmm(start), "end": format_hhmm(min(start + minutes, 24 * 60)),
            "minutes": minutes, "rpe": None, "load": row.actual_load,
            "hard": bool(row.session and row.session.hard), "details": ""})
    ahead = plan.reindex(columns=list(PLAN_COLUMNS))
    for column in ("date", "week_start"):
        ahead[column] = pd.to_datetime(ahead[column].astype(str)).dt.date
    ahead = ahead[ahead["date"] >= compliance.today]
    frame = pd.concat([pd.DataFrame(done, columns=list(PLAN_COLUMNS)), ahead],
                      ignore_index=True)
    return frame.sort_values(["date", "start"], key=lambda c: c.astype(str),
                             ignore_index=True)


def completed_metrics(plan: pd.DataFrame, compliance: Compliance,
                      start: date | None = None) -> pd.DataFrame:
    """weekly_metrics of ``completed_frame``: actual load before ``today``, planned after."""
    return weekly_metrics(completed_frame(plan, compliance), start=start)
