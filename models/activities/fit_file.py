"""FIT activity files (Garmin, Coros, Suunto, Wahoo...) read with fitdecode.

One activity per ``session`` message: a multisport file (a triathlon, a run-hike) gives one
activity per sport segment. A FIT file that is not an activity (settings, monitoring, a
planned workout or course) or that is corrupt or truncated raises NotAnActivity.

Speed (benchmarks/read_activities.py): the header and the file's CRC-16 are checked here
first, with a byte table (fitdecode's own check, in Python nibble by nibble, took more
than half of the read time); fitdecode then decodes without its data processor (enum names
and scales are still applied), and the one datetime needed is converted here.
"""

from __future__ import annotations

import io
import struct
from datetime import datetime, timedelta, timezone

import fitdecode

from models.activities.activity import Activity, recorded, sport_of
from models.activities.problems import NotAnActivity

# a sub-sport that says more than its sport
SUB_SPORTS = {"trail": "trail_run", "strength_training": "strength", "treadmill": "run",
              "street": "run", "track": "run", "indoor_walking": "walk", "hiking": "hike"}


FIT_EPOCH = datetime(1989, 12, 31, tzinfo=timezone.utc)
SIGNATURE = b".FIT"


def _crc_table() -> tuple[int, ...]:
    """CRC-16/ARC (polynomial 0xA001, reflected), the FIT file checksum, a byte at a time."""
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


CRC_TABLE = _crc_table()


def fit_crc(data: bytes) -> int:
    crc = 0
    table = CRC_TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def check_whole(data: bytes) -> None:
    """The header says FIT, the file is as long as it says, and its checksum matches."""
    if len(data) < 12 or data[8:12] != SIGNATURE or data[0] not in (12, 14):
        raise NotAnActivity("not a FIT file or a corrupt FIT header (no .FIT signature)")
    end = data[0] + int.from_bytes(data[4:8], "little")
    if len(data) < end + 2:
        raise NotAnActivity("truncated FIT file (it ends before its data does)")
    if fit_crc(data[:end]) != int.from_bytes(data[end:end + 2], "little"):
        raise NotAnActivity("corrupt FIT file (checksum does not match)")


def _moment(value) -> datetime | None:
    """A FIT date_time (seconds since 1989-12-31 UTC) as an aware datetime."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, int) and value >= 0x10000000:   # below: relative, not a date
        return FIT_EPOCH + timedelta(seconds=value)
    return None


def _sport(sport: object, sub_sport: object) -> str:
    sub = str(sub_sport or "").lower()
    if sub in SUB_SPORTS:
        return SUB_SPORTS[sub]
    return sport_of(sport)


def _value(frame, name: str):
    return frame.get_value(name, fallback=None) if frame.has_field(name) else None


def read_fit(data: bytes, source: str) -> list[Activity]:
    """The activities of one FIT file's bytes (``source``: its name in the table)."""
    check_whole(data)
    sessions, kind = [], None
    try:
        with fitdecode.FitReader(io.BytesIO(data), processor=None,
                                 check_crc=fitdecode.CrcCheck.DISABLED) as fit:
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
        start = _moment(session["start_time"])
        if start is None:
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

