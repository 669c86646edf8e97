"""Blocks of weeks (solver/block/plan.py): chained solves verified by the auditor.

Every block here is audited as one plan table by models/audit.audit_plan, which gives each
week the previous week's last two days as history: a plan that broke a cross-day rule at a
week boundary, or whose penalty differed from the solver's objective, fails.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from models.domain.athlete import Athlete
from models.audit.week import audit_plan
from models.domain.catalogue import default_catalogue
from models.squad.generator import random_squad
from models.io.athlete_file import load_athlete
from models.domain.bundled import EXAMPLES_DIR
from models.block.phases import block_weeks
from models.domain.rules import CENTI, default_rulebook
from solver.block.plan import plan_block
from solver.week.solve import SolveParams

START = date(2027, 1, 4)
# a limit no week of these blocks reaches even on a busy machine (they take well under a
# second each): the tests compare statuses and plans, never speed
FAST = SolveParams(time_limit=60.0)


def athlete(availability: dict, **fields) -> Athlete:
    return Athlete(id=fields.pop("id", "t"), start=START, availability=availability, **fields)


def assert_audited(block, person: Athlete, rulebook=None) -> None:
    """No hard finding anywhere in the block, and the penalty of each week = its objective."""
    rulebook = rulebook or default_rulebook()
    report = audit_plan(block.frame(), person, rulebook, default_catalogue(),
                        block.targets_by_week)
    assert [f"{f.week_start} {f.rule_id}: {f.message}" for f in report.hard_findings] == []
    per_week = report.to_frame().groupby("week_start")["penalty"].sum()
    for result in block.weeks:
        assert round(per_week.get(result.week_start, 0.0) * CENTI) == round(
            result.objective * CENTI), result.week_start


@pytest.mark.parametrize("name", ["athlete", "trail-mountain-race", "beginner-little-time",
                                  "advanced-two-a-day"])
def test_example_blocks_pass_the_audit(name):
    person = load_athlete(EXAMPLES_DIR / f"{name}.yaml")
    block = plan_block(person, default_rulebook(), params=FAST)
    assert block.status_counts() == {"optimal": len(block.phases)}
    assert_audited(block, person)


def test_random_blocks_pass_the_audit():
    for person in random_squad(seed=4, count=3, difficulty="loose"):
        block = plan_block(person, default_rulebook(), params=FAST)
        assert block.ok, block.status_counts()
        assert_audited(block, person)


# A hard Sunday at the end of week 1 (the only window for the long run), and a Monday
# window that fits a hill session: week 1 puts its hill on Monday (S-HILL-SPRINT), week 2
# must not (H-HARD-SPACING across the boundary) and pays S-HILL-SPRINT instead.
HARD_SUNDAY = dict(
    availability={"mon": ["07:00-08:15"], "wed": ["18:00-18:40"], "sun": ["07:00-11:00"]},
    targets={"runs": 2, "long": 1, "strength": 0},
)
# Strength on Sunday evening (17:00-17:35): a hill on Monday 07:00 would start 13.4 h later,
# inside H-STRENGTH-BEFORE-HARD's 24 h. Week 1 has no such history and takes the hill.
STRENGTH_SUNDAY = dict(
    availability={"mon": ["07:00-08:15"], "sat": ["07:00-11:00"], "sun": ["17:00-17:40"]},
    targets={"runs": 2, "long": 1, "strength": 1},
)


def mondays_hard(block) -> list[bool]:
    frame = block.frame()
    return [bool(frame[(frame["date"] == pd.Timestamp(p.week_start))]["hard"].any())
            for p in block.phases]


@pytest.mark.parametrize("case, sunday", [(HARD_SUNDAY, "long"), (STRENGTH_SUNDAY, "strength")])
def test_no_hard_monday_after_the_week_boundary(case, sunday):
    person = athlete(weeks=2, phases=["build", "build"], **case)
    block = plan_block(person, default_rulebook(), params=FAST)
    frame = block.frame()
    first_sunday = frame[frame["date"] == pd.Timestamp(START + timedelta(days=6))]
    assert first_sunday["session"].tolist() == [sunday]
    assert mondays_hard(block) == [True, False]
    assert_audited(block, person)
    # without the boundary the second week repeats the first: the boundary made the difference
    loose = default_rulebook().with_rule("P-BOUNDARY", kind="off")
    unchained = plan_block(person, loose, params=FAST)
    assert mondays_hard(unchained) == [True, True]
    assert_audited(unchained, person, loose)  # and the auditor does not hold it against it


def test_hiking_is_accounted_per_fortnight():
    # the long run takes Saturday (the only window for it: Sunday's 70 minutes are under an
    # intermediate's shortest long run, 75); hikes fit only Sunday 08:00-09:10 (at most 60
    # min) against a weekly target of 150 (build phase, factor 1): week 1 is due 150 and
    # hikes 60, so week 2 is due 300 - 60 = 240; week 3 starts a new fortnight.
    person = athlete(
        {"mon": ["18:00-19:00"], "wed": ["18:00-19:00"], "sat": ["07:00-10:00"],
         "sun": ["08:00-09:10"]},
        weeks=3, phases=["build"] * 3, targets={"runs": 3, "strength": 0, "hike_minutes": 150})
    # P-OVERLOAD off: the long run keeps its length and no load cap takes hiking away (the
    # cap's own tests are in test_load_ramp.py), so only the fortnight accounting is seen
    steady = default_rulebook().with_rule("P-OVERLOAD", kind="off")
    block = plan_block(person, steady, params=FAST)
    summary = block.summary()
    assert summary["hike_min"].tolist() == [60, 60, 60]
    assert summary["hike_due"].tolist() == [150, 240, 150]
    assert [r.penalty_by_rule().get("S-HIKE-VOLUME") for r in block.weeks] == [90, 180, 90]
    assert_audited(block, person, steady)


def test_an_unsolvable_week_is_recorded_and_the_block_goes_on():
    days = {d: ["06:00-22:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    away = {START + timedelta(days=7 + d): [] for d in range(7)}  # week 2: no window at all
    person = athlete(days, weeks=3, phases=["build"] * 3, exceptions=away,
                     targets={"runs": 3, "strength": 2})
    block = plan_block(person, default_rulebook(), params=FAST)
    assert [r.status.value for r in block.weeks] == ["optimal", "infeasible", "optimal"]
    assert block.status_counts() == {"optimal": 2, "infeasible": 1}
    assert "hard rules" in block.unsolved[0].message
    summary = block.summary()
    assert summary["status"].tolist() == ["optimal", "infeasible", "optimal"]
    assert summary["sessions"].tolist()[1] == 0
    assert set(block.frame()["week_start"]) == {pd.Timestamp(START),
                                                pd.Timestamp(START + timedelta(days=14))}


def test_race_day_holds_the_race_and_the_summary_carries_nutrition():
    person = load_athlete(EXAMPLES_DIR / "trail-mountain-race.yaml")
    person = person.model_copy(update={"start": person.race.date - timedelta(days=5 + 14)})
    block = plan_block(person, default_rulebook(), params=FAST)
    frame = block.frame()
    assert len(block.weeks) == 3
    race_day = frame[frame["date"] == pd.Timestamp(person.race.date)]
    assert race_day["session"].tolist() == ["race"]  # the race, and nothing else that day
    strength = frame[frame["session"] == "strength"]["details"]
    # 70 kg: 112-154 g a day (1.6-2.2 g/kg), 20-40 g after strength (002)
    assert strength.str.contains("daily protein 112-154 g").all()
    assert strength.str.contains("protein 20-40 g within 1-2 h after").all()
    summary = block.summary()
    assert summary["protein"].str.startswith("daily protein 112-154 g").all()
    assert summary["phase"].tolist() == ["base", "build", "taper"]


def test_blocks_are_deterministic():
    person = load_athlete(EXAMPLES_DIR / "athlete.yaml").model_copy(update={"weeks": 3})
    first = plan_block(person, default_rulebook(), params=FAST)
    second = plan_block(person, default_rulebook(), params=FAST)
    pd.testing.assert_frame_equal(first.frame(), second.frame())
    assert [r.objective for r in first.weeks] == [r.objective for r in second.weeks]


def test_base_week_without_room_for_the_extra_strength_session_gets_the_athletes_own():
    """Round 1's P-STRENGTH-TAPER asks base weeks for one more strength session than the
    athlete's number; a week with no room for it (one window a day, 4 runs, a rest day) is planned
    with the athlete's own 2 rather than left without a plan."""
    from builders import make_athlete as tiny

    athlete = tiny({day: ["06:00-07:30"] for day in ("mon", "tue", "wed", "thu", "fri", "sun")}
                   | {"sat": ["07:00-10:00"]},
                   weeks=8, targets={"runs": 4, "long": 1, "strength": 2})
    # round 1's P-STRENGTH-TAPER (round 2 never raises the athlete's number)
    rulebook = default_rulebook().with_rule("P-STRENGTH-TAPER",
                                            params={"base": [2, 3], "base_extra": 1})
    planned = block_weeks(athlete, rulebook, default_catalogue())
    assert planned[0].phase == "base" and planned[0].targets.strength == 3
    block = plan_block(athlete, rulebook, params=SolveParams(time_limit=5))
    first = block.weeks[0]
    assert first.status.has_plan
    assert sum(s.type == "strength" for s in first.plan.sessions) == 2
    assert block.phases[0].targets.strength == 2
    assert any("no room for the extra base session" in note for note in block.phases[0].notes)


