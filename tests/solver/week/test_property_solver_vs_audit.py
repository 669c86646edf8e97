"""Property: every plan the solver returns passes the plain-Python auditor, at its penalty.

For random athletes, the solver's plan of the first week breaks no hard rule according to
models/audit/week.py, and the auditor's penalty equals the solver's objective exactly (both in
centipoints). This is what makes the two encodings of docs/rules.md one contract; it runs
for the default rulebook, for one with most hard rules made soft (their soft encodings
differ from the hard ones), with a random previous weekend as history (P-BOUNDARY), and for
re-planned weeks (fixed days and an old plan to keep, S-STABILITY), for weeks planned
knowing the next Monday's key run (S-EVE-OF-KEY's look-ahead), and for build weeks
that know their race's key quality type and last week's one quality type (S-SPECIFICITY,
S-VARIETY), and for re-planned weeks that owe missed quality sessions (S-MAKEUP).
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from models.audit.week import audit_week
from models.domain.catalogue import default_catalogue
from models.domain.lengths import NOT_A_TRAINING_RUN
from models.domain.plan import Status
from models.domain.rules import default_rulebook
from models.domain.week import WeekSpec, default_targets
from solver.week.solve import SolveParams, solve_week

from strategies import MONDAY, athletes, fixed_days, history, previous_plan

CATALOGUE = default_catalogue()
DEFAULT = default_rulebook()
SOFTENED = DEFAULT
for _rule in ("H-GAP", "H-STRENGTH-HARD-DAY", "H-STRENGTH-BEFORE-HARD", "H-HARD-SPACING",
              "H-REST", "H-STRENGTH-COUNT", "H-RUN-COUNT"):
    SOFTENED = SOFTENED.with_rule(_rule, kind="soft")
SOFTENED = SOFTENED.with_rule("S-STRENGTH-FIRST", kind="soft", weight=20)
PARAMS = SolveParams(time_limit=5.0)
PROPERTY = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def check_solver_against_auditor(athlete, rulebook, past=(), fixed=(), previous=(),
                                 key_quality=None, previous_quality=None, owed=(),
                                 open_from=None, key_run_next_monday=False, **week) -> None:
    """``week``: more WeekTargets fields (a volume target and its companions)."""
    targets = default_targets(athlete, rulebook, CATALOGUE).model_copy(
        update={"key_quality": key_quality, "phase": "build" if key_quality else "", **week})
    spec = WeekSpec(athlete=athlete, week_start=MONDAY, history=tuple(past), fixed=fixed,
                    previous=previous, targets=targets, previous_quality=previous_quality,
                    owed=owed, open_from=open_from, key_run_next_monday=key_run_next_monday)
    result = solve_week(spec, rulebook, CATALOGUE, PARAMS)
    assert result.status is not Status.invalid, result.message
    event(result.status.value)
    if not result.status.has_plan:
        return
    report = audit_week(spec, result.plan.sessions, rulebook, CATALOGUE)
    if fixed and not report.ok:
        event("fixed sessions break a hard rule themselves")  # the solver leaves facts alone
        return
    assert report.ok, report.to_frame().to_string()
    assert report.penalty_cp == round(result.objective * 100), (
        f"auditor {report.penalty_by_rule()} vs solver {result.penalty_by_rule()}"
    )


@PROPERTY
@given(athletes(CATALOGUE))
def test_default_rulebook_plans_pass_the_auditor_at_the_solver_penalty(athlete):
    check_solver_against_auditor(athlete, DEFAULT)


@PROPERTY
@given(athletes(CATALOGUE))
def test_softened_rulebook_plans_pass_the_auditor_at_the_solver_penalty(athlete):
    check_solver_against_auditor(athlete, SOFTENED)


@settings(PROPERTY, max_examples=100)
@given(athletes(CATALOGUE), history(CATALOGUE), st.sampled_from([DEFAULT, SOFTENED]),
       st.booleans())
def test_plans_after_a_random_weekend_pass_the_auditor(athlete, past, rulebook, next_key):
    """``next_key``: the next Monday holds a key run (S-EVE-OF-KEY's look-ahead)."""
    check_solver_against_auditor(athlete, rulebook, past, key_run_next_monday=next_key)


@settings(PROPERTY, max_examples=100)
@given(athletes(CATALOGUE), history(CATALOGUE), fixed_days(CATALOGUE),
       st.sampled_from([DEFAULT, SOFTENED]), st.data())
def test_replanned_weeks_count_fixed_sessions_like_the_auditor(athlete, past, fixed, rulebook,
                                                               data):
    previous = data.draw(previous_plan(athlete, fixed, CATALOGUE))
    check_solver_against_auditor(athlete, rulebook, past, fixed, previous)


QUALITY = st.sampled_from([None, "hill", "tempo", "sprint"])


@settings(PROPERTY, max_examples=100)
@given(athletes(CATALOGUE), history(CATALOGUE), fixed_days(CATALOGUE),
       st.sampled_from([None, "hill", "tempo"]), QUALITY)
def test_build_weeks_after_a_known_week_pass_the_auditor(athlete, past, fixed, key, last):
    check_solver_against_auditor(athlete, DEFAULT, past, fixed, key_quality=key,
                                 previous_quality=last)


SOFT_LENGTHS = (DEFAULT.with_rule("H-LONG-CAP", kind="soft", weight=7)
                .with_rule("H-SESSION-SPIKE", kind="soft", weight=9))
VOLUME = st.fixed_dictionaries({
    "run_minutes": st.sampled_from([60, 120, 200, 300, 420]),
    "longest_run": st.sampled_from([None, 45, 80, 120]),
    "recovery": st.booleans(),
    "long_ratio": st.sampled_from([None, 1.5]),
})


@settings(PROPERTY, max_examples=80)
@given(athletes(CATALOGUE), history(CATALOGUE), fixed_days(CATALOGUE), VOLUME,
       st.sampled_from([DEFAULT, SOFT_LENGTHS]))
def test_weeks_with_a_volume_target_pass_the_auditor(athlete, past, fixed, volume, rulebook):
    """The solver chooses run lengths (5-minute steps): its plan is legal and priced by the
    auditor exactly as by the solver, with hard or soft length limits."""
    check_solver_against_auditor(athlete, rulebook, past, fixed, **volume)

OWED = st.lists(st.sampled_from(["tempo", "hill", "sprint", "long"]), max_size=3).map(tuple)


@settings(PROPERTY, max_examples=100)
@given(athletes(CATALOGUE), fixed_days(CATALOGUE), st.integers(0, 6), OWED,
       st.sampled_from([DEFAULT, SOFTENED]))
def test_replanned_weeks_owing_missed_sessions_pass_the_auditor(athlete, fixed, today, owed,
                                                                rulebook):
    open_from = MONDAY + timedelta(days=today)
    check_solver_against_auditor(athlete, rulebook, fixed=fixed, owed=owed,
                                 open_from=open_from)


# ---------------------------------------------------------------- no cheaper legal neighbour

OWN_LENGTHS = st.fixed_dictionaries({}, optional={  # inside each type's range
    "easy": st.sampled_from([30, 50, 90]), "jog": st.sampled_from([20, 30]),
    "long": st.sampled_from([90, 120]), "tempo": st.sampled_from([45, 60]),
    "hill": st.sampled_from([45, 60])})
LENGTH_WEEK = st.fixed_dictionaries({
    "run_minutes": st.sampled_from([90, 150, 240, 360]),
    "longest_run": st.sampled_from([None, 40, 80]),
    "short_quality": st.booleans(),
    "phase": st.sampled_from(["build", "taper"]),
})


def cheaper_length_neighbours(spec: WeekSpec, sessions, objective_cp: int) -> list[str]:
    """Plans one run's length away from ``sessions`` (5 or 10 minutes longer or shorter, on
    the 5-minute grid, same start) that the auditor passes at a lower penalty."""
    found = []
    for i, s in enumerate(sessions):
        if not s.running or s.type == NOT_A_TRAINING_RUN:
            continue
        for step in (-10, -5, 5, 10):
            minutes = s.minutes + step
            if minutes <= 0 or minutes % 5:
                continue
            other = [*sessions[:i], s.model_copy(update={"minutes": minutes}), *sessions[i + 1:]]
            report = audit_week(spec, other, DEFAULT, CATALOGUE)
            if report.ok and report.penalty_cp < objective_cp:
                found.append(f"{s.describe()} at {minutes} min: {report.penalty_by_rule()}")
    return found


@settings(PROPERTY, max_examples=200)
@given(athletes(CATALOGUE), OWN_LENGTHS, LENGTH_WEEK)
def test_no_run_length_the_model_leaves_out_passes_the_audit_cheaper(athlete, own, week):
    """An optimal plan has no neighbour - one run 5 or 10 minutes longer or shorter - that the
    auditor passes at a lower penalty: every length the week model leaves out (the athlete's
    own length for a type, a taper or beginner week's short quality run, the hard limits)
    is one the auditor rejects. With the athlete's own lengths in the athlete file."""
    athlete = athlete.model_copy(update={"targets": athlete.targets.model_copy(
        update={"minutes": own})})
    targets = default_targets(athlete, DEFAULT, CATALOGUE).model_copy(update=week)
    spec = WeekSpec(athlete=athlete, week_start=MONDAY, targets=targets)
    result = solve_week(spec, DEFAULT, CATALOGUE, PARAMS)
    event(result.status.value)
    if result.status is not Status.optimal:
        return
    sessions = list(result.plan.sessions)
    event(f"{sum(s.running for s in sessions)} runs")
    assert audit_week(spec, sessions, DEFAULT, CATALOGUE).ok
    assert cheaper_length_neighbours(spec, sessions, round(result.objective * 100)) == []
