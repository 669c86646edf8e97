"""A plan's calendar written straight as text: the bytes of ``ics_bytes(calendar(...))``
(models/exports/ics.py) for a plain calendar, without building icalendar objects.

Why: in a batch worker the calendar cost about a fifth of the time (icalendar makes, for
every property of every event, a value object, its parameters and a content line, then
serialises and folds each). Here what repeats is encoded once - the VCALENDAR head, each
VTIMEZONE (cached per zone and span), the DTSTART/DTEND prefix of a zone (asked of
icalendar once, so its TZID spelling is kept), the DTSTAMP line - and an event is a few
string joins. Text values are escaped by RFC 5545 3.3.11 in icalendar's order (X-
properties raw, as icalendar writes them), lines are folded where ``ics_bytes`` folds
them, and the table is read without pandas' typing and sorting: the same bytes (tests/
models/exports/test_ics_text.py), ~10x faster (18 ms against 190-250 ms for a 13-week
calendar, measured side by side on a loaded 2-core machine).
Feed calendars (identities, SEQUENCE, busy events) keep using ``calendar``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import pandas as pd
from icalendar import Event
from icalendar.parser import Contentline

from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.clock import parse_hhmm
from models.exports.ics import (FOLD_AT, PRODID, group_line, ics_bytes, session_description,
                                session_label, session_summary, session_uid)
from models.exports.vtimezone import vtimezone

CRLF = "\r\n"


def text_value(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 asks, in icalendar's order (its own
    function is private): backslash, semicolon, comma, then every line break as \\n."""
    return (value.replace(r"\N", "\n").replace("\\", "\\\\").replace(";", r"\;")
            .replace(",", r"\,").replace("\r\n", r"\n").replace("\n", r"\n")
            .replace("\r", r"\n"))


def unknown_value(value: str) -> str:
    """An X- property's value: icalendar writes those unescaped, and refuses a line break."""
    if "\n" in value or "\r" in value:
        raise ValueError(f"a calendar property cannot hold a line break: {value!r}")
    return value


def content_line(line: str) -> str:
    """The line as ``ics_bytes`` writes it: as is when short, else folded like icalendar."""
    if not line.isascii():  # octets are not characters: icalendar's own folding
        return Contentline(line).to_ical().decode("utf-8")
    pieces = []
    while len(line) >= FOLD_AT:
        # 74 octets a piece (the continuation's leading space not counted, as icalendar
        # does), and never a backslash or caret escape cut from what it escapes
        cut = FOLD_AT - 1 - (line[FOLD_AT - 2] in "\\^")
        pieces.append(line[:cut])
        line = line[cut:]
    pieces.append(line)
    return "\r\n ".join(pieces)


@lru_cache(maxsize=64)
def time_prefix(name: str, zone_name: str) -> tuple[str, str]:
    """('DTSTART;TZID=Europe/Madrid:', '') - or ('DTSTART:', 'Z') for UTC: what icalendar
    writes before and after a local date-time of this zone, asked of it once."""
    sample = Event()
    sample.add(name, datetime(2000, 1, 1, tzinfo=ZoneInfo(zone_name)))
    line = next(str(line) for line in sample.content_lines() if line.startswith(name.upper()))
    head, _, value = line.rpartition(":")
    return head + ":", value[len("20000101T000000"):]


@lru_cache(maxsize=64)
def timezone_text(zone_name: str, first_day: date, last_day: date) -> str:
    """The VTIMEZONE block of a zone and span, serialised once."""
    return ics_bytes(vtimezone(zone_name, first_day, last_day)).decode("utf-8")


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y%m%dT%H%M%S}"


class Row(NamedTuple):
    """One session of the plan table, as the calendar reads it."""

    athlete_id: str
    date: date
    start: str
    session: str
    minutes: int
    rpe: int
    load: int
    hard: bool
    details: str
    group_session: str


def _text(value: Any) -> str:
    """A text cell as typed_plan_frame gives it: missing (None, NaN, NA) is empty."""
    return value if isinstance(value, str) else "" if pd.isna(value) else str(value)


