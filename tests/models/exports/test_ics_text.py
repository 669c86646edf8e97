"""The calendar written as text (the batch's) is icalendar's calendar, byte for byte."""

from __future__ import annotations

import io
import random
from datetime import date, datetime, timezone
from types import SimpleNamespace

import pandas as pd
import pytest
from icalendar.parser import Contentline

from models.domain.plan import sessions_frame
from models.exports.ics import calendar, ics_bytes
from models.exports.ics_text import calendar_bytes, content_line
from builders import make_athlete

STAMP = datetime(2027, 1, 1, 6, 30, 15, tzinfo=timezone.utc)
TRICKY = ("back\\slash, comma; semicolon\nnew line, Ütliberg loop ü " + "x" * 70
          + "\\" + "y" * 60 + "^" + "z" * 80)


def both(frame, athletes=None, **options) -> tuple[bytes, bytes]:
    return (ics_bytes(calendar(frame, athletes, stamp=STAMP, **options)),
            calendar_bytes(frame, athletes, stamp=STAMP, **options))


@pytest.fixture
def madrid_table(plan):
    """Two weeks over the March DST change, hard runs, a two-session day, tricky details."""
    sessions = plan("Tue sprint 18:00", "Wed strength 06:00", "Wed hike 19:00 90",
                    "Sat long 07:00", "Sun easy 17:00", week=date(2027, 3, 22))
    sessions += plan("Mon easy 07:00", "Mon easy 19:00", "Thu tempo 18:30", "Sat long 08:00",
                     week=date(2027, 3, 29))
    sessions = [s.model_copy(update={"details": TRICKY}) if s.type == "strength" else s
                for s in sessions]
    return sessions_frame("ana", sessions)


def test_one_athlete_in_her_zone_is_byte_identical(madrid_table):
    ana = make_athlete(id="ana", name="Ana Éxample, Jr; \\ the 2nd", timezone="Europe/Madrid",
                       bodyweight_kg=61)
    icalendar_bytes, text_bytes = both(madrid_table, {"ana": ana})
    assert b"BEGIN:VTIMEZONE" in text_bytes and b"\r\n " in text_bytes  # zone, folded lines
    assert text_bytes == icalendar_bytes


def test_several_athletes_unsorted_rows_utc_and_a_table_read_from_csv(plan, madrid_table):
    ben = sessions_frame("ben", plan("Mon easy 06:00", "Mon easy 19:00", "Wed tempo 12:00"))
    frame = pd.concat([madrid_table, ben]).iloc[::-1]  # calendar order is the writer's job
    ana = make_athlete(id="ana", timezone="Europe/Madrid")
    icalendar_bytes, text_bytes = both(frame, {"ana": ana}, tzid="UTC")
    assert text_bytes == icalendar_bytes
    assert b"DTSTART:20270104T060000Z" in text_bytes  # ben, not given: UTC
    as_read = pd.read_csv(io.StringIO(frame.to_csv(index=False)), keep_default_na=False)
    assert calendar_bytes(as_read, {"ana": ana}, stamp=STAMP) == icalendar_bytes
    assert both(frame.iloc[:0])[0] == both(frame.iloc[:0])[1]  # no session at all


def test_group_sessions_carry_their_location_and_coach(plan):
    frame = sessions_frame("ana", plan("Tue tempo 18:00", "Thu easy 18:00", "Sat long 08:00"))
    frame["group_session"] = ["track", "", "hills"]
    sessions = {"track": SimpleNamespace(id="track", location="Piste 2; porte B, Charléty",
                                         coach="Jo", minutes=int(frame["minutes"].iloc[0])),
                "hills": SimpleNamespace(id="hills", location="", coach="", minutes=240)}
    ana = make_athlete(id="ana", timezone="Europe/Paris")
    icalendar_bytes, text_bytes = both(frame, {"ana": ana}, group_sessions=sessions)
    assert b"LOCATION:Piste 2\\; porte B\\, Charl" in text_bytes
    assert text_bytes == icalendar_bytes
    unfolded = text_bytes.decode("utf-8").replace("\r\n ", "")
    long = int(frame["minutes"].iloc[2])  # shorter than the group's four hours: turn back
    assert (f"Group session hills\\; the group runs 240 min\\, yours is {long}: start with "
            f"them and turn back after about {long // 2} min") in unfolded
    assert "Group session track with Jo\r\n" in unfolded  # the whole session: nothing to add


def test_long_lines_fold_where_icalendar_folds_them():
    rng = random.Random(5)
    for _ in range(3000):
        line = "".join(rng.choice("ab\\^,; ") for _ in range(rng.randint(60, 300)))
        assert content_line(line) == Contentline(line).to_ical().decode("utf-8")

