"""The plan as a workbook a coach opens: a week grid per athlete, the plan table, a summary.

Sheets, in order: ``plan`` (the plan table of docs/formats.md, typed: dates are dates, numbers
numbers, ``hard`` a boolean; first, so that ``pd.read_excel(path)`` and `weekplan check`
read it back unchanged), one per athlete (rows = weeks, columns = Mon..Sun, each cell the
date and the day's sessions with times; hard runs highlighted; the workbook opens on the
first of them) and ``summary`` (one row per athlete-week). Headers are frozen and columns
sized to their content; pages print landscape, one page wide. Every row goes in through
``append_row``, so that no text (an athlete id, a name, details) ever becomes a formula cell.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.clock import WEEKDAY_TITLES
from models.domain.plan import PLAN_COLUMNS, SQUAD_COLUMNS, typed_plan_frame
from models.io.atomic import write_bytes
from models.io.cells import as_text_cell, runs_as_formula

PLAN_SHEET, SUMMARY_SHEET, ROSTER_SHEET = "plan", "summary", "rosters"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="33415C")
HARD_FILL = PatternFill("solid", fgColor="F8D7DA")     # a hard (quality) run that day
STRENGTH_FILL = PatternFill("solid", fgColor="DCE9F7")
HIKE_FILL = PatternFill("solid", fgColor="DFF0D8")
REST_FONT = Font(color="808080", italic=True)
THIN = Side(style="thin", color="C8CCD4")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
BOOLEAN_FORMAT = '"TRUE";"TRUE";"FALSE"'
LINE_HEIGHT = 15  # points per text line
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(wanted: str, taken: set[str]) -> str:
    """An Excel-legal, unique sheet name (31 chars, no []:*?/\\, case-insensitive)."""
    base = _BAD_SHEET_CHARS.sub("_", wanted).strip("'") or "athlete"
    name, n = base[:31], 1
    while name.lower() in {t.lower() for t in taken} or name.lower() == "history":
        n += 1
        suffix = f"~{n}"
        name = base[:31 - len(suffix)] + suffix
    taken.add(name)
    return name


def append_row(sheet: Worksheet, values: list) -> None:
    """Append a row; text that a spreadsheet would run is stored as text (models/io/cells.py)."""
    sheet.append(values)
    if any(runs_as_formula(value) for value in values):
        for cell in sheet[sheet.max_row]:
            as_text_cell(cell)


def _header_row(sheet: Worksheet, headers: list[str]) -> None:
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BOX
        cell.alignment = Alignment(vertical="center")
    sheet.freeze_panes = "B2"


def _fit_columns(sheet: Worksheet, widest: int = 60) -> None:
    for column in sheet.columns:
        longest = max((max(map(len, str(c.value).split("\n"))) for c in column
                       if c.value is not None), default=4)
        sheet.column_dimensions[get_column_letter(column[0].column)].width = min(
            widest, max(8, longest + 3))  # TRUE/FALSE need room, else LibreOffice shows 1/0


def _print_setup(sheet: Worksheet, title: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = title


def _session_lines(row, catalogue: Catalogue) -> list[str]:
    """'18:00-18:50 *' over 'Sprint intervals 50 min': two short lines keep columns narrow."""
    label = catalogue.types[row.session].label if row.session in catalogue.types else row.session
    mark = " *" if row.hard else ""
    return [f"{row.start}-{row.end}{mark}", f"{label} {row.minutes} min"]


def _fill_for(day_rows: pd.DataFrame) -> PatternFill | None:
    if day_rows["hard"].any():
        return HARD_FILL
    if (day_rows["session"] == "strength").any():
        return STRENGTH_FILL
    if (day_rows["session"] == "hike").any():
        return HIKE_FILL
    return None


def week_grid_sheet(sheet: Worksheet, table: pd.DataFrame, catalogue: Catalogue,
                    title: str) -> None:
    """Rows = weeks (Monday's date), columns = Mon..Sun, then the week's sessions and load."""
    _header_row(sheet, ["week", *WEEKDAY_TITLES, "sessions", "minutes", "load"])
    mondays = sorted(table["week_start"].dt.date.unique())
    for monday in mondays:
        week = table[table["week_start"].dt.date == monday]
        cells, fills, lines = [], [], 1
        for offset in range(7):
            day = monday + timedelta(days=offset)
            rows = week[week["date"].dt.date == day].sort_values("start")
            text = [f"{day.day} {day:%b}"]
            text += [line for r in rows.itertuples() for line in _session_lines(r, catalogue)]
            text = text if len(text) > 1 else [*text, "rest"]
            cells.append("\n".join(text))
            fills.append(_fill_for(rows) if len(rows) else None)
            lines = max(lines, len(text))
        append_row(sheet, [monday, *cells, len(week), int(week["minutes"].sum()),
                           int(week["load"].sum())])
        number = sheet.max_row
        sheet.row_dimensions[number].height = LINE_HEIGHT * lines + 4
        for column, cell in enumerate(sheet[number], start=1):
            cell.alignment, cell.border = TOP_WRAP, BOX
            if 2 <= column <= 8:
                fill = fills[column - 2]
                if fill is not None:
                    cell.fill = fill
                    cell.font = Font(bold=fill is HARD_FILL)
                elif cell.value.endswith("rest"):
                    cell.font = REST_FONT
        sheet.cell(number, 1).number_format = "yyyy-mm-dd"
    sheet.column_dimensions["A"].width = 12
    for column in range(2, 9):
        sheet.column_dimensions[get_column_letter(column)].width = 23
    for column in range(9, 12):
        sheet.column_dimensions[get_column_letter(column)].width = 10
    legend = sheet.max_row + 2
    for offset, (fill, text) in enumerate(((HARD_FILL, "hard (quality) run, also marked *"),
                                           (STRENGTH_FILL, "strength"), (HIKE_FILL, "hike"))):
        sheet.cell(legend + offset, 1).fill = fill
        sheet.cell(legend + offset, 2, text)
    _print_setup(sheet, title)


def plan_sheet(sheet: Worksheet, table: pd.DataFrame) -> None:
    """The plan table, typed, with a filter on the header and hard runs shaded (squad plans:
    then the group_session and facility columns)."""
    extra = [c for c in SQUAD_COLUMNS if c in table.columns]
    _header_row(sheet, [*PLAN_COLUMNS, *extra])
    for row in table.itertuples(index=False):
        values = [getattr(row, c) for c in PLAN_COLUMNS]
        values[1], values[2] = values[1].date(), values[2].date()
        values[7:10] = (int(v) for v in values[7:10])
        values[10] = bool(values[10])
        values[11] = values[11] or None  # an empty cell, not an empty string
        values += [getattr(row, c) or None for c in extra]
        append_row(sheet, values)
        if row.hard:
            for cell in sheet[sheet.max_row]:
                cell.fill = HARD_FILL
    for column in ("B", "C"):
        for cell in sheet[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    for cell in sheet["K"][1:]:  # LibreOffice shows some boolean cells as 0/1 without this
        cell.number_format = BOOLEAN_FORMAT
    sheet.auto_filter.ref = sheet.dimensions
    _fit_columns(sheet)
    for column in ("B", "C"):
        sheet.column_dimensions[column].width = 12
    _print_setup(sheet, "plan table")


def frame_sheet(sheet: Worksheet, frame: pd.DataFrame, title: str) -> None:
    """Any table (the weekly summary): header, values, dates formatted, columns sized."""
    _header_row(sheet, [str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        values = []
        for value in row:
            if isinstance(value, pd.Timestamp):
                value = value.date()
            elif value is None or (not isinstance(value, str) and pd.isna(value)):
                value = None
            elif hasattr(value, "item"):
                value = value.item()  # numpy scalar -> Python
            values.append(value)
        append_row(sheet, values)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if cell.is_date:
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, bool):
                cell.number_format = BOOLEAN_FORMAT
            elif isinstance(cell.value, float):
                cell.number_format = "0.00"
    _fit_columns(sheet, widest=40)
    _print_setup(sheet, title)


def workbook_bytes(frame: pd.DataFrame, summary: pd.DataFrame | None = None,
                   names: dict[str, str] | None = None,
                   catalogue: Catalogue | None = None,
                   rosters: pd.DataFrame | None = None) -> bytes:
    """The workbook of a plan table; ``names`` maps athlete id -> display name; ``rosters``
    (models/squad/rosters.py) becomes a last sheet of who attends each group session."""
    catalogue = catalogue or default_catalogue()
    names = names or {}
    table = typed_plan_frame(frame)
    for column in SQUAD_COLUMNS:
        if column in frame.columns:
            table[column] = frame[column].fillna("").astype(str).to_numpy()
    table = table.sort_values(["athlete_id", "date", "start"], kind="stable")
    book = Workbook()
    book.remove(book.active)
    plan_sheet(book.create_sheet(PLAN_SHEET), table)  # first: what pd.read_excel(path) reads
    taken = {PLAN_SHEET, SUMMARY_SHEET, ROSTER_SHEET}
    for athlete_id, rows in table.groupby("athlete_id", sort=False):
        title = f"{names.get(athlete_id) or athlete_id} ({athlete_id})"
        week_grid_sheet(book.create_sheet(sheet_name(str(athlete_id), taken)), rows, catalogue,
                        title)
    if len(book.sheetnames) > 1:
        book.active = 1  # a coach opening the file sees the first athlete's week grid
        book[PLAN_SHEET].sheet_view.tabSelected = False
    if summary is not None:
        frame_sheet(book.create_sheet(SUMMARY_SHEET), summary, "weekly summary")
    if rosters is not None:
        frame_sheet(book.create_sheet(ROSTER_SHEET), rosters, "group session rosters")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_xlsx(frame: pd.DataFrame, path: Path | str, summary: pd.DataFrame | None = None,
               names: dict[str, str] | None = None, catalogue: Catalogue | None = None,
               rosters: pd.DataFrame | None = None) -> None:
    write_bytes(path, workbook_bytes(frame, summary, names, catalogue, rosters))
