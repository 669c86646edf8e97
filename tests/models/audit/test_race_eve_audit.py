"""H-RACE-EVE in the auditor: the same instants as the week model, on any plan."""

from __future__ import annotations

from datetime import date

from models.audit.week import audit_week

from builders import MONDAY, make_athlete, make_session, make_spec

RACE = {"date": date(2027, 1, 9), "distance_km": 42, "elevation_m": 2400, "start": "08:00"}


def _race_eve(sessions, rulebook, catalogue, week=MONDAY):
    athlete = make_athlete(race=RACE)
    spec = make_spec(athlete, runs=len([s for s in sessions if s.running]), week_start=week)
    report = audit_week(spec, sessions, rulebook, catalogue)
    return [f.message for f in report.findings if f.rule_id == "H-RACE-EVE"]


def test_a_hard_run_40_hours_before_the_race_is_a_finding(rulebook, catalogue):
    hill = make_session("Thu hill 16:00 60", catalogue)
    (message,) = _race_eve([hill], rulebook, catalogue)
    assert "hard run less than 48 h before the race" in message


def test_an_easy_run_or_an_early_hard_run_is_not(rulebook, catalogue):
    assert _race_eve([make_session("Thu easy 16:00 45", catalogue)], rulebook, catalogue) == []
    assert _race_eve([make_session("Thu hill 07:00 60", catalogue)], rulebook, catalogue) == []


def test_strength_within_96_hours_and_running_after_the_race(rulebook, catalogue):
    strength = make_session("Wed strength 07:00", catalogue)
    sunday_run = make_session("Sun easy 09:00 45", catalogue)
    short_hike = make_session("Sun hike 15:00 45", catalogue)
    messages = _race_eve([strength, sunday_run, short_hike], rulebook, catalogue)
    assert len(messages) == 2
    assert "strength less than 96 h" in messages[0] and "after the race" in messages[1]


def test_the_rule_off_finds_nothing(rulebook, catalogue):
    off = rulebook.with_rule("H-RACE-EVE", kind="off")
    assert _race_eve([make_session("Thu hill 16:00 60", catalogue)], off, catalogue) == []
