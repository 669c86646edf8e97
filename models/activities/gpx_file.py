"""GPX tracks read with gpxpy: one activity per track that has times.

A GPX route (a planned course) or a track without times (drawn, not recorded) is reported,
not guessed; empty segments are skipped, and a track with no timed point at all is
reported. The sport is the track's <type> (Strava writes 'running', 'hiking'...), else
``other``. Minutes: elapsed, first to last timed point.
"""

from __future__ import annotations

import gpxpy
import gpxpy.gpx

from models.activities.activity import Activity, recorded, sport_of
from models.activities.problems import NotAnActivity
from models.activities.xml_guard import safe_xml


def _avg_hr(points) -> float | None:
    rates = []
    for point in points:
        for extension in point.extensions:
            for element in extension.iter():
                if element.tag.rsplit("}", 1)[-1] == "hr" and (element.text or "").strip():
                    try:
                        rates.append(float(element.text))
                    except ValueError:
                        pass
    return sum(rates) / len(rates) if rates else None


def read_gpx(data: bytes, source: str) -> list[Activity]:
    safe_xml(data, "GPX")
    try:
        gpx = gpxpy.parse(data.decode("utf-8", errors="replace"))
    except gpxpy.gpx.GPXException as error:
        raise NotAnActivity(f"not a readable GPX file ({error})") from None
    if not gpx.tracks:
        if gpx.routes:
            raise NotAnActivity("a GPX route (a planned course), not a recorded track")
        raise NotAnActivity("GPX file without any track")
    activities = []
    for index, track in enumerate(gpx.tracks):
        points = [p for segment in track.segments for p in segment.points]
        if not points:
            raise NotAnActivity(f"GPX track {index} has no points (empty segments)")
        timed = [p for p in points if p.time is not None]
        if not timed:
            raise NotAnActivity(f"GPX track {index} has no times (drawn, not recorded)")
        up = track.get_uphill_downhill().uphill
        activities.append(recorded(
            data=data, index=index, source=source, sport=sport_of(track.type),
            start=timed[0].time,
            minutes=(timed[-1].time - timed[0].time).total_seconds() / 60,
            minutes_kind="elapsed", distance_km=track.length_2d() / 1000,
            ascent_m=up, avg_hr=_avg_hr(points)))
    return activities
