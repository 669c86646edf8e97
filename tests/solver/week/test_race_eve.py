"""H-RACE-EVE in the week model: nothing hard in the 48 h and no strength in the 96 h before
the race start, no run or strength in the 2 days after it - across the week boundary too.

The race is on Saturday 2027-01-09 at 08:00; the athlete's windows put the one session the
week asks for where the rule decides. Every plan is checked by the auditor as well.
"""

from __future__ import annotations

from datetime import date, timedelta

from models.audit.week import audit_week
from models.domain.plan import Status
from solver.week.solve import SolveParams, solve_week

from builders import MONDAY, make_athlete, make_spec

FAST = SolveParams(time_limit=20.0)  # a ceiling for a busy machine: these weeks settle in ms
RACE = {"date": date(2027, 1, 9), "distance_km": 21, "start": "08:00"}


def _solve(spec, rules, catalogue):
    result = solve_week(spec, rules, catalogue, FAST)
    if result.plan is not None:
        report = audit_week(spec, result.plan.sessions, rules, catalogue)
        assert report.hard_findings == [], report.to_frame().to_string()
    return result


def test_no_hard_run_40_hours_before_the_race(rulebook, catalogue):
    # Thursday 16:00 is 40 h before the race: a hill there would end 39 h before it
    athlete = make_athlete({"thu": ["16:00-17:30"]}, race=RACE)
    spec = make_spec(athlete, runs=1)
    result = _solve(spec, rulebook, catalogue)
    assert result.status is Status.optimal
    assert [s.type for s in result.plan.sessions if s.hard_run] == []
    assert result.penalty_by_rule()["S-HILL-SPRINT"] == 100.0  # the hill it had to give up
    free = _solve(spec, rulebook.with_rule("H-RACE-EVE", kind="off"), catalogue)
    assert [s.type for s in free.plan.sessions] == ["hill"]


def test_a_hard_run_ending_48_hours_before_the_race_is_allowed(rulebook, catalogue):
    athlete = make_athlete({"thu": ["07:00-08:00"]}, race=RACE)   # a 60-min hill ends at 08:00
    result = _solve(make_spec(athlete, runs=1), rulebook, catalogue)
    assert [s.type for s in result.plan.sessions] == ["hill"]


def test_no_strength_in_the_96_hours_before_the_race(rulebook, catalogue):
    athlete = make_athlete({"tue": ["09:00-10:00"], "mon": ["18:00-19:00"]}, race=RACE)
    result = _solve(make_spec(athlete, strength=1), rulebook, catalogue)
    assert [(s.date.weekday(), s.type) for s in result.plan.sessions] == [(0, "strength")]
    tuesday_only = make_athlete({"tue": ["09:00-10:00"]}, race=RACE)
    assert _solve(make_spec(tuesday_only, strength=1), rulebook,
                  catalogue).status is Status.infeasible


def test_the_two_days_after_the_race_hold_at_most_a_short_hike(rulebook, catalogue):
    # a race on the Saturday before this week: Sunday and Monday are the days after it
    before = {**RACE, "date": MONDAY - timedelta(days=2)}
    athlete = make_athlete({"mon": ["07:00-09:00"], "tue": ["07:00-09:00"]}, race=before,
                           start=MONDAY - timedelta(days=7))
    result = _solve(make_spec(athlete, runs=1, strength=1), rulebook, catalogue)
    assert result.status is Status.infeasible  # Tuesday alone cannot hold both
    one_run = _solve(make_spec(athlete, runs=1), rulebook, catalogue)
    assert [s.date.weekday() for s in one_run.plan.sessions] == [1]
    monday_only = make_athlete({"mon": ["07:00-09:00"]}, race=before,
                               start=MONDAY - timedelta(days=7))
    hike = _solve(make_spec(monday_only, hike_minutes=60), rulebook, catalogue)
    assert hike.plan.sessions == []  # the shortest hike (60 min) is over the 45 allowed
    off = _solve(make_spec(monday_only, hike_minutes=60),
                 rulebook.with_rule("H-RACE-EVE", kind="off"), catalogue)
    assert [s.type for s in off.plan.sessions] == ["hike"]
