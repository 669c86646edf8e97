"""Activities CSVs of the platforms: a Strava bulk export's ``activities.csv`` and Garmin
Connect's activities list (Activities -> Export CSV).

Strava: ``Activity Date`` is UTC ("Jan 5, 2027, 7:02:11 AM"), ``Elapsed Time`` and
``Moving Time`` are seconds, the first ``Distance`` is km, ``Perceived Exertion`` is the
athlete's RPE. Its ``Filename`` column names the activity's own file beside it; those files
are then not read again (the CSV row is the activity). Garmin: ``Date`` is local time (the
athlete's zone), ``Time``/``Moving Time`` are H:MM:SS, ``Distance`` km, ``Avg HR``,
``Total Ascent``.

A file that is not UTF-8 (an Excel save) is read as cp1252. A row that cannot be read makes
the whole file a problem naming the row: a half-read export would look like missed sessions.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from models.activities.activity import Activity, recorded, sport_of
from models.activities.problems import NotAnActivity

STRAVA_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%SZ")


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    reader = csv.reader(io.StringIO(_text(data)))
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise NotAnActivity("empty CSV file") from None
    except csv.Error as error:
        raise NotAnActivity(f"not a CSV file ({error})") from None
    return header, [row for row in reader if any(cell.strip() for cell in row)]


def _number(text: str) -> float | None:
    text = (text or "").strip().replace(",", "")
    if text in ("", "--"):
        return None
    return float(text)


def _clock(text: str) -> float:
    """H:MM:SS or MM:SS (Garmin) as seconds."""
    parts = [float(p) for p in text.strip().split(":")]
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


def _strava_time(text: str) -> datetime:
    for form in STRAVA_FORMATS:
        try:
            return datetime.strptime(text.strip(), form).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a Strava activity date")


def is_export(header: list[str]) -> bool:
    return "Activity Type" in header and ("Activity Date" in header or "Date" in header)


def strava_files(data: bytes) -> set[str]:
    """The files a Strava export's CSV stands for (its ``Filename`` column)."""
    header, rows = _rows(data)
    if "Filename" not in header:
        return set()
    at = header.index("Filename")
    return {row[at].strip() for row in rows if len(row) > at and row[at].strip()}


def read_export_csv(data: bytes, source: str, zone: str = "UTC") -> list[Activity]:
    """The rows of a Strava or Garmin Connect activities CSV; ``zone``: Garmin's local time."""
    header, rows = _rows(data)
    if not is_export(header):
        raise NotAnActivity("not a Strava activities.csv or a Garmin Connect activities CSV "
                            "(no 'Activity Type' and 'Activity Date'/'Date' columns)")
    strava = "Activity Date" in header
    first = {name: header.index(name) for name in reversed(header)}  # first of duplicates
    activities = []
    for index, row in enumerate(rows):
        cell = lambda name: row[first[name]] if name in first and first[name] < len(row) else ""  # noqa: E731
        try:
            activities.append(_strava(data, index, source, cell) if strava
                              else _garmin(data, index, source, cell, zone))
        except (ValueError, KeyError) as error:
            raise NotAnActivity(f"row {index + 2}: {error}") from None
    return activities


def _strava(data: bytes, index: int, source: str, cell) -> Activity:
    moving, elapsed = _number(cell("Moving Time")), _number(cell("Elapsed Time"))
    seconds, kind = (moving, "moving") if moving else (elapsed or 0.0, "elapsed")
    rpe = _number(cell("Perceived Exertion"))
    return recorded(
        data=data, index=index, source=source, sport=sport_of(cell("Activity Type")),
        start=_strava_time(cell("Activity Date")), minutes=seconds / 60, minutes_kind=kind,
        distance_km=_number(cell("Distance")), ascent_m=_number(cell("Elevation Gain")),
        avg_hr=_number(cell("Average Heart Rate")),
        rpe=None if rpe is None else round(rpe))


def _garmin(data: bytes, index: int, source: str, cell, zone: str) -> Activity:
    moving = cell("Moving Time").strip()
    seconds, kind = ((_clock(moving), "moving") if moving and moving != "--"
                     else (_clock(cell("Time")), "elapsed"))
    local = datetime.fromisoformat(cell("Date").strip()).replace(tzinfo=ZoneInfo(zone))
    return recorded(
        data=data, index=index, source=source, sport=sport_of(cell("Activity Type")),
        start=local, minutes=seconds / 60, minutes_kind=kind,
        distance_km=_number(cell("Distance")), ascent_m=_number(cell("Total Ascent")),
        avg_hr=_number(cell("Avg HR")))
