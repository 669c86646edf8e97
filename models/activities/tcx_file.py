"""TCX (Garmin Training Center) activities, parsed with defusedxml.

One activity per <Activity>: its sport attribute (Running, Biking, Other), the start of
its first lap, the laps' total time (timer time: moving), distance, heart rate weighted
by lap time, ascent from the track's altitudes. A TCX holding only courses or workouts is
reported.
"""

from __future__ import annotations

from datetime import datetime

from models.activities.activity import Activity, recorded, sport_of
from models.activities.problems import NotAnActivity
from models.activities.xml_guard import safe_xml


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element, name: str) -> list:
    return [child for child in element.iter() if _local(child.tag) == name]


def _number(element, name: str) -> float | None:
    for child in element:
        if _local(child.tag) == name:
            text = (child.text or "").strip() or "".join(
                (c.text or "").strip() for c in child)
            try:
                return float(text)
            except ValueError:
                return None
    return None


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))


def _ascent(lap) -> float | None:
    heights = [_number(point, "AltitudeMeters") for point in _children(lap, "Trackpoint")]
    heights = [h for h in heights if h is not None]
    return sum(max(b - a, 0) for a, b in zip(heights, heights[1:])) if heights else None


def read_tcx(data: bytes, source: str) -> list[Activity]:
    root = safe_xml(data, "TCX")
    if _local(root.tag) != "TrainingCenterDatabase":
        raise NotAnActivity(f"not a TCX file (root element <{_local(root.tag)}>)")
    found = _children(root, "Activity")
    if not found:
        raise NotAnActivity("TCX file without any activity (a course or workout file)")
    activities = []
    for index, element in enumerate(found):
        laps = [child for child in element if _local(child.tag) == "Lap"]
        if not laps or not laps[0].get("StartTime"):
            raise NotAnActivity(f"TCX activity {index} has no lap with a start time")
        try:
            start = _time(laps[0].get("StartTime"))
        except ValueError:
            raise NotAnActivity(f"TCX activity {index}: start time "
                                f"'{laps[0].get('StartTime')}' is not a time") from None
        seconds = [_number(lap, "TotalTimeSeconds") or 0.0 for lap in laps]
        meters = [_number(lap, "DistanceMeters") for lap in laps]
        rates = [(_number(lap, "AverageHeartRateBpm"), s) for lap, s in zip(laps, seconds)]
        rates = [(r, s) for r, s in rates if r]
        ascents = [a for a in (_ascent(lap) for lap in laps) if a is not None]
        activities.append(recorded(
            data=data, index=index, source=source, sport=sport_of(element.get("Sport")),
            start=start, minutes=sum(seconds) / 60, minutes_kind="moving",
            distance_km=(sum(m for m in meters if m) / 1000) if any(meters) else None,
            ascent_m=sum(ascents) if ascents else None,
            avg_hr=(sum(r * s for r, s in rates) / max(sum(s for _, s in rates), 1))
            if rates else None))
    return activities
