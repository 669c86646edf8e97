"""GPX (built with gpxpy) and TCX (a small template) read back through the readers."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from activity_files import gpx_bytes, tcx_bytes
from models.activities.gpx_file import read_gpx
from models.activities.problems import NotAnActivity
from models.activities.tcx_file import read_tcx

START = datetime(2027, 1, 5, 17, 30, tzinfo=timezone.utc)


def test_a_timed_gpx_track_is_an_activity_of_its_type():
    [hike] = read_gpx(gpx_bytes(START, 95, "hiking"), "hike.gpx")
    assert (hike.sport, hike.start, hike.minutes, hike.minutes_kind) == ("hike", START, 95,
                                                                         "elapsed")
    assert hike.distance_km > 0 and hike.ascent_m > 0


@pytest.mark.parametrize("data, why", [
    (gpx_bytes(START, 10, route=True), "route"),
    (gpx_bytes(None, 10), "no times"),
    (gpx_bytes(START, 10, empty=True), "no points"),
    (b"<gpx><trk><trkseg><trkpt lat='1'", "well-formed"),
    (b"\xff\xfe\x00garbage", "well-formed"),
])
def test_what_is_not_a_recorded_track_is_reported_with_the_reason(data, why):
    with pytest.raises(NotAnActivity, match=why):
        read_gpx(data, "odd.gpx")


def test_xml_with_entities_is_refused_before_parsing():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;">]><gpx>&b;</gpx>')
    for reader in (read_gpx, read_tcx):
        with pytest.raises(NotAnActivity, match="refused"):
            reader(bomb, "bomb.xml")


def test_a_tcx_activity_reads_with_laps_time_and_sport():
    [run] = read_tcx(tcx_bytes(START, 42, "Running", meters=8200, hr=146), "run.tcx")
    assert (run.sport, run.start, run.minutes, run.distance_km, run.avg_hr) == (
        "run", START, 42, 8.2, 146)
    [ride] = read_tcx(tcx_bytes(START, 60, "Biking"), "ride.tcx")
    assert ride.sport == "ride"


def test_a_tcx_without_activities_is_reported():
    courses = (b'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
               b'TrainingCenterDatabase/v2"><Courses/></TrainingCenterDatabase>')
    with pytest.raises(NotAnActivity, match="course or workout"):
        read_tcx(courses, "course.tcx")
