"""Audit a plan read back from a file with the targets it was planned under.

The plan table does not record each week's targets, and they matter: a block's base weeks
ask for more strength than its taper (P-STRENGTH-TAPER), the hiking due in the second week
of a fortnight depends on what the first delivered (S-HIKE-VOLUME), and each week's load cap
on the loads before it (P-OVERLOAD). So a table of several weeks is audited against the
athlete's block, walked over the table's own sessions by the walker plan_block uses
(models/block/chain.py: the same targets, history and relaxation), and a single week - what
`weekplan solve` writes - against the ordinary week's targets.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from models.audit.week import AuditReport, audit_plan
from models.block.chain import AthleteChain
from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.domain.clock import monday_of
from models.domain.rules import Rulebook
from models.domain.week import WeekTargets
from models.io.plan_rows import sessions_from_frame


def block_targets(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                  catalogue: Catalogue) -> dict[date, WeekTargets]:
    """Monday -> the targets plan_block would have solved that week with, given the table."""
    walk = AthleteChain.start(athlete, rulebook, catalogue)
    return {spec.week_start: spec.targets
            for spec, _ in walk.replay(sessions_from_frame(frame, catalogue))
            if spec.week_start in walk.block}


def audit_table(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                catalogue: Catalogue) -> AuditReport:
    """A plan table as read from a file (weekplan check): the athlete's rows, audited against
    the block when they span several weeks, else as an ordinary week (see module doc)."""
    rows = frame
    if "athlete_id" in frame.columns and len(frame):
        ids = frame["athlete_id"].astype(str).str.strip()
        if (ids == athlete.id).any():
            rows = frame[ids == athlete.id]
    weeks = {monday_of(s.date) for s in sessions_from_frame(rows, catalogue)}
    return audit_plan(frame, athlete, rulebook, catalogue, block=len(weeks) > 1)


def audit_athlete(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                  catalogue: Catalogue) -> AuditReport:
    """The athlete's rows of a typed plan table, audited week by week (see module doc)."""
    rows = frame[frame["athlete_id"] == athlete.id]
    weeks = pd.to_datetime(rows["week_start"]).dt.date.nunique()
    return audit_plan(rows, athlete, rulebook, catalogue, block=weeks > 1)
