"""Times of day as minutes after midnight, and the weekday names used everywhere."""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_TITLES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MINUTES_PER_DAY = 24 * 60
STEP_MINUTES = 5  # start times are placed on a 5-minute grid

_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def parse_hhmm(text: str) -> int:
    """'06:30' -> 390. '24:00' is allowed as the end of a day."""
    match = _HHMM.match(str(text))
    if not match:
        raise ValueError(f"'{text}' is not a time of day; write HH:MM, e.g. 06:30")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes != 0):
        raise ValueError(f"'{text}' is outside 00:00-24:00")
    return hours * 60 + minutes


def format_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday_index(name: str) -> int:
    """0 for 'mon', 'Mon' or 'Monday'; anything else (a typo like 'mondy') is an error."""
    key = str(name).strip().lower()
    if key in WEEKDAYS:
        return WEEKDAYS.index(key)
    if key in _FULL_NAMES:
        return _FULL_NAMES.index(key)
    raise ValueError(f"'{name}' is not a weekday; use one of {', '.join(WEEKDAYS)}")


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
