"""Activity files built inside the tests: FIT (fit-tool's encoder), GPX (gpxpy), TCX (text).

Each builder returns the file's bytes, so a test can also cut or corrupt them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import gpxpy
import gpxpy.gpx
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import FileType, Manufacturer, Sport, SubSport


@dataclass(frozen=True)
class Segment:
    """One recorded sport segment: what a FIT session message holds."""

    start: datetime                 # aware
    minutes: float
    sport: Sport = Sport.RUNNING
    sub_sport: SubSport = SubSport.GENERIC
    distance_km: float = 10.0
    ascent_m: int = 100
    avg_hr: int = 150


def _ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def fit_bytes(*segments: Segment, file_type: FileType = FileType.ACTIVITY) -> bytes:
    """A FIT file with a file_id and one session message per segment (multisport if many)."""
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = file_type
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 0x12345678
    file_id.time_created = _ms(segments[0].start if segments else datetime.now(timezone.utc))
    builder.add(file_id)
    for segment in segments:
        message = SessionMessage()
        message.start_time = _ms(segment.start)
        message.timestamp = _ms(segment.start + timedelta(minutes=segment.minutes))
        message.sport = segment.sport
        message.sub_sport = segment.sub_sport
        message.total_elapsed_time = segment.minutes * 60 + 30
        message.total_timer_time = segment.minutes * 60
        message.total_distance = segment.distance_km * 1000
        message.total_ascent = segment.ascent_m
        message.avg_heart_rate = segment.avg_hr
        builder.add(message)
    return builder.build().to_bytes()


def gpx_bytes(start: datetime | None, minutes: float, kind: str = "running",
              points: int = 20, route: bool = False, empty: bool = False) -> bytes:
    """A GPX track (``start`` None: a track without times), a route, or an empty segment."""
    gpx = gpxpy.gpx.GPX()
    if route:
        course = gpxpy.gpx.GPXRoute(name="planned course")
        course.points = [gpxpy.gpx.GPXRoutePoint(42.0 + i / 1000, 2.0) for i in range(points)]
        gpx.routes.append(course)
        return gpx.to_xml().encode()
    track = gpxpy.gpx.GPXTrack(name="morning run")
    track.type = kind
    segment = gpxpy.gpx.GPXTrackSegment()
    if not empty:
        step = minutes / (points - 1)
        for i in range(points):
            moment = None if start is None else start + timedelta(minutes=step * i)
            segment.points.append(gpxpy.gpx.GPXTrackPoint(
                42.0 + i / 500, 2.0, elevation=100 + 5 * i, time=moment))
    track.segments.append(segment)
    gpx.tracks.append(track)
    return gpx.to_xml().encode()


TCX = """<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
  <Activities>
    <Activity Sport="{sport}">
      <Id>{start}</Id>
      <Lap StartTime="{start}">
        <TotalTimeSeconds>{seconds}</TotalTimeSeconds>
        <DistanceMeters>{meters}</DistanceMeters>
        <AverageHeartRateBpm><Value>{hr}</Value></AverageHeartRateBpm>
        <Track>
          <Trackpoint><Time>{start}</Time><AltitudeMeters>100</AltitudeMeters></Trackpoint>
          <Trackpoint><Time>{start}</Time><AltitudeMeters>160</AltitudeMeters></Trackpoint>
        </Track>
      </Lap>
    </Activity>
  </Activities>
</TrainingCenterDatabase>
"""


def tcx_bytes(start: datetime, minutes: float, sport: str = "Running", meters: float = 8000,
              hr: int = 140) -> bytes:
    stamp = start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return TCX.format(sport=sport, start=stamp, seconds=minutes * 60, meters=meters,
                      hr=hr).encode()
