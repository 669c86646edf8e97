"""One walker of an athlete's weeks (models/block/chain.py).

plan_block, a squad unit and a re-plan with nothing changed walk the same athlete to the same
weeks, and the audit of the block's plan table sees the targets and history the planner
solved with: no hard finding, and a penalty equal to the solver's objectives. The rules of
the walk (history, hiking per period, done sessions, race day) are checked without a solver.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.audit.table import audit_table, block_targets
from models.block.chain import AthleteChain
from models.block.phases import block_weeks
from models.domain.catalogue import default_catalogue
from models.domain.rules import CENTI, default_rulebook
from solver.block.plan import plan_block
from solver.block.replan import replan
from solver.squad.unit_block import plan_unit
from solver.week.solve import SolveParams
from builders import MONDAY, make_athlete, make_session
from squads import setup_of

PARAMS = SolveParams(time_limit=10)
CATALOGUE = default_catalogue()
RULES = default_rulebook()
WEEK2 = MONDAY + timedelta(days=7)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _hiker(**fields):
    """Three weeks with runs, strength and hiking; mornings and evenings every day."""
    fields.setdefault("weeks", 3)
    return make_athlete({day: ["06:00-08:00", "17:00-20:00"] for day in DAYS},
                        targets={"runs": 4, "long": 1, "strength": 2, "hike_minutes": 90},
                        **fields)


def _tight():
    """A base week with no room for P-STRENGTH-TAPER's extra strength session."""
    return make_athlete({day: ["06:00-07:30"] for day in DAYS if day != "sat"}
                        | {"sat": ["07:00-10:00"]},
                        weeks=2, targets={"runs": 4, "long": 1, "strength": 2})


def _keys(sessions):
    return sorted((s.date, s.type, s.start, s.minutes) for s in sessions)


@pytest.fixture(scope="module")
def hiker_block():
    athlete = _hiker()
    block = plan_block(athlete, RULES, CATALOGUE, PARAMS)
    assert block.status_counts() == {"optimal": 3}  # identical weeks need proven optima
    assert all(p.targets.hike_minutes and p.targets.strength for p in block.phases)
    return athlete, block


def test_a_squad_unit_walks_the_athlete_to_the_same_weeks_as_plan_block(hiker_block):
    athlete, block = hiker_block
    unit = plan_unit("solo", [athlete], setup_of([athlete]), RULES, CATALOGUE, PARAMS)
    walked = unit.blocks[athlete.id]
    assert [_keys(r.plan.sessions) for r in walked.weeks] == \
        [_keys(r.plan.sessions) for r in block.weeks]
    assert walked.targets_by_week == block.targets_by_week


def test_a_replan_with_nothing_changed_walks_to_the_same_weeks(hiker_block):
    athlete, block = hiker_block
    today = WEEK2 + timedelta(days=2)
    actual = [s for s in block.sessions if s.date < today]
    result = replan(block.sessions, athlete, RULES, today, actual=actual, catalogue=CATALOGUE,
                    params=PARAMS)
    assert result.changes == []
    assert [r.week_start for r in result.weeks] == [WEEK2, WEEK2 + timedelta(days=7)]
    assert [_keys(r.plan.sessions) for r in result.weeks] == \
        [_keys(r.plan.sessions) for r in block.weeks[1:]]
    assert _keys(result.sessions) == _keys(block.sessions)


def test_the_audit_of_the_table_uses_the_planners_targets_and_history(hiker_block):
    athlete, block = hiker_block
    assert block_targets(block.frame(), athlete, RULES, CATALOGUE) == block.targets_by_week
    report = audit_table(block.frame(), athlete, RULES, CATALOGUE)
    assert [(f.week_start, f.rule_id, f.message) for f in report.hard_findings] == []
    assert report.penalty_cp == sum(round(r.objective * CENTI) for r in block.weeks)


# round 1's base weeks: one strength session more than the athlete's own number (round 2's
# P-STRENGTH-TAPER never raises it, so the relaxation is tested with a rulebook that does)
EXTRA_BASE = RULES.with_rule("P-STRENGTH-TAPER", params={"base": [2, 3], "base_extra": 1})


def test_the_audit_reads_the_relaxed_strength_week_as_the_planner_solved_it():
    athlete = _tight()
    block = plan_block(athlete, EXTRA_BASE, CATALOGUE, PARAMS)
    assert any("no room for the extra base session" in n for n in block.phases[0].notes)
    assert block_targets(block.frame(), athlete, EXTRA_BASE, CATALOGUE) == block.targets_by_week
    report = audit_table(block.frame(), athlete, EXTRA_BASE, CATALOGUE)
    assert report.hard_findings == []
    assert report.penalty_cp == sum(round(r.objective * CENTI) for r in block.weeks)


# ---------------------------------------------------------------- the walk, without a solver

def _done(*texts, week=MONDAY):
    return [make_session(text, CATALOGUE, week=week) for text in texts]


def test_resuming_replays_the_past_and_fixes_todays_done_sessions():
    """Re-planning from Wednesday of week 2: week 1 as it happened carries its hiking (one
    fortnight of S-HIKE-VOLUME) and its last two days (P-BOUNDARY) into week 2, whose Monday
    and Tuesday sessions are fixed and count toward its targets."""
    athlete = _hiker()
    week1 = _done("Mon easy 06:00", "Thu hike 17:00 60", "Sat long 06:00", "Sun hike 06:00 90",
                  "Sun strength 17:00")
    week2 = _done("Mon strength 17:00", "Tue hike 06:00 30", week=WEEK2)
    today = WEEK2 + timedelta(days=2)
    walk = AthleteChain.resume(athlete, RULES, CATALOGUE, done=week1 + week2, today=today)
    spec = walk.spec(WEEK2)
    planned = block_weeks(athlete, RULES, CATALOGUE)
    fortnight = planned[0].targets.hike_minutes + planned[1].targets.hike_minutes
    assert spec.targets.hike_minutes == max(0, fortnight - 150)
    assert _keys(spec.history) == _keys(week1[2:])  # Saturday and Sunday
    assert _keys(spec.fixed) == _keys(week2)
    assert spec.open_from == today


