"""The one plan-table reader: our own exports and a coach's spreadsheet alike.

Formats, by extension: ``.csv``; ``.xlsx``/``.xlsm`` (the ``plan`` sheet, else the first
sheet); ``.parquet``; ``.json`` (a list of rows). Reading is forgiving where the meaning is
clear and strict where it is not:

* required columns: ``date``, ``session``, ``start`` and ``end``; ``minutes`` may stand in
  for ``end`` (the end is then start + minutes). A missing one is an error naming it.
* headers match case- and space-insensitively (" Start " is ``start``; "Start Time" is
  ``start_time``, not ``start``); unknown columns are kept and ignored; blank rows skipped.
* each row keeps its number as a spreadsheet shows it (the header is row 1, the first data
  row is row 2; skipped blank rows do not shift the rest) as the index, named
  ``plan_rows.ROW_NUMBER``, so an error names the row a coach sees.
* times handed over as time, datetime, 'HH:MM:SS' or a fraction of a day become 'HH:MM'.
* a text cell that our CSV writers protected from spreadsheets (``'=...``, models/io/cells.py)
  loses that one quote again.

``read_plan_file`` gives the table as read; row values (times, types, minutes that disagree
with start-end) are checked when it becomes sessions (models/io/plan_rows.py), which names
the row and the column. ``typed_plan`` turns it into the typed plan table of docs/formats.md
through that row parser, every row of every table (our own export too: a coach may have
edited it), filling ``minutes``, ``rpe``, ``load``, ``hard``, ``weekday``, ``week_start``,
``athlete_id`` and ``details`` when absent; ``read_typed_plan`` does both. So `report` and
`compare` refuse the rows `check` refuses. ``typed_from_file`` types a table without reading
its rows, for tables the tool wrote from solved plans and reads back (a batch's
plans.parquet, models/io/plan_sources.py).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pandas as pd

from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.errors import InputError
from models.domain.plan import PLAN_COLUMNS, sessions_frame, typed_plan_frame
from models.domain.yamlfile import read_text
from models.io.cells import is_blank, restored
from models.io.plan_rows import FIRST_DATA_ROW, ROW_NUMBER, sessions_from_frame

REQUIRED_COLUMNS: tuple[str, ...] = ("date", "session", "start", "end")
END_STAND_IN = "minutes"  # may replace `end`
PLAN_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".parquet", ".json")
PLAN_SHEET = "plan"
TRUE_WORDS = frozenset({"true", "1", "yes", "y", "x"})
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


def _existing_file(path: Path) -> None:
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if path.is_dir():
        raise InputError("is a folder, expected a file", file=str(path))


def _read_csv(path: Path) -> pd.DataFrame:
    text = read_text(path)  # a missing file or one not in UTF-8 says so, not "malformed CSV"
    text = _fit_rows_to_header(text, path)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                           skip_blank_lines=False)  # empty lines keep their row number
    except pd.errors.EmptyDataError:
        raise InputError("the file is empty; expected a header row with date, session, "
                         "start, end", file=str(path)) from None
    except (pd.errors.ParserError, ValueError) as error:
        raise InputError(f"malformed CSV: {str(error).strip()}", file=str(path)) from None


def _fit_rows_to_header(text: str, path: Path) -> str:
    """``text`` with the empty cells past the header's columns dropped (a trailing comma is
    harmless, but pandas would shift a whole table by it, taking the dates as its index,
    or refuse a single such row); an error naming the first row with a *filled* cell past
    them, so no cell is dropped unread and a stray comma shifts nothing silently."""
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise InputError(f"malformed CSV: {error}", file=str(path)) from None
    if not rows:
        return text
    width = len(rows[0])
    for number, cells in enumerate(rows[1:], start=FIRST_DATA_ROW):
        if any(cell.strip() for cell in cells[width:]):
            raise InputError(
                f"{len(cells)} cells where the header names {width} columns; remove the "
                "extra comma or cell, or name the column in the header",
                file=str(path), field=f"row {number}")
    if all(len(cells) <= width for cells in rows):
        return text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(cells[:width] for cells in rows)
    return out.getvalue()


def _read_xlsx(path: Path) -> pd.DataFrame:
    _existing_file(path)
    if importlib.util.find_spec("openpyxl") is None:
        raise InputError("reading .xlsx needs openpyxl (pip install openpyxl); or save the "
                         "sheet as CSV", file=str(path))
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            sheet = PLAN_SHEET if PLAN_SHEET in book.sheet_names else book.sheet_names[0]
            frame = pd.read_excel(book, sheet_name=sheet, dtype=object)
        unsaved = _formula_without_value(path, sheet)
    except Exception as error:  # zip/XML errors of a damaged or mislabelled file
        raise InputError(f"cannot read the workbook: {error}", file=str(path)) from None
    if unsaved is not None:
        row, header, formula = unsaved
        raise InputError(f"a formula ({formula}) without a saved value; open the workbook in "
                         "a spreadsheet program and save it, or type the value",
                         file=str(path), field=f"row {row}, column '{header}'")
    return frame


def _formula_without_value(path: Path, sheet: str) -> tuple[int, str, str] | None:
    """(row, column header, formula) of the first formula cell the workbook holds no computed
    value for, else None. Such a cell reads as empty - a session cell would silently become
    rest - and weekplan never evaluates formulas itself (a workbook from anyone is data)."""
    from openpyxl import load_workbook

    formulas = load_workbook(path, read_only=True, data_only=False)[sheet]
    values = load_workbook(path, read_only=True, data_only=True)[sheet]
    header: list = []
    for number, (cells, saved) in enumerate(zip(formulas.iter_rows(values_only=True),
                                                values.iter_rows(values_only=True)), start=1):
        if number == 1:
            header = list(cells)
        for column, (cell, value) in enumerate(zip(cells, saved)):
            if isinstance(cell, str) and cell.startswith("=") and value is None:
                name = header[column] if column < len(header) and header[column] else column + 1
                return number, str(name), cell
    return None


def _read_parquet(path: Path) -> pd.DataFrame:
    _existing_file(path)
    try:
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pandas()
    except Exception as error:  # pyarrow's errors of a damaged or mislabelled file
        raise InputError(f"cannot read the Parquet file: {error}", file=str(path)) from None


def _read_json(path: Path) -> pd.DataFrame:
    text = read_text(path)
    try:
        return pd.read_json(io.StringIO(text), orient="records", dtype={"start": str, "end": str})
    except Exception as error:  # pandas' ValueError and friends for JSON that is not rows
        raise InputError(f"cannot read the JSON rows: {error}", file=str(path)) from None


READERS = {".csv": _read_csv, ".xlsx": _read_xlsx, ".xlsm": _read_xlsx,
           ".parquet": _read_parquet, ".json": _read_json}


def _blank_rows(frame: pd.DataFrame) -> pd.Series:
    blank = pd.Series(True, index=frame.index)
    for column in frame.columns:
        values = frame[column]
        text = values.dtype == object or pd.api.types.is_string_dtype(values.dtype)
        blank &= values.map(is_blank).astype(bool) if text else values.isna()
        if not blank.any():
            break
    return blank


def read_plan_file(path: Path | str) -> pd.DataFrame:
    """The plan table in ``path`` with normalised headers; raises InputError naming the file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise InputError(f"unknown plan format '{path.suffix or path.name}'; use "
                         f"{', '.join(PLAN_SUFFIXES)}", file=str(path))
    frame = READERS[suffix](path)
    frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame), name=ROW_NUMBER)
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
    if len(frame):
        frame = frame[~_blank_rows(frame)]
    frame = restored(frame)
    for column in ("start", "end"):
        if column in frame.columns:
            frame[column] = frame[column].map(_time_text)
    return frame


