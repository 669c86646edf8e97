"""`--out` on the planning commands: the extension (or --format) picks the export."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from icalendar import Calendar

from cli import main
from models.domain.bundled import EXAMPLES_DIR
from models.domain.plan import typed_plan_frame

ATHLETE = str(EXAMPLES_DIR / "athlete.yaml")


def solve(*args: str):
    return CliRunner().invoke(main, ["solve", ATHLETE, "--time-limit", "5", *args])


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The week as a plain CSV plan table, to compare every other format against."""
    out = tmp_path_factory.mktemp("ref") / "plan.csv"
    assert CliRunner().invoke(main, ["solve", ATHLETE, "--out", str(out)]).exit_code == 0
    return typed_plan_frame(pd.read_csv(out, keep_default_na=False))


def test_solve_writes_a_calendar(tmp_path, reference):
    out = tmp_path / "ana.ics"
    result = solve("--out", str(out))
    assert result.exit_code == 0, result.output
    cal = Calendar.from_ical(out.read_bytes())
    starts = sorted(e.decoded("DTSTART") for e in cal.walk("VEVENT"))
    assert len(starts) == len(reference)
    first = reference.sort_values(["date", "start"]).iloc[0]
    assert starts[0].strftime("%Y-%m-%d %H:%M") == f"{first['date']:%Y-%m-%d} {first['start']}"
    assert str(starts[0].tzinfo) == "Europe/Madrid"


def test_solve_writes_a_workbook_and_parquet(tmp_path, reference):
    book, table = tmp_path / "ana.xlsx", tmp_path / "ana.parquet"
    assert solve("--out", str(book)).exit_code == 0
    assert solve("--out", str(table)).exit_code == 0
    assert openpyxl.load_workbook(book).sheetnames[:2] == ["plan", "ana"]
    pd.testing.assert_frame_equal(typed_plan_frame(pd.read_excel(book, sheet_name="plan")),
                                  reference)
    pd.testing.assert_frame_equal(typed_plan_frame(pd.read_parquet(table)), reference)


def test_format_option_names_the_format(tmp_path):
    out = tmp_path / "calendar.txt"
    assert solve("--out", str(out), "--format", "ics").exit_code == 0
    assert out.read_text().startswith("BEGIN:VCALENDAR")


def test_unknown_extension_exits_2_before_solving(tmp_path):
    result = solve("--out", str(tmp_path / "plan.docx"))
    assert result.exit_code == 2
    assert "unknown output format '.docx'" in result.stderr
    assert "Traceback" not in result.output


def test_check_audits_the_exported_workbook(tmp_path):
    """The workbook's first sheet is the plan table, so `weekplan check` reads it as is."""
    book = tmp_path / "ana.xlsx"
    assert solve("--out", str(book)).exit_code == 0
    result = CliRunner().invoke(main, ["check", str(book), "--athlete", ATHLETE])
    assert result.exit_code == 0, result.output + result.stderr
