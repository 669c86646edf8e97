"""`check`, `compare` and `report` refuse the same plan rows with the same line.

A table with every column of our export (a coach's edit of it) used to be typed without its
rows being read, so `compare` and `report` dropped a `swim` row or a 25:00 start silently
and computed their metrics without it.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import main
from models.domain.errors import InputError
from models.domain.plan import sessions_frame
from models.exports.plan_writer import write_plan
from models.io.plan_table import read_typed_plan

from hand_athlete import ATHLETE_YAML, BASE

# (case, column, value written into the second session: row 3 of the sheet, problem)
BAD = [
    ("unknown session", "session", "swim", "unknown session type 'swim'; use one of "),
    ("start 25:00", "start", "25:00", "'25:00' is not valid: '25:00' is outside 00:00-24:00"),
]


@pytest.fixture
def export(plan, tmp_path):
    """The week as our export writes it: every contract column."""
    return sessions_frame("hand", plan(*BASE))


def _edited(export, tmp_path, column: str, value: str, suffix: str = "csv"):
    table = export.copy()
    table.loc[1, column] = value
    return write_plan(table, tmp_path / f"edited.{suffix}")


def _commands(tmp_path, export, edited) -> dict[str, list[str]]:
    athlete = tmp_path / "hand.yaml"
    athlete.write_text(ATHLETE_YAML, encoding="utf-8")
    good = write_plan(export, tmp_path / "good.csv")
    return {"check": ["check", str(edited), "--athlete", str(athlete)],
            "compare": ["compare", str(good), str(edited)],
            "report": ["report", str(edited), "--out", str(tmp_path / "report.html")]}


def _one_line(args: list[str]) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
@pytest.mark.parametrize("case,column,value,problem", BAD, ids=[c[0] for c in BAD])
def test_every_command_refuses_the_row_as_check_does(export, tmp_path, suffix, case, column,
                                                     value, problem):
    edited = _edited(export, tmp_path, column, value, suffix)
    lines = {name: _one_line(args)
             for name, args in _commands(tmp_path, export, edited).items()}
    expected = f"error: {edited}: row 3, column '{column}': {problem}"
    assert all(line.startswith(expected) for line in lines.values()), lines
    assert len(set(lines.values())) == 1, lines


def test_the_reader_names_the_row_and_column(export, tmp_path):
    edited = _edited(export, tmp_path, "start", "25:00")
    with pytest.raises(InputError) as raised:
        read_typed_plan(edited)
    assert (raised.value.file, raised.value.field) == (str(edited), "row 3, column 'start'")


def test_the_accepted_types_are_the_catalogue_s_race_included(export, tmp_path, catalogue):
    edited = _edited(export, tmp_path, "session", "swim")
    line = _one_line(_commands(tmp_path, export, edited)["check"])
    accepted = line.split("use one of ")[1].split(", ")
    assert "race" in catalogue and "race" in accepted and "rest" in accepted
    assert set(accepted) == {*catalogue.types, "rest"}


def test_a_race_row_is_read(export, tmp_path, plan):
    table = sessions_frame("hand", plan(*BASE, "Sun race 08:00"))
    typed = read_typed_plan(write_plan(table, tmp_path / "race.csv"))
    assert list(typed["session"]) == [*(text.split()[1] for text in BASE), "race"]
