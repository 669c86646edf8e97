"""P-VOLUME, P-RECOVERY and P-TAPER: the weekly running minutes of a block (default rulebook).

What a coach checks on the targets before any solving: the volume ramps by at most 10 % a
week over the last ordinary week, a recovery week every 4th base/build week holds at most
0.8 x the week before, the peak is the highest week and at most 1.3 x run_minutes, and only a
race brings a taper - 0.7 and 0.4 of the peak (0.85, 0.7, 0.4 for a marathon).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.block.load_ramp import LoadRamp, lightest_load
from models.block.phases import block_weeks
from models.block.volume import least_volume, most_volume
from models.domain.athlete import Athlete
from models.domain.catalogue import default_catalogue
from models.domain.rules import default_rulebook, load_rulebook

START = date(2027, 1, 4)
ALL_DAYS = {day: ["06:00-22:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
RACE_DAY = START + timedelta(weeks=19, days=5)  # the Saturday of week 20
CATALOGUE = default_catalogue()
RULES = default_rulebook()


def athlete(**fields) -> Athlete:
    fields.setdefault("availability", ALL_DAYS)
    fields.setdefault("targets", {"runs": 5, "long": 1, "strength": 2, "run_minutes": 240})
    return Athlete(id="t", start=START, **fields)


def weeks_of(person: Athlete):
    return block_weeks(person, RULES, CATALOGUE)


def _check_ramp_and_recovery(weeks, run_minutes: int) -> None:
    ordinary = None
    for before, week in zip([None, *weeks], weeks):
        volume = week.targets.run_minutes
        assert volume % 5 == 0
        if week.phase == "taper":
            continue
        if week.recovery:
            assert week.targets.recovery
            assert volume <= 0.8 * before.targets.run_minutes
            continue
        if ordinary is not None:
            assert volume <= 1.1 * ordinary, (week.week, volume, ordinary)
        ordinary = volume
    build = [w.targets.run_minutes for w in weeks if w.phase != "taper"]
    assert max(build) <= 1.3 * run_minutes


def test_a_20_week_race_block_ramps_recovers_peaks_and_tapers():
    weeks = weeks_of(athlete(race={"date": RACE_DAY, "distance_km": 21}))
    assert len(weeks) == 20
    volumes = [w.targets.run_minutes for w in weeks]
    _check_ramp_and_recovery(weeks, 240)
    assert [w.week for w in weeks if w.recovery] == [4, 8, 12, 16]
    assert [w.phase for w in weeks][-2:] == ["taper", "taper"]
    peak = max(volumes[:-2])
    assert volumes[-4] == peak == 310      # 1.3 x 240 = 312 -> 310, the peak is the highest
    assert volumes[-2:] == [215, 120]       # 0.7 x 310 = 217 -> 215, 0.4 x 310 = 124 -> 120
    race_week = weeks[-1]
    assert race_week.race_week and race_week.targets.race_week
    assert race_week.targets.long == 0 and race_week.targets.short_quality
    assert abs(race_week.targets.runs - 5) <= 1
    assert all(w.targets.short_quality for w in weeks[-2:])
    assert not any(w.targets.short_quality for w in weeks[:-2])


def test_a_marathon_tapers_over_three_weeks():
    weeks = weeks_of(athlete(race={"date": RACE_DAY, "distance_km": 42.2}))
    volumes = [w.targets.run_minutes for w in weeks]
    assert [w.phase for w in weeks][-4:] == ["peak", "taper", "taper", "taper"]
    assert volumes[-3:] == [260, 215, 120]  # 0.85, 0.7, 0.4 x 310


def test_a_race_expected_over_four_hours_tapers_over_three_weeks_too():
    # 30 km at 6 min/km + 2400 m / 10 = 420 min
    weeks = weeks_of(athlete(race={"date": RACE_DAY, "distance_km": 30, "elevation_m": 2400}))
    assert sum(w.phase == "taper" for w in weeks) == 3


def test_no_race_no_taper():
    weeks = weeks_of(athlete(weeks=20))
    assert "taper" not in {w.phase for w in weeks}
    assert not any(w.race_week or w.targets.race_week or w.targets.short_quality for w in weeks)
    _check_ramp_and_recovery(weeks, 240)
    assert weeks[-1].targets.run_minutes == max(w.targets.run_minutes for w in weeks)


def test_the_volume_starts_from_current_and_defaults_by_level():
    person = athlete(weeks=8, current={"weekly_min": 160, "longest_min": 70},
                     targets={"runs": 4, "long": 1, "strength": 2, "run_minutes": 240})
    volumes = [w.targets.run_minutes for w in weeks_of(person)]
    assert volumes[:3] == [160, 175, 190]   # +10 % a week, rounded down to 5 min
    # 5 runs hold at least 175: a 75-minute long run, a 40-minute sprint, 3 jogs of 20
    five = athlete(weeks=8, current={"weekly_min": 160, "longest_min": 70})
    assert [w.targets.run_minutes for w in weeks_of(five)][:3] == [175, 175, 190]
    advanced = athlete(weeks=4, level="advanced", targets={"runs": 6})
    assert weeks_of(advanced)[0].targets.run_minutes == 360  # P-VOLUME's level default
    off = RULES.with_rule("P-VOLUME", kind="off")
    assert {w.targets.run_minutes for w in block_weeks(person, off, CATALOGUE)} == {None}


def test_a_recovery_week_is_lighter_in_every_part():
    weeks = weeks_of(athlete(weeks=12, targets={"runs": 5, "strength": 2, "hike_minutes": 120,
                                               "run_minutes": 240}))
    before, recovery = weeks[2], weeks[3]
    assert recovery.recovery and recovery.targets.recovery
    assert recovery.targets.strength == before.targets.strength - 1
    assert recovery.targets.hike_minutes == 120  # 0.8 x 150 (base hiking x 1.25), by 5 min
    assert before.targets.hike_minutes == 150
    assert recovery.targets.runs == before.targets.runs - 1


def test_a_recovery_week_drops_a_run_but_keeps_two():
    """A beginner's two runs stay two in a recovery week (one long run alone could not hold
    the week's volume under H-SESSION-SPIKE); three runs become two."""
    for level, runs, kept in (("beginner", 2, 2), ("beginner", 3, 2), ("intermediate", 5, 4)):
        weeks = weeks_of(athlete(weeks=8, level=level,
                                 targets={"runs": runs, "run_minutes": 75 * runs}))
        recovery = next(w for w in weeks if w.recovery)
        assert recovery.targets.runs == kept, runs


