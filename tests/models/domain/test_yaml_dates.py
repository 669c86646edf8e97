"""A calendar date that does not exist (30 February) is an input error naming the field.

PyYAML reads ``2027-02-30`` as a timestamp and fails to build it with a bare ValueError; the
loader keeps such a value as text so that the model names the field, in every YAML file the
tool reads, while real dates, datetimes and quoted dates load as before.
"""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from cli import main
from models.domain.errors import InputError
from models.io.athlete_file import load_athlete
from models.squad.forms import load_squad
from models.squad.groups import load_groups

ATHLETE = """\
id: ana
start: 2027-03-01
race: {date: 2027-06-26, distance_km: 21}
targets: {runs: 3, long: 1, strength: 1}
availability:
  tue: ["18:00-19:30"]
  thu: ["07:00-08:30"]
  sat: ["07:00-11:00"]
exceptions:
  2027-04-30: []
"""

IMPOSSIBLE = [
    ("start", ATHLETE.replace("start: 2027-03-01", "start: 2027-02-30"), "start", "2027-02-30"),
    ("race date", ATHLETE.replace("date: 2027-06-26", "date: 2027-06-31"), "race.date",
     "2027-06-31"),
    ("exception day", ATHLETE.replace("2027-04-30:", "2027-04-31:"), "exceptions.2027-04-31",
     "2027-04-31"),
    ("month 13", ATHLETE.replace("2027-04-30:", "2027-13-01:"), "exceptions.2027-13-01",
     "2027-13-01"),
]


def _write(tmp_path, text: str, name: str = "athlete.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case,text,field,value", IMPOSSIBLE, ids=[c[0] for c in IMPOSSIBLE])
def test_an_impossible_date_names_the_field(tmp_path, case, text, field, value):
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as raised:
        load_athlete(path)
    assert raised.value.file == str(path)
    assert raised.value.field == field
    assert raised.value.problem == f"'{value}' is not a date; write YYYY-MM-DD"


@pytest.mark.parametrize("command", ["phases", "plan"])
@pytest.mark.parametrize("case,text,field,value", IMPOSSIBLE[:3],
                         ids=[c[0] for c in IMPOSSIBLE[:3]])
def test_the_cli_prints_one_line_and_exits_2(tmp_path, command, case, text, field, value):
    path = _write(tmp_path, text)
    result = CliRunner().invoke(main, [command, str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.strip() == (f"error: {path}: {field}: '{value}' is not a date; "
                                     "write YYYY-MM-DD")


VALID = [
    ("plain", ATHLETE),
    ("quoted", ATHLETE.replace("start: 2027-03-01", 'start: "2027-03-01"')
     .replace("date: 2027-06-26", "date: '2027-06-26'").replace("2027-04-30:", '"2027-04-30":')),
    ("datetimes", ATHLETE.replace("start: 2027-03-01", "start: 2027-03-01 00:00:00")
     .replace("2027-04-30:", "2027-04-30T00:00:00Z:")),
]


@pytest.mark.parametrize("case,text", VALID, ids=[c[0] for c in VALID])
def test_real_dates_load_as_before(tmp_path, case, text):
    athlete = load_athlete(_write(tmp_path, text))
    assert athlete.start == date(2027, 3, 1)
    assert athlete.race.date == date(2027, 6, 26)
    assert list(athlete.exceptions) == [date(2027, 4, 30)]


def _squad(text: str) -> str:
    body = "".join(f"    {line}\n" for line in text.splitlines())
    return "athletes:\n  -" + body[3:]


def test_a_squad_file_names_the_athlete_and_field_and_keeps_the_rest(tmp_path):
    good = _squad(ATHLETE)
    bad = _squad(ATHLETE.replace("id: ana", "id: bo").replace("start: 2027-03-01",
                                                               "start: 2027-02-30"))
    path = _write(tmp_path, good + bad.removeprefix("athletes:\n"), "squad.yaml")
    athletes, problems = load_squad(path)
    assert [a.id for a in athletes] == ["ana"] and athletes[0].start == date(2027, 3, 1)
    assert [(p.athlete, p.field, p.problem) for p in problems] == [
        ("bo", "start", "'2027-02-30' is not a date; write YYYY-MM-DD")]


def test_a_groups_file_names_the_session_date(tmp_path):
    (tmp_path / "groups.yaml").write_text(
        "group_sessions:\n  - {id: track, date: 2027-02-30, start: '18:00', end: '19:00', "
        "session: sprint, invite: [ana]}\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_groups(tmp_path)
    assert raised.value.file == str(tmp_path / "groups.yaml")
    assert raised.value.field == "group_sessions.track.date"
    assert raised.value.problem == "'2027-02-30' is not a date; write YYYY-MM-DD"
