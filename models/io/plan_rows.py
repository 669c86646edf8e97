"""Rows of a plan table -> Sessions: one row parser for the auditor, replan and the readers.

Cells may be text (CSV), Python dates and times (a workbook, Parquet) or numbers; blank
cells mean "not given"; a row whose session cell is blank or ``rest`` is a rest day. Running
and hardness always come from the catalogue by type name, rpe too when the row has none. An
error names the row as a spreadsheet shows it (the header is row 1, so the first data row is
row 2) and the column, and says what is wrong with the value, so a coach can find it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pandas as pd

from models.domain.catalogue import REST, Catalogue
from models.domain.clock import parse_hhmm
from models.domain.errors import InputError
from models.domain.plan import Session
from models.io.cells import is_blank

# The index name under which models/io/plan_table.py keeps each row's spreadsheet number.
ROW_NUMBER = "row"
FIRST_DATA_ROW = 2  # the header is row 1


def row_numbers(frame: pd.DataFrame) -> list[int]:
    """Each row's number as a spreadsheet shows it: kept by the reader when the table was
    read from a file (blank rows dropped do not shift it), else header + position."""
    if frame.index.name == ROW_NUMBER:
        return [int(n) for n in frame.index]
    return list(range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame)))


def accepted_types(catalogue: Catalogue) -> str:
    """The session names a row may hold: every type of the catalogue (race too, which the
    solver never schedules but a plan holds on race day) and rest, which is always a day off."""
    return ", ".join(dict.fromkeys([*catalogue.types, REST]))


def is_rest_cell(value: Any) -> bool:
    """A session cell that means a day off: 'rest' or left blank."""
    return is_blank(value) or str(value).strip().lower() == REST


def numbered_rows(frame: pd.DataFrame) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row as {column: value} with its number as a spreadsheet shows it. A dict per
    row, not pandas' iterrows: that builds a Series per row (a 2,502-row squad plan: 0.24 s
    to read its sessions) and casts a row's numbers to one dtype."""
    return zip(row_numbers(frame), frame.to_dict("records"))


def _cell(row: dict[str, Any], column: str) -> Any:
    value = row.get(column)
    return None if is_blank(value) else value


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:  # '2027-01-04 00:00:00' as spreadsheets and pandas write it
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError("write dates as YYYY-MM-DD") from None


def _as_int(value: Any) -> int:
    number = float(str(value).strip()) if isinstance(value, str) else float(value)
    if number != int(number):
        raise ValueError(f"{value} is not a whole number")
    return int(number)


def _row_session(row: dict[str, Any], where: str, catalogue: Catalogue) -> Session | None:
    def bad(column: str, problem: str) -> InputError:
        return InputError(problem, field=f"{where}, column '{column}'")

    name = _cell(row, "session")
    if name is None or is_rest_cell(name):  # a session left blank on a dated row: a day off
        return None
    name = str(name).strip().lower()
    if name not in catalogue:
        raise bad("session", f"unknown session type '{name}'; use one of "
                             f"{accepted_types(catalogue)}")
    kind = catalogue[name]
    values: dict[str, Any] = {}
    for column, parse in (("date", _as_date), ("start", parse_hhmm), ("end", parse_hhmm),
                          ("minutes", _as_int), ("rpe", _as_int)):
        raw = _cell(row, column)
        if raw is None:
            continue
        try:
            values[column] = parse(raw.strip() if isinstance(raw, str) else raw)
        except (ValueError, TypeError, OverflowError) as error:
            raise bad(column, f"'{raw}' is not valid: {error}") from None
    for column in ("date", "start"):
        if column not in values:
            raise bad(column, "missing value")
    if "minutes" not in values:
        if "end" not in values:
            raise bad("end", "missing value (give an end time or minutes)")
        values["minutes"] = values["end"] - values["start"]
    elif "end" in values and values["end"] - values["start"] != values["minutes"]:
        raise bad("minutes", f"{values['minutes']} min disagree with start-end "
                             f"({values['end'] - values['start']} min); correct one of them")
    if values["minutes"] <= 0:
        raise bad("end", "the session ends before it starts")
    rpe = values.get("rpe", kind.rpe)
    if not 0 <= rpe <= 10:
        raise bad("rpe", f"{rpe} is outside the CR-10 scale 0-10")
    details = _cell(row, "details")
    return Session(date=values["date"], type=name, start=values["start"],
                   minutes=values["minutes"], rpe=rpe, running=kind.running, hard=kind.hard,
                   details="" if details is None else str(details))


def row_dates(frame: pd.DataFrame) -> list[date]:
    """The date of every row that has one, rest rows included: the days the plan speaks
    about. A date that cannot be read is an error naming its row, as for a session."""
    return [day for _, day in numbered_dates(frame)]


def numbered_dates(frame: pd.DataFrame) -> list[tuple[int, date]]:
    """(row number, date) of every row that has a date (row_dates)."""
    dates = []
    for number, row in numbered_rows(frame):
        raw = _cell(row, "date")
        if raw is None:
            continue
        try:
            dates.append((number, _as_date(raw.strip() if isinstance(raw, str) else raw)))
        except (ValueError, TypeError, OverflowError) as error:
            raise InputError(f"'{raw}' is not valid: {error}",
                             field=f"row {number}, column 'date'") from None
    return dates


def sessions_from_frame(frame: pd.DataFrame, catalogue: Catalogue) -> list[Session]:
    """Sessions of a plan table (docs/formats.md columns); rest rows (a session cell of
    'rest' or blank) are skipped. Errors name rows as a spreadsheet does (``row_numbers``).
    """
    sessions = []
    for number, row in numbered_rows(frame):
        session = _row_session(row, f"row {number}", catalogue)
        if session is not None:
            sessions.append(session)
    return sessions


