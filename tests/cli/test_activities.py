"""`weekplan activities`, `compliance` and `replan --activities` on the bundled worked
example (models/data/examples/completed): its plan is the planner's of today and legal,
every case is reported, bad files are one line each, and the re-plan keeps the rules
(audited by `weekplan check`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from cli import main
from completed_example import TODAY, example_files, example_plan
from models.activities.compliance import COMPLIANCE_COLUMNS
from models.activities.table import ACTIVITY_COLUMNS
from models.domain.bundled import EXAMPLES_DIR

EXAMPLE = EXAMPLES_DIR / "completed"
PLAN, ATHLETE, FILES = (str(EXAMPLE / "plan.csv"), str(EXAMPLE / "athlete.yaml"),
                        str(EXAMPLE / "activities"))
WIDE = {"COLUMNS": "200"}


def run(*args: str):
    return CliRunner().invoke(main, list(args), env=WIDE)


def test_the_bundled_activity_files_are_what_the_generator_writes():
    bundled = {p.name: p.read_bytes() for p in Path(FILES).iterdir()}
    assert bundled == example_files()


def test_the_bundled_plan_is_todays_planner_with_the_coachs_hills():
    assert Path(PLAN).read_bytes() == example_plan()


def test_the_bundled_plan_breaks_no_hard_rule():
    audit = run("check", PLAN, "--athlete", ATHLETE)
    assert audit.exit_code == 0, audit.output
    assert "no hard rule is broken" in audit.output


def test_activities_prints_and_writes_the_table_and_names_the_bad_file(tmp_path):
    out = tmp_path / "activities.csv"
    result = run("activities", FILES, "--athlete", ATHLETE, "--out", str(out))
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    assert tuple(table.columns) == ACTIVITY_COLUMNS and len(table) == 10
    assert set(table["athlete_id"]) == {"ana"}
    assert table["start"].str.endswith("+01:00").all()           # Madrid in January
    skipped = [l for l in result.stderr.splitlines() if l.startswith("skipped: ")]
    assert len(skipped) == 1 and "planned-course.gpx: a GPX route" in skipped[0]
    problems = pd.read_csv(tmp_path / "activities.problems.csv")
    assert list(problems["file"].str.rsplit("/", n=1).str[-1]) == ["planned-course.gpx"]


def test_compliance_reports_each_case_of_the_example(tmp_path):
    out = tmp_path / "compliance.csv"
    result = run("compliance", PLAN, "--athlete", ATHLETE, "--activities", FILES,
                 "--today", TODAY, "--out", str(out))
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, keep_default_na=False)
    assert tuple(table.columns) == COMPLIANCE_COLUMNS
    cases = {(r.date, r.session or r.sport): (r.status, r.band) for r in table.itertuples()}
    assert cases[("2027-01-10", "easy")] == ("partial", "yellow")      # shortened
    assert cases[("2027-01-07", "strength")] == ("moved", "green")     # done on Friday
    assert cases[("2027-01-12", "hill")] == ("missed", "red")
    assert cases[("2027-01-09", "ride")] == ("unplanned", "")
    assert cases[("2027-01-09", "long")] == ("done", "green")
    assert sum(status == "done" for status, _ in cases.values()) == 7
    weekly = pd.read_csv(tmp_path / "compliance.weekly.csv")
    assert list(weekly["week_start"]) == ["2027-01-04", "2027-01-11"]
    assert (weekly["compliance_pct"] < 100).all()
    assert "Weekly planned vs actual" in result.output


def test_replan_from_activities_makes_up_the_missed_hill_as_a_hill(tmp_path):
    out = tmp_path / "new.csv"
    result = run("replan", PLAN, "--athlete", ATHLETE, "--activities", FILES, "--today",
                 TODAY, "--out", str(out), "--time-limit", "5")
    assert result.exit_code == 0, result.output
    # S-MAKEUP: the hill, not another quality type, in the days left of its week - dated,
    # since the change list spans several weeks
    assert "Tue 2027-01-12 hill 18:00 (missed) -> Thu 2027-01-14 hill 18:00" in result.output
    new = pd.read_csv(out)
    week = new[(new["date"] >= TODAY) & (new["date"] <= "2027-01-17")]
    assert list(week[week["hard"]]["session"]) == ["hill", "long"]
    past = new[new["date"] < TODAY]
    assert "2027-01-12" not in set(past[past["session"] == "hill"]["date"])
    strength = past[past["session"] == "strength"]
    moved = ("2027-01-08", "07:00", 33)                         # done on Friday, not Thursday
    assert moved in set(zip(strength["date"], strength["start"], strength["minutes"]))
    assert "2027-01-07" not in set(strength["date"])
    easy = past[(past["session"] == "easy") & (past["date"] == "2027-01-10")]
    assert list(easy["minutes"]) == [38]                        # as done, not as planned
    audit = run("check", str(out), "--athlete", ATHLETE)
    assert audit.exit_code == 0, audit.output                   # no hard rule broken


def test_check_counts_the_training_outside_the_rows_as_the_replan_did(tmp_path):
    # the Sunday hike skipped: the re-plan makes up hiking in week 2, which the ride of
    # week 1 allows (it raised the load ramp's reference); the table has no row for the ride
    files = tmp_path / "activities"
    shutil.copytree(FILES, files)
    (files / "2027-01-10-hike.gpx").unlink()
    out = str(tmp_path / "new.csv")
    replanned = run("replan", PLAN, "--athlete", ATHLETE, "--activities", str(files),
                    "--today", TODAY, "--out", out, "--time-limit", "5")
    assert replanned.exit_code == 0, replanned.output
    rows_only = run("check", out, "--athlete", ATHLETE, "--today", TODAY)
    assert rows_only.exit_code == 1 and "P-OVERLOAD" in rows_only.output
    counted = run("check", out, "--athlete", ATHLETE, "--today", TODAY,
                  "--activities", str(files))
    assert counted.exit_code == 0, counted.output
    without_today = run("check", out, "--athlete", ATHLETE, "--activities", str(files))
    assert without_today.exit_code == 2
    assert without_today.stderr.strip().splitlines()[-1] == (
        "error: --today: give --today with --activities: the training before it counts")


def test_the_flags_still_override_the_files(tmp_path):
    out = tmp_path / "new.csv"
    result = run("replan", PLAN, "--athlete", ATHLETE, "--activities", FILES, "--today",
                 TODAY, "--missed", "2027-01-13:easy", "--done", "2027-01-12:hill",
                 "--out", str(out), "--time-limit", "5")
    assert result.exit_code == 0, result.output
    new = pd.read_csv(out)
    assert not ((new["date"] == "2027-01-13") & (new["session"] == "easy")).any()
    assert ((new["date"] == "2027-01-12") & (new["session"] == "hill")).any()
    clash = run("replan", PLAN, "--athlete", ATHLETE, "--activities", FILES, "--today",
                TODAY, "--missed", "2027-01-13", "--done", "2027-01-13:easy")
    assert clash.exit_code == 2 and len(clash.stderr.strip().splitlines()) >= 1
    assert "both done and missed" in clash.stderr


def test_a_missing_activities_path_is_a_one_line_error():
    result = run("compliance", PLAN, "--athlete", ATHLETE, "--activities", "nowhere")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: nowhere: does not exist; give activity files or folders"
