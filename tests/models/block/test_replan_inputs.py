"""What a re-plan starts from: only the athlete's rows of a (squad) plan table, the past
minus what was missed, and the availability without the new gaps - all checked before any
solving, with one-line errors naming the plan file or the option."""

from __future__ import annotations

from datetime import date

import pytest

from builders import make_athlete
from models.block.replan_inputs import old_plan_of, replan_inputs
from models.domain.errors import InputError

TODAY = date(2027, 1, 6)  # the Wednesday of the week of 2027-01-04
SQUAD_PLAN = (
    "athlete_id,date,session,start,end\n"
    "ana,2027-01-04,easy,06:00,06:45\n"
    "ana,2027-01-05,hill,18:00,19:00\n"
    "bo,2027-01-05,easy,06:00,06:45\n"
    ",2027-01-07,strength,18:00,18:45\n"
    "ana,2027-01-09,long,07:00,09:00\n"
)


@pytest.fixture
def ana():
    return make_athlete({"mon": ["06:00-08:00"], "tue": ["18:00-20:00"],
                         "sat": ["07:00-12:00"]}, id="ana")


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(SQUAD_PLAN)
    return path


def test_the_old_plan_is_the_athletes_rows_and_rows_naming_nobody(plan_file, catalogue):
    old = old_plan_of(plan_file, "ana", catalogue)
    assert [(s.date.isoformat(), s.type) for s in old] == [
        ("2027-01-04", "easy"), ("2027-01-05", "hill"), ("2027-01-07", "strength"),
        ("2027-01-09", "long")]


def test_an_athlete_without_rows_is_an_error_naming_the_plan(tmp_path, catalogue):
    path = tmp_path / "plan.csv"
    path.write_text("\n".join(line for line in SQUAD_PLAN.splitlines() if line[:1] != ","))
    with pytest.raises(InputError) as error:
        old_plan_of(path, "cy", catalogue)
    assert error.value.line() == f"{path}: no sessions of athlete 'cy'"


def test_a_bad_row_is_reported_against_the_plan_file(tmp_path, catalogue):
    path = tmp_path / "plan.csv"
    path.write_text("athlete_id,date,session,start,end\nana,2027-01-04,easy,7am,08:00\n")
    with pytest.raises(InputError) as error:
        old_plan_of(path, "ana", catalogue)
    assert error.value.file == str(path) and "7am" in error.value.line()


def test_the_past_is_what_happened_and_the_new_gaps_are_applied(plan_file, ana, catalogue):
    inputs = replan_inputs(plan_file, ana, TODAY, catalogue, done=["2027-01-04"],
                           missed=["2027-01-05:hill"], unavailable=["2027-01-09"])
    assert [(s.date.isoformat(), s.type) for s in inputs.actual] == [("2027-01-04", "easy")]
    assert len(inputs.old) == 4
    assert inputs.athlete.windows_on(date(2027, 1, 9)) == []
    assert ana.windows_on(date(2027, 1, 9)) != []  # the profile given is left as it was


@pytest.mark.parametrize("option, selectors, problem", [
    ("--missed", {"missed": ["2027-01-06:hill"]}, "no session before today matches"),
    ("--done", {"done": ["2027-01-05:yoga"]}, "unknown session type 'yoga'"),
    ("--done", {"done": ["2027-01-05"], "missed": ["2027-01-05"]}, "both done and missed"),
    ("--unavailable", {"unavailable": ["next friday"]}, "is not a date"),
])
def test_a_bad_selector_names_its_option(plan_file, ana, catalogue, option, selectors, problem):
    with pytest.raises(InputError) as error:
        replan_inputs(plan_file, ana, TODAY, catalogue, **selectors)
    assert error.value.field == option and problem in error.value.problem
