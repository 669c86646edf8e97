"""A VTIMEZONE (RFC 5545 3.6.5) for the dates a calendar spans, built from the IANA database.

Why not icalendar's own: it writes the onset of daylight time as the local time *after* the
jump (03:00 in Madrid) where RFC 5545 wants the local time before it (02:00, read with
TZOFFSETFROM), and by default it lists every transition 1970-2037. Here each transition
inside the span (plus a margin) becomes one STANDARD or DAYLIGHT block with a correct
DTSTART, which is what clients without the IANA database use to place the events.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

MARGIN = timedelta(days=7)


def _state(zone: ZoneInfo, instant: datetime) -> tuple[timedelta, timedelta, str]:
    local = instant.astimezone(zone)
    return local.utcoffset(), local.dst() or timedelta(0), local.tzname() or ""


def transitions(zone: ZoneInfo, first: datetime, last: datetime) -> list[datetime]:
    """UTC instants in [first, last) where the zone's offset, DST or name changes."""
    found = []
    step = timedelta(hours=1)
    instant, state = first, _state(zone, first)
    while instant < last:
        following = instant + step
        following_state = _state(zone, following)
        if following_state != state:
            low, high = instant, following  # refine to the minute
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    break
                if _state(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            found.append(high)
            state = following_state
        instant = following
    return found


def _component(offset_from: timedelta, offset_to: timedelta, dst: timedelta, name: str,
               local_start: datetime):
    block = TimezoneDaylight() if dst else TimezoneStandard()
    block.add("dtstart", local_start)
    block.add("tzoffsetfrom", offset_from)
    block.add("tzoffsetto", offset_to)
    if name:
        block.add("tzname", name)
    return block


@lru_cache(maxsize=64)
def _blocks(tzid: str, first_day: date, last_day: date) -> tuple[tuple, ...]:
    """(offset from, offset to, dst, name, local start) of each block; cached because a
    squad's calendars share a few zones and spans, and the scan costs ~3 ms a calendar."""
    zone = ZoneInfo(tzid)
    start = datetime.combine(first_day, datetime.min.time(), timezone.utc) - MARGIN
    end = datetime.combine(last_day, datetime.min.time(), timezone.utc) + MARGIN
    offset, dst, name = _state(zone, start)
    blocks = [(offset, offset, dst, name, (start + offset).replace(tzinfo=None))]
    for instant in transitions(zone, start, end):
        new_offset, new_dst, new_name = _state(zone, instant)
        # DTSTART is the local time just before the change, read with TZOFFSETFROM
        local_before = (instant + offset).replace(tzinfo=None)
        blocks.append((offset, new_offset, new_dst, new_name, local_before))
        offset = new_offset
    return tuple(blocks)


def vtimezone(tzid: str, first_day: date, last_day: date) -> Timezone:
    """The zone's rules in force from first_day to last_day (a week's margin either side)."""
    component = Timezone()
    component.add("tzid", tzid)
    for block in _blocks(tzid, first_day, last_day):
        component.add_component(_component(*block))
    return component
