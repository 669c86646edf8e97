"""The one plan-table reader: every format we write, and a coach's table, read the same way."""

from __future__ import annotations

import pandas as pd
import pytest

from models.domain.errors import InputError
from models.exports.plan_writer import write_plan
from models.io.plan_table import read_plan_file, read_typed_plan

FORMATS = ["csv", "xlsx", "parquet", "json"]


@pytest.fixture
def table(plan):
    sessions = plan("Mon easy 07:00", "Wed strength 18:00", "Sat long 08:00")
    sessions = [s.model_copy(update={"details": "squat, row"}) if s.type == "strength" else s
                for s in sessions]
    from models.domain.plan import sessions_frame

    return sessions_frame("ana", sessions)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_reads_back_as_the_same_typed_table(table, tmp_path, fmt):
    path = write_plan(table, tmp_path / f"plan.{fmt}")
    pd.testing.assert_frame_equal(read_typed_plan(path), table)


def coach_table() -> pd.DataFrame:
    """Headers in any case with blanks around them, a blank row, a rest day, notes."""
    return pd.DataFrame({
        " DATE ": ["2027-01-04", None, "2027-01-05", "2027-01-06"],
        "Session": ["Easy", None, "rest", " tempo "],
        "start ": ["07:00", None, None, "18:00:00"],
        "End": ["07:45", None, None, "18:50"],
        "Coach Notes": ["felt fresh", None, "day off", None],
    })


def write_as(frame: pd.DataFrame, path) -> None:
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".xlsx":
        frame.to_excel(path, index=False)
    elif path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_json(path, orient="records")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_coach_table_in_any_format_gives_the_same_sessions(tmp_path, fmt):
    path = tmp_path / f"coach.{fmt}"
    write_as(coach_table(), path)
    raw = read_plan_file(path)
    assert list(raw.columns) == ["date", "session", "start", "end", "coach_notes"]
    assert len(raw) == 3  # the blank row is gone; the rest row stays for the row parser
    typed = read_typed_plan(path)
    assert list(typed["session"]) == ["easy", "tempo"]
    assert list(typed["start"]) == ["07:00", "18:00"]
    assert list(typed["minutes"]) == [45, 50]
    assert list(typed["athlete_id"]) == ["coach", "coach"]  # the file's name, as --athlete
    assert typed["hard"].tolist() == [False, True]  # from the catalogue


def test_a_bad_cell_names_file_row_and_column(tmp_path):
    path = tmp_path / "coach.parquet"
    frame = coach_table()
    frame.loc[3, "start "] = "6pm"  # the fourth data row, after a blank one: row 5
    frame.to_parquet(path, index=False)
    with pytest.raises(InputError) as raised:
        read_typed_plan(path)
    assert raised.value.line().startswith(f"{path}: row 5, column 'start': '6pm' is not valid")


@pytest.mark.parametrize("name, content, problem", [
    ("plan.txt", "date,session\n", "unknown plan format '.txt'; use .csv, .xlsx, .xlsm, "
                                    ".parquet, .json"),
    ("plan.csv", "Date,date,session,start,end\n", "column 'date' appears twice"),
    ("plan.csv", "date,session,start\n", "missing required column 'end' (or 'minutes')"),
    ("plan.json", "{not json", "cannot read the JSON rows"),
    ("plan.parquet", "not parquet", "cannot read the Parquet file"),
    ("plan.xlsx", "not a workbook", "cannot read the workbook"),
])
def test_unreadable_tables_are_one_line_naming_the_file(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError) as raised:
        read_plan_file(path)
    line = raised.value.line()
    assert line.startswith(str(path)) and problem in line and "\n" not in line


def test_a_missing_file_is_named(tmp_path):
    for fmt in FORMATS:
        with pytest.raises(InputError, match="file not found"):
            read_plan_file(tmp_path / f"none.{fmt}")


def test_the_quote_our_csv_writer_added_is_dropped_and_no_other(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("date,session,start,end,details\n"
                    "2027-01-04,easy,07:00,07:45,'=SUM(A1)\n"
                    "2027-01-05,easy,07:00,07:45,'quoted'\n")
    assert list(read_typed_plan(path)["details"]) == ["=SUM(A1)", "'quoted'"]


@pytest.mark.parametrize("rows", [
    ["2027-01-04,easy,07:00,07:45,", "2027-01-05,tempo,18:00,18:50,"],  # every row
    ["2027-01-04,easy,07:00,07:45", "2027-01-05,tempo,18:00,18:50,"],  # one row
])
def test_a_trailing_comma_past_the_header_is_harmless(tmp_path, rows):
    """pandas took the dates as the index of a table whose rows end in a comma, and blamed
    the date column for the session name; an empty cell past the header is now dropped."""
    path = tmp_path / "plan.csv"
    path.write_text("date,session,start,end\n" + "\n".join(rows) + "\n")
    typed = read_typed_plan(path)
    assert list(typed["session"]) == ["easy", "tempo"]
    assert list(typed["minutes"]) == [45, 50]


def test_a_filled_cell_past_the_header_names_its_row(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("date,session,start,end\n2027-01-04,easy,07:00,07:45\n\n"
                    "2027-01-05,tempo,18:00,18:50,,hills\n")
    with pytest.raises(InputError) as raised:
        read_plan_file(path)
    assert raised.value.line() == (
        f"{path}: row 4: 6 cells where the header names 4 columns; remove the extra comma or "
        "cell, or name the column in the header")
