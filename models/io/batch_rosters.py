"""The squad-session files of a batch folder: rosters.csv, groups.csv and rosters.xlsx.

Written at the end of every run of a squad with group sessions, from what the folder holds
then (plans of this run and of earlier ones alike), so a resumed run lists the whole squad.
``groups.csv`` has one row per unit of coupled training groups (UNIT_COLUMNS); the unit
rows come from the planner (one per unit task) or from the units/ markers of a resumed run.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from openpyxl import Workbook

from models.audit.squad import plans_from_frame
from models.block.phases import race_day_free
from models.domain.athlete import Athlete
from models.domain.catalogue import default_catalogue
from models.domain.plan import PLAN_COLUMNS, SQUAD_COLUMNS
from models.exports.xlsx import ROSTER_SHEET, frame_sheet
from models.io.atomic import write_bytes
from models.io.cells import csv_bytes
from models.io.batch_folder import BAD_INPUT, CRASHED, AthleteOutcome, BatchDir
from models.squad.groups import SquadSetup
from models.squad.rosters import roster_frame

UNIT_COLUMNS: tuple[str, ...] = (
    "unit", "athletes", "training_groups", "mode", "weeks", "weeks_joint", "weeks_sequential",
    "invited", "attending", "attend_penalty", "squad_hard_findings", "wall_time", "note",
)


def write_squad_files(folder: BatchDir, outcomes: list[AthleteOutcome],
                      units: list[dict[str, Any]], setup: SquadSetup,
                      athletes: dict[str, Athlete]) -> None:
    """rosters.csv, groups.csv (``units``, already in UNIT_COLUMNS) and rosters.xlsx."""
    catalogue = default_catalogue()
    table = folder.read_plans([o.athlete for o in outcomes
                               if o.athlete in athletes and o.status not in (BAD_INPUT, CRASHED)])
    if table is None:
        table = pd.DataFrame(columns=[*PLAN_COLUMNS, *SQUAD_COLUMNS])
    for column in SQUAD_COLUMNS:
        if column not in table.columns:
            table[column] = ""
        table[column] = table[column].fillna("").astype(str)
    plans = plans_from_frame(table, catalogue)
    planned = {a: race_day_free(athletes[a]) for a in plans}
    rosters = roster_frame(plans, planned, setup)
    write_bytes(folder.root / "rosters.csv", csv_bytes(rosters))
    rows = pd.DataFrame(units, columns=list(UNIT_COLUMNS))
    write_bytes(folder.root / "groups.csv", csv_bytes(rows))
    book = Workbook()
    book.remove(book.active)
    frame_sheet(book.create_sheet(ROSTER_SHEET), rosters, "group session rosters")
    frame_sheet(book.create_sheet("units"), rows, "units of training groups")
    buffer = io.BytesIO()
    book.save(buffer)
    write_bytes(folder.root / "rosters.xlsx", buffer.getvalue())
