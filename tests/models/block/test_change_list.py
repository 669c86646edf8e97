"""The change list of a re-plan pairs a dropped session only with what really replaced it.

``change_list(old_future, new_future, missed, reasons)``: missed sessions are past, the old
plan is what was planned from today on."""

from __future__ import annotations

from datetime import timedelta

from builders import MONDAY, make_session
from models.block.replan_facts import change_list, owed_types
from models.domain.catalogue import default_catalogue

CATALOGUE = default_catalogue()


def session(text, week=MONDAY):
    return make_session(text, CATALOGUE, week)


def test_a_missed_strength_session_is_not_paired_with_a_new_hike():
    missed = session("Sun strength 17:00")
    hike = session("Sun hike 17:00 60", week=MONDAY + timedelta(days=7))
    lines = [c.text() for c in change_list([], [hike], [missed], {})]
    assert lines == ["Sun 2027-01-10 strength 17:00 (missed) dropped",
                     "Sun 2027-01-17 hike 17:00 (60 min) added"]


def test_a_missed_hill_is_paired_with_the_quality_run_that_replaces_it():
    missed = session("Tue hill 18:00")
    sprint = session("Thu sprint 18:00 50")
    lines = [c.text() for c in change_list([], [sprint], [missed], {})]
    assert lines == ["Tue 2027-01-05 hill 18:00 (missed) -> Thu 2027-01-07 sprint 18:00 (50 min)"]


def test_a_moved_session_keeps_its_type():
    old = session("Tue strength 18:00")
    new = session("Thu strength 18:00")
    lines = [c.text() for c in change_list([old], [new], [], {})]
    assert lines == ["Tue 2027-01-05 strength 18:00 moved to Thu 2027-01-07 18:00"]


def test_a_run_made_shorter_in_its_slot_says_its_lengths_not_moved():
    old, new = session("Thu easy 18:00 90"), session("Thu easy 18:00 65")
    lines = [c.text() for c in change_list([old], [new], [], {})]
    assert lines == ["Thu 2027-01-07 easy 18:00 90 -> 65 min"]


def test_a_moved_run_of_another_length_says_both():
    old, new = session("Thu easy 18:00 90"), session("Fri easy 07:00 60")
    lines = [c.text() for c in change_list([old], [new], [], {})]
    assert lines == ["Thu 2027-01-07 easy 18:00 moved to Fri 2027-01-08 07:00 (90 -> 60 min)"]


def test_a_missed_session_is_paired_with_its_own_type_first():
    missed = session("Tue hill 18:00")
    sprint, hill = session("Thu sprint 18:00 50"), session("Sat hill 08:00")
    lines = [c.text() for c in change_list([], [sprint, hill], [missed], {})]
    assert lines == ["Tue 2027-01-05 hill 18:00 (missed) -> Sat 2027-01-09 hill 08:00 (60 min)",
                     "Thu 2027-01-07 sprint 18:00 (50 min) added"]


def test_the_quality_sessions_missed_in_todays_week_are_owed_in_date_order():
    thursday = MONDAY + timedelta(days=3)
    missed = [session("Wed long 07:00"), session("Tue hill 18:00"), session("Mon strength 07:00"),
              session("Tue easy 07:00"), session("Sat tempo 07:00", week=MONDAY - timedelta(7))]
    # strength and easy runs are not quality; last week's tempo is gone with its week
    assert owed_types(missed, thursday) == ("hill", "long")
    assert owed_types([], thursday) == ()
