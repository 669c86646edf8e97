"""The race as a session of the block (models/block/race.py, models/block/chain.py).

The race week's spec holds the race as a fixed session on race day at race.start, with its
estimated minutes and its load added to the week's cap; the chain tells each week the
longest run of the 30 days before it (H-SESSION-SPIKE); the calendar titles the race by its
distance and climbing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from models.audit.week import audit_week
from models.block.chain import AthleteChain
from models.block.race import race_minutes, race_session
from models.domain.athlete import Level, Race
from models.domain.catalogue import default_catalogue
from models.domain.plan import Result, Status, WeekPlan, sessions_frame
from models.domain.rules import default_rulebook
from models.exports.ics import calendar

from builders import MONDAY, make_athlete, make_session

CATALOGUE = default_catalogue()
RULES = default_rulebook()
RACE_DAY = MONDAY + timedelta(weeks=2, days=5)   # Saturday of week 3
TRAIL_RACE = {"date": RACE_DAY, "distance_km": 42, "elevation_m": 2400, "start": "07:00"}


def test_race_minutes_from_distance_pace_and_climbing():
    race = Race(date=RACE_DAY, distance_km=42, elevation_m=2400)
    assert race_minutes(race, Level.intermediate) == 495   # 42 x 6 + 2400 / 10 = 492 -> 495
    assert race_minutes(race, Level.advanced) == 450       # 42 x 5 + 240
    assert race_minutes(Race(date=RACE_DAY, distance_km=10), Level.beginner) == 70


def test_the_race_week_holds_the_race_as_a_fixed_session():
    athlete = make_athlete(race=TRAIL_RACE, targets={"runs": 4, "strength": 2})
    walk = AthleteChain.start(athlete, RULES, CATALOGUE)
    race_week = walk.spec(MONDAY + timedelta(weeks=2))
    (race,) = race_week.fixed
    assert (race.date, race.type, race.start, race.minutes, race.rpe) == \
        (RACE_DAY, "race", 7 * 60, 495, 9)
    assert race.details == "Race: 42 km, 2400 m" and race.hard_run
    assert walk.spec(MONDAY).fixed == ()
    week = walk.planned[-1]
    capped = walk.ramp.capped(week, week.targets).max_load
    assert race_week.targets.max_load == capped + race.load  # the race is not training


def test_the_race_counts_for_no_run_of_the_week(catalogue):
    athlete = make_athlete(race=TRAIL_RACE, targets={"runs": 1, "strength": 0})
    walk = AthleteChain.start(athlete, RULES, CATALOGUE)
    spec = walk.spec(MONDAY + timedelta(weeks=2))
    week = MONDAY + timedelta(weeks=2)
    runs = [make_session(f"{day} easy 07:00 30", catalogue, week=week)
            for day in ("Mon", "Tue", "Wed")][:spec.targets.runs]
    report = audit_week(spec, runs, RULES, catalogue)
    assert [f for f in report.findings if f.rule_id in ("H-RUN-COUNT", "H-AVAIL")] == []


def _record(walk, monday, sessions):
    spec = walk.spec(monday)
    plan = WeekPlan(athlete_id=walk.athlete.id, week_start=monday, sessions=sessions)
    walk.record(spec, Result(athlete_id=walk.athlete.id, week_start=monday,
                             status=Status.optimal, plan=plan))


def test_longest_run_of_the_30_days_before_each_week():
    athlete = make_athlete(weeks=8, current={"longest_min": 100})
    walk = AthleteChain.start(athlete, RULES, CATALOGUE)
    assert walk.spec(MONDAY).targets.longest_run == 100     # before any history: current
    _record(walk, MONDAY, [make_session("Sat long 07:00 120", CATALOGUE)])
    for week in range(1, 6):
        monday = MONDAY + timedelta(weeks=week)
        _record(walk, monday, [make_session("Tue easy 07:00 45", CATALOGUE, week=monday)])
    mondays = [MONDAY + timedelta(weeks=w) for w in range(1, 7)]
    # Saturday's 120 min counts for a week while it lies within the 30 days before each of
    # its days: up to the week whose Monday is 23 days later (its Sunday 29), not the next
    # (the Saturday is 30 days before its Monday but 36 before its Sunday); once the window
    # lies inside the recorded weeks the current 100 min no longer counts: the 45-min runs,
    # raised to the floor (the smaller of current and the intermediate long-run minimum, 75)
    assert [walk.longest_run(m) for m in mondays] == [120, 120, 120, 120, 75, 75]
    assert walk.spec(mondays[0]).targets.longest_run == 120
    plain = AthleteChain.start(make_athlete(weeks=2), RULES, CATALOGUE)
    assert plain.spec(MONDAY).targets.longest_run == 75     # intermediate long-run minimum
    lone = AthleteChain.ordinary(make_athlete(weeks=2), RULES, CATALOGUE)
    assert lone.spec(MONDAY).targets.longest_run == 75     # a walk without a block: the same
    _record(lone, MONDAY, [make_session("Sat long 07:00 80", CATALOGUE)])
    assert lone.spec(MONDAY + timedelta(weeks=1)).targets.longest_run == 80


def test_the_calendar_titles_the_race_by_distance_and_climbing():
    athlete = make_athlete(race=TRAIL_RACE)
    race = race_session(athlete, CATALOGUE)
    frame = sessions_frame(athlete.id, [race])
    events = [e for e in calendar(frame, {athlete.id: athlete},
                                  stamp=datetime(2027, 1, 1)).walk("VEVENT")]
    assert [str(e["summary"]) for e in events] == ["Race: 42 km, 2400 m"]
