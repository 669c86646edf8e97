"""Where plans come from for `report` and `compare`: a plan file or a batch output folder.

A *plan file* is any plan table the exports write (.csv, .parquet, .xlsx, .json) or a
coach's own table, both read by the one plan-table reader (models/io/plan_table.py, which
checks every row as `weekplan check` does and fills missing rpe/load/hard from the
catalogue). A *batch folder* is what `weekplan batch --out DIR` writes: plans.parquet (else
athletes/*.csv), summary.csv and errors.csv; plans.parquet, written from the solved plans,
is typed without its rows being parsed again. Either way the result is one typed plan table
(docs/formats.md columns) for all athletes, plus the batch's summary and errors when there
are any.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.errors import InputError
from models.domain.plan import PLAN_COLUMNS, typed_plan_frame
from models.io.cells import restored
from models.io.plan_table import (has_plan_columns, read_plan_file, read_typed_plan,
                                  typed_from_file, typed_plan)

PLANS_PARQUET, SUMMARY_CSV, ERRORS_CSV, PLANS_DIR = ("plans.parquet", "summary.csv",
                                                     "errors.csv", "athletes")


@dataclass
class PlanSource:
    path: Path
    plan: pd.DataFrame                   # typed plan table, every athlete
    summary: pd.DataFrame | None = None  # batch summary.csv (one row per athlete)
    errors: pd.DataFrame | None = None   # batch errors.csv

    @property
    def is_batch(self) -> bool:
        return self.summary is not None

    @property
    def athlete_ids(self) -> list[str]:
        ids = list(dict.fromkeys(self.plan["athlete_id"]))
        if self.summary is not None and "athlete" in self.summary:
            ids += [a for a in self.summary["athlete"].astype(str) if a not in ids]
        return ids

    def status_of(self, athlete_id: str) -> str:
        if self.summary is None or "status" not in self.summary:
            return ""
        rows = self.summary[self.summary["athlete"].astype(str) == athlete_id]
        return str(rows["status"].iloc[0]) if len(rows) else ""


def is_batch_folder(path: Path) -> bool:
    return path.is_dir() and ((path / PLANS_PARQUET).is_file() or (path / PLANS_DIR).is_dir())


def _optional_csv(path: Path) -> pd.DataFrame | None:
    if not path.is_file():
        return None
    try:
        return restored(pd.read_csv(path, dtype={"athlete": str}, keep_default_na=False))
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError) as error:
        raise InputError(f"malformed CSV: {error}", file=str(path)) from None


def _batch_plans(path: Path, catalogue: Catalogue) -> pd.DataFrame:
    """A batch's plans.parquet, typed as it is: the batch wrote it from its solved plans, so
    its rows are the catalogue's sessions already, and a squad's table of thousands of rows
    is not parsed again. One without the contract columns is read row by row as any table.
    """
    frame = read_plan_file(path)
    if has_plan_columns(frame):
        try:
            return typed_from_file(frame)
        except (ValueError, TypeError):
            pass  # not as the batch writes it: read it row by row below
    return typed_plan(frame, catalogue, "athlete", str(path))


def load_plans(path: Path | str, catalogue: Catalogue | None = None) -> PlanSource:
    """A plan file or a batch folder, as a PlanSource; InputError names what is wrong."""
    path = Path(path)
    catalogue = catalogue or default_catalogue()
    if path.is_dir():
        if not is_batch_folder(path):
            raise InputError(f"not a batch output folder (no {PLANS_PARQUET} or {PLANS_DIR}/); "
                             "give a plan file or the --out folder of `weekplan batch`",
                             file=str(path))
        if (path / PLANS_PARQUET).is_file():
            plan = _batch_plans(path / PLANS_PARQUET, catalogue)
        else:
            tables = [read_typed_plan(p, catalogue)
                      for p in sorted((path / PLANS_DIR).glob("*.csv"))]
            plan = pd.concat(tables, ignore_index=True) if tables else \
                typed_plan_frame(pd.DataFrame(columns=list(PLAN_COLUMNS)))
        summary = _optional_csv(path / SUMMARY_CSV)
        return PlanSource(path, plan, summary if summary is not None else pd.DataFrame(
            columns=["athlete"]), _optional_csv(path / ERRORS_CSV))
    if not path.exists():
        raise InputError("no such file or folder", file=str(path))
    return PlanSource(path, read_typed_plan(path, catalogue))
