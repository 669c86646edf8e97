"""The chain re-plans from what was really done: done sessions at their actual length set
the load ramp's reference, and extra training (an unplanned ride, a hike) counts toward the
load and the hiking without being a session of the week."""

from __future__ import annotations

from datetime import date, timedelta

from builders import make_session
from models.block.chain import AthleteChain
from models.block.extra_training import ExtraTraining
from models.domain.bundled import EXAMPLES_DIR
from models.domain.catalogue import default_catalogue
from models.domain.rules import default_rulebook
from models.io.athlete_file import load_athlete

ATHLETE = load_athlete(EXAMPLES_DIR / "completed" / "athlete.yaml")
CATALOGUE, RULEBOOK = default_catalogue(), default_rulebook()
WEEK1, WEEK2 = date(2027, 1, 4), date(2027, 1, 11)
DONE = [make_session(text, CATALOGUE, week=WEEK1) for text in (
    "Mon strength 06:00 35", "Wed easy 06:00 30", "Wed hill 19:00 52", "Sat long 07:00 118",
    "Sun hike 08:00 110")]
RIDE = ExtraTraining(date(2027, 1, 9), "ride", 90, 360)


def resume(extra=(), today=WEEK2) -> AthleteChain:
    return AthleteChain.resume(ATHLETE, RULEBOOK, CATALOGUE, done=DONE, today=today,
                               extra=extra)


def test_the_ramp_reference_is_the_actual_load_of_the_week_extra_training_included():
    assert resume().ramp.reference == sum(s.load for s in DONE)
    assert resume([RIDE]).ramp.reference == sum(s.load for s in DONE) + RIDE.load


def test_a_heavier_actual_week_raises_the_next_weeks_cap():
    plain, ridden = resume().spec(WEEK2), resume([RIDE]).spec(WEEK2)
    assert ridden.targets.max_load > plain.targets.max_load


def test_extra_hiking_counts_toward_the_period_hiking():
    walk = ExtraTraining(date(2027, 1, 7), "walk", 60, 120)
    assert resume([walk]).hiked[WEEK1] == 110 + 60


def test_extra_training_before_today_in_todays_week_is_taken_off_the_cap_and_hiking_due():
    today = WEEK2 + timedelta(days=3)
    hike = ExtraTraining(WEEK2, "hike", 60, 180)
    plain = resume(today=today).spec(WEEK2).targets
    less = resume([hike], today=today).spec(WEEK2).targets
    assert less.hike_minutes == max(0, plain.hike_minutes - 60)
    assert less.max_load == plain.max_load - 180


def test_extra_training_from_today_on_is_not_taken_as_done():
    later = ExtraTraining(WEEK2 + timedelta(days=4), "ride", 60, 240)
    assert resume([later], today=WEEK2 + timedelta(days=3)).extra == ()
