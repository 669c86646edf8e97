"""FIT files built in the test with fit-tool's encoder, read back through the reader."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from fit_tool.profile.profile_type import FileType, Sport, SubSport

from activity_files import Segment, fit_bytes
from models.activities.fit_file import read_fit
from models.activities.problems import NotAnActivity

START = datetime(2027, 1, 5, 17, 30, tzinfo=timezone.utc)


def test_a_run_reads_with_its_time_distance_climb_and_heart_rate():
    [run] = read_fit(fit_bytes(Segment(START, 47.5, distance_km=9.3, ascent_m=210,
                                       avg_hr=151)), "run.fit")
    assert (run.sport, run.start, run.minutes, run.minutes_kind) == ("run", START, 47.5,
                                                                     "moving")
    assert (run.distance_km, run.ascent_m, run.avg_hr, run.source) == (9.3, 210, 151, "run.fit")


def test_a_multisport_file_gives_one_activity_per_sport_segment():
    data = fit_bytes(Segment(START, 40, Sport.RUNNING, SubSport.TRAIL),
                     Segment(START.replace(hour=18, minute=15), 90, Sport.HIKING),
                     Segment(START.replace(hour=20), 60, Sport.CYCLING))
    activities = read_fit(data, "multi.fit")
    assert [a.sport for a in activities] == ["trail_run", "hike", "ride"]
    assert len({a.activity_id for a in activities}) == 3


def test_strength_training_is_strength_and_ids_are_stable_across_reads():
    data = fit_bytes(Segment(START, 35, Sport.TRAINING, SubSport.STRENGTH_TRAINING))
    first, again = read_fit(data, "a.fit"), read_fit(data, "b.fit")
    assert first[0].sport == "strength"
    assert first[0].activity_id == again[0].activity_id


@pytest.mark.parametrize("file_type", [FileType.SETTINGS, FileType.WORKOUT,
                                       FileType.MONITORING_A])
def test_a_fit_file_that_is_not_an_activity_is_reported_by_its_kind(file_type):
    with pytest.raises(NotAnActivity, match="not a recorded activity"):
        read_fit(fit_bytes(Segment(START, 30), file_type=file_type), "settings.fit")


@pytest.mark.parametrize("cut", [0.9, 0.5, 0.1])
def test_a_truncated_fit_file_is_reported_not_crashed_on(cut):
    data = fit_bytes(Segment(START, 30))
    with pytest.raises(NotAnActivity):
        read_fit(data[:int(len(data) * cut)], "cut.fit")


def test_a_fit_file_with_a_corrupt_header_is_reported():
    data = bytearray(fit_bytes(Segment(START, 30)))
    data[8:12] = b"XXXX"          # the ".FIT" signature
    with pytest.raises(NotAnActivity, match="FIT"):
        read_fit(bytes(data), "bad.fit")
    with pytest.raises(NotAnActivity):
        read_fit(b"", "empty.fit")
