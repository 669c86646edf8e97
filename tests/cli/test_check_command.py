"""`weekplan check` through the command line: its options and what a coach sees of errors.

The audit's behaviour on foreign plans (weeks, targets, the race, messages) is tested in
tests/models/audit/test_check.py; here the command's own surface.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main

ATHLETE_YAML = """\
id: coach
start: 2027-01-04
targets: {runs: 3, long: 1, strength: 2}
availability: {mon: ["06:00-22:00"], tue: ["06:00-22:00"], thu: ["06:00-22:00"],
               sat: ["06:00-22:00"]}
"""


@pytest.fixture
def athlete(tmp_path) -> Path:
    path = tmp_path / "coach.yaml"
    path.write_text(ATHLETE_YAML)
    return path


def test_targets_defaults_to_the_block_and_refuses_other_values(tmp_path, athlete):
    runner = CliRunner()
    shown = runner.invoke(main, ["check", "--help"], env={"COLUMNS": "200"})
    assert "--targets [block|ordinary]" in shown.output
    assert "[default: block]" in shown.output
    plan = tmp_path / "plan.csv"
    plan.write_text("date,session,start,end\n")
    refused = runner.invoke(main, ["check", str(plan), "--athlete", str(athlete),
                                   "--targets", "phases"])
    assert refused.exit_code == 2
    assert "'phases' is not one of 'block', 'ordinary'" in refused.output


def test_a_workbook_row_is_named_as_excel_numbers_it(tmp_path, athlete):
    """Header in row 1, a blank row 3 left in the sheet: the bad cell is in row 4."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "plan"
    sheet.append(["date", "session", "start", "end"])
    sheet.append(["2027-01-04", "strength", "07:00", "07:35"])
    sheet.append([None, None, None, None])
    sheet.append(["2027-01-05", "easy", "7am", "07:45"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    result = CliRunner().invoke(main, ["check", str(path), "--athlete", str(athlete)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {path}: row 4, column 'start': '7am' is not "
                                     "valid: '7am' is not a time of day; write HH:MM, e.g. 06:30")

