"""The files of `weekplan batch --activities` in the batch folder (beside the block plans):

    compliance/<id>.csv            one athlete's compliance table (docs/formats.md)
    compliance/<id>.weekly.csv     their weekly planned vs actual
    replanned/<id>.csv             their plan re-solved from today (plan table)
    compliance.csv                 every athlete's compliance rows, one table
    compliance.weekly.csv          every athlete's weekly rows
    compliance.problems.csv        activity files not read (file, problem), every athlete

The block plans in athletes/ stay as planned, so a later --resume still recognises them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from models.activities.compliance import COMPLIANCE_COLUMNS, WEEKLY_COLUMNS, Compliance
from models.activities.problems import ReadProblem
from models.activities.table import write_problems, write_table
from models.domain.errors import InputError

COMPLIANCE, REPLANNED = "compliance", "replanned"


def athlete_folders(root: Path | str) -> dict[str, Path]:
    """athlete id -> their activities folder (one folder per athlete id under ``root``)."""
    root = Path(root)
    if not root.is_dir():
        raise InputError("is not a folder; give one folder per athlete id inside it",
                         file=str(root), field="--activities")
    return {p.name: p for p in sorted(root.iterdir()) if p.is_dir()}


def write_athlete(out_dir: Path | str, compliance: Compliance,
                  replanned: pd.DataFrame) -> None:
    out_dir = Path(out_dir)
    (out_dir / COMPLIANCE).mkdir(exist_ok=True)
    (out_dir / REPLANNED).mkdir(exist_ok=True)
    athlete_id = compliance.athlete_id
    write_table(compliance.frame(), out_dir / COMPLIANCE / f"{athlete_id}.csv")
    write_table(compliance.weekly(), out_dir / COMPLIANCE / f"{athlete_id}.weekly.csv")
    write_table(replanned, out_dir / REPLANNED / f"{athlete_id}.csv")


def write_squad(out_dir: Path | str, compliances: list[Compliance],
                problems: list[ReadProblem]) -> Path:
    """The squad's compliance tables and the problems file; the compliance table's path."""
    out_dir = Path(out_dir)
    rows = [c.frame() for c in compliances if c.rows]
    weeks = [c.weekly() for c in compliances if c.rows]
    table = pd.concat(rows, ignore_index=True) if rows else \
        pd.DataFrame(columns=list(COMPLIANCE_COLUMNS))
    weekly = pd.concat(weeks, ignore_index=True) if weeks else \
        pd.DataFrame(columns=list(WEEKLY_COLUMNS))
    path = write_table(table, out_dir / "compliance.csv")
    write_table(weekly, out_dir / "compliance.weekly.csv")
    write_problems(path, problems)
    return path
