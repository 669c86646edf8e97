"""CP-SAT's proven optimum equals an exhaustive search's on small random weeks.

The oracle (tests/support/oracle.py) enumerates every plan of the solver's model structure and
scores each with the auditor, so an equal objective means the model encodes the rules of
docs/rules.md without cutting off a better plan or under-counting a penalty. Instances come
from a seeded generator: the same 60+ weeks on every run.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import pytest

from models.domain.athlete import Athlete
from models.audit.week import audit_week
from models.domain.plan import Status
from models.domain.rules import CENTI, Rulebook, default_rulebook, load_rulebook
from models.domain.week import WeekSpec, default_targets
from oracle import Optimum, optimise
from random_weeks import CATALOGUE, NARROW, random_session, random_week, volume_weeks  # tests/support is on sys.path (pyproject: pythonpath)
from solver.week.solve import SolveParams, solve_week

MONDAY = date(2027, 1, 4)
DEFAULT = default_rulebook()
SOFT_TIMING = (DEFAULT.with_rule("H-GAP", kind="soft").with_rule("H-HARD-SPACING", kind="soft")
               .with_rule("H-STRENGTH-SPACING", kind="soft"))
ROUND1 = load_rulebook("round1")  # S-LOAD-SPREAD soft: the oracle's bound uses it
STRENGTH_FIRST = DEFAULT.with_rule("S-STRENGTH-FIRST", kind="hard")
THREE_A_DAY = (DEFAULT.with_rule("H-OVERLAP", params={"max_per_day": 3})
               .with_rule("H-GAP", kind="off").with_rule("S-STRENGTH-FIRST", kind="soft"))
PARAMS = SolveParams(time_limit=10)
RANDOM_WEEKS = 100


def assert_same_optimum(spec: WeekSpec, rulebook: Rulebook, best: Optimum | None,
                        catalogue=CATALOGUE) -> None:
    """CP-SAT proves the oracle's optimum (or infeasibility), and its plan audits to it."""
    result = solve_week(spec, rulebook, catalogue, PARAMS)
    if best is None:
        assert result.status is Status.infeasible, (result.status, result.objective)
        return
    assert result.status is Status.optimal, result.message
    solver_cp = round(result.objective * CENTI)
    assert solver_cp == best.penalty_cp, (
        f"CP-SAT {solver_cp} cp, oracle {best.penalty_cp} cp; oracle plan "
        f"{[s.describe() for s in best.sessions]}, solver plan "
        f"{[s.describe() for s in result.plan.sessions]}"
    )
    report = audit_week(spec, result.plan.sessions, rulebook, catalogue)
    assert report.ok and report.penalty_cp == solver_cp


@functools.lru_cache(maxsize=None)
def default_optimum(seed: int) -> Optimum | None:
    return optimise(random_week(seed), DEFAULT, CATALOGUE)


@pytest.mark.parametrize("seed", range(RANDOM_WEEKS))
def test_default_rulebook_optimum_matches_oracle(seed):
    assert_same_optimum(random_week(seed), DEFAULT, default_optimum(seed))


@pytest.mark.parametrize("seed", range(100, 116))
def test_soft_gap_and_spacing_optimum_matches_oracle(seed):
    spec = random_week(seed, tight=True)
    assert_same_optimum(spec, SOFT_TIMING, optimise(spec, SOFT_TIMING, CATALOGUE))


@pytest.mark.parametrize("seed", range(400, 416))
def test_round1_rulebook_optimum_matches_oracle(seed):
    spec = random_week(seed)
    assert_same_optimum(spec, ROUND1, optimise(spec, ROUND1, CATALOGUE))


@pytest.mark.parametrize("seed", range(200, 212))
def test_strength_first_hard_optimum_matches_oracle(seed):
    spec = random_week(seed, tight=True)
    assert_same_optimum(spec, STRENGTH_FIRST, optimise(spec, STRENGTH_FIRST, CATALOGUE))


@pytest.mark.parametrize("seed", range(300, 314))
def test_three_sessions_a_day_optimum_matches_oracle(seed):
    """Per-date rules (S-STRENGTH-TIMING, S-STRENGTH-FIRST) differ from per-pair ones here."""
    spec = random_week(seed, tight=True, most=3)
    assert_same_optimum(spec, THREE_A_DAY, optimise(spec, THREE_A_DAY, CATALOGUE))


