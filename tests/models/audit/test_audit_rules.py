"""The plain-Python auditor, rule by rule: given these sessions, this rule says ...

Each hard rule has a plan that breaks it (caught under its id) and a near-identical plan
that does not (not flagged), so removing or loosening a check fails a test. Each soft rule
has a hand-computed penalty. Semantics: docs/rules.md.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from models.audit.week import audit_plan, audit_week, sessions_from_frame
from models.domain.errors import InputError
from models.domain.plan import sessions_frame
from models.domain.week import WeekTargets

from builders import MONDAY, PREVIOUS, make_athlete, make_spec


@pytest.fixture
def audit(plan, rulebook, catalogue):
    """audit("Mon easy 07:00", ..., spec=..., rulebook=..., history=[...]) -> AuditReport."""
    def run(*texts, spec=None, rules=None, history=()):
        week_spec = spec or make_spec(history=history)
        return audit_week(week_spec, plan(*texts), rules or rulebook, catalogue)
    return run


def hard(report, rule_id: str) -> int:
    """Hard violations of one rule in a report."""
    return sum(f.violations for f in report.hard_findings if f.rule_id == rule_id)


def points(report, rule_id: str) -> float:
    return report.penalty_by_rule().get(rule_id, 0.0)


# ---------------------------------------------------------------- hard rules

def test_h_avail_flags_a_session_running_past_its_window(audit):
    athlete = make_athlete({"tue": ["18:00-19:30"]})
    assert hard(audit("Tue easy 18:45", spec=make_spec(athlete)), "H-AVAIL") == 0  # ends 19:30
    assert hard(audit("Tue easy 18:50", spec=make_spec(athlete)), "H-AVAIL") == 1
    assert hard(audit("Wed easy 18:00", spec=make_spec(athlete)), "H-AVAIL") == 1  # no window


def test_h_avail_respects_dated_exceptions(audit):
    athlete = make_athlete({"tue": ["18:00-19:30"]}, exceptions={date(2027, 1, 5): []})
    assert hard(audit("Tue easy 18:00", spec=make_spec(athlete)), "H-AVAIL") == 1


def test_h_avail_ignores_fixed_sessions(audit, plan):
    athlete = make_athlete({"tue": ["18:00-19:30"]})
    fixed = plan("Wed easy 12:00")
    spec = make_spec(athlete, fixed=tuple(fixed))
    assert hard(audit("Wed easy 12:00", spec=spec), "H-AVAIL") == 0
    assert hard(audit("Wed easy 12:00", spec=make_spec(athlete)), "H-AVAIL") == 1


def test_h_overlap_flags_overlapping_sessions(audit):
    assert hard(audit("Mon easy 07:00", "Mon strength 07:40"), "H-OVERLAP") == 1
    assert hard(audit("Mon easy 07:00", "Mon strength 07:45"), "H-OVERLAP") == 0  # touching


def test_h_overlap_flags_more_sessions_a_day_than_max_per_day(audit, rulebook):
    day = ("Mon easy 06:00", "Mon hike 08:00 60", "Mon jog 20:00")
    assert hard(audit(*day), "H-OVERLAP") == 1
    assert hard(audit(*day[:2]), "H-OVERLAP") == 0
    three = rulebook.with_rule("H-OVERLAP", params={"max_per_day": 3})
    assert hard(audit(*day, rules=three), "H-OVERLAP") == 0


def test_h_overlap_flags_two_strength_sessions_a_day(audit):
    assert hard(audit("Mon strength 07:00", "Mon strength 18:00"), "H-OVERLAP") == 1
    assert hard(audit("Mon strength 07:00", "Tue strength 18:00"), "H-OVERLAP") == 0


def test_h_overlap_flags_two_hard_runs_a_day(audit):
    assert hard(audit("Mon tempo 07:00", "Mon hill 18:00"), "H-OVERLAP") == 1
    assert hard(audit("Mon tempo 07:00", "Mon easy 18:00"), "H-OVERLAP") == 0


def test_h_gap_needs_six_hours_between_strength_and_a_run(audit):
    # strength 07:00-07:35; the run must not start before 13:35
    assert hard(audit("Mon strength 07:00", "Mon easy 13:30"), "H-GAP") == 1
    assert hard(audit("Mon strength 07:00", "Mon easy 13:35"), "H-GAP") == 0
    # run first: easy 07:00-07:45, strength not before 13:45
    assert hard(audit("Mon easy 07:00", "Mon strength 13:40"), "H-GAP") == 1
    assert hard(audit("Mon easy 07:00", "Mon strength 13:45"), "H-GAP") == 0
    assert hard(audit("Mon strength 07:00", "Tue easy 08:00"), "H-GAP") == 0  # other day


def test_h_gap_counts_each_pair_and_reads_gap_h(audit, rulebook):
    two = audit("Mon jog 06:00", "Mon strength 09:00", "Mon easy 12:00")
    assert hard(two, "H-GAP") == 2
    three_hours = rulebook.with_rule("H-GAP", params={"gap_h": 2})
    assert hard(audit("Mon jog 06:00", "Mon strength 09:00", "Mon easy 12:00",
                      rules=three_hours), "H-GAP") == 0


def test_h_strength_hard_day(audit):
    assert hard(audit("Mon strength 07:00", "Mon tempo 18:00"), "H-STRENGTH-HARD-DAY") == 1
    assert hard(audit("Mon strength 07:00", "Mon easy 18:00"), "H-STRENGTH-HARD-DAY") == 0


def test_h_strength_before_hard_within_the_week(audit):
    # strength ends Mon 18:35; the tempo must start at Tue 18:35 or later
    assert hard(audit("Mon strength 18:00", "Tue tempo 18:30"), "H-STRENGTH-BEFORE-HARD") == 1
    assert hard(audit("Mon strength 18:00", "Tue tempo 18:35"), "H-STRENGTH-BEFORE-HARD") == 0
    # strength after the hard run is not this rule's business
    assert hard(audit("Tue tempo 07:00", "Tue strength 18:00"), "H-STRENGTH-BEFORE-HARD") == 0


def test_h_strength_before_hard_across_the_week_boundary(audit, plan):
    history = plan("Sun strength 18:00", week=PREVIOUS)
    report = audit("Mon hill 18:00", history=history)
    assert hard(report, "H-STRENGTH-BEFORE-HARD") == 1
    finding = next(f for f in report.hard_findings if f.rule_id == "H-STRENGTH-BEFORE-HARD")
    assert finding.sessions == "Sun strength 18:00 + Mon hill 18:00"
    assert finding.date == MONDAY
    assert hard(audit("Mon hill 18:35", history=history), "H-STRENGTH-BEFORE-HARD") == 0


def test_h_hard_spacing_within_the_week(audit):
    assert hard(audit("Mon tempo 07:00", "Tue hill 07:00"), "H-HARD-SPACING") == 1
    assert hard(audit("Mon tempo 07:00", "Wed hill 07:00"), "H-HARD-SPACING") == 0


def test_h_hard_spacing_across_the_week_boundary(audit, plan):
    sunday = plan("Sun long 08:00", week=PREVIOUS)
    saturday = plan("Sat long 08:00", week=PREVIOUS)
    assert hard(audit("Mon tempo 07:00", history=sunday), "H-HARD-SPACING") == 1
    assert hard(audit("Mon tempo 07:00", history=saturday), "H-HARD-SPACING") == 0
    assert hard(audit("Mon easy 07:00", history=sunday), "H-HARD-SPACING") == 0
    # a week planned knowing the next Monday's key run (models/block/eve_repair.py)
    before_key = make_spec(key_run_next_monday=True)
    assert hard(audit("Sun long 08:00", spec=before_key), "H-HARD-SPACING") == 1
    assert hard(audit("Sun easy 08:00", "Sat tempo 08:00", spec=before_key),
                "H-HARD-SPACING") == 0
    assert hard(audit("Sun long 08:00"), "H-HARD-SPACING") == 0


def test_h_rest_needs_a_day_without_running_or_strength(audit, rulebook):
    six = ("Mon easy 07:00", "Tue strength 07:00", "Wed easy 07:00", "Thu easy 07:00",
           "Fri strength 07:00", "Sat long 07:00")
    assert hard(audit(*six, "Sun easy 07:00"), "H-REST") == 1
    assert hard(audit(*six, "Sun hike 07:00 60"), "H-REST") == 0  # a brisk hike is recovery
    two = rulebook.with_rule("H-REST", params={"min_days": 2})
    assert hard(audit(*six, "Sun hike 07:00 60", rules=two), "H-REST") == 1
    assert hard(audit(*six, "Sun easy 07:00", rules=two), "H-REST") == 2


def test_h_rest_a_long_hike_is_training_not_rest(audit, rulebook):
    """Round 2: the rest day holds at most max_hike (60) minutes of hiking in all; round 1
    counted the 240-min Sunday hike as the rest day."""
    six = ("Mon easy 07:00", "Tue strength 07:00", "Wed easy 07:00", "Thu easy 07:00",
           "Fri strength 07:00", "Sat long 07:00")
    assert hard(audit(*six, "Sun hike 07:00 240"), "H-REST") == 1
    assert hard(audit(*six, "Sun hike 07:00 90"), "H-REST") == 1
    assert hard(audit(*six, "Sun hike 07:00 60", "Sun hike 15:00 60"), "H-REST") == 1  # 120 min
    longer = rulebook.with_rule("H-REST", params={"max_hike": 90})
    assert hard(audit(*six, "Sun hike 07:00 90", rules=longer), "H-REST") == 0
    any_hike = rulebook.with_rule("H-REST", params={"max_hike": None})  # the round1 reading
    assert hard(audit(*six, "Sun hike 07:00 240", rules=any_hike), "H-REST") == 0


def test_h_strength_spacing_forbids_strength_on_consecutive_days(audit, rulebook):
    assert hard(audit("Mon strength 07:00", "Tue strength 18:00"), "H-STRENGTH-SPACING") == 1
    assert hard(audit("Mon strength 07:00", "Wed strength 07:00"), "H-STRENGTH-SPACING") == 0
    assert hard(audit("Mon strength 07:00", "Tue strength 07:00", "Wed strength 07:00"),
                "H-STRENGTH-SPACING") == 2  # one per pair of days
    three = rulebook.with_rule("H-STRENGTH-SPACING", params={"min_days_between": 3})
    assert hard(audit("Mon strength 07:00", "Wed strength 07:00", rules=three),
                "H-STRENGTH-SPACING") == 1
    assert hard(audit("Mon strength 07:00", "Thu strength 07:00", rules=three),
                "H-STRENGTH-SPACING") == 0


def test_h_strength_spacing_across_the_week_boundary(audit, plan):
    sunday = plan("Sun strength 18:00", week=PREVIOUS)
    saturday = plan("Sat strength 18:00", week=PREVIOUS)
    assert hard(audit("Mon strength 07:00", history=sunday), "H-STRENGTH-SPACING") == 1
    assert hard(audit("Mon strength 07:00", history=saturday), "H-STRENGTH-SPACING") == 0


def test_h_strength_count_is_exact(audit):
    spec = make_spec(strength=2)
    assert hard(audit("Mon strength 07:00", spec=spec), "H-STRENGTH-COUNT") == 1
    assert hard(audit("Mon strength 07:00", "Thu strength 07:00", spec=spec),
                "H-STRENGTH-COUNT") == 0
    assert hard(audit("Mon strength 07:00", "Wed strength 07:00", "Fri strength 07:00",
                      spec=spec), "H-STRENGTH-COUNT") == 1


def test_h_run_count_counts_runs_and_long_runs(audit):
    spec = make_spec(runs=3, long=1)
    assert hard(audit("Mon easy 07:00", "Wed tempo 07:00", "Sat long 07:00", spec=spec),
                "H-RUN-COUNT") == 0
    assert hard(audit("Mon easy 07:00", "Wed tempo 07:00", "Sat easy 07:00", spec=spec),
                "H-RUN-COUNT") == 1  # no long run
    assert hard(audit("Wed tempo 07:00", "Sat long 07:00", spec=spec), "H-RUN-COUNT") == 1
    assert hard(audit("Mon easy 07:00", "Wed tempo 07:00", "Sat long 07:00", "Sun long 07:00",
                      spec=spec), "H-RUN-COUNT") == 2  # one run and one long run too many
    # strength and hikes are not runs
    assert hard(audit("Mon strength 07:00", "Wed hike 07:00", "Sat long 07:00", spec=spec),
                "H-RUN-COUNT") == 2


# ---------------------------------------------------------------- soft rules

def test_s_hill_sprint_costs_100_in_a_week_without_one(audit):
    assert points(audit("Mon easy 07:00", "Sat long 07:00"), "S-HILL-SPRINT") == 100.0
    assert points(audit("Mon sprint 07:00", "Sat long 07:00"), "S-HILL-SPRINT") == 0.0


def test_s_specificity_costs_60_in_a_build_week_without_the_key_type(audit, rulebook):
    hilly = make_spec(key_quality="hill")
    assert points(audit("Tue sprint 07:00", "Sat long 08:00", spec=hilly), "S-SPECIFICITY") \
        == 60.0
    assert points(audit("Tue hill 07:00", "Sat long 08:00", spec=hilly), "S-SPECIFICITY") == 0.0
    assert points(audit(spec=hilly), "S-SPECIFICITY") == 60.0  # an empty week misses it too
    road = make_spec(key_quality="tempo")
    assert points(audit("Tue hill 07:00", "Thu sprint 07:00", spec=road), "S-SPECIFICITY") \
        == 60.0  # once a week, however many other quality runs
    assert points(audit("Tue tempo 07:00", spec=road), "S-SPECIFICITY") == 0.0
    assert points(audit("Tue sprint 07:00"), "S-SPECIFICITY") == 0.0  # no key type: base week
    heavier = rulebook.with_rule("S-SPECIFICITY", weight=80)
    assert points(audit("Tue sprint 07:00", spec=hilly, rules=heavier), "S-SPECIFICITY") == 80.0
    finding = next(f for f in audit(spec=hilly).findings if f.rule_id == "S-SPECIFICITY")
    assert "hill" in finding.message and "build" in finding.message


def test_s_variety_costs_15_when_the_week_repeats_last_weeks_one_quality_type(audit, rulebook):
    after_sprints = make_spec(previous_quality="sprint")
    assert points(audit("Tue sprint 07:00", spec=after_sprints), "S-VARIETY") == 15.0
    assert points(audit("Tue sprint 07:00", "Thu sprint 07:00", spec=after_sprints),
                  "S-VARIETY") == 15.0  # once a week
    assert points(audit("Tue sprint 07:00", "Thu hill 07:00", spec=after_sprints),
                  "S-VARIETY") == 0.0  # mixed
    assert points(audit("Tue hill 07:00", spec=after_sprints), "S-VARIETY") == 0.0
    assert points(audit("Tue easy 07:00", "Sat long 08:00", spec=after_sprints),
                  "S-VARIETY") == 0.0  # no quality run, nothing repeated
    assert points(audit("Tue sprint 07:00"), "S-VARIETY") == 0.0  # no week before (lone week)
    after_hills = make_spec(previous_quality="hill")
    assert points(audit("Tue hill 07:00", spec=after_hills), "S-VARIETY") == 15.0
    specific = make_spec(previous_quality="hill", key_quality="hill")
    assert points(audit("Tue hill 07:00", spec=specific), "S-VARIETY") == 0.0  # exempt
    after_tempo = make_spec(previous_quality="tempo", key_quality="tempo")
    assert points(audit("Tue tempo 07:00", spec=after_tempo), "S-VARIETY") == 15.0  # not exempt
    off = rulebook.with_rule("S-VARIETY", kind="off")
    assert points(audit("Tue sprint 07:00", spec=after_sprints, rules=off), "S-VARIETY") == 0.0


def test_s_hike_volume_costs_a_point_per_minute_short(audit):
    spec = make_spec(hike_minutes=120)
    assert points(audit("Sat hike 08:00 90", spec=spec), "S-HIKE-VOLUME") == 30.0
    assert points(audit("Sat hike 08:00 60", "Sun hike 08:00 60", spec=spec),
                  "S-HIKE-VOLUME") == 0.0
    assert points(audit("Mon easy 07:00", spec=spec), "S-HIKE-VOLUME") == 120.0


def test_s_strength_timing_costs_20_per_badly_timed_day(audit):
    report = audit(
        "Mon strength 07:00", "Mon easy 18:00",  # run after strength: 1
        "Wed easy 06:00", "Wed strength 18:00",  # strength after an easy run: 0
        "Thu tempo 07:00", "Thu strength 18:00",  # after a hard run: 1
        "Fri strength 07:00",  # a non-running day: 0
    )
    assert points(report, "S-STRENGTH-TIMING") == 40.0


def test_s_strength_first_when_switched_on(audit, rulebook):
    day_plan = (
        "Mon strength 07:00", "Mon easy 18:00",  # strength first: 0
        "Wed easy 06:00", "Wed strength 18:00",  # run first: 1
        "Thu jog 06:00", "Thu easy 07:00", "Thu strength 18:00",  # two runs first: once, 1
    )
    assert points(audit(*day_plan), "S-STRENGTH-FIRST") == 0.0  # off by default
    on = rulebook.with_rule("S-STRENGTH-FIRST", kind="soft", weight=20)
    assert points(audit(*day_plan, rules=on), "S-STRENGTH-FIRST") == 40.0
    as_hard = rulebook.with_rule("S-STRENGTH-FIRST", kind="hard")
    assert hard(audit(*day_plan, rules=as_hard), "S-STRENGTH-FIRST") == 2


def test_s_hike_recovery_costs_10_per_hike_not_after_a_hard_day(audit, plan):
    report = audit("Mon tempo 07:00", "Tue hike 08:00",  # after a hard run: 0
                   "Wed easy 07:00", "Thu hike 08:00",  # after an easy run: 1
                   "Sat hike 08:00")  # after nothing: 1
    assert points(report, "S-HIKE-RECOVERY") == 20.0
    hard_sunday = plan("Sun hill 07:00", week=PREVIOUS)
    easy_sunday = plan("Sun easy 07:00", week=PREVIOUS)
    assert points(audit("Mon hike 08:00", history=hard_sunday), "S-HIKE-RECOVERY") == 0.0
    assert points(audit("Mon hike 08:00", history=easy_sunday), "S-HIKE-RECOVERY") == 10.0


def test_s_preference_costs_5_per_session_off_its_days(audit):
    athlete = make_athlete(preferences={"long": ["sat", "sun"], "easy": ["mon"]})
    report = audit("Sat long 07:00", "Wed long 07:00", "Mon easy 07:00", "Tue easy 07:00",
                   "Thu tempo 07:00", spec=make_spec(athlete))
    assert points(report, "S-PREFERENCE") == 10.0  # Wed long, Tue easy


def test_s_load_spread_costs_005_per_unit_of_the_highest_daily_load(audit, rulebook):
    """Retired in round 2 (off by default); round1 and a rulebook turning it soft use it."""
    spread = rulebook.with_rule("S-LOAD-SPREAD", kind="soft")
    # Mon: easy 45 min x rpe 3 + strength 35 min x rpe 6 = 135 + 210 = 345; Wed: 30 x 3 = 90
    report = audit("Mon easy 07:00", "Mon strength 18:00", "Wed easy 07:00 30", rules=spread)
    assert points(report, "S-LOAD-SPREAD") == pytest.approx(17.25)
    finding = next(f for f in report.findings if f.rule_id == "S-LOAD-SPREAD")
    assert (finding.violations, finding.date) == (345, MONDAY)
    # rpe comes from the plan: an easy run felt as rpe 5 -> 45 x 5 + 210 = 435
    assert points(audit("Mon easy 07:00 45 rpe=5", "Mon strength 18:00", rules=spread),
                  "S-LOAD-SPREAD") == pytest.approx(21.75)
    assert points(audit("Mon easy 07:00", "Mon strength 18:00"),
                  "S-LOAD-SPREAD") == 0.0  # off in the default rulebook


def test_s_eve_of_key_costs_30_per_long_hike_or_strength_the_day_before_a_key_run(audit):
    assert points(audit("Fri hike 08:00 90", "Sat long 08:00"), "S-EVE-OF-KEY") == 30.0
    assert points(audit("Fri hike 08:00 60", "Sat long 08:00"), "S-EVE-OF-KEY") == 0.0
    assert points(audit("Tue hike 08:00 180", "Wed tempo 08:00"), "S-EVE-OF-KEY") == 30.0
    assert points(audit("Tue hike 08:00 180", "Wed easy 08:00"), "S-EVE-OF-KEY") == 0.0
    assert points(audit("Fri strength 06:00", "Sat long 10:00"), "S-EVE-OF-KEY") == 30.0
    assert points(audit("Thu strength 06:00", "Sat long 10:00"), "S-EVE-OF-KEY") == 0.0
    assert points(audit("Fri strength 06:00", "Fri hike 15:00 120", "Sat hill 10:00"),
                  "S-EVE-OF-KEY") == 60.0  # two cases on one eve


def test_s_eve_of_key_looks_back_across_the_week_boundary(audit, plan, rulebook):
    sunday_hike = plan("Sun hike 09:00 120", week=PREVIOUS)
    assert points(audit("Mon long 08:00", history=sunday_hike), "S-EVE-OF-KEY") == 30.0
    # a weekend with a long run and a hike over 120 min: no quality run on the Monday
    big_weekend = plan("Sat long 07:00", "Sat hike 14:00 180", week=PREVIOUS)
    assert points(audit("Mon tempo 08:00", history=big_weekend), "S-EVE-OF-KEY") == 30.0
    assert points(audit("Mon easy 08:00", history=big_weekend), "S-EVE-OF-KEY") == 0.0
    assert points(audit("Mon long 08:00", history=big_weekend), "S-EVE-OF-KEY") == 0.0
    small_weekend = plan("Sat long 07:00", "Sat hike 14:00 120", week=PREVIOUS)
    assert points(audit("Mon tempo 08:00", history=small_weekend), "S-EVE-OF-KEY") == 0.0
    heavier = rulebook.with_rule("S-EVE-OF-KEY", weight=45, params={"weekend_hike": 90})
    assert points(audit("Mon tempo 08:00", history=small_weekend, rules=heavier),
                  "S-EVE-OF-KEY") == 45.0


def test_s_eve_of_key_prices_sunday_as_the_eve_of_a_known_monday_key_run(audit):
    """A week planned again after the next one (models/block/eve_repair.py) knows that
    Monday's key run: a Sunday hike over 60 min, or Sunday strength, costs 30 each."""
    before_key = make_spec(key_run_next_monday=True)
    assert points(audit("Sun hike 08:00 90", spec=before_key), "S-EVE-OF-KEY") == 30.0
    assert points(audit("Sun hike 08:00 60", spec=before_key), "S-EVE-OF-KEY") == 0.0
    assert points(audit("Sun strength 18:00", spec=before_key), "S-EVE-OF-KEY") == 30.0
    assert points(audit("Sun strength 06:00", "Sun hike 08:00 120", spec=before_key),
                  "S-EVE-OF-KEY") == 60.0
    assert points(audit("Sat hike 08:00 120", "Sat strength 18:00", spec=before_key),
                  "S-EVE-OF-KEY") == 0.0
    assert points(audit("Sun hike 08:00 90", "Sun strength 18:00"), "S-EVE-OF-KEY") == 0.0


