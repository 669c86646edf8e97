"""Write a plan where people use it: one entry point, the format chosen by extension or name.

=========  ===========================================================================
csv        the plan table (docs/formats.md columns), dates as YYYY-MM-DD
parquet    the plan table with real types (date32, int64, bool) - for researchers
xlsx       week grid per athlete + plan table + weekly summary - for coaches
ics        one calendar event per session in the athlete's time zone - for athletes
json       the solver's Result (plan, penalty breakdown, solve figures) when there is
           one, else the plan table as a list of rows
=========  ===========================================================================

Every writer takes the plan table, so anything that produces one (a week, a block, a squad,
an imported coach's plan) can be exported the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.domain.errors import InputError
from models.io.atomic import write_text
from models.exports.ics import write_ics
from models.exports.tables import write_csv, write_json_rows, write_parquet
from models.exports.xlsx import write_xlsx

FORMATS: dict[str, str] = {
    ".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx", ".ics": "ics", ".json": "json",
}
FORMAT_NAMES: tuple[str, ...] = tuple(dict.fromkeys(FORMATS.values()))


def format_of(path: Path | str, fmt: str | None = None) -> str:
    """The format named by ``fmt`` or else by the file's extension; InputError if neither."""
    if fmt:
        name = fmt.strip().lower().lstrip(".")
        if name not in FORMAT_NAMES:
            raise InputError(f"unknown format '{fmt}'; use {', '.join(FORMAT_NAMES)}",
                             field="--format")
        return name
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"unknown output format '{suffix or Path(path).name}'; use "
                         f"{', '.join(FORMATS)} (or --format)", field="--out")
    return FORMATS[suffix]


def check_output(path: Path | str, fmt: str | None = None) -> tuple[Path, str]:
    """(path, format), refused before any solving if the format or the folder is wrong."""
    path = Path(path)
    name = format_of(path, fmt)
    if not path.parent.is_dir():
        raise InputError(f"folder '{path.parent}' does not exist", file=str(path), field="--out")
    if path.is_dir():
        raise InputError("is a folder; give a file name such as plan.csv", file=str(path),
                         field="--out")
    return path, name


def write_plan(frame: pd.DataFrame, path: Path | str, fmt: str | None = None, *,
               athletes: Mapping[str, Athlete] | None = None,
               summary: pd.DataFrame | None = None, result: Any = None,
               catalogue: Catalogue | None = None) -> Path:
    """Write ``frame`` (a plan table) to ``path`` as ``fmt`` (default: by extension).

    ``athletes`` (by id) give time zones and bodyweight to calendars and names to sheets;
    ``summary`` becomes the workbook's summary sheet; ``result`` (a pydantic model such as
    Result) is what JSON writes when given.
    """
    path, name = check_output(path, fmt)
    athletes = athletes or {}
    if name == "csv":
        write_csv(frame, path)
    elif name == "parquet":
        write_parquet(frame, path)
    elif name == "xlsx":
        names = {key: athlete.display_name for key, athlete in athletes.items()}
        write_xlsx(frame, path, summary=summary, names=names, catalogue=catalogue)
    elif name == "ics":
        write_ics(frame, path, athletes, catalogue=catalogue)
    elif result is not None and hasattr(result, "model_dump_json"):
        write_text(path, result.model_dump_json(indent=2) + "\n")
    else:
        write_json_rows(frame, path)
    return path


__all__ = ["FORMATS", "FORMAT_NAMES", "check_output", "format_of", "write_plan"]
