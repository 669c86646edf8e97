"""Reading a coach's folder: every format at once, platform CSVs, bad files reported one
line each while the rest is read, times in the athlete's zone."""

from __future__ import annotations

import gzip
from datetime import datetime, timezone

from fit_tool.profile.profile_type import FileType

from activity_files import Segment, fit_bytes, gpx_bytes, tcx_bytes
from builders import make_athlete
from models.activities.collect import read_activities
from models.activities.table import activities_frame, write_problems
from models.io.cells import csv_text

START = datetime(2027, 1, 5, 17, 30, tzinfo=timezone.utc)
STRAVA = ('Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,'
          'Filename,Moving Time,Distance,Elevation Gain,Average Heart Rate,Perceived Exertion\n'
          '101,"Jan 5, 2027, 5:30:00 PM",=cmd(),Trail Run,3700,10.2,activities/101.fit.gz,'
          '3600,10200,480,150,7\n'
          '102,"Jan 6, 2027, 6:00:00 AM",Lift,Weight Training,2100,0,,2000,0,0,,\n')
GARMIN = ('Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR,'
          'Total Ascent,Moving Time\n'
          'Hiking,2027-01-09 09:00:00,false,Montseny,12.5,900,02:30:00,120,150,800,02:10:00\n'
          'Cycling,2027-01-10 10:00:00,false,Café ride,40,900,01:30:00,130,160,300,--\n')


def test_a_folder_of_mixed_files_reads_every_activity_in_start_order(tmp_path):
    (tmp_path / "run.fit").write_bytes(fit_bytes(Segment(START, 45)))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "hike.gpx.gz").write_bytes(gzip.compress(gpx_bytes(
        START.replace(day=3), 90, "hiking")))
    (tmp_path / "ride.tcx").write_bytes(tcx_bytes(START.replace(day=4), 60, "Biking"))
    (tmp_path / "notes.txt").write_text("not an activity")
    read = read_activities([tmp_path])
    assert [a.sport for a in read.activities] == ["hike", "ride", "run"]
    assert read.problems == []


def test_bad_files_are_one_line_each_and_never_stop_the_others(tmp_path):
    good = fit_bytes(Segment(START, 45))
    files = {"good.fit": good, "cut.fit": good[:40], "header.fit": b"\x0e\x10" + good[2:6]
             + b"JUNK" + good[10:], "route.gpx": gpx_bytes(START, 5, route=True),
             "empty.gpx": gpx_bytes(START, 5, empty=True), "broken.gz.fit": b"x",
             "latin.csv": "Fecha,Título\n2027-01-05,Año\n".encode("cp1252"),
             "settings.fit": fit_bytes(Segment(START, 5), file_type=FileType.SETTINGS)}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    read = read_activities([tmp_path])
    assert len(read.activities) == 1
    assert sorted(p.file.rsplit("/", 1)[-1] for p in read.problems) == sorted(
        set(files) - {"good.fit"})
    assert all("\n" not in p.line() and p.line().startswith(p.file) for p in read.problems)
    (tmp_path / "out").mkdir()
    problems = write_problems(tmp_path / "out" / "activities.csv", read.problems)
    assert problems.name == "activities.problems.csv"
    assert len(problems.read_text().splitlines()) == 1 + len(read.problems)


def test_a_strava_export_reads_its_csv_and_does_not_read_its_files_twice(tmp_path):
    (tmp_path / "activities.csv").write_text(STRAVA)
    (tmp_path / "activities").mkdir()
    (tmp_path / "activities" / "101.fit.gz").write_bytes(
        gzip.compress(fit_bytes(Segment(START, 60))))
    athlete = make_athlete(timezone="Europe/Madrid")
    read = read_activities([tmp_path], athlete)
    assert read.problems == []
    trail, lift = read.activities
    assert (trail.sport, trail.minutes, trail.minutes_kind, trail.rpe, trail.load) == (
        "trail_run", 60, "moving", 7, 420)
    assert trail.start.isoformat() == "2027-01-05T18:30:00+01:00"   # UTC in, Madrid out
    assert (trail.distance_km, trail.ascent_m, trail.avg_hr) == (10.2, 480, 150)
    assert lift.sport == "strength" and lift.rpe is None and lift.load_basis == "sport"


def test_a_garmin_csv_is_local_time_and_a_non_utf8_save_still_reads(tmp_path):
    (tmp_path / "Activities.csv").write_bytes(GARMIN.encode("cp1252"))
    athlete = make_athlete(timezone="Europe/Madrid")
    hike, ride = read_activities([tmp_path / "Activities.csv"], athlete).activities
    assert hike.start.isoformat() == "2027-01-09T09:00:00+01:00"
    assert (hike.sport, hike.minutes, hike.minutes_kind, hike.ascent_m) == (
        "hike", 130, "moving", 800)
    assert (ride.sport, ride.minutes, ride.minutes_kind) == ("ride", 90, "elapsed")


def test_the_table_neutralises_text_that_a_spreadsheet_would_run(tmp_path):
    (tmp_path / "=HYPERLINK(1).tcx").write_bytes(tcx_bytes(START, 30))
    frame = activities_frame(read_activities([tmp_path]).activities)
    assert "\n=" not in csv_text(frame) and ",=" not in csv_text(frame)


def test_without_a_recorded_rpe_the_load_comes_from_heart_rate_when_the_threshold_is_known(
        tmp_path):
    (tmp_path / "tempo.fit").write_bytes(fit_bytes(Segment(START, 40, avg_hr=158)))
    athlete = make_athlete()
    [by_sport] = read_activities([tmp_path], athlete).activities
    [by_hr] = read_activities([tmp_path], athlete, threshold_hr=165).activities
    assert (by_sport.load_basis, by_sport.load) == ("sport", 4 * 40)
    assert (by_hr.load_basis, by_hr.load) == ("hr", 6 * 40)      # 158 / 165 = 0.96 -> RPE 6
