"""The tidy long table of a sweep: one row per (cell, athlete, week, metric).

Columns: ``cell`` (id), ``parameters`` (the cell's label, e.g. ``H-GAP.gap_h=4``), one column
per setting holding its value, ``athlete``, ``week`` (the Monday, ISO text; empty for an
athlete that got no week at all) and ``metric``, ``value`` (float). Metrics of every week:

* ``feasible`` - 1 when the week got a plan, else 0 (infeasible, unknown): the feasibility
  share of a cell is its mean; an athlete the planner could not start (an error) counts as
  one row with 0;
* of a week with a plan: ``objective`` (penalty points), ``sessions``, ``minutes``,
  ``load``, ``monotony``, ``acwr``, ``hike_minutes``, ``hill_sprint`` (0/1), one count per
  session type (``strength``, ``long``, ...) and ``penalty:RULE`` for each soft rule of the
  cell's rulebook - the auditor's points for that rule in that week (0 when it costs
  nothing), so a mean over weeks is the mean penalty.

The table is read from the cell's batch folder (what was written is what is measured).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from models.analysis.sweep_grid import Cell
from models.audit.table import audit_athlete
from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.domain.rules import Rulebook
from models.io.plan_sources import load_plans

PENALTY_PREFIX = "penalty:"
FEASIBLE = "feasible"
PLANNED = ("optimal", "feasible")
# weekly summary column -> metric
WEEK_METRICS = {"objective": "objective", "sessions": "sessions", "minutes": "minutes",
                "load": "load", "monotony": "monotony", "acwr": "acwr",
                "hike_min": "hike_minutes", "hill_sprint": "hill_sprint"}
ROW_COLUMNS = ("athlete", "week", "metric", "value")


def cell_columns(setting_names: list[str]) -> list[str]:
    return ["cell", "parameters", *setting_names, *ROW_COLUMNS]


def _weeks_table(folder: Path, athlete_id: str) -> pd.DataFrame:
    path = folder / "weeks" / f"{athlete_id}.csv"
    if not path.is_file():
        return pd.DataFrame()
    table = pd.read_csv(path)
    return table if "week_start" in table.columns else pd.DataFrame()


def _number(value) -> float:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return float(lowered == "true")
    number = pd.to_numeric(value, errors="coerce")
    return math.nan if pd.isna(number) else float(number)


def _penalties(plan: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
               catalogue: Catalogue) -> dict[tuple[str, str], float]:
    """(week ISO, rule id) -> the auditor's points, over the athlete's planned weeks."""
    rows = plan[plan["athlete_id"] == athlete.id]
    if rows.empty:
        return {}
    report = audit_athlete(rows, athlete, rulebook, catalogue)
    found: dict[tuple[str, str], float] = {}
    for finding in report.soft_findings:
        key = (str(finding.week_start), finding.rule_id)
        found[key] = found.get(key, 0.0) + finding.penalty
    return found


def cell_rows(folder: Path | str, cell: Cell, athletes: list[Athlete], rulebook: Rulebook,
              catalogue: Catalogue) -> pd.DataFrame:
    """The tidy rows of one cell's batch folder (columns: ``cell_columns``)."""
    folder = Path(folder)
    plan = load_plans(folder, catalogue).plan
    soft = [rule_id for rule_id, rule in rulebook.rules.items() if rule.is_soft]
    types = list(catalogue.schedulable)
    records: list[tuple[str, str, str, float]] = []
    for athlete in athletes:
        weeks = _weeks_table(folder, athlete.id)
        if weeks.empty:
            records.append((athlete.id, "", FEASIBLE, 0.0))
            continue
        penalties = _penalties(plan, athlete, rulebook, catalogue)
        for week in weeks.to_dict("records"):
            monday = str(week["week_start"])[:10]
            planned = str(week["status"]) in PLANNED
            records.append((athlete.id, monday, FEASIBLE, float(planned)))
            if not planned:
                continue
            for column, metric in WEEK_METRICS.items():
                records.append((athlete.id, monday, metric, _number(week.get(column))))
            for kind in types:
                if kind in week:
                    records.append((athlete.id, monday, kind, _number(week[kind])))
            for rule_id in soft:
                records.append((athlete.id, monday, PENALTY_PREFIX + rule_id,
                                penalties.get((monday, rule_id), 0.0)))
    rows = pd.DataFrame(records, columns=list(ROW_COLUMNS))
    rows.insert(0, "cell", cell.id)
    rows.insert(1, "parameters", cell.label)
    for position, (name, value) in enumerate(cell.values, start=2):
        rows.insert(position, name, value if isinstance(value, (int, float)) else str(value))
    return rows


__all__ = ["cell_rows", "cell_columns", "PENALTY_PREFIX", "FEASIBLE"]
