"""S-EVE-OF-KEY across a week boundary (models/block/eve_repair.py): a week whose Monday key
run follows a long Sunday hike has the week before planned again, knowing that Monday.

The athlete: a Monday evening window that only a quality run fits, the long run on Saturday
morning, and hikes preferred on Sunday. Planned one week at a time, week 1 hikes 120 minutes
on Sunday and week 2's Monday sprint pays S-EVE-OF-KEY for it; planned again, week 1 takes
90 of its minutes on Saturday afternoon (one S-PREFERENCE miss) and no week pays for the eve.
"""

from __future__ import annotations

from datetime import date, timedelta

from models.audit.week import audit_plan
from models.block.eve_repair import NOTE
from models.domain.athlete import Athlete
from models.domain.catalogue import default_catalogue
from models.domain.rules import CENTI, default_rulebook
from solver.block.plan import plan_block
from solver.explain.block_week import block_week_spec
from solver.explain.explain import explain_week
from solver.squad.unit_block import plan_unit
from solver.week.solve import SolveParams

from squads import setup_of

FAST = SolveParams(time_limit=60.0)
RULES = default_rulebook()


def sunday_hiker(athlete_id: str = "eve") -> Athlete:
    return Athlete(
        id=athlete_id, level="intermediate", group="club", start=date(2027, 1, 4), weeks=3,
        targets={"runs": 2, "long": 1, "strength": 0, "hike_minutes": 120,
                 "run_minutes": 130},
        availability={"mon": ["18:00-19:30"], "sat": ["07:00-10:00", "15:00-18:00"],
                      "sun": ["08:00-12:00"]},
        preferences={"long": ["sat"], "hike": ["sun"]})


def heavy_eves(sessions) -> list[str]:
    """Each key run (long, tempo, hill, sprint) the day after a hike over 60 min or strength."""
    found = []
    for key in sessions:
        if not key.hard_run:
            continue
        for eve in sessions:
            if eve.date == key.date - timedelta(days=1) and (
                    eve.type == "hike" and eve.minutes > 60 or eve.type == "strength"):
                found.append(f"{eve.date} {eve.type} {eve.minutes} -> {key.type}")
    return found


def test_no_key_run_follows_a_long_sunday_hike_in_a_planned_block():
    person = sunday_hiker()
    block = plan_block(person, RULES, params=FAST)
    sessions = [s for week in block.weeks for s in week.plan.sessions]
    assert heavy_eves(sessions) == []
    assert any(s.date.weekday() == 0 and s.hard_run for s in sessions[1:])  # Mondays kept
    assert [NOTE in phase.notes for phase in block.phases] == [True, True, False]
    assert "S-EVE-OF-KEY" not in {i.rule_id for w in block.weeks for i in w.breakdown}


def test_a_repaired_block_passes_the_audit_at_the_solver_penalty():
    """The week planned again pays nothing for the look-ahead, so `check` (which replays the
    table without it) finds each week's penalty = its objective."""
    person = sunday_hiker()
    block = plan_block(person, RULES, params=FAST)
    report = audit_plan(block.frame(), person, RULES, default_catalogue(),
                        block.targets_by_week)
    assert report.hard_findings == []
    per_week = report.to_frame().groupby("week_start")["penalty"].sum()
    for result in block.weeks:
        assert round(per_week.get(result.week_start, 0.0) * CENTI) == round(
            result.objective * CENTI)


def test_without_s_eve_of_key_the_block_is_planned_one_week_at_a_time():
    """The repair is S-EVE-OF-KEY's: with the rule off, week 1 keeps its Sunday hike."""
    block = plan_block(sunday_hiker(), RULES.with_rule("S-EVE-OF-KEY", kind="off"),
                       params=FAST)
    sessions = [s for week in block.weeks for s in week.plan.sessions]
    assert heavy_eves(sessions) != []
    assert not any(NOTE in phase.notes for phase in block.phases)


def test_explain_in_block_explains_the_week_as_planned_again():
    """`weekplan explain --in-block` explains the model the block solved for the week: the
    one that knew the next Monday's key run, and it says so."""
    person = sunday_hiker()
    spec = block_week_spec(person, RULES, default_catalogue(), date(2027, 1, 4), FAST)
    assert spec.key_run_next_monday
    explanation = explain_week(spec, RULES, default_catalogue()).to_dict()
    assert explanation["note"] == NOTE
    assert explanation["objective"] == plan_block(person, RULES, params=FAST).weeks[0].objective
    last = block_week_spec(person, RULES, default_catalogue(), date(2027, 1, 18), FAST)
    assert "note" not in explain_week(last, RULES, default_catalogue()).to_dict()


def test_a_squad_unit_steps_back_as_a_lone_block_does():
    """Two such athletes in one training group (no group sessions): the unit steps back for
    both at once and plans each the weeks of the block alone, repaired."""
    people = [sunday_hiker("eve1"), sunday_hiker("eve2")]
    unit = plan_unit("club", people, setup_of(people), RULES, default_catalogue(), FAST)
    alone = plan_block(people[0], RULES, params=FAST)
    for person in people:
        weeks = unit.blocks[person.id].weeks
        assert heavy_eves([s for w in weeks for s in w.plan.sessions]) == []
        assert [w.objective for w in weeks] == [w.objective for w in alone.weeks]
    assert len(unit.weeks) == 3
