"""Audit a plan read back from a file with the targets it was planned under.

The plan table does not record each week's targets, and they matter: a block's base weeks
ask for more strength than its taper (P-STRENGTH-TAPER), and the hiking due in the second
week of a fortnight depends on what the first delivered (S-HIKE-VOLUME). So a table of
several weeks is audited against the athlete's block (models.phases, with the hiking
carried over exactly as solver.horizon.plan_block does, from the sessions in the table,
and P-OVERLOAD's load cap walked over the table's weekly loads, models/load_ramp.py),
and a single week - what `weekplan solve` writes - against the ordinary week's targets.
A base week holding exactly the athlete's own strength number where the phase asked one
more is read as plan_block's relaxation (no room for the extra session), not a violation.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from models.domain.athlete import Athlete
from models.audit.week import AuditReport, audit_plan
from models.domain.catalogue import Catalogue
from models.block.load_ramp import LoadRamp
from models.block.phases import block_weeks, hike_due, hike_period, race_day_free
from models.domain.rules import Rulebook
from models.domain.clock import monday_of
from models.domain.plan import sessions_frame
from models.domain.week import WeekTargets, default_targets
from models.io.plan_rows import sessions_from_frame


def block_targets(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                  catalogue: Catalogue) -> dict[date, WeekTargets]:
    """Monday -> the targets plan_block would have solved that week with, given the table."""
    planned = block_weeks(athlete, rulebook, catalogue)
    mondays = pd.to_datetime(frame["week_start"]).dt.date
    hikes = frame["session"] == "hike"
    by_week = frame[hikes].groupby(mondays[hikes])["minutes"].sum()
    strength = (frame["session"] == "strength").groupby(mondays).sum()
    asked = default_targets(athlete, rulebook, catalogue).strength
    weekly = [week.targets.hike_minutes for week in planned]
    period = hike_period(rulebook)
    loads = (frame["rpe"] * frame["minutes"]).groupby(mondays).sum()
    held = set(mondays)  # a week without rows had no plan: not the ramp's reference
    ramp = LoadRamp(rulebook, catalogue)
    delivered: list[int] = []
    targets = {}
    for index, week in enumerate(planned):
        due = hike_due(weekly, delivered, index, period)
        update = {"hike_minutes": due}
        if week.targets.strength > asked and int(strength.get(week.week_start, 0)) == asked:
            update["strength"] = asked  # plan_block's relaxation (solver/athlete_chain.py)
        targets[week.week_start] = ramp.capped(week, week.targets.model_copy(update=update))
        delivered.append(int(by_week.get(week.week_start, 0)))
        ramp.record_load(week, int(loads.get(week.week_start, 0))
                         if week.week_start in held else None)
    return targets


def audit_table(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                catalogue: Catalogue) -> AuditReport:
    """A plan table as read from a file (weekplan check): the athlete's rows, audited against
    the block when they span several weeks, else as an ordinary week (see module doc)."""
    rows = frame
    if "athlete_id" in frame.columns and len(frame):
        ids = frame["athlete_id"].astype(str).str.strip()
        if (ids == athlete.id).any():
            rows = frame[ids == athlete.id]
    sessions = sessions_from_frame(rows, catalogue)
    if len({monday_of(s.date) for s in sessions}) <= 1:
        return audit_plan(frame, athlete, rulebook, catalogue)
    typed = sessions_frame(athlete.id, sessions)
    return audit_plan(frame, race_day_free(athlete), rulebook, catalogue,
                      block_targets(typed, athlete, rulebook, catalogue))


def audit_athlete(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                  catalogue: Catalogue) -> AuditReport:
    """The athlete's rows of a typed plan table, audited week by week (see module doc)."""
    rows = frame[frame["athlete_id"] == athlete.id]
    weeks = pd.to_datetime(rows["week_start"]).dt.date.nunique()
    if weeks > 1:
        return audit_plan(rows, race_day_free(athlete), rulebook, catalogue,
                          block_targets(rows, athlete, rulebook, catalogue))
    return audit_plan(rows, athlete, rulebook, catalogue)
