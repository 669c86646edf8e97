"""Exports: what a calendar app, a spreadsheet and a notebook get from a plan table."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from icalendar import Calendar, Event

from models.domain.errors import InputError
from models.exports.plan_writer import check_output, write_plan
from models.exports.ics import calendar, ics_bytes
from models.io.plan_table import read_plan_file, typed_from_file
from models.domain.plan import sessions_frame, typed_plan_frame
from builders import make_athlete

STAMP = datetime(2027, 1, 1, tzinfo=timezone.utc)
DST_SATURDAY = date(2027, 3, 27)  # Madrid: CET until Sunday 28 March 02:00, then CEST
DST_MONDAY = date(2027, 3, 22)


@pytest.fixture
def table(plan):
    """Two weeks of one athlete with details, hard runs, a two-session day."""
    sessions = plan("Tue sprint 18:00", "Wed strength 06:00", "Wed hike 19:00 90",
                    "Sat long 07:00", "Sun easy 17:00")
    sessions += plan("Mon easy 07:00", "Thu tempo 18:30", "Sat long 08:00",
                     week=date(2027, 1, 11))
    sessions = [s.model_copy(update={"details": "squat, row; protein 20-40 g within 1-2 h after"})
                if s.type == "strength" else s for s in sessions]
    return sessions_frame("ana", sessions)


def madrid(**fields):
    return make_athlete(id="ana", name="Ana Example", timezone="Europe/Madrid",
                        bodyweight_kg=61, **fields)


def events(path_or_cal) -> dict[str, object]:
    cal = path_or_cal if isinstance(path_or_cal, Calendar) else \
        Calendar.from_ical(path_or_cal.read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


# ------------------------------------------------------------------ csv / parquet / json

def test_csv_round_trips_the_plan_table(table, tmp_path):
    path = write_plan(table, tmp_path / "plan.csv")
    assert path.read_text().splitlines()[0] == ("athlete_id,week_start,date,weekday,session,"
                                                "start,end,minutes,rpe,load,hard,details")
    back = typed_from_file(read_plan_file(path))
    pd.testing.assert_frame_equal(back, table)


def test_parquet_has_contract_types_and_round_trips(table, tmp_path):
    path = write_plan(table, tmp_path / "plan.parquet")
    schema = pq.read_schema(path)
    assert str(schema.field("date").type) == "date32[day]"
    assert str(schema.field("week_start").type) == "date32[day]"
    assert {str(schema.field(c).type) for c in ("minutes", "rpe", "load")} == {"int64"}
    assert str(schema.field("hard").type) == "bool"
    back = pd.read_parquet(path)
    assert back["date"].iloc[0] == date(2027, 1, 5)
    pd.testing.assert_frame_equal(typed_plan_frame(back), table)


def test_json_without_a_result_is_the_rows(table, tmp_path):
    path = write_plan(table, tmp_path / "plan.json")
    back = pd.read_json(path, dtype={"start": str, "end": str})
    assert back.loc[0, "date"] == "2027-01-05" or str(back.loc[0, "date"])[:10] == "2027-01-05"
    pd.testing.assert_frame_equal(typed_plan_frame(back), table)


def test_format_option_overrides_the_extension(table, tmp_path):
    path = write_plan(table, tmp_path / "plan.txt", fmt="csv")
    assert path.read_text().startswith("athlete_id,")


@pytest.mark.parametrize("name, fmt, problem", [
    ("plan.pdf", None, "unknown output format '.pdf'"),
    ("plan.csv", "docx", "unknown format 'docx'"),
    ("missing/plan.csv", None, "does not exist"),
])
def test_bad_outputs_are_refused_before_any_work(tmp_path, name, fmt, problem):
    with pytest.raises(InputError, match=problem):
        check_output(tmp_path / name, fmt)


# ------------------------------------------------------------------ xlsx

def test_xlsx_round_trips_with_pandas(table, tmp_path):
    path = write_plan(table, tmp_path / "plan.xlsx", athletes={"ana": madrid()})
    back = pd.read_excel(path)  # the first sheet is the plan table
    assert str(back["date"].dtype).startswith("datetime64")
    assert back["hard"].dtype == bool and back["minutes"].dtype == "int64"
    pd.testing.assert_frame_equal(typed_plan_frame(back), table)
    pd.testing.assert_frame_equal(typed_from_file(read_plan_file(path)), table)


def test_xlsx_week_grid_for_a_coach(table, tmp_path):
    summary = pd.DataFrame({"athlete_id": ["ana", "ana"],
                            "week_start": pd.to_datetime(["2027-01-04", "2027-01-11"]),
                            "load": [1, 2], "monotony": [1.5, float("nan")]})
    path = write_plan(table, tmp_path / "plan.xlsx", athletes={"ana": madrid()},
                      summary=summary)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["plan", "ana", "summary"]
    assert book.active.title == "ana"  # opens on the week grid
    grid = book["ana"]
    assert [c.value for c in grid[1]][:9] == ["week", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
                                              "Sun", "sessions"]
    assert grid.freeze_panes == "B2" and book["plan"].freeze_panes == "B2"
    assert grid["A2"].value.date() == date(2027, 1, 4) and grid["A3"].value.date() == date(2027, 1, 11)
    wednesday = grid["D2"].value
    assert wednesday.splitlines() == ["6 Jan", "06:00-06:35", "Strength 35 min",
                                      "19:00-20:30", "Hike 90 min"]
    assert grid["B2"].value.splitlines() == ["4 Jan", "rest"]
    tuesday = grid["C2"]  # a hard run: highlighted and marked
    assert "*" in tuesday.value and tuesday.fill.fgColor.rgb.endswith("F8D7DA")
    assert tuesday.font.bold
    assert not grid["H2"].fill.fgColor.rgb.endswith("F8D7DA")  # Sunday: easy run only
    assert grid.column_dimensions["C"].width >= 20
    assert grid.row_dimensions[2].height >= 5 * 15
    assert [c.value for c in book["summary"][1]] == ["athlete_id", "week_start", "load",
                                                     "monotony"]
    assert "Ana Example" in grid.oddHeader.center.text


def test_xlsx_sheet_names_are_legal_and_unique(plan, tmp_path):
    frames = [sessions_frame(name, plan("Mon easy 07:00"))
              for name in ("plan", "a" * 40, "a" * 41)]
    path = write_plan(pd.concat(frames), tmp_path / "squad.xlsx")
    names = openpyxl.load_workbook(path).sheetnames
    assert names == ["plan", "a" * 31, "a" * 29 + "~2", "plan~2"]


# ------------------------------------------------------------------ ics

def test_ics_events_carry_summary_description_and_local_time(table, tmp_path):
    path = write_plan(table, tmp_path / "ana.ics", athletes={"ana": madrid()})
    cal = Calendar.from_ical(path.read_bytes())
    assert cal["X-WR-CALNAME"] == "Training - Ana Example"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Madrid"]
    found = events(cal)
    assert len(found) == len(table)
    sprint = found["ana.20270105.sprint.1@weekplan"]
    assert str(sprint["SUMMARY"]) == "Sprint intervals 50 min"
    start = sprint.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (18, 0, "Europe/Madrid")
    assert sprint.decoded("DTEND") - start == timedelta(minutes=50)
    assert sprint["DTSTART"].params["TZID"] == "Europe/Madrid"
    strength = str(found["ana.20270106.strength.1@weekplan"]["DESCRIPTION"])
    assert "squat, row" in strength and "protein 20-40 g" in strength
    assert "Daily protein: 98-134 g" in strength  # 61 kg x 1.6-2.2 g/kg


def test_ics_keeps_local_time_across_the_march_dst_change(plan, tmp_path):
    sessions = plan("Sat long 07:00", "Sun hike 09:00 120", week=DST_MONDAY)
    sessions += plan("Mon easy 07:00", "Tue hill 18:00", week=DST_MONDAY + timedelta(days=7))
    frame = sessions_frame("ana", sessions)
    path = write_plan(frame, tmp_path / "dst.ics", athletes={"ana": madrid(start=DST_MONDAY)})
    by_day = {e.decoded("DTSTART").date(): e.decoded("DTSTART")
              for e in events(path).values()}
    saturday, sunday = by_day[DST_SATURDAY], by_day[date(2027, 3, 28)]
    monday = by_day[date(2027, 3, 29)]
    assert (saturday.hour, sunday.hour, monday.hour) == (7, 9, 7)  # wall clock unchanged
    assert saturday.utcoffset() == timedelta(hours=1)
    assert sunday.utcoffset() == monday.utcoffset() == timedelta(hours=2)
    assert saturday.astimezone(timezone.utc).hour == 6
    assert monday.astimezone(timezone.utc).hour == 5
    # the VTIMEZONE alone (for clients without the IANA database) says the same
    zone = Calendar.from_ical(path.read_bytes()).walk("VTIMEZONE")[0]
    daylight = zone.walk("DAYLIGHT")
    assert len(daylight) == 1
    assert daylight[0].decoded("DTSTART") == datetime(2027, 3, 28, 2, 0)
    assert daylight[0].decoded("TZOFFSETFROM") == timedelta(hours=1)
    assert daylight[0].decoded("TZOFFSETTO") == timedelta(hours=2)


def test_replanned_week_keeps_uids_of_unchanged_sessions(plan, tmp_path):
    before = sessions_frame("ana", plan("Mon easy 07:00", "Wed strength 06:00",
                                        "Wed easy 18:00", "Thu tempo 18:00", "Sat long 08:00"))
    # re-planned: Thursday lost (tempo moved to Fri); Saturday's long run starts later
    after = sessions_frame("ana", plan("Mon easy 07:00", "Wed strength 06:00",
                                       "Wed easy 18:00", "Fri tempo 18:00", "Sat long 10:00"))
    first = events(calendar(before, {"ana": madrid()}, stamp=STAMP))
    second = events(calendar(after, {"ana": madrid()}, stamp=STAMP + timedelta(days=3)))
    kept = set(first) & set(second)
    assert kept == {"ana.20270104.easy.1@weekplan", "ana.20270106.strength.1@weekplan",
                    "ana.20270106.easy.1@weekplan", "ana.20270109.long.1@weekplan"}
    assert second["ana.20270109.long.1@weekplan"].decoded("DTSTART").hour == 10  # updated
    assert set(first) - kept == {"ana.20270107.tempo.1@weekplan"}
    assert set(second) - kept == {"ana.20270108.tempo.1@weekplan"}
    assert second["ana.20270104.easy.1@weekplan"].decoded("DTSTAMP") > \
        first["ana.20270104.easy.1@weekplan"].decoded("DTSTAMP")  # the newer file wins


def test_two_sessions_of_one_type_on_a_day_get_distinct_uids(plan):
    frame = sessions_frame("ana", plan("Mon easy 06:00", "Mon easy 19:00"))
    assert sorted(events(calendar(frame, stamp=STAMP))) == [
        "ana.20270104.easy.1@weekplan", "ana.20270104.easy.2@weekplan"]


def test_an_athlete_in_utc_needs_no_vtimezone(table):
    cal = calendar(table, stamp=STAMP)
    assert not cal.walk("VTIMEZONE")
    first = next(iter(events(cal).values())).decoded("DTSTART")
    assert first.utcoffset() == timedelta(0)


def test_ics_bytes_is_icalendars_own_serialisation(table):
    """The fast path skips folding only where icalendar would not fold: lines of 73-77
    octets, non-ASCII text (more octets than characters) and a real plan's calendar come out
    byte for byte as icalendar writes them."""
    edge = Calendar()
    for n in range(60, 72):  # 'SUMMARY:' + n characters: lines of 68-79 octets
        for text in ("s" * n, "ü" * (n // 2), "s" * (n - 3) + "\\,;"):
            event = Event()
            event.add("summary", text)
            edge.add_component(event)
    assert {73, 74, 75, 76, 77} <= {len(line.encode()) for line in edge.content_lines()}
    assert ics_bytes(edge) == edge.to_ical()
    cal = calendar(table, {"ana": madrid()}, stamp=STAMP)
    assert ics_bytes(cal) == cal.to_ical()
