"""The solver, rule by rule: tiny weeks where one rule decides what the plan may hold.

Each test gives the athlete only the windows that make the rule matter, then checks what the
rule forces (or forbids) and that switching the rule off or soft lets the other plan through.
Every plan returned is also checked by the auditor, so a test cannot pass on an illegal plan.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.audit.week import audit_week
from models.domain.plan import Status
from solver.week.solve import SolveParams, solve_week

from builders import MONDAY, PREVIOUS, make_athlete, make_spec

FAST = SolveParams(time_limit=2.0)


@pytest.fixture
def solve(rulebook, catalogue):
    """solve(spec, rules=None) -> Result; a plan, when there is one, must pass the auditor."""
    def run(spec, rules=None):
        rules = rules or rulebook
        result = solve_week(spec, rules, catalogue, FAST)
        if result.status is Status.optimal:
            report = audit_week(spec, result.plan.sessions, rules, catalogue)
            assert report.ok, report.to_frame().to_string()
            assert report.penalty_cp == round(result.objective * 100)
        return result
    return run


def types_on(result, weekday: int) -> list[str]:
    day = MONDAY + timedelta(days=weekday)
    return [s.type for s in result.plan.sessions if s.date == day]


def kinds_on(result, weekday: int) -> list[str]:
    """'run', 'hard run', 'strength' or 'hike' per session of a weekday, in time order."""
    day = MONDAY + timedelta(days=weekday)
    return ["hard run" if s.hard_run else "run" if s.running else s.type
            for s in result.plan.sessions if s.date == day]


def test_h_gap_keeps_strength_and_a_run_off_a_day_whose_windows_are_close(solve, rulebook):
    # Mon 07:00-08:00 and 12:00-13:00 are less than 6 h apart; Wed has one window
    athlete = make_athlete({"mon": ["07:00-08:00", "12:00-13:00"], "wed": ["07:00-08:00"]})
    spec = make_spec(athlete, runs=1, strength=1)
    result = solve(spec)
    assert result.status is Status.optimal
    assert len(kinds_on(result, 0)) == len(kinds_on(result, 2)) == 1
    assert "strength" in kinds_on(result, 0) + kinds_on(result, 2)
    monday_only = make_spec(make_athlete({"mon": ["07:00-08:00", "12:00-13:00"]}),
                            runs=1, strength=1)
    assert solve(monday_only).status is Status.infeasible
    off = solve(monday_only, rulebook.with_rule("H-GAP", kind="off"))
    assert off.status is Status.optimal and sorted(kinds_on(off, 0)) == ["run", "strength"]
    soft = solve(monday_only, rulebook.with_rule("H-GAP", kind="soft"))
    assert soft.penalty_by_rule()["H-GAP"] == 50.0


def test_h_gap_reads_gap_h(solve, rulebook):
    spec = make_spec(make_athlete({"mon": ["07:00-08:00", "12:00-13:00"]}), runs=1, strength=1)
    assert solve(spec, rulebook.with_rule("H-GAP", params={"gap_h": 4})).status is Status.optimal


def test_h_strength_hard_day_keeps_strength_off_the_long_run_day(solve, rulebook):
    # the long run fits only Mon 06:00-08:00; strength after it is 10 h later (H-GAP holds)
    athlete = make_athlete({"mon": ["06:00-08:00", "18:00-19:00"]})
    spec = make_spec(athlete, runs=1, long=1, strength=1)
    assert solve(spec).status is Status.infeasible
    off = solve(spec, rulebook.with_rule("H-STRENGTH-HARD-DAY", kind="off"))
    assert off.status is Status.optimal and types_on(off, 0) == ["long", "strength"]
    with_wednesday = make_spec(make_athlete({"mon": ["06:00-08:00", "18:00-19:00"],
                                             "wed": ["18:00-19:00"]}),
                               runs=1, long=1, strength=1)
    result = solve(with_wednesday)
    assert types_on(result, 0) == ["long"] and types_on(result, 2) == ["strength"]


def test_h_strength_before_hard_needs_hours_between_strength_and_a_hard_run(solve, rulebook):
    # strength Mon 18:00-18:35 at best, long run Tue 07:00: 12 h 25 min later
    athlete = make_athlete({"mon": ["18:00-19:00"], "tue": ["07:00-09:00"]})
    spec = make_spec(athlete, runs=1, long=1, strength=1)
    assert solve(spec).status is Status.infeasible
    twelve = rulebook.with_rule("H-STRENGTH-BEFORE-HARD", params={"hours": 12})
    assert solve(spec, twelve).status is Status.optimal
    thirteen = rulebook.with_rule("H-STRENGTH-BEFORE-HARD", params={"hours": 13})
    assert solve(spec, thirteen).status is Status.infeasible
    off = solve(spec, rulebook.with_rule("H-STRENGTH-BEFORE-HARD", kind="off"))
    assert types_on(off, 0) == ["strength"] and types_on(off, 1) == ["long"]


def test_h_strength_before_hard_looks_back_across_the_week_boundary(solve, plan):
    athlete = make_athlete({"mon": ["07:00-09:00"]})
    spec = make_spec(athlete, runs=1, long=1)
    assert solve(spec).status is Status.optimal
    sunday_strength = plan("Sun strength 18:00", week=PREVIOUS)
    assert solve(make_spec(athlete, runs=1, long=1, history=sunday_strength)).status \
        is Status.infeasible
    saturday_strength = plan("Sat strength 06:00", week=PREVIOUS)
    assert solve(make_spec(athlete, runs=1, long=1, history=saturday_strength)).status \
        is Status.optimal


def test_h_hard_spacing_forbids_hard_runs_on_consecutive_days(solve, rulebook):
    # only Mon and Tue: a hill (S-HILL-SPRINT) next to the long run is what spacing forbids
    athlete = make_athlete({"mon": ["07:00-09:00"], "tue": ["07:00-09:00"]})
    spec = make_spec(athlete, runs=2, long=1)
    result = solve(spec)
    assert sorted(kinds_on(result, 0) + kinds_on(result, 1)) == ["hard run", "run"]
    assert result.penalty_by_rule()["S-HILL-SPRINT"] == 100.0
    off = solve(spec, rulebook.with_rule("H-HARD-SPACING", kind="off"))
    assert kinds_on(off, 0) == kinds_on(off, 1) == ["hard run"]
    assert "S-HILL-SPRINT" not in off.penalty_by_rule()


def test_h_hard_spacing_looks_back_across_the_week_boundary(solve, plan, rulebook):
    athlete = make_athlete({"mon": ["07:00-09:00"]})
    sunday_long = plan("Sun long 08:00", week=PREVIOUS)
    spec = make_spec(athlete, runs=1, long=1, history=sunday_long)
    assert solve(spec).status is Status.infeasible
    assert solve(spec, rulebook.with_rule("H-HARD-SPACING", kind="off")).status \
        is Status.optimal
    saturday_long = plan("Sat long 08:00", week=PREVIOUS)
    assert solve(make_spec(athlete, runs=1, long=1, history=saturday_long)).status \
        is Status.optimal


def test_h_rest_keeps_min_days_free_of_running_and_strength(solve, rulebook):
    athlete = make_athlete({day: ["07:00-08:00"] for day in
                            ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})
    assert solve(make_spec(athlete, runs=6)).status is Status.optimal
    assert solve(make_spec(athlete, runs=7)).status is Status.infeasible
    assert solve(make_spec(athlete, runs=7), rulebook.with_rule("H-REST", kind="off")).status \
        is Status.optimal
    two = rulebook.with_rule("H-REST", params={"min_days": 2})
    assert solve(make_spec(athlete, runs=6), two).status is Status.infeasible
    assert solve(make_spec(athlete, runs=5), two).status is Status.optimal


def test_h_strength_count_is_exact(solve, rulebook):
    athlete = make_athlete({"mon": ["07:00-08:00"], "wed": ["07:00-08:00"],
                            "fri": ["07:00-08:00"]})
    result = solve(make_spec(athlete, strength=2))
    assert [s.type for s in result.plan.sessions] == ["strength", "strength"]
    one_slot = make_spec(make_athlete({"mon": ["07:00-08:00"]}), strength=2)
    assert solve(one_slot).status is Status.infeasible
    soft = solve(one_slot, rulebook.with_rule("H-STRENGTH-COUNT", kind="soft"))
    assert soft.penalty_by_rule()["H-STRENGTH-COUNT"] == 100.0  # one session short


def test_h_run_count_gives_exactly_runs_and_long_runs(solve):
    athlete = make_athlete({day: ["07:00-10:00"] for day in ("mon", "wed", "fri", "sat")})
    result = solve(make_spec(athlete, runs=3, long=1))
    runs = [s for s in result.plan.sessions if s.running]
    assert len(runs) == 3 and sum(s.type == "long" for s in runs) == 1
    no_long_room = make_spec(make_athlete({"mon": ["07:00-08:00"]}), runs=1, long=1)
    assert solve(no_long_room).status is Status.infeasible


def test_h_overlap_limits_sessions_a_day(solve, rulebook):
    athlete = make_athlete({"mon": ["06:00-07:00", "12:00-13:00", "19:00-20:00"]})
    spec = make_spec(athlete, runs=3)
    assert solve(spec).status is Status.infeasible
    three = rulebook.with_rule("H-OVERLAP", params={"max_per_day": 3})
    assert len(kinds_on(solve(spec, three), 0)) == 3


def test_h_avail_sessions_stay_inside_their_windows(solve):
    too_short = make_spec(make_athlete({"tue": ["07:00-07:20"]}), runs=1)
    assert solve(too_short).status is Status.infeasible  # the shortest run, a jog, is 25 min
    result = solve(make_spec(make_athlete({"tue": ["07:03-07:30"]}), runs=1))
    (session,) = result.plan.sessions
    assert (session.type, session.start, session.end) == ("jog", 7 * 60 + 5, 7 * 60 + 30)


def test_s_strength_first_made_hard_puts_strength_before_the_run(solve, rulebook):
    athlete = make_athlete({"mon": ["06:00-07:00", "18:00-19:00"]})
    spec = make_spec(athlete, runs=1, strength=1)
    assert kinds_on(solve(spec), 0) == ["run", "strength"]  # 001: strength after an easy run
    first = rulebook.with_rule("S-STRENGTH-FIRST", kind="hard")
    assert kinds_on(solve(spec, first), 0) == ["strength", "run"]  # 002: strength first


FACTS = [  # (fixed sessions of the week, history, rule made soft) -> the soft rule's cost
    (("Mon strength 07:00", "Mon easy 18:00"), (), "S-STRENGTH-TIMING"),
    (("Mon strength 07:00", "Mon easy 18:00", "Mon jog 20:00"), (), "S-STRENGTH-TIMING"),  # once
    (("Mon easy 06:00", "Mon strength 18:00"), (), "S-STRENGTH-FIRST"),
    (("Mon easy 06:00", "Mon strength 09:00"), (), "H-GAP"),
    (("Mon tempo 07:00",), ("Sun strength 18:00",), "H-STRENGTH-BEFORE-HARD"),
    (("Mon tempo 07:00", "Tue hill 07:00"), (), "H-HARD-SPACING"),
    (("Mon hike 07:00",), ("Sun easy 18:00",), "S-HIKE-RECOVERY"),
]


@pytest.mark.parametrize("fixed, past, rule_id", FACTS)
def test_soft_rules_count_fixed_sessions_like_any_other(solve, plan, rulebook, fixed, past,
                                                        rule_id):
    """common.md: fixed sessions are part of the week, history is seen by cross-day rules."""
    rules = rulebook.with_rule(rule_id, kind="soft", weight=rulebook[rule_id].weight or 20)
    rules = rules.with_rule("H-OVERLAP", params={"max_per_day": 3})
    week = plan(*fixed)
    spec = make_spec(make_athlete({"wed": ["07:00-09:00"]}),
                     runs=sum(s.running for s in week), long=0,
                     strength=sum(s.type == "strength" for s in week),
                     fixed=tuple(week), history=plan(*past, week=PREVIOUS))
    result = solve(spec, rules)  # the fixture checks the auditor's penalty equals the solver's
    assert result.penalty_by_rule()[rule_id] == rules[rule_id].weight
