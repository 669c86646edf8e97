"""Whether a week's availability allows its volume target (coach measure 1), on small
hand-made athletes whose best and least weeks are counted by hand."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from models.analysis.coach_review import AthleteBlock, measures, prepared, volume_allowed
from models.analysis.volume_capacity import Capacity, WeekRuns, capacity
from models.block.phases import PhaseWeek
from models.domain.athlete import Level
from models.domain.week import WeekTargets
from tests.support.builders import MONDAY, make_athlete

INTERMEDIATE = (75, 150)
BEGINNER = (40, 90)


def week(runs: int, long: int = 1, target: int = 200, **fields) -> WeekRuns:
    return WeekRuns(monday=MONDAY, runs=runs, long=long, target=target, **fields)


def test_the_long_run_takes_the_longest_window_and_the_others_the_next():
    # Sat 120 min holds the long run; Tue and Thu 45 each: 120 + 45 + 45 = 210 at most
    person = make_athlete({"tue": ["07:00-07:45"], "thu": ["07:00-07:45"],
                           "sat": ["08:00-10:00"]})
    found = capacity(person, week(3), INTERMEDIATE)
    assert found == Capacity(least=75 + 20 + 20, most=210)
    assert not found.allows(240)   # 210 < 216, 90 % of 240
    assert found.allows(230)       # 207 <= 210


def test_other_runs_stop_at_an_easy_runs_longest_and_the_long_run_at_its_level():
    person = make_athlete({"mon": ["06:00-09:00"], "sat": ["06:00-11:00"]})
    assert capacity(person, week(2), INTERMEDIATE).most == 150 + 90


def test_no_window_for_the_long_run_allows_nothing():
    person = make_athlete({day: ["07:00-07:30"] for day in ("mon", "tue", "wed", "thu")})
    found = capacity(person, week(3), INTERMEDIATE)
    assert found.most is None and not found.allows(120)


def test_a_day_holds_two_runs_in_two_windows_and_one_day_stays_free():
    every_day = {day: ["06:00-07:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat",
                                                  "sun")}
    # seven one-window days: a rest day leaves 6 runs, never 7
    assert capacity(make_athlete(every_day), week(7, long=0), INTERMEDIATE).most is None
    assert capacity(make_athlete(every_day), week(6, long=0), INTERMEDIATE).most == 6 * 60
    doubled = {**every_day, "wed": ["06:00-07:00", "18:00-19:30"]}
    assert capacity(make_athlete(doubled), week(7, long=0), INTERMEDIATE).most == 6 * 60 + 90


def test_the_least_volume_counts_the_beginners_long_ratio():
    person = make_athlete(level=Level.beginner)
    found = capacity(person, week(3, long_ratio=1.5), BEGINNER)
    assert found.least == 40 + 2 * 30      # a 40-min long run, others at least 40 / 1.5
    assert not found.allows(90)            # 99 at most inside the band
    assert found.allows(91)
    assert capacity(person, week(3), BEGINNER).least == 40 + 2 * 20


def test_race_day_holds_no_training():
    person = make_athlete({"wed": ["07:00-08:00"], "sat": ["07:00-10:00"]})
    race_day = MONDAY + timedelta(days=5)
    assert capacity(person, week(2, long=0, closed=race_day), INTERMEDIATE).most is None
    assert capacity(person, week(1, long=0, closed=race_day), INTERMEDIATE).most == 60


def test_the_review_counts_the_band_over_the_weeks_availability_allows():
    """Week 1 (target 200) its windows allow and the plan meets; week 2 (target 300) they
    cannot hold (210 at most) - a miss of all weeks, not of the weeks allowed."""
    person = make_athlete({"tue": ["07:00-07:45"], "thu": ["07:00-07:45"],
                           "sat": ["08:00-10:00"]}, id="kim", level=Level.intermediate)
    weeks = [PhaseWeek(week=n + 1, week_start=MONDAY + timedelta(weeks=n), phase="base",
                       targets=WeekTargets(runs=3, long=1, strength=0, run_minutes=target))
             for n, target in enumerate([200, 300])]
    texts = [(0, "tue", "easy", 45), (0, "thu", "easy", 45), (0, "sat", "long", 110),
             (1, "tue", "easy", 45), (1, "thu", "easy", 45), (1, "sat", "long", 120)]
    days = {"tue": 1, "thu": 3, "sat": 5}
    plan = prepared(pd.DataFrame([
        {"athlete_id": "kim", "date": MONDAY + timedelta(weeks=w, days=days[d]),
         "session": s, "start": "08:00" if d == "sat" else "07:00", "minutes": m, "load": m}
        for w, d, s, m in texts]))
    assert [volume_allowed(person, w) for w in weeks] == [True, False]
    found = {m.check: (m.count, m.of) for m in measures([AthleteBlock(person, plan, weeks)])}
    assert found["weekly running minutes within +-10 % of the volume target"] == (1, 2)
    assert found["weeks whose availability allows +-10 % of the volume target: running "
                 "minutes within it"] == (1, 1)
