"""The activities table (docs/formats.md) and the problems file beside every table.

Written through models/io/cells.py (a file name or a Strava title could start with '=')
and models/io/atomic.py; the problems of a read go to ``<stem>.problems.csv`` (file,
problem) next to the table, written even when empty so a rerun never leaves a stale one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from models.activities.activity import Activity
from models.activities.problems import ReadProblem
from models.io.atomic import write_bytes
from models.io.cells import csv_bytes

ACTIVITY_COLUMNS = ("athlete_id", "activity_id", "source", "sport", "date", "start",
                    "minutes", "minutes_kind", "distance_km", "ascent_m", "avg_hr", "rpe",
                    "load", "load_basis")


def activities_frame(activities: list[Activity]) -> pd.DataFrame:
    """One row per activity; ``start`` is ISO 8601 with the athlete's UTC offset."""
    rows = [{
        "athlete_id": a.athlete_id, "activity_id": a.activity_id, "source": a.source,
        "sport": a.sport, "date": a.start.date().isoformat(),
        "start": a.start.isoformat(timespec="seconds"), "minutes": a.minutes,
        "minutes_kind": a.minutes_kind, "distance_km": a.distance_km, "ascent_m": a.ascent_m,
        "avg_hr": a.avg_hr, "rpe": a.rpe, "load": a.load, "load_basis": a.load_basis,
    } for a in activities]
    return pd.DataFrame(rows, columns=list(ACTIVITY_COLUMNS))


def problems_path(table: Path | str) -> Path:
    table = Path(table)
    return table.with_name(f"{table.stem}.problems.csv")


def write_problems(table: Path | str, problems: list[ReadProblem]) -> Path:
    path = problems_path(table)
    frame = pd.DataFrame([{"file": p.file, "problem": p.problem} for p in problems],
                         columns=["file", "problem"])
    write_bytes(path, csv_bytes(frame))
    return path


def write_table(frame: pd.DataFrame, path: Path | str) -> Path:
    write_bytes(path, csv_bytes(frame))
    return Path(path)
