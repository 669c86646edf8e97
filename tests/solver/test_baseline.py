"""The greedy template baseline (solver/baseline.py): honest, legal, and never beats CP-SAT.

It is the comparison point of the benchmarks, so two things must hold on any week: when it
claims a week it is legal by the auditor (and its penalty is the auditor's), and CP-SAT's
proven optimum is never above it - the baseline only builds plans of the solver's model.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.audit.week import audit_week
from models.domain.catalogue import default_catalogue
from models.squad.generator import DIFFICULTIES, random_athlete
from models.domain.plan import Session, Status
from models.domain.rules import CENTI, default_rulebook, load_rulebook
from models.domain.week import WeekSpec, default_targets, single_week
from solver.baseline import plan_greedy
from solver.week.solve import SolveParams, solve_week

from builders import MONDAY, make_athlete
from strategies import athletes, fixed_days, history, previous_plan

RULEBOOKS = {
    "default": default_rulebook(),
    "002": load_rulebook("002"),
    "soft-timing": default_rulebook().with_rule("H-GAP", kind="soft")
                                     .with_rule("H-HARD-SPACING", kind="soft"),
}
PARAMS = SolveParams(time_limit=20.0)  # a ceiling: the tests assert proven optima
CATALOGUE = default_catalogue()


def _history(rng: random.Random, catalogue) -> tuple[Session, ...]:
    """Sometimes a hard run or a strength session on the weekend before the week."""
    sessions = []
    for name, start, minutes in (("tempo", 17 * 60, 60), ("strength", 18 * 60, 35)):
        if rng.random() < 0.3:
            kind = catalogue[name]
            day = MONDAY - timedelta(days=rng.choice((1, 2)))
            sessions.append(Session(date=day, type=name, start=start, minutes=minutes,
                                    rpe=kind.rpe, running=kind.running, hard=kind.hard))
    return tuple(sessions)


def _spec(seed: int, difficulty: str, rulebook, catalogue) -> WeekSpec:
    rng = random.Random(seed)
    athlete = random_athlete(rng, f"b{seed}", difficulty, start=MONDAY)
    return WeekSpec(athlete=athlete, week_start=MONDAY,
                    targets=default_targets(athlete, rulebook, catalogue),
                    history=_history(rng, catalogue))


def _windows_used_once(spec: WeekSpec, sessions) -> bool:
    """Each session in its own window (the solver's model allows one per window)."""
    seen = set()
    for s in sessions:
        window = next(i for i, w in enumerate(spec.windows(s.date))
                      if w.start <= s.start and s.end <= w.end)
        if (s.date, window) in seen:
            return False
        seen.add((s.date, window))
    return True


weeks = st.tuples(st.integers(0, 10**6), st.sampled_from(DIFFICULTIES),
                  st.sampled_from(sorted(RULEBOOKS)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks)
def test_a_claimed_week_passes_the_auditor_at_the_claimed_penalty(case):
    seed, difficulty, name = case
    rulebook, catalogue = RULEBOOKS[name], CATALOGUE
    spec = _spec(seed, difficulty, rulebook, catalogue)
    result = plan_greedy(spec, rulebook, catalogue)
    if result.status is Status.infeasible:
        assert result.plan is None and "H-" in result.message
        return
    assert result.status is Status.feasible
    report = audit_week(spec, result.plan.sessions, rulebook, catalogue)
    assert report.ok, report.to_frame().to_string()
    assert report.penalty_cp == round(result.objective * CENTI)
    assert sum(i.penalty for i in result.breakdown) == pytest.approx(result.objective)
    assert all(s.start % 5 == 0 for s in result.plan.sessions)
    assert _windows_used_once(spec, result.plan.sessions)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks)
def test_cp_sat_is_never_worse_than_the_baseline(case):
    seed, difficulty, name = case
    rulebook, catalogue = RULEBOOKS[name], CATALOGUE
    spec = _spec(seed, difficulty, rulebook, catalogue)
    greedy = plan_greedy(spec, rulebook, catalogue)
    result = solve_week(spec, rulebook, catalogue, PARAMS)
    if greedy.status is Status.feasible:
        assert result.status is Status.optimal, result.message
        assert result.objective <= greedy.objective
    if result.status is Status.infeasible:
        assert greedy.status is Status.infeasible


@st.composite
def any_weeks(draw):
    """Any valid athlete of tests/support/strategies.py, with history, fixed days and an old plan."""
    athlete = draw(athletes(CATALOGUE))
    fixed = draw(fixed_days(CATALOGUE))
    rulebook = RULEBOOKS[draw(st.sampled_from(sorted(RULEBOOKS)))]
    spec = WeekSpec(athlete=athlete, week_start=MONDAY,
                    targets=default_targets(athlete, rulebook, CATALOGUE),
                    history=draw(history(CATALOGUE)), fixed=fixed,
                    previous=draw(previous_plan(athlete, fixed, CATALOGUE)))
    return spec, rulebook


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_weeks())
def test_on_any_week_the_baseline_is_legal_when_it_says_so_and_never_beats_cp_sat(case):
    spec, rulebook = case
    greedy = plan_greedy(spec, rulebook, CATALOGUE)
    result = solve_week(spec, rulebook, CATALOGUE, PARAMS)
    if greedy.status is Status.infeasible:
        assert "H-" in greedy.message
        return
    report = audit_week(spec, greedy.plan.sessions, rulebook, CATALOGUE)
    assert report.ok, report.to_frame().to_string()
    assert report.penalty_cp == round(greedy.objective * CENTI)
    kept = {(s.date, s.type, s.start, s.minutes) for s in greedy.plan.sessions}
    assert all((s.date, s.type, s.start, s.minutes) in kept for s in spec.fixed)
    assert result.status is Status.optimal, result.message
    assert result.objective <= greedy.objective