def _day(value: Any) -> date:
    if isinstance(value, datetime):  # pandas Timestamps too
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def plan_rows(frame: pd.DataFrame) -> list[Row]:
    """The table's rows with the plan table's types, in calendar order (athlete, date,
    start, session; stable): what ``calendar`` gets from typed_plan_frame and a sort,
    without their pandas cost (~3/4 of the time left once the text is pre-encoded)."""
    column = {name: frame[name].tolist() for name in Row._fields if name in frame.columns}
    count = len(frame)
    groups = column.get("group_session", [""] * count)
    rows = [Row(_text(a), _day(d), _text(s), _text(t), int(m), int(r), int(lo), bool(h),
                _text(x), _text(g))
            for a, d, s, t, m, r, lo, h, x, g in zip(
                column["athlete_id"], column["date"], column["start"], column["session"],
                column["minutes"], column["rpe"], column["load"], column["hard"],
                column["details"], groups)]
    rows.sort(key=lambda row: (row.athlete_id, row.date, row.start, row.session))
    return rows


def calendar_bytes(frame: pd.DataFrame, athletes: Mapping[str, Athlete] | None = None,
                   tzid: str = "UTC", *, catalogue: Catalogue | None = None,
                   stamp: datetime | None = None,
                   group_sessions: Mapping[str, Any] | None = None) -> bytes:
    """``ics_bytes(calendar(frame, athletes, tzid, ...))``, byte for byte (same arguments;
    see models/exports/ics.py for what the calendar holds)."""
    catalogue = catalogue or default_catalogue()
    athletes = athletes or {}
    group_sessions = group_sessions or {}
    stamp = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    rows = plan_rows(frame)
    zone_of = {a: (athletes[a].timezone if a in athletes else tzid)
               for a in dict.fromkeys(row.athlete_id for row in rows)}
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", content_line(f"PRODID:{text_value(PRODID)}"),
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if len(zone_of) == 1:
        (only,) = zone_of
        person = athletes.get(only)
        name = f"Training - {person.display_name if person else only}"
        lines.append(content_line(f"X-WR-CALNAME:{unknown_value(name)}"))
        lines.append(content_line(f"X-WR-TIMEZONE:{unknown_value(zone_of[only])}"))
    parts = [CRLF.join(lines) + CRLF]
    for zone_name in sorted(set(zone_of.values()) - {"UTC"}):
        days = [row.date for row in rows if zone_of[row.athlete_id] == zone_name]
        parts.append(timezone_text(zone_name, min(days), max(days) + timedelta(days=1)))
    dtstamp = f"DTSTAMP:{_stamp(stamp)}Z"
    seen: Counter = Counter()
    days_seen: set = set()
    for row in rows:
        day = row.date
        person = athletes.get(row.athlete_id)
        bodyweight_kg = person.bodyweight_kg if person else None
        zone_name = zone_of[row.athlete_id]
        first_of_day = (row.athlete_id, day) not in days_seen
        days_seen.add((row.athlete_id, day))
        seen[(row.athlete_id, day, row.session)] += 1
        start = datetime.combine(day, datetime.min.time()) + timedelta(
            minutes=parse_hhmm(row.start))
        end = start + timedelta(minutes=int(row.minutes))
        label = session_label(catalogue, row.session)
        uid = session_uid(row.athlete_id, day, row.session,
                          seen[(row.athlete_id, day, row.session)])
        description = session_description(row, label, bodyweight_kg, first_of_day)
        group = group_sessions.get(row.group_session) if row.group_session else None
        location = None
        if group is not None:
            location = group.location or None
            description += "\n" + group_line(group, int(row.minutes))
        start_head, start_tail = time_prefix("dtstart", zone_name)
        end_head, end_tail = time_prefix("dtend", zone_name)
        event = [
            "BEGIN:VEVENT",
            content_line(f"SUMMARY:{text_value(session_summary(row, label, person))}"),
            f"{start_head}{_stamp(start)}{start_tail}",
            f"{end_head}{_stamp(end)}{end_tail}",
            dtstamp,
            content_line(f"UID:{text_value(uid)}"),
            content_line(f"CATEGORIES:{text_value(row.session)}"),
            content_line(f"DESCRIPTION:{text_value(description)}"),
        ]
        if location is not None:
            event.append(content_line(f"LOCATION:{text_value(location)}"))
        event += ["TRANSP:OPAQUE", "END:VEVENT"]
        parts.append(CRLF.join(event) + CRLF)
    parts.append("END:VCALENDAR" + CRLF)
    return "".join(parts).encode("utf-8")