def test_a_recovery_weeks_load_cap_is_0_8_of_the_week_before():
    """P-RECOVERY on the solved weeks: 0.8 x the reference week's actual load."""
    weeks = weeks_of(athlete(weeks=12))
    recovery = weeks[3]
    reference = recovery.planned_load  # the week before as solved, as heavy as planned
    ramp = LoadRamp(RULES, CATALOGUE)
    ramp.record_load(weeks[2], reference, None)
    assert recovery.recovery
    assert ramp.cap(recovery, recovery.targets) == max(int(0.8 * reference),
                                                       _lightest(recovery))
    assert ramp.cap(weeks[4], weeks[4].targets) == min(weeks[4].planned_load,
                                                       int(1.1 * reference))
    without = LoadRamp(RULES.with_rule("P-RECOVERY", kind="off"), CATALOGUE)  # round 1
    without.record_load(weeks[2], reference, None)
    assert without.cap(recovery, recovery.targets) == reference


def test_no_week_asks_less_volume_than_its_runs_hold():
    """P-VOLUME's target is never below the fewest minutes the week's runs can last."""
    for person in (athlete(weeks=10, level="beginner", targets={"runs": 3, "run_minutes": 60}),
                   athlete(weeks=12, level="advanced", current={"weekly_min": 200},
                           targets={"runs": 6, "run_minutes": 300})):
        for week in weeks_of(person):
            t = week.targets
            long_min = {"beginner": 40, "advanced": 90}[person.level.value]
            other = 30 if t.long_ratio else 20  # a 40-min long run at most 1.5 x the others
            assert t.run_minutes >= t.long * long_min + (t.runs - t.long) * other, week.week
    # the advanced athlete's 200 minutes: a 90-minute long run, S-HILL-SPRINT's session at
    # its shortest (a 40-minute sprint) and 4 runs of 20 hold 210; 220 is kept
    for current, first in ((200, 210), (220, 220)):
        assert weeks_of(athlete(weeks=4, level="advanced", current={"weekly_min": current},
                                targets={"runs": 6}))[0].targets.run_minutes == first


