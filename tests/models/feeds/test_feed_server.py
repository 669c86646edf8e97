"""The feed server through Starlette's TestClient (no network): validators and 304, unknown
tokens, a re-plan followed by the subscribed calendar (same UID, SEQUENCE, CANCELLED), the
busy feed, rotation, and what a server left running on a club's machine must refuse."""

from __future__ import annotations

from datetime import date, datetime, timezone
from email.utils import format_datetime

import icalendar
import pytest
import recurring_ical_events
from starlette.testclient import TestClient

from feed_folders import ANA_WEEK, batch_folder, write_plan
from models.feeds.app import create_feed_app
from models.feeds.tokens import read_tokens


@pytest.fixture
def folder(tmp_path):
    return batch_folder(tmp_path / "batch")


@pytest.fixture
def client(folder):
    return TestClient(create_feed_app(folder))


def feed_url(folder, athlete="ana", busy=False) -> str:
    pair = read_tokens(folder).athletes[athlete]
    return f"/feeds/{pair.busy if busy else pair.full}.ics"


def events(body: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def test_a_feed_is_200_then_304_for_its_etag_and_its_last_modified(client, folder):
    first = client.get(feed_url(folder))
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/calendar")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = client.get(feed_url(folder))
    assert again.content == first.content and again.headers["etag"] == etag
    assert client.get(feed_url(folder), headers={"If-None-Match": etag}).status_code == 304
    assert client.get(feed_url(folder), headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(feed_url(folder),
                      headers={"If-Modified-Since": modified}).status_code == 304
    earlier = format_datetime(datetime(2020, 1, 1, tzinfo=timezone.utc), usegmt=True)
    assert client.get(feed_url(folder), headers={"If-Modified-Since": earlier}).status_code == 200


def test_the_feed_holds_the_plan_in_the_athletes_time_zone(client, folder):
    body = client.get(feed_url(folder)).content
    hill = events(body)["ana.20270105.hill.1@weekplan"]
    assert hill["DTSTART"].dt == datetime(2027, 1, 5, 18, 0).replace(
        tzinfo=hill["DTSTART"].dt.tzinfo)
    assert str(hill["DTSTART"].dt.tzinfo) == "Europe/Madrid"
    assert str(hill["STATUS"]) == "CONFIRMED" and int(hill["SEQUENCE"]) == 0
    assert "8 x 90'' uphill" in str(hill["DESCRIPTION"])  # the workout, as in the plan
    week = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(
        date(2027, 1, 4), date(2027, 1, 11))
    assert sorted(str(e["SUMMARY"]) for e in week) == [
        "Easy run 45 min", "Hill repeats 60 min", "Long run 120 min", "Strength 35 min"]


def test_a_replan_moves_the_same_event_and_cancels_the_removed_one(client, folder):
    before = events(client.get(feed_url(folder)).content)
    moved = ["Thu hill 18:00 60", "Wed strength 18:00", "Sat long 08:00 120"]  # easy gone
    write_plan(folder, "ana", moved)
    response = client.get(feed_url(folder), headers={"If-None-Match": '"stale"'})
    after = events(response.content)
    assert set(after) == set(before)  # nothing new: the calendar updates what it has
    hill = after["ana.20270105.hill.1@weekplan"]
    assert hill["DTSTART"].dt.date() == date(2027, 1, 7)
    assert int(hill["SEQUENCE"]) == 1 and str(hill["STATUS"]) == "CONFIRMED"
    easy = after["ana.20270107.easy.1@weekplan"]
    assert str(easy["STATUS"]) == "CANCELLED" and int(easy["SEQUENCE"]) == 1
    strength = after["ana.20270106.strength.1@weekplan"]
    assert int(strength["SEQUENCE"]) == 0  # unchanged sessions keep their revision
    live = recurring_ical_events.of(icalendar.Calendar.from_ical(response.content)).between(
        date(2027, 1, 4), date(2027, 1, 11))
    assert "Easy run 45 min" not in [str(e["SUMMARY"]) for e in live
                                     if str(e.get("STATUS")) != "CANCELLED"]
    # a session that comes back revives its event rather than adding a second one
    write_plan(folder, "ana", ANA_WEEK)
    back = events(client.get(feed_url(folder)).content)
    assert str(back["ana.20270107.easy.1@weekplan"]["STATUS"]) == "CONFIRMED"
    assert int(back["ana.20270107.easy.1@weekplan"]["SEQUENCE"]) == 2
    assert int(back["ana.20270105.hill.1@weekplan"]["SEQUENCE"]) == 2


def test_a_changed_plan_changes_the_validators(client, folder):
    first = client.get(feed_url(folder))
    write_plan(folder, "ana", ["Tue hill 18:30 60"])
    second = client.get(feed_url(folder), headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 200 and second.headers["etag"] != first.headers["etag"]
    assert (datetime.strptime(second.headers["last-modified"], "%a, %d %b %Y %H:%M:%S GMT")
            > datetime.strptime(first.headers["last-modified"], "%a, %d %b %Y %H:%M:%S GMT"))


def test_the_busy_feed_says_busy_and_nothing_else(client, folder):
    body = client.get(feed_url(folder, busy=True)).content
    found = events(body)
    assert found and {str(e["SUMMARY"]) for e in found.values()} == {"Busy"}
    assert all("DESCRIPTION" not in e and "CATEGORIES" not in e for e in found.values())
    assert b"hill" not in body.lower() and b"ana" not in body.lower()


def test_unknown_tokens_and_paths_are_the_same_plain_404(client, folder):
    known = client.get("/nothing-here")
    assert known.status_code == 404
    for path in ("/feeds/" + "A" * 43 + ".ics", "/feeds/ana.ics", "/feeds/../tokens.json",
                 "/feeds/%2e%2e%2ffeeds%2ftokens.json", "/feeds/", "/", "/squad/" + "B" * 43,
                 "/athletes/ana.csv", "/feeds/tokens.json", feed_url(folder)[:-4]):
        response = client.get(path)
        assert (response.status_code, response.text) == (404, known.text), path


def test_rotation_revokes_the_old_link_at_once(client, folder):
    from models.feeds.tokens import rotate

    old = feed_url(folder)
    assert client.get(old).status_code == 200
    rotate(folder, "ana", ["ana", "bea"])
    assert client.get(old).status_code == 404
    assert client.get(feed_url(folder)).status_code == 200
    assert client.get(feed_url(folder, "bea")).status_code == 200  # others keep theirs


def test_only_get_without_a_body_and_short_urls_are_answered(client, folder):
    url = feed_url(folder)
    assert client.post(url).status_code == 405
    assert client.put(url, content=b"x").status_code == 405
    assert client.request("GET", url, content=b"x" * 10).status_code == 413
    assert client.get(url + "?" + "q" * 600).status_code == 414
    assert client.head(url).status_code == 200


def test_the_squad_page_needs_the_coach_token_and_escapes_names(client, folder):
    coach = read_tokens(folder).coach
    page = client.get(f"/squad/{coach}")
    assert page.status_code == 200
    for athlete in ("ana", "bea"):
        pair = read_tokens(folder).athletes[athlete]
        assert f"webcal://testserver/feeds/{pair.full}.ics" in page.text
        assert f"webcal://testserver/feeds/{pair.busy}.ics" in page.text
    assert "Bea &lt;Trail&gt;" in page.text and "<Trail>" not in page.text
    assert client.get(f"/squad/{coach[:-1]}x").status_code == 404


def test_the_report_link_appears_with_a_report(client, folder):
    coach = read_tokens(folder).coach
    assert 'class="report"' not in client.get(f"/squad/{coach}").text
    assert client.get(f"/squad/{coach}/report").status_code == 404
    (folder / "report.html").write_text("<title>Squad plan report</title>")
    page = client.get(f"/squad/{coach}").text
    assert f'href="/squad/{coach}/report"' in page
    assert "Squad plan report" in client.get(f"/squad/{coach}/report").text


def test_an_emptied_plan_cancels_every_event_in_the_athletes_zone(client, folder):
    before = events(client.get(feed_url(folder)).content)
    write_plan(folder, "ana", [])
    body = client.get(feed_url(folder)).content
    after = events(body)
    assert set(after) == set(before)
    assert {str(e["STATUS"]) for e in after.values()} == {"CANCELLED"}
    calendar = icalendar.Calendar.from_ical(body)
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Madrid"]
    assert all(str(e["DTSTART"].dt.tzinfo) == "Europe/Madrid" for e in after.values())