def has_plan_columns(frame: pd.DataFrame) -> bool:
    return all(column in frame.columns for column in PLAN_COLUMNS)


def typed_from_file(frame: pd.DataFrame) -> pd.DataFrame:
    """typed_plan_frame for a table read back from text: 'False' is False, '45' is 45.

    The rows are not checked: only for tables the tool wrote from solved plans."""
    frame = frame.reset_index(drop=True)
    if frame["hard"].dtype != bool:
        frame["hard"] = frame["hard"].map(lambda v: str(v).strip().lower() in TRUE_WORDS)
    for column in ("minutes", "rpe", "load"):
        frame[column] = pd.to_numeric(frame[column]).astype("int64")
    return typed_plan_frame(frame)


def typed_plan(frame: pd.DataFrame, catalogue: Catalogue, default_id: str,
               file: str) -> pd.DataFrame:
    """Any plan table read -> the typed plan table (derived columns filled from the catalogue).

    Row by row through the session parser `weekplan check` uses, athlete by athlete, whatever
    columns the table has: having every contract column does not make a row's values right
    (a coach's edit of our export). Rows without an athlete_id belong to ``default_id``.
    """
    if "athlete_id" not in frame.columns:
        frame = frame.assign(athlete_id=default_id)
    frame = frame.assign(athlete_id=frame["athlete_id"].astype(str).str.strip()
                         .replace("", default_id))
    parts = []
    for athlete_id, rows in frame.groupby("athlete_id", sort=False):
        try:
            sessions = sessions_from_frame(rows, catalogue)
        except InputError as error:
            raise error.in_file(file) from None
        parts.append(sessions_frame(str(athlete_id), sessions))
    if not parts:
        return typed_plan_frame(pd.DataFrame(columns=list(PLAN_COLUMNS)))
    return pd.concat(parts, ignore_index=True)


def read_typed_plan(path: Path | str, catalogue: Catalogue | None = None,
                    default_id: str | None = None) -> pd.DataFrame:
    """One plan file as the typed plan table; rows without an athlete are the file stem's."""
    path = Path(path)
    return typed_plan(read_plan_file(path), catalogue or default_catalogue(),
                      default_id or path.stem, str(path))