def test_a_flat_race_build_weeks_planned_load_holds_its_tempo_run():
    """S-HILL-SPRINT asks a hill, S-SPECIFICITY a tempo run of a flat race's build week: the
    planned load (the cap on the solved week) holds both, the rest of the volume easy."""
    weeks = weeks_of(athlete(weeks=12, targets={"runs": 5, "strength": 2, "run_minutes": 240},
                             race={"date": START + timedelta(weeks=11, days=5),
                                   "distance_km": 10}))
    week = next(w for w in weeks if w.phase == "build" and not w.recovery)
    t = week.targets
    assert t.key_quality == "tempo"
    long = t.minutes["long"]
    # hill and tempo at their default 60 min, the rest easy (2 easy runs: at least 2 x 30)
    easy = max(t.run_minutes - long - 60 - 60, 2 * 30)
    assert week.planned_load == 5 * long + 8 * 60 + 7 * 60 + 3 * easy + 6 * 35 * t.strength


def test_a_week_without_an_easy_run_plans_the_rest_of_its_volume_on_the_long_run():
    """Two runs, a long run and S-HILL-SPRINT's hill: the minutes the volume asks beyond
    them are planned on the long run, so the planned load (the cap on the solved week)
    leaves room for the volume."""
    weeks = weeks_of(athlete(weeks=8, targets={"runs": 2, "strength": 1, "run_minutes": 220}))
    week = weeks[0]
    t = week.targets
    long = t.minutes["long"]
    rest = t.run_minutes - long - 60  # the hill at its default 60 minutes
    assert t.runs == 2 and rest > 0
    assert week.planned_load == 5 * long + 8 * 60 + 5 * rest + 6 * 35 * t.strength


def _lightest(week) -> int:
    return lightest_load(week.targets, CATALOGUE)


def test_a_beginner_starts_at_the_least_3_runs_hold_without_quality_for_four_weeks():
    weeks = weeks_of(athlete(weeks=10, level="beginner",
                             targets={"runs": 4, "strength": 2, "run_minutes": 150}))
    # first_week_min is 90, but 3 runs hold at least 100: a 40-minute long run and, at
    # most 1.5 x any other run, two others of 30 (a target below it is one no plan meets)
    assert [w.targets.run_minutes for w in weeks[:3]] == [100, 100, 100]
    assert {w.targets.runs for w in weeks} <= {2, 3}           # at most 3 runs a week
    assert [w.targets.quality_runs for w in weeks[:5]] == [False] * 4 + [True]
    assert all(w.targets.key_quality is None for w in weeks[:4])
    assert {w.targets.long_ratio for w in weeks} == {1.5}
    assert [w.targets.bodyweight_only for w in weeks[:3]] == [True, True, False]
    assert all(w.targets.short_quality for w in weeks)  # quality runs at the short end
    round1 = block_weeks(athlete(weeks=10, level="beginner", targets={"runs": 4}),
                         load_rulebook("round1"), CATALOGUE)
    assert {(w.targets.runs, w.targets.quality_runs, w.targets.short_quality,
             w.targets.long_ratio) for w in round1 if not w.recovery} == {(4, True, False, None)}


