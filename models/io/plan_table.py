"""Reading a plan table that someone else made: a coach's spreadsheet, another tool, an old plan.

`weekplan check` audits such tables, so reading is forgiving where the meaning is clear and
strict where it is not:

* required columns: ``date``, ``session``, ``start`` and ``end``; ``minutes`` may stand in
  for ``end`` (the end is then start + minutes). A missing one is an error naming it.
* derived when absent: ``minutes`` (end - start), ``rpe`` (the catalogue's), ``load``,
  ``hard`` (always from the catalogue by type, as the auditor does), ``weekday``,
  ``week_start``, ``athlete_id`` (the --athlete), ``details``.
* headers match case- and space-insensitively ("Date", " Start Time" is not "start");
  unknown columns are kept and ignored; blank rows and ``rest`` rows are skipped.
* .csv, and .xlsx when openpyxl is installed (Excel times and dates are read as such).

Row values (times, types, minutes that disagree with start-end) are checked by
``models.audit.sessions_from_frame``, which names the row and column.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pandas as pd

from models.domain.errors import InputError
from models.domain.yamlfile import read_text

REQUIRED_COLUMNS: tuple[str, ...] = ("date", "session", "start", "end")
END_STAND_IN = "minutes"  # may replace `end`
PLAN_SUFFIXES = (".csv", ".xlsx")
_WITH_SECONDS = re.compile(r"^\s*\d{1,2}:\d{2}:00\s*$")


def _header(name: Any) -> str:
    return "_".join(str(name).strip().lower().split())


def _time_text(value: Any) -> Any:
    """Spreadsheets hand times over as time, datetime, 'HH:MM:SS' or a fraction of a day."""
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, float) and 0 <= value <= 1:
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if isinstance(value, str) and _WITH_SECONDS.match(value):
        return value.strip()[:-3]
    return value


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(io.StringIO(read_text(path)), dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise InputError("the file is empty; expected a header row with date, session, "
                         "start, end", file=str(path)) from None
    except (pd.errors.ParserError, ValueError) as error:
        raise InputError(f"malformed CSV: {str(error).strip()}", file=str(path)) from None


def _read_xlsx(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if path.is_dir():
        raise InputError("is a folder, expected a file", file=str(path))
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise InputError("reading .xlsx needs openpyxl (pip install openpyxl); or save the "
                         "sheet as CSV", file=str(path)) from None
    try:
        frame = pd.read_excel(path, dtype=object)
    except Exception as error:  # zip/XML errors of a damaged or mislabelled file
        raise InputError(f"cannot read the workbook: {error}", file=str(path)) from None
    return frame


def read_plan_file(path: Path | str) -> pd.DataFrame:
    """The plan table in ``path`` with normalised headers; raises InputError naming the file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        raise InputError(f"unknown plan format '{path.suffix or path.name}'; use "
                         f"{' or '.join(PLAN_SUFFIXES)}", file=str(path))
    frame = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    headers = [_header(c) for c in frame.columns]
    seen: set[str] = set()
    for original, name in zip(frame.columns, headers):
        if name in seen and name in (*REQUIRED_COLUMNS, END_STAND_IN):
            raise InputError(f"column '{name}' appears twice", file=str(path), field=str(original))
        seen.add(name)
    frame.columns = headers
    for column in REQUIRED_COLUMNS:
        if column in frame.columns or (column == "end" and END_STAND_IN in frame.columns):
            continue
        hint = " (or 'minutes')" if column == "end" else ""
        raise InputError(f"missing required column '{column}'{hint}; found "
                         f"{', '.join(map(str, frame.columns)) or 'no columns'}", file=str(path))
    frame = frame.loc[:, ~pd.Index(headers).duplicated()]
    blank = frame.apply(lambda row: all(is_blank(v) for v in row), axis=1)
    frame = frame[~blank] if len(frame) else frame
    for column in ("start", "end"):
        if column in frame.columns:
            frame[column] = frame[column].map(_time_text)
    return frame.reset_index(drop=True)


def is_blank(value: Any) -> bool:
    """An empty spreadsheet cell: None, NaN/NaT or only spaces."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
