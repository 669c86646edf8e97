"""The table of a trade-off front: one row per point, one column per rule id (its penalty).

Columns: athlete_id, week_start, point (1.. in ascending order of the first rule's
penalty), the two rule ids (penalty points of that rule at the point), total_penalty (the
point's plan over every rule), sessions, status (optimal: every solve behind the point
proved optimality; feasible: one hit the time limit; infeasible/unknown: the week has no
plan and no point), proven, message.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from models.io.atomic import write_text
from models.io.cells import csv_text

LEADING = ("athlete_id", "week_start", "point")
TRAILING = ("total_penalty", "sessions", "status", "proven", "message")


def front_frame(rows: list[dict], rules: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[*LEADING, *rules, *TRAILING])


def write_front(front: pd.DataFrame, path: Path | str) -> Path:
    write_text(path, csv_text(front))
    return Path(path)


def front_lines(front: pd.DataFrame, rules: tuple[str, str]) -> list[str]:
    """A readable listing: per athlete-week, its points (A, B) or why it has none."""
    lines = []
    first, second = rules
    for (athlete, week), rows in front.groupby(["athlete_id", "week_start"], sort=False):
        planned = rows[rows[first].notna()]
        if planned.empty:
            lines.append(f"{athlete} week of {week}: {rows['status'].iloc[0]}: "
                         f"{rows['message'].iloc[0]}")
            continue
        lines.append(f"{athlete} week of {week}: {len(planned)} points ({first}, {second})")
        for row in planned.itertuples(index=False):
            mark = "" if row.proven else "  (not proven)"
            lines.append(f"  {getattr(row, 'point')}: {row[3]:g}, {row[4]:g}  total "
                         f"{row.total_penalty:g}{mark}")
    return lines


__all__ = ["front_frame", "write_front", "front_lines"]