QUALITY_CASES = [("hill", "hill"), ("hill", "sprint"), ("tempo", "tempo"), ("tempo", "hill"),
                 (None, "sprint"), (None, "hill"), ("tempo", None), ("hill", None)]


@pytest.mark.parametrize("seed", range(500, 516))
def test_build_week_after_a_known_week_optimum_matches_oracle(seed):
    """S-SPECIFICITY and S-VARIETY: the week's key type and last week's one quality type."""
    key, last = QUALITY_CASES[seed % len(QUALITY_CASES)]
    week = random_week(seed)
    spec = week.model_copy(update={
        "previous_quality": last,
        "targets": week.targets.model_copy(update={"key_quality": key, "phase": "build"})})
    assert_same_optimum(spec, DEFAULT, optimise(spec, DEFAULT, CATALOGUE))


OWED_CASES = [("hill",), ("tempo",), ("sprint", "sprint"), ("hill", "long"), ("tempo", "hill")]


@pytest.mark.parametrize("seed", range(600, 608))
def test_weeks_owing_missed_sessions_optimum_matches_oracle(seed):
    """S-MAKEUP: quality sessions owed by the week, one session of a type covering one."""
    spec = random_week(seed).model_copy(update={"owed": OWED_CASES[seed % len(OWED_CASES)]})
    assert_same_optimum(spec, DEFAULT, optimise(spec, DEFAULT, CATALOGUE))


@pytest.mark.parametrize("seed", range(700, 710))
def test_weeks_before_a_known_monday_key_run_optimum_matches_oracle(seed):
    """S-EVE-OF-KEY's look-ahead: Sunday is the eve of the next week's Monday key run."""
    spec = random_week(seed).model_copy(update={"key_run_next_monday": True})
    assert_same_optimum(spec, DEFAULT, optimise(spec, DEFAULT, CATALOGUE))


def test_random_weeks_are_mostly_feasible_but_not_all():
    """The comparison is only worth something if both outcomes occur often."""
    feasible = sum(default_optimum(seed) is not None for seed in range(RANDOM_WEEKS))
    assert RANDOM_WEEKS // 2 <= feasible < RANDOM_WEEKS


def _athlete(availability, **targets) -> Athlete:
    return Athlete(id="t", start=MONDAY, availability=availability, targets=targets)


def test_oracle_prices_an_almost_empty_week_by_hand():
    """No runs or strength wanted. Resting costs S-HILL-SPRINT (100) + 7 muscle groups x 15;
    a 60-min hike covers the core (-15) for S-HIKE-RECOVERY's 10 (no hard run the day
    before), and its load alone on one day is no monotony, so the optimum is that hike. Under
    round 1 the hike also cost its load (S-LOAD-SPREAD, 180 x 0.05 = 9): resting was best."""
    athlete = _athlete({"mon": ["06:00-07:00"]}, runs=0, long=0, strength=0)
    spec = WeekSpec(athlete=athlete, week_start=MONDAY,
                    targets=default_targets(athlete, DEFAULT, CATALOGUE))
    best = optimise(spec, DEFAULT, CATALOGUE)
    assert best is not None and [(s.type, s.minutes) for s in best.sessions] == [("hike", 60)]
    assert best.penalty_cp == (100 + 6 * 15 + 10) * CENTI
    assert_same_optimum(spec, DEFAULT, best)
    best = optimise(spec, ROUND1, CATALOGUE)
    assert best is not None and best.sessions == []
    assert best.penalty_cp == (100 + 7 * 15) * CENTI


def test_oracle_moves_strength_late_in_its_window_to_keep_the_gap():
    """An easy run at 06:00-06:45 needs strength from 12:45, inside a 12:00-14:00 window."""
    athlete = _athlete({"mon": ["06:00-07:00", "12:00-14:00"]}, runs=1, long=0, strength=1,
                       minutes={"easy": 45, "strength": 35})
    spec = WeekSpec(athlete=athlete, week_start=MONDAY,
                    targets=default_targets(athlete, DEFAULT, CATALOGUE))
    best = optimise(spec, DEFAULT, CATALOGUE)
    assert best is not None
    strength = next(s for s in best.sessions if s.type == "strength")
    assert 12 * 60 + 45 <= strength.start <= 14 * 60 - 35
    assert_same_optimum(spec, DEFAULT, best)


