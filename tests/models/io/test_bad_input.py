"""The bad-input catalogue: every mistake a coach makes in a file gets one line naming the
file and the field (or row) and what is wrong, exit code 2, and never a traceback.

Decisions (reject or repair), see models/domain/athlete.py and models/domain/week.py:
overlapping windows are merged (repair); everything else below is rejected.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main

GOOD = """\
id: ana
start: 2027-01-04
weeks: 2
targets: {runs: 3, long: 1, strength: 2}
availability:
  mon: ["06:00-08:00"]
  tue: ["18:00-19:30"]
  wed: ["18:00-20:00"]
  thu: ["07:00-08:30"]
  sat: ["07:00-11:00"]
  sun: ["08:00-12:00"]
"""

# (case, text of athlete.yaml, words the one line must hold besides the file name)
ATHLETE_CASES = [
    ("malformed YAML", "id: ana\nstart: [2027\n", ["malformed YAML", "line"]),
    ("unknown weekday", GOOD.replace("mon:", "mondy:"), ["availability", "'mondy' is not a weekday"]),
    ("unknown session type", GOOD + "preferences: {swim: [mon]}\n",
     ["preferences.swim", "unknown session type 'swim'"]),
    ("unknown session type in minutes", GOOD.replace("strength: 2}", "strength: 2, minutes: {yoga: 30}}"),
     ["targets.minutes.yoga", "unknown session type"]),
    ("window end before start", GOOD.replace("06:00-08:00", "08:00-06:00"),
     ["availability", "mon", "ends before it starts"]),
    ("time outside the day", GOOD.replace("06:00-08:00", "06:00-25:00"),
     ["availability", "outside 00:00-24:00"]),
    ("not a time", GOOD.replace("06:00-08:00", "6am-8am"), ["availability", "HH:MM"]),
    ("window too short for any session", GOOD.replace("06:00-08:00", "06:00-06:10"),
     ["availability.mon", "shorter than any session"]),
    ("negative target", GOOD.replace("runs: 3", "runs: -1"), ["targets.runs", "greater than or equal to 0"]),
    ("absurd target", GOOD.replace("runs: 3", "runs: 200"), ["targets.runs", "less than or equal to 14"]),
    ("long runs above runs", GOOD.replace("long: 1", "long: 5"), ["targets", "cannot exceed runs"]),
    ("start not a Monday", GOOD.replace("2027-01-04", "2027-01-05"),
     ["start", "is a Tuesday; the start must be a Monday"]),
    ("race before the start", GOOD.replace("weeks: 2", "race: {date: 2026-12-01, distance_km: 10}"),
     ["race", "not after the start"]),
    ("race without a distance", GOOD.replace("weeks: 2", "race: {date: 2027-03-27}"),
     ["race.distance_km", "a race needs its distance"]),
    ("race start not a time", GOOD.replace(
        "weeks: 2", "race: {date: 2027-03-27, distance_km: 10, start: dawn}"),
     ["race.start", "not a start time"]),
    ("unknown time zone", GOOD + "timezone: Mars/Olympus\n", ["timezone", "unknown time zone"]),
    ("unknown field", GOOD + "favourite_colour: red\n", ["favourite_colour", "not permitted"]),
    ("not a mapping", "- just\n- a list\n", ["expected an athlete mapping"]),
    ("bad athlete id", GOOD.replace("id: ana", "id: 'a b/c'"), ["id", "not a usable id"]),
]


def _one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1, result.output
    return errors[0]


@pytest.mark.parametrize("case,text,words", ATHLETE_CASES, ids=[c[0] for c in ATHLETE_CASES])
def test_bad_athlete_file_is_one_line_exit_2(tmp_path, case, text, words):
    path = tmp_path / "athlete.yaml"
    path.write_text(text, encoding="utf-8")
    line = _one_error_line(CliRunner().invoke(main, ["solve", str(path), "--time-limit", "2"]))
    assert str(path) in line
    for word in words:
        assert word in line, (case, line)


def test_wrong_encoding_is_named(tmp_path):
    path = tmp_path / "athlete.yaml"
    path.write_bytes(GOOD.replace("id: ana", "id: ana\nname: Jos\xe9").encode("latin-1"))
    line = _one_error_line(CliRunner().invoke(main, ["solve", str(path)]))
    assert "not UTF-8" in line and str(path) in line


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "athlete.yaml"
    with open(path, "wb") as handle:
        handle.write(b"# padding\n" * (3 * 1024 * 1024))  # 30 MB
    line = _one_error_line(CliRunner().invoke(main, ["solve", str(path)]))
    assert "MB; the limit is" in line


def test_missing_file_is_named(tmp_path):
    line = _one_error_line(CliRunner().invoke(main, ["solve", str(tmp_path / "nope.yaml")]))
    assert "not found" in line


def test_overlapping_windows_are_merged_not_rejected(tmp_path):
    path = tmp_path / "athlete.yaml"
    path.write_text(GOOD.replace('"06:00-08:00"', '"06:00-08:00", "07:30-09:00"'))
    from models.io.athlete_file import load_athlete

    athlete = load_athlete(path)
    assert [str(w) for w in athlete.availability["mon"]] == ["06:00-09:00"]
    result = CliRunner().invoke(main, ["solve", str(path), "--time-limit", "5"])
    assert result.exit_code == 0, result.output


def test_unknown_rule_id_in_a_rulebook(tmp_path):
    athlete = tmp_path / "athlete.yaml"
    athlete.write_text(GOOD)
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: default\nrules:\n  H-NOPE: {kind: soft}\n")
    line = _one_error_line(CliRunner().invoke(main, ["solve", str(athlete), "--rules", str(rules)]))
    assert str(rules) in line and "rules.H-NOPE" in line and "unknown rule id" in line


def test_malformed_plan_csv_and_unknown_session_type(tmp_path):
    athlete = tmp_path / "athlete.yaml"
    athlete.write_text(GOOD)
    plan = tmp_path / "plan.csv"
    plan.write_text("date,session,start,end\n2027-01-04,swim,06:00,06:45\n")
    line = _one_error_line(CliRunner().invoke(main, ["check", str(plan), "--athlete", str(athlete)]))
    assert "swim" in line and "row" in line
    plan.write_bytes(b"date,session\n\"2027-01-04,easy\n\x00\x00")
    line = _one_error_line(CliRunner().invoke(main, ["check", str(plan), "--athlete", str(athlete)]))
    assert str(plan) in line


# ---------------------------------------------------------------- squads

def _squad(folder: Path, athletes: str, availability: str) -> Path:
    folder.mkdir()
    (folder / "athletes.csv").write_text(athletes)
    (folder / "availability.csv").write_text(availability)
    return folder


HEADER = ("id,name,level,bodyweight_kg,timezone,start,weeks,race_date,race_elevation_m,"
          "targets,preferences\n")
WINDOWS = "".join(f"{{a}},{day},{start}\n" for day, start in
                  [("mon", "06:00,08:00"), ("tue", "18:00,19:30"), ("wed", "18:00,20:00"),
                   ("thu", "07:00,08:30"), ("sat", "07:00,11:00"), ("sun", "08:00,12:00")])


def _row(athlete_id: str, start: str = "2027-01-04") -> str:
    return f"{athlete_id},,intermediate,,UTC,{start},1,,,runs=3;long=1;strength=2,\n"


def test_empty_squad_exits_2(tmp_path):
    squad = _squad(tmp_path / "squad", HEADER, "athlete_id,day,start,end\n")
    line = _one_error_line(CliRunner().invoke(
        main, ["batch", str(squad), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"]))
    assert "no athletes" in line


def test_squad_with_bad_athletes_plans_the_good_ones_and_lists_the_bad(tmp_path):
    rows = (HEADER + _row("good1") + _row("dup") + _row("dup") + _row("tuesday", "2027-01-05")
            + _row("good2"))
    availability = ("athlete_id,day,start,end\n"
                    + "".join(WINDOWS.format(a=a) for a in ("good1", "dup", "tuesday", "good2"))
                    + "ghost,mon,06:00,07:00\n" + "good2,mondy,06:00,07:00\n".replace("good2", "good1"))
    squad = _squad(tmp_path / "squad", rows, availability)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", str(squad), "--out", str(out), "--workers", "1", "--quiet",
               "--time-limit", "5"])
    assert "Traceback" not in result.output
    errors = pd.read_csv(out / "errors.csv")
    text = " | ".join(errors.astype(str).agg(" ".join, axis=1))
    assert "dup" in text and "ids must be unique" in text
    assert "tuesday" in text and "Monday" in text
    assert "ghost" in text
    assert "mondy" in text
    planned = {p.stem for p in (out / "athletes").glob("*.csv")}
    assert "good2" in planned
    assert not planned & {"dup", "tuesday", "ghost"}