def test_long_run_goes_on_the_preferred_day_in_the_longest_window(rulebook, catalogue):
    athlete = make_athlete(
        {day: ["06:00-07:00", "17:00-21:00"] for day in
         ("mon", "tue", "wed", "thu", "fri", "sat")} | {"sun": ["07:00-09:30", "14:00-18:00"]},
        preferences={"long": ["sun"]}, targets={"runs": 4, "long": 1, "strength": 2},
    )
    result = plan_greedy(single_week(athlete, rulebook, catalogue), rulebook, catalogue)
    assert result.status is Status.feasible
    longs = [s for s in result.plan.sessions if s.type == "long"]
    assert [(s.date.weekday(), s.start >= 14 * 60) for s in longs] == [(6, True)]


def test_quality_runs_fall_on_alternate_days_and_strength_on_non_running_days(
        rulebook, catalogue):
    athlete = make_athlete(targets={"runs": 4, "long": 1, "strength": 2})
    result = plan_greedy(single_week(athlete, rulebook, catalogue), rulebook, catalogue)
    assert result.status is Status.feasible
    hard_days = sorted(s.date.weekday() for s in result.plan.sessions if s.hard_run)
    assert all(b - a >= 2 for a, b in zip(hard_days, hard_days[1:])) and len(hard_days) == 3
    run_days = {s.date for s in result.plan.sessions if s.running}
    assert all(s.date not in run_days for s in result.plan.sessions if s.type == "strength")
    assert any(s.type in ("hill", "sprint") for s in result.plan.sessions)


def test_a_week_with_too_few_windows_is_reported_with_the_rule_it_breaks(rulebook, catalogue):
    athlete = make_athlete({"mon": ["06:00-08:00"], "sat": ["07:00-10:00"]},
                           targets={"runs": 4, "long": 1, "strength": 0})
    result = plan_greedy(single_week(athlete, rulebook, catalogue), rulebook, catalogue)
    assert result.status is Status.infeasible and result.plan is None
    assert "H-RUN-COUNT" in result.message
    assert solve_week(single_week(athlete, rulebook, catalogue), rulebook, catalogue,
                      PARAMS).status is Status.infeasible


def test_hikes_follow_a_hard_day_when_hiking_minutes_are_due(rulebook, catalogue):
    athlete = make_athlete(targets={"runs": 3, "long": 1, "strength": 1, "hike_minutes": 120})
    result = plan_greedy(single_week(athlete, rulebook, catalogue), rulebook, catalogue)
    assert result.status is Status.feasible
    hikes = [s for s in result.plan.sessions if s.type == "hike"]
    assert sum(h.minutes for h in hikes) >= 120
    hard_dates = {s.date for s in result.plan.sessions if s.hard_run}
    assert all(h.date - timedelta(days=1) in hard_dates for h in hikes)