@pytest.mark.parametrize("weekday, strength", [(5, 1), (6, 1), (4, 0), (2, 0)])
def test_race_week_strength_stays_outside_the_96_hours(weekday, strength):
    race_day = START + timedelta(weeks=11, days=weekday)
    weeks = weeks_of(athlete(race={"date": race_day, "distance_km": 10}))
    assert weeks[-1].race_week and weeks[-1].targets.strength == strength


def test_no_week_asks_more_than_the_athletes_own_lengths_hold():
    """A beginner whose easy runs last 30 minutes: 3 runs hold 45 (P-BEGINNER's 1.5 x) + 30
    + 30 = 105 minutes whatever run_minutes says, and a hill session (45 of 120 minutes)
    would break S-INTENSITY's 75 %. The weeks aim at what the runs hold, and say why."""
    weeks = weeks_of(athlete(weeks=12, level="beginner",
                             targets={"runs": 3, "strength": 2, "run_minutes": 135,
                                      "minutes": {"easy": 30, "long": 90}}))
    volumes = [w.targets.run_minutes for w in weeks]
    assert max(volumes) == 105
    assert volumes[:4] == [100, 100, 100, 75]  # the first week from 90, a recovery week
    capped = [w for w in weeks if any("-> 105 min" in note for note in w.notes)]
    assert capped and all(w.targets.run_minutes == 105 for w in capped)
    # without own lengths nothing changes: easy runs may last 90 minutes
    free = weeks_of(athlete(weeks=12, level="beginner",
                            targets={"runs": 3, "strength": 2, "run_minutes": 135}))
    assert max(w.targets.run_minutes for w in free) > 105


def test_a_taper_week_asks_at_least_its_long_run_and_short_quality_run_hold():
    """Week -2 of a race holds a long run at its level's shortest (advanced: 90) and P-TAPER's
    short quality run (a 40-minute sprint): with a jog that is 150 minutes, more than 0.7 x
    a peak of 210 - the floor counts the quality run (S-INTENSITY leaves taper weeks out)."""
    weeks = weeks_of(athlete(weeks=11, level="advanced",
                             race={"date": START + timedelta(weeks=10, days=5),
                                   "distance_km": 21, "elevation_m": 800},
                             targets={"runs": 3, "long": 1, "strength": 2, "run_minutes": 165}))
    taper = [w for w in weeks if w.phase == "taper" and not w.race_week]
    assert [w.targets.run_minutes for w in taper] == [90 + 40 + 20]  # not 0.7 x 210 = 145
    assert least_volume(3, 1, 90, 20, quality=[40]) == 150
    assert least_volume(3, 1, 90, 20, quality=[40], min_low=0.75) == 130  # 40 of 150 > 25 %


def test_most_volume_counts_quality_runs_only_inside_the_low_intensity_share():
    # 8 runs, easy at most 40, a 150-minute long run: 430 all easy; a 75-minute hill adds 35
    # (75 of 465 is 16 %), a 70-minute tempo run would make it 145 of 495 (29 % > 25 %)
    assert most_volume(8, 1, 150, 40, quality=[75, 70], min_low=0.75) == 465
    assert most_volume(8, 1, 150, 40, quality=[75, 70]) == 495
    # P-BEGINNER's ratio cuts the long run to 1.5 x the others
    assert most_volume(3, 1, 90, 30, long_ratio=1.5) == 105
    # a 20-week ramp under a cap: the peak and the taper come from the capped weeks
    weeks = weeks_of(athlete(race={"date": RACE_DAY, "distance_km": 10},
                             targets={"runs": 5, "strength": 2, "run_minutes": 300,
                                      "minutes": {"easy": 40, "long": 120}}))
    most = max(w.targets.run_minutes for w in weeks)
    assert most < 1.3 * 300
    assert weeks[-1].targets.run_minutes <= 0.4 * most + 5
