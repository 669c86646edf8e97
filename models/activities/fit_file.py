"""FIT activity files (Garmin, Coros, Suunto, Wahoo...) read with fitdecode.

One activity per ``session`` message: a multisport file (a triathlon, a run-hike) gives one
activity per sport segment. A FIT file that is not an activity (settings, monitoring, a
planned workout or course) or that is corrupt or truncated raises NotAnActivity.
"""

from __future__ import annotations

import io
import struct
from datetime import datetime

import fitdecode

from models.activities.activity import Activity, recorded, sport_of
from models.activities.problems import NotAnActivity

# a sub-sport that says more than its sport
SUB_SPORTS = {"trail": "trail_run", "strength_training": "strength", "treadmill": "run",
              "street": "run", "track": "run", "indoor_walking": "walk", "hiking": "hike"}


def _sport(sport: object, sub_sport: object) -> str:
    sub = str(sub_sport or "").lower()
    if sub in SUB_SPORTS:
        return SUB_SPORTS[sub]
    return sport_of(sport)


def _value(frame, name: str):
    return frame.get_value(name, fallback=None) if frame.has_field(name) else None


def read_fit(data: bytes, source: str) -> list[Activity]:
    """The activities of one FIT file's bytes (``source``: its name in the table)."""
    sessions, kind = [], None
    try:
        with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED) as fit:
            for frame in fit:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "file_id" and kind is None:
                    kind = _value(frame, "type")
                elif frame.name == "session":
                    sessions.append({name: _value(frame, name) for name in (
                        "sport", "sub_sport", "start_time", "total_timer_time",
                        "total_elapsed_time", "total_distance", "total_ascent",
                        "avg_heart_rate")})
    except fitdecode.FitHeaderError as error:
        raise NotAnActivity(f"not a FIT file or a corrupt FIT header ({error})") from None
    except fitdecode.FitEOFError:
        raise NotAnActivity("truncated FIT file (it ends before its data does)") from None
    except fitdecode.FitCRCError:
        raise NotAnActivity("corrupt FIT file (checksum does not match)") from None
    except (fitdecode.FitError, ValueError, KeyError, struct.error) as error:
        raise NotAnActivity(f"unreadable FIT file ({error})") from None
    if kind is not None and str(kind) != "activity":
        raise NotAnActivity(f"a FIT '{kind}' file, not a recorded activity")
    if not sessions:
        raise NotAnActivity("FIT file without any session (not a recorded activity)")
    activities = []
    for index, session in enumerate(sessions):
        start = session["start_time"]
        if not isinstance(start, datetime):
            raise NotAnActivity(f"FIT session {index} has no start time")
        timer, elapsed = session["total_timer_time"], session["total_elapsed_time"]
        seconds, kind_of = (timer, "moving") if timer else (elapsed or 0, "elapsed")
        distance, ascent = session["total_distance"], session["total_ascent"]
        activities.append(recorded(
            data=data, index=index, source=source,
            sport=_sport(session["sport"], session["sub_sport"]), start=start,
            minutes=float(seconds) / 60, minutes_kind=kind_of,
            distance_km=None if distance is None else float(distance) / 1000,
            ascent_m=None if ascent is None else float(ascent),
            avg_hr=session["avg_heart_rate"]))
    return activities