def test_the_mountain_race_gets_hill_sessions_in_its_build_and_peak_weeks():
    """2400 m of climbing: a coach wants a hill session in >= 80 % of build and peak weeks
    (round 1 chose sprints: 0 hill sessions in 17 weeks)."""
    person = load_athlete(EXAMPLES_DIR / "trail-mountain-race.yaml")
    block = plan_block(person, default_rulebook(), params=FAST)
    key_weeks = [(phase, result) for phase, result in zip(block.phases, block.weeks)
                 if phase.phase in ("build", "peak")]
    assert len(key_weeks) >= 5 and all(p.targets.key_quality == "hill" for p, _ in key_weeks)
    with_hill = [any(s.type == "hill" for s in result.plan.sessions) for _, result in key_weeks]
    assert sum(with_hill) >= 0.8 * len(key_weeks), with_hill


def test_the_trail_races_block_keeps_the_race_eve_and_the_days_after_clear():
    """The trail example: a `race` row on race day at race.start; nothing hard in the 48 h
    and no strength in the 96 h before it; the taper's race week at most 0.6 of the peak."""
    person = load_athlete(EXAMPLES_DIR / "trail-mountain-race.yaml")
    block = plan_block(person, default_rulebook(), params=FAST)
    frame = block.frame()
    race = frame[frame["session"] == "race"]
    assert race["date"].tolist() == [pd.Timestamp(person.race.date)]
    assert race["start"].tolist() == ["07:00"] and race["details"].tolist() == \
        ["Race: 42 km, 2400 m"]
    start = pd.Timestamp(person.race.date) + pd.Timedelta(hours=7)
    others = frame[frame["session"] != "race"]
    ends = others["date"] + pd.to_timedelta(others["end"] + ":00")
    hard = others[others["hard"] & (ends > start - pd.Timedelta(hours=48))]
    strength = others[(others["session"] == "strength")
                      & (ends > start - pd.Timedelta(hours=96))]
    assert hard.empty and strength.empty
    running = frame[frame["session"].isin(["easy", "jog", "long", "tempo", "hill", "sprint"])]
    minutes = running.groupby("week_start")["minutes"].sum()
    assert minutes.iloc[-1] <= 0.6 * minutes.max()