@pytest.mark.parametrize("windows, rule_id", [
    (["06:00-06:40", "13:00-13:25", "20:00-20:25"], "S-STRENGTH-TIMING"),  # strength first
    (["06:00-06:25", "07:00-07:25", "13:30-14:10"], "S-STRENGTH-FIRST"),   # strength last
])
def test_same_day_order_rules_count_once_per_date(windows, rule_id):
    """Strength fits only one window and two jogs the others: one violation, not two."""
    athlete = _athlete({"mon": windows}, runs=2, long=0, strength=1,
                       minutes={"strength": 35, "jog": 25})
    spec = WeekSpec(athlete=athlete, week_start=MONDAY,
                    targets=default_targets(athlete, DEFAULT, CATALOGUE))
    other = "S-STRENGTH-FIRST" if rule_id == "S-STRENGTH-TIMING" else "S-STRENGTH-TIMING"
    rulebook = THREE_A_DAY.with_rule(rule_id, kind="soft").with_rule(other, kind="off")
    best = optimise(spec, rulebook, CATALOGUE)
    assert best is not None and len(best.sessions) == 3
    report = audit_week(spec, best.sessions, rulebook, CATALOGUE)
    assert [f.violations for f in report.findings if f.rule_id == rule_id] == [1]
    assert_same_optimum(spec, rulebook, best)


def test_hard_spacing_across_the_week_boundary_is_infeasible_hard_and_paid_soft():
    """Sunday's tempo (history) and the only possible long run on Monday are consecutive."""
    athlete = _athlete({"mon": ["06:00-09:00"]}, runs=1, long=1, strength=0)
    spec = WeekSpec(athlete=athlete, week_start=MONDAY,
                    targets=default_targets(athlete, DEFAULT, CATALOGUE),
                    history=(random_session(MONDAY - timedelta(days=1), "tempo", 17 * 60, 60),))
    assert optimise(spec, DEFAULT, CATALOGUE) is None
    assert_same_optimum(spec, DEFAULT, None)
    best = optimise(spec, SOFT_TIMING, CATALOGUE)
    assert best is not None and [s.type for s in best.sessions] == ["long"]
    report = audit_week(spec, best.sessions, SOFT_TIMING, CATALOGUE)
    assert [f.rule_id for f in report.findings].count("H-HARD-SPACING") == 1
    assert_same_optimum(spec, SOFT_TIMING, best)


VOLUME_WEEKS = volume_weeks(40)


@pytest.mark.parametrize("index", range(len(VOLUME_WEEKS)))
def test_chosen_lengths_optimum_matches_oracle(index):
    """Weeks with a volume target: the solver chooses each run's length (S-VOLUME,
    S-INTENSITY, S-LONG-SHARE, H-LENGTH, H-LONG-CAP, H-SESSION-SPIKE, P-BEGINNER's ratio,
    S-MONOTONY on the chosen lengths); the oracle enumerates every length."""
    spec = VOLUME_WEEKS[index]
    assert_same_optimum(spec, DEFAULT, optimise(spec, DEFAULT, NARROW), NARROW)


def test_volume_weeks_choose_lengths_and_meet_most_targets():
    """The volume weeks exercise what they claim: some plans hold a run whose length is not
    its type's default, and both reached and missed volume targets occur."""
    lengths, reached = set(), set()
    for spec in VOLUME_WEEKS[:15]:
        result = solve_week(spec, DEFAULT, NARROW, PARAMS)
        if result.plan is None:
            continue
        lengths |= {(s.type, s.minutes) for s in result.plan.sessions if s.running}
        reached.add(not any(b.rule_id == "S-VOLUME" for b in result.breakdown))
    assert any(minutes != NARROW[name].minutes.default for name, minutes in lengths)
    assert reached == {True, False}