def test_a_recovery_week_hikes_at_most_its_share_of_the_week_before_and_catches_nothing_up():
    """P-RECOVERY: a recovery week is due no hiking missed earlier in its fortnight, and at
    most `load` (0.8) x what the week before really hiked, rounded down to 5 minutes."""
    athlete = _hiker(weeks=8)
    planned = block_weeks(athlete, RULES, CATALOGUE)
    recovery = next(w for w in planned if w.recovery)
    assert recovery.week % 2 == 0  # the second week of a fortnight: one could carry over
    before = recovery.week_start - timedelta(days=7)
    for hiked, due in ((60, 45), (100, 80), (0, 0)):
        done = _done(f"Sun hike 06:00 {hiked}", week=before) if hiked else []
        walk = AthleteChain.resume(athlete, RULES, CATALOGUE, done=done,
                                   today=recovery.week_start)
        assert walk.spec(recovery.week_start).targets.hike_minutes == min(
            due, recovery.targets.hike_minutes)
    # an ordinary week in that place is due the fortnight's hiking still missing
    ordinary = RULES.with_rule("P-RECOVERY", kind="off")
    walk = AthleteChain.resume(athlete, ordinary, CATALOGUE,
                               done=_done("Sun hike 06:00 60", week=before),
                               today=recovery.week_start)
    weeks = block_weeks(athlete, ordinary, CATALOGUE)
    fortnight = sum(w.targets.hike_minutes for w in weeks[recovery.week - 2:recovery.week])
    assert walk.spec(recovery.week_start).targets.hike_minutes == fortnight - 60


def test_with_p_boundary_off_no_week_sees_the_week_before():
    loose = RULES.with_rule("P-BOUNDARY", kind="off")
    walk = AthleteChain.resume(_hiker(), loose, CATALOGUE, done=_done("Sun strength 17:00"),
                               today=WEEK2)
    assert walk.spec(WEEK2).history == ()
    replayed = AthleteChain.ordinary(_hiker(), loose, CATALOGUE).replay(
        _done("Sun strength 17:00") + _done("Mon easy 06:00", week=WEEK2))
    assert [spec.history for spec, _ in replayed] == [(), ()]


def test_a_week_without_sessions_breaks_the_history():
    """A table's empty week inside the plan is walked too (audited as missing sessions): it
    sees the Sunday before it, and the week after it sees nothing."""
    walk = AthleteChain.ordinary(_hiker(), RULES, CATALOGUE)
    weeks = list(walk.replay(_done("Sun strength 17:00")
                             + _done("Mon easy 06:00", week=WEEK2 + timedelta(days=7))))
    assert [spec.week_start for spec, _ in weeks] == [MONDAY, WEEK2, WEEK2 + timedelta(days=7)]
    assert [len(sessions) for _, sessions in weeks] == [1, 0, 1]
    assert [s.type for s in weeks[1][0].history] == ["strength"]
    assert weeks[2][0].history == ()


def test_a_block_keeps_the_race_day_free_a_lone_week_does_not():
    race_day = date(2027, 1, 23)  # Saturday of week 3
    athlete = _hiker(race={"date": race_day, "distance_km": 10}, weeks=None)  # the block ends with the race week
    assert athlete.windows_on(race_day)
    assert AthleteChain.start(athlete, RULES, CATALOGUE).athlete.windows_on(race_day) == []
    assert AthleteChain.ordinary(athlete, RULES, CATALOGUE).athlete.windows_on(race_day)


def test_given_targets_win_and_other_weeks_are_ordinary():
    athlete = _hiker()
    walk = AthleteChain.ordinary(athlete, RULES, CATALOGUE)
    given = walk.ordinary_targets.model_copy(update={"runs": 2})
    walk = AthleteChain.ordinary(athlete, RULES, CATALOGUE, {WEEK2: given})
    specs = [spec for spec, _ in walk.replay(_done("Mon easy 06:00"))]
    assert [(s.week_start, s.targets.runs) for s in specs] == [(MONDAY, 4), (WEEK2, 2)]


def test_each_week_sees_the_one_quality_type_the_week_before_used_alone():
    """S-VARIETY's memory: the sole quality type of the week before (long runs are not
    quality), None after a mixed week, a week without one or without sessions, and first."""
    weeks = [MONDAY + timedelta(weeks=n) for n in range(6)]
    table = (_done("Tue sprint 06:00", "Sat long 06:00", "Thu sprint 17:00", week=weeks[0])
             + _done("Tue hill 06:00", "Thu tempo 06:00", week=weeks[1])
             + _done("Tue hill 06:00", "Sat long 06:00", week=weeks[2])
             + _done("Tue easy 06:00", "Sat long 06:00", week=weeks[3])
             + _done("Mon easy 06:00", week=weeks[5]))  # week 5 holds nothing
    walk = AthleteChain.ordinary(_hiker(), RULES, CATALOGUE)
    seen = [spec.previous_quality for spec, _ in walk.replay(table)]
    assert seen == [None, "sprint", None, "hill", None, None]
    assert AthleteChain.start(_hiker(), RULES, CATALOGUE).spec(MONDAY).previous_quality is None
