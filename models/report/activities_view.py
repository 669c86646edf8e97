"""Completed training for the terminal: the activities table and the compliance tables,
each session's status coloured by its band (green / yellow / red, as TrainingPeaks)."""

from __future__ import annotations

import math

import pandas as pd
from rich import box
from rich.table import Table
from rich.text import Text

BAND_STYLE = {"green": "green", "yellow": "yellow", "red": "red", "": "cyan"}
COMPACT = dict(box=box.SIMPLE_HEAD, padding=(0, 1), expand=False)
HEADINGS = {"planned_minutes": "plan min", "actual_minutes": "done min", "actual_date": "done on",
            "planned_load": "plan load", "actual_load": "done load", "compliance_pct": "%",
            "week_start": "week", "minutes_kind": "kind", "distance_km": "km",
            "ascent_m": "ascent", "activity_id": "id", "unplanned": "extra"}


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _table(frame: pd.DataFrame, columns: list[str], title: str, style_of=None) -> Table:
    table = Table(title=Text(title), **COMPACT)
    for column in columns:
        table.add_column(HEADINGS.get(column, column), justify="left" if frame[column].dtype == object else "right")
    for _, row in frame.iterrows():
        table.add_row(*(_cell(row[c]) for c in columns),
                      style=style_of(row) if style_of else None)
    return table


def activities_table(frame: pd.DataFrame) -> Table:
    columns = ["date", "start", "sport", "minutes", "minutes_kind", "distance_km", "ascent_m",
               "avg_hr", "load", "activity_id"]
    shown = frame.assign(start=frame["start"].str[11:16])
    return _table(shown, columns, f"{len(frame)} activities")


def compliance_table(frame: pd.DataFrame) -> Table:
    columns = ["date", "session", "start", "planned_minutes", "actual_date", "sport",
               "actual_minutes", "ratio", "status", "band"]
    return _table(frame, columns, "Planned vs completed",
                  lambda row: BAND_STYLE.get(row["band"] or "", None))


def weekly_compliance_table(frame: pd.DataFrame) -> Table:
    columns = ["week_start", "planned_minutes", "actual_minutes", "planned_load",
               "actual_load", "compliance_pct", "done", "partial", "moved", "missed",
               "unplanned"]
    return _table(frame, columns, "Weekly planned vs actual")


def load_metrics_table(frame: pd.DataFrame, today) -> Table:
    """weekly_metrics of the completed part (actual load) and the planned part after it."""
    shown = frame.assign(week_start=frame["week_start"].astype(str),
                         monotony=frame["monotony"].round(2), strain=frame["strain"].round(0),
                         acwr=frame["acwr"].round(2))
    return _table(shown, ["week_start", "load", "monotony", "strain", "acwr"],
                  f"Load, monotony, strain, ACWR: actual before {today}, planned from it")
