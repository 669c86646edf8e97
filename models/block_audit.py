"""Audit a plan read back from a file with the targets it was planned under.

The plan table does not record each week's targets, and they matter: a block's base weeks
ask for more strength than its taper (P-STRENGTH-TAPER), and the hiking due in the second
week of a fortnight depends on what the first delivered (S-HIKE-VOLUME). So a table of
several weeks is audited against the athlete's block (models.phases, with the hiking
carried over exactly as solver.horizon.plan_block does, from the sessions in the table),
and a single week - what `weekplan solve` writes - against the ordinary week's targets.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from .athlete import Athlete
from .audit import AuditReport, audit_plan
from .catalogue import Catalogue
from .phases import block_weeks, hike_due, hike_period, race_day_free
from .rules import Rulebook
from .week import WeekTargets


def block_targets(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                  catalogue: Catalogue) -> dict[date, WeekTargets]:
    """Monday -> the targets plan_block would have solved that week with, given the table."""
    planned = block_weeks(athlete, rulebook, catalogue)
    hikes = frame[frame["session"] == "hike"]
    by_week = hikes.groupby(pd.to_datetime(hikes["week_start"]).dt.date)["minutes"].sum()
    weekly = [week.targets.hike_minutes for week in planned]
    period = hike_period(rulebook)
    delivered: list[int] = []
    targets = {}
    for index, week in enumerate(planned):
        due = hike_due(weekly, delivered, index, period)
        targets[week.week_start] = week.targets.model_copy(update={"hike_minutes": due})
        delivered.append(int(by_week.get(week.week_start, 0)))
    return targets


def audit_athlete(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                  catalogue: Catalogue) -> AuditReport:
    """The athlete's rows of a typed plan table, audited week by week (see module doc)."""
    rows = frame[frame["athlete_id"] == athlete.id]
    weeks = pd.to_datetime(rows["week_start"]).dt.date.nunique()
    if weeks > 1:
        return audit_plan(rows, race_day_free(athlete), rulebook, catalogue,
                          block_targets(rows, athlete, rulebook, catalogue))
    return audit_plan(rows, athlete, rulebook, catalogue)
