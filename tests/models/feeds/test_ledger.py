"""The event ledger on its own: which event shows which session after a re-plan."""

from __future__ import annotations

from datetime import date, datetime, timezone

from models.feeds.ledger import FeedSession, Ledger, reconcile

T0 = datetime(2027, 1, 1, 12, 0, tzinfo=timezone.utc)
T1 = datetime(2027, 1, 2, 12, 0, tzinfo=timezone.utc)


def session(day: int, kind: str, start: str = "18:00", n: int = 1, minutes: int = 60):
    return FeedSession(key=f"a.202701{day:02d}.{kind}.{n}@weekplan", date=date(2027, 1, day),
                       start=start, minutes=minutes, session=kind)


def by_uid(ledger: Ledger) -> dict[str, tuple[date, int, bool]]:
    return {e.uid: (e.date, e.sequence, e.cancelled) for e in ledger.events}


def test_an_unchanged_plan_keeps_the_ledger_and_its_time():
    first = reconcile(Ledger(athlete_id="a"), [session(5, "hill"), session(9, "long")], T0)
    again = reconcile(first, [session(5, "hill"), session(9, "long")], T1)
    assert again == first and again.updated == T0


def test_a_session_moved_within_its_week_keeps_its_event_with_a_higher_sequence():
    first = reconcile(Ledger(athlete_id="a"), [session(5, "hill"), session(9, "long")], T0)
    moved = reconcile(first, [session(7, "hill"), session(9, "long")], T1)
    assert by_uid(moved) == {"a.20270105.hill.1@weekplan": (date(2027, 1, 7), 1, False),
                             "a.20270109.long.1@weekplan": (date(2027, 1, 9), 0, False)}
    assert moved.updated == T1
    assert moved.identities()["a.20270107.hill.1@weekplan"] == ("a.20270105.hill.1@weekplan", 1)


def test_a_session_moved_to_another_week_is_a_new_event_and_the_old_one_cancelled():
    first = reconcile(Ledger(athlete_id="a"), [session(5, "hill")], T0)
    moved = reconcile(first, [session(12, "hill")], T1)
    assert by_uid(moved) == {"a.20270105.hill.1@weekplan": (date(2027, 1, 5), 1, True),
                             "a.20270112.hill.1@weekplan": (date(2027, 1, 12), 0, False)}


def test_the_nearest_left_over_event_follows_and_a_reused_identity_gets_a_fresh_uid():
    first = reconcile(Ledger(athlete_id="a"),
                      [session(4, "easy", "07:00"), session(8, "easy", "07:00")], T0)
    # Mon's easy run moves to Tue; Fri's stays; then a new Mon easy is added
    second = reconcile(first, [session(5, "easy", "07:00"), session(8, "easy", "07:00")], T1)
    assert by_uid(second)["a.20270104.easy.1@weekplan"] == (date(2027, 1, 5), 1, False)
    third = reconcile(second, [session(4, "easy", "07:00"), session(5, "easy", "07:00"),
                               session(8, "easy", "07:00")])
    assert "a.20270104.easy.1.r2@weekplan" in by_uid(third)
    assert len(third.identities()) == 3


def test_changed_minutes_or_details_raise_the_sequence():
    first = reconcile(Ledger(athlete_id="a"), [session(5, "tempo")], T0)
    longer = reconcile(first, [session(5, "tempo", minutes=70)], T1)
    assert by_uid(longer)["a.20270105.tempo.1@weekplan"][1] == 1
    worded = reconcile(longer, [session(5, "tempo", minutes=70).model_copy(
        update={"content": "7|2 x 15' threshold"})])
    assert by_uid(worded)["a.20270105.tempo.1@weekplan"][1] == 2