def test_s_weekend_load_costs_005_per_load_unit_over_the_share(audit, rulebook):
    # Sat long 120 x 5 = 600, Wed easy 45 x 3 = 135: 600 - 0.55 x 735 = 195.75 -> 196 units
    report = audit("Sat long 07:00", "Wed easy 07:00")
    assert points(report, "S-WEEKEND-LOAD") == pytest.approx(196 * 0.05)
    finding = next(f for f in report.findings if f.rule_id == "S-WEEKEND-LOAD")
    assert finding.violations == 196
    # Sat 135 of 135 + 45 x 3 x 2 = 405: 135 <= 0.55 x 405
    assert points(audit("Sat easy 07:00", "Mon easy 07:00", "Wed easy 07:00"),
                  "S-WEEKEND-LOAD") == 0.0
    half = rulebook.with_rule("S-WEEKEND-LOAD", params={"max_share": 0.5})
    # 600 - 0.5 x 735 = 232.5 -> 233 units
    assert points(audit("Sat long 07:00", "Wed easy 07:00", rules=half),
                  "S-WEEKEND-LOAD") == pytest.approx(233 * 0.05)
    assert points(audit(), "S-WEEKEND-LOAD") == 0.0  # no load, nothing over


def test_s_monotony_costs_each_level_exceeded(audit, rulebook):
    jogs = [f"{day} jog 07:00" for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
    # five equal days and two rest days: monotony 5 / sqrt(10) = 1.58 > 1.5
    assert points(audit(*jogs[:5]), "S-MONOTONY") == 5.0
    # six equal days: sqrt(6) = 2.45 > 2.0 (all three levels); seven: SD 0, infinite
    assert points(audit(*jogs[:6]), "S-MONOTONY") == 75.0
    assert points(audit(*jogs), "S-MONOTONY") == 75.0
    # four equal days: 4 / sqrt(12) = 1.15
    assert points(audit(*jogs[:4]), "S-MONOTONY") == 0.0
    # uneven days: 5 jogs (50) and a 60-min hike (180): 13 S^2 <= 63 Q, monotony <= 1.5
    assert points(audit(*jogs[:5], "Sat hike 07:00 60"), "S-MONOTONY") == 0.0
    assert points(audit(), "S-MONOTONY") == 0.0  # no load: monotony undefined, no penalty
    # 1.58 is above 1.5, not above the default's 1.6; another rulebook's levels
    reweighted = rulebook.with_rule("S-MONOTONY", params={"levels": [1.6, 2.0],
                                                          "weights": [7, 40]})
    assert points(audit(*jogs[:5], rules=reweighted), "S-MONOTONY") == 0.0  # 1.58 <= 1.6
    assert points(audit(*jogs[:6], rules=reweighted), "S-MONOTONY") == 47.0


def test_s_monotony_is_exact_at_a_level(audit, rulebook):
    """Exactly at a level is not above it, decided in integers (no float rounding)."""
    # daily loads 90, 135 x 4, 270, 360: mean 180, SD 90, monotony exactly 2.0
    two = audit("Mon easy 07:00 30", "Tue easy 07:00", "Wed easy 07:00", "Thu easy 07:00",
                "Fri easy 07:00", "Sat hike 07:00 90", "Sun hike 07:00 120")
    assert points(two, "S-MONOTONY") == 15.0  # above 1.5 and 1.6, not above 2.0
    # daily loads 0, 0, 360, 480, 480, 600, 600: mean 360, SD 240, monotony exactly 1.5
    one_and_a_half = ("Wed hike 07:00 120", "Thu hill 07:00", "Fri hill 07:00",
                      "Sat long 07:00", "Sun long 07:00")
    assert points(audit(*one_and_a_half), "S-MONOTONY") == 0.0
    lower = rulebook.with_rule("S-MONOTONY", params={"levels": [1.49, 2.0], "weights": [5, 60]})
    assert points(audit(*one_and_a_half, rules=lower), "S-MONOTONY") == 5.0


def test_s_muscle_coverage_costs_15_per_group_without_stimulus(audit):
    assert points(audit("Mon easy 07:00"), "S-MUSCLE-COVERAGE") == 105.0  # all 7 groups
    # hill: calves, hamstrings, quads, glutes, core -> hip flexors and upper body missing
    assert points(audit("Mon easy 07:00", "Wed hill 07:00"), "S-MUSCLE-COVERAGE") == 30.0
    assert points(audit("Wed hill 07:00", "Fri strength 07:00"), "S-MUSCLE-COVERAGE") == 15.0
    assert points(audit("Mon sprint 07:00", "Fri strength 07:00"), "S-MUSCLE-COVERAGE") == 0.0


def test_s_stability_costs_25_per_old_session_moved(audit, plan):
    old = plan("Tue easy 07:00", "Thu strength 18:00")
    spec = make_spec(previous=tuple(old))
    assert points(audit("Tue easy 07:00", "Thu strength 18:00", spec=spec), "S-STABILITY") == 0
    assert points(audit("Tue easy 07:00", "Thu strength 18:30", spec=spec), "S-STABILITY") == 25


def test_a_hard_rule_made_soft_costs_weight_per_violation(audit, rulebook):
    sessions = ("Mon jog 06:00", "Mon strength 09:00", "Mon easy 12:00")  # two H-GAP pairs
    soft = rulebook.with_rule("H-GAP", kind="soft")
    report = audit(*sessions, rules=soft)
    assert hard(report, "H-GAP") == 0
    assert points(report, "H-GAP") == 2 * 50.0
    assert points(audit(*sessions, rules=soft.with_rule("H-GAP", weight=7)), "H-GAP") == 14.0
    run_count = rulebook.with_rule("H-RUN-COUNT", kind="soft")
    spec = make_spec(runs=3, long=1)
    assert points(audit("Mon easy 07:00", "Wed easy 07:00", spec=spec, rules=run_count),
                  "H-RUN-COUNT") == 2 * 150.0  # one run short, no long run


def test_rules_turned_off_are_not_checked(audit, rulebook):
    off = rulebook.with_rule("H-GAP", kind="off").with_rule("S-HILL-SPRINT", kind="off")
    report = audit("Mon strength 07:00", "Mon easy 08:00", rules=off)
    assert {"H-GAP", "S-HILL-SPRINT"}.isdisjoint(f.rule_id for f in report.findings)


# ---------------------------------------------------------------- the report

def test_report_totals_and_frame(audit):
    report = audit("Mon strength 07:00", "Mon easy 08:00")  # H-GAP hard, S-... soft
    assert not report.ok
    assert report.penalty_cp == sum(round(p * 100) for p in report.penalty_by_rule().values())
    assert report.total_penalty == pytest.approx(report.penalty_cp / 100)
    assert all(f.penalty == 0 for f in report.hard_findings)
    frame = report.to_frame()
    assert len(frame) == len(report.findings)
    assert {"rule_id", "kind", "date", "sessions", "message", "source", "violations",
            "penalty"} <= set(frame.columns)
    gap = frame[frame.rule_id == "H-GAP"].iloc[0]
    assert gap.source == "002" and gap.sessions == "Mon strength 07:00 + Mon easy 08:00"
    assert "apart" in gap.message


def test_an_empty_week_of_a_zero_target_athlete_is_clean_but_uncovered(audit):
    report = audit()
    assert report.ok
    assert set(report.penalty_by_rule()) == {"S-HILL-SPRINT", "S-MUSCLE-COVERAGE"}


# ---------------------------------------------------------------- plan tables

def test_sessions_from_frame_reads_strings_and_datetimes(catalogue):
    frame = pd.DataFrame([
        {"date": "2027-01-04", "session": "easy", "start": "07:00", "end": "07:45"},
        {"date": datetime(2027, 1, 5), "session": "strength", "start": "18:00", "end": "18:40",
         "minutes": "", "rpe": "7"},
        {"date": pd.Timestamp("2027-01-06"), "session": "rest", "start": "", "end": ""},
    ])
    first, second = sessions_from_frame(frame, catalogue)
    assert (first.date, first.minutes, first.rpe, first.running) == (MONDAY, 45, 3, True)
    assert (second.date, second.minutes, second.rpe, second.running) == \
        (date(2027, 1, 5), 40, 7, False)


def test_sessions_from_frame_takes_hardness_from_the_catalogue(catalogue):
    frame = pd.DataFrame([{"date": "2027-01-04", "session": "tempo", "start": "07:00",
                           "end": "08:00", "hard": False}])
    assert sessions_from_frame(frame, catalogue)[0].hard_run


@pytest.mark.parametrize("row, where", [
    ({"session": "yoga"}, "row 3, column 'session'"),
    ({"start": "7 am"}, "row 3, column 'start'"),
    ({"date": "someday"}, "row 3, column 'date'"),
    ({"end": "", "minutes": ""}, "row 3, column 'end'"),
    ({"minutes": "50"}, "row 3, column 'minutes'"),
])
def test_sessions_from_frame_names_row_and_column_of_bad_input(catalogue, row, where):
    """The second data row is row 3 of the table as a spreadsheet shows it (header = 1)."""
    good = {"date": "2027-01-04", "session": "easy", "start": "07:00", "end": "07:45"}
    frame = pd.DataFrame([good, {**good, **row}])
    with pytest.raises(InputError) as error:
        sessions_from_frame(frame, catalogue)
    assert where in error.value.line()


def test_audit_plan_checks_cross_week_rules_across_the_boundary(plan, rulebook, catalogue):
    athlete = make_athlete(targets={"runs": 1, "long": 1, "strength": 0})
    sessions = plan("Sun long 08:00", week=PREVIOUS) + plan("Mon hill 08:00", "Tue hike 08:00")
    report = audit_plan(sessions_frame(athlete.id, sessions), athlete, rulebook, catalogue)
    spacing = [f for f in report.hard_findings if f.rule_id == "H-HARD-SPACING"]
    assert [f.date for f in spacing] == [MONDAY]
    # default targets (1 run, 1 long) per week: week 2 has a hill but no long run
    counts = [f for f in report.hard_findings if f.rule_id == "H-RUN-COUNT"]
    assert [(f.week_start, f.violations) for f in counts] == [(MONDAY, 1)]
    assert "S-HIKE-RECOVERY" not in report.penalty_by_rule()  # Tue hike after Mon hill


def test_audit_plan_uses_given_targets_and_audits_empty_weeks_inside(plan, rulebook, catalogue):
    athlete = make_athlete(targets={"runs": 1, "long": 0, "strength": 0})
    later = MONDAY + timedelta(days=7)
    sessions = plan("Mon easy 07:00", week=PREVIOUS) + plan("Mon easy 07:00", week=later)
    targets = {PREVIOUS: WeekTargets(runs=2, long=0, strength=0)}
    report = audit_plan(sessions_frame(athlete.id, sessions), athlete, rulebook, catalogue,
                        targets_by_week=targets)
    counts = {f.week_start: f.violations for f in report.hard_findings
              if f.rule_id == "H-RUN-COUNT"}
    assert counts == {PREVIOUS: 1, MONDAY: 1}  # the empty week between is missing its run


def test_audit_plan_reads_only_its_athletes_rows(plan, rulebook, catalogue):
    athlete = make_athlete(targets={"runs": 1, "long": 0, "strength": 0})
    frame = pd.concat([sessions_frame("t", plan("Mon easy 07:00")),
                       sessions_frame("other", plan("Mon easy 07:00", "Tue easy 07:00"))])
    report = audit_plan(frame, athlete, rulebook, catalogue)
    assert hard(report, "H-RUN-COUNT") == 0
    with pytest.raises(InputError, match="no rows of athlete 'x'"):
        audit_plan(frame, make_athlete(id="x"), rulebook, catalogue)


def test_s_makeup_costs_40_per_owed_session_the_days_left_do_not_hold(audit, plan, rulebook):
    """Re-planned on Thursday after Tuesday's hill was missed (Monday's jog done)."""
    thursday = MONDAY + timedelta(days=3)
    done = tuple(plan("Mon jog 07:00"))
    owed = make_spec(fixed=done, open_from=thursday, owed=("hill",))
    assert points(audit("Mon jog 07:00", "Thu sprint 07:00", spec=owed), "S-MAKEUP") == 40.0
    assert points(audit("Mon jog 07:00", "Thu hill 07:00", spec=owed), "S-MAKEUP") == 0.0
    twice = make_spec(fixed=done, open_from=thursday, owed=("hill", "hill"))
    assert points(audit("Mon jog 07:00", "Thu hill 07:00", spec=twice), "S-MAKEUP") == 40.0
    assert points(audit("Mon jog 07:00", "Thu hill 07:00", "Sat hill 07:00", spec=twice),
                  "S-MAKEUP") == 0.0  # one hill makes up one
    mixed = make_spec(fixed=done, open_from=thursday, owed=("tempo", "long"))
    assert points(audit("Mon jog 07:00", "Thu tempo 07:00", spec=mixed), "S-MAKEUP") == 40.0
    done_hill = make_spec(fixed=tuple(plan("Mon hill 07:00")), open_from=thursday,
                          owed=("hill",))
    # a session done before today is a fact of the week, not a make-up in the days left
    assert points(audit("Mon hill 07:00", spec=done_hill), "S-MAKEUP") == 40.0
    assert points(audit("Thu sprint 07:00"), "S-MAKEUP") == 0.0  # nothing owed
    off = rulebook.with_rule("S-MAKEUP", kind="off")
    assert points(audit("Mon jog 07:00", spec=owed, rules=off), "S-MAKEUP") == 0.0
    finding = next(f for f in audit("Mon jog 07:00", spec=owed).findings
                   if f.rule_id == "S-MAKEUP")
    assert "missed hill" in finding.message and "days left" in finding.message
