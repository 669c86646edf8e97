"""The change list of a re-plan pairs a dropped session only with what really replaced it.

``change_list(old_future, new_future, missed, reasons)``: missed sessions are past, the old
plan is what was planned from today on."""

from __future__ import annotations

from datetime import timedelta

from builders import MONDAY, make_session
from models.block.replan_facts import change_list
from models.domain.catalogue import default_catalogue

CATALOGUE = default_catalogue()


def session(text, week=MONDAY):
    return make_session(text, CATALOGUE, week)


def test_a_missed_strength_session_is_not_paired_with_a_new_hike():
    missed = session("Sun strength 17:00")
    hike = session("Sun hike 17:00 60", week=MONDAY + timedelta(days=7))
    lines = [c.text() for c in change_list([], [hike], [missed], {})]
    assert lines == ["Sun strength 17:00 (missed) dropped", "Sun hike 17:00 (60 min) added"]


def test_a_missed_hill_is_paired_with_the_quality_run_that_replaces_it():
    missed = session("Tue hill 18:00")
    sprint = session("Thu sprint 18:00 50")
    lines = [c.text() for c in change_list([], [sprint], [missed], {})]
    assert lines == ["Tue hill 18:00 (missed) -> Thu sprint 18:00 (50 min)"]


def test_a_moved_session_keeps_its_type():
    old = session("Tue strength 18:00")
    new = session("Thu strength 18:00")
    lines = [c.text() for c in change_list([old], [new], [], {})]
    assert lines == ["Tue strength 18:00 moved to Thu 18:00"]
