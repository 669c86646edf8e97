"""The event ledger of an athlete's feed: which calendar event shows which session.

A subscribed calendar only follows a re-plan if each event keeps its UID and says what
happened to it. The ledger remembers every event the feed ever published; ``reconcile``
matches the plan's sessions to it:

1. a session with the same identity (athlete, date, type, n-th of that day) keeps its event;
2. a session left over takes a left-over event of the same type in the same week (the
   nearest day, then the nearest start): the session moved, its event moves with it;
3. any other session gets a new event;
4. an event left over is CANCELLED (kept in the feed so the calendar removes it).

An event whose session changed (day, time, length, effort, details) raises its SEQUENCE;
the ledger's ``updated`` time is the feed's Last-Modified and every event's DTSTAMP.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone  # date: pydantic resolves the annotations

from pydantic import BaseModel, Field

from models.domain.clock import monday_of, parse_hhmm


class FeedSession(BaseModel):
    """A plan row as the feed sees it."""

    key: str          # its default UID (models.exports.ics.session_uid)
    date: date
    start: str        # HH:MM
    minutes: int
    session: str
    content: str = ""  # rpe, details: what else makes a change worth a new SEQUENCE

    @property
    def fingerprint(self) -> str:
        text = "|".join((self.date.isoformat(), self.start, str(self.minutes), self.session,
                         self.content))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


class LedgerEvent(BaseModel):
    uid: str
    key: str               # the session it shows now
    sequence: int = 0
    fingerprint: str
    date: date
    start: str
    minutes: int
    session: str
    cancelled: bool = False


class Ledger(BaseModel):
    athlete_id: str
    updated: datetime | None = None
    events: list[LedgerEvent] = Field(default_factory=list)

    def identities(self) -> dict[str, tuple[str, int]]:
        """Session key -> (UID, SEQUENCE) of the live events."""
        return {e.key: (e.uid, e.sequence) for e in self.events if not e.cancelled}

    @property
    def cancelled(self) -> list[LedgerEvent]:
        return [e for e in self.events if e.cancelled]


def _distance(event: LedgerEvent, session: FeedSession) -> tuple[int, int]:
    return (abs((event.date - session.date).days),
            abs(parse_hhmm(event.start) - parse_hhmm(session.start)))


def _shows(event: LedgerEvent, session: FeedSession) -> LedgerEvent:
    """``event`` now showing ``session`` (SEQUENCE raised when anything changed)."""
    changed = event.cancelled or event.fingerprint != session.fingerprint
    return event.model_copy(update={
        "key": session.key, "fingerprint": session.fingerprint, "date": session.date,
        "start": session.start, "minutes": session.minutes, "session": session.session,
        "cancelled": False, "sequence": event.sequence + (1 if changed else 0)})


def _new_uid(key: str, taken: set[str]) -> str:
    if key not in taken:
        return key
    name, _, domain = key.partition("@")
    n = 2
    while f"{name}.r{n}@{domain}" in taken:
        n += 1
    return f"{name}.r{n}@{domain}"


def reconcile(ledger: Ledger, sessions: list[FeedSession],
              now: datetime | None = None) -> Ledger:
    """The ledger after publishing ``sessions`` (module doc); ``updated`` moves to ``now``
    only when an event changed, so an unchanged plan keeps its ETag and Last-Modified."""
    by_key: dict[str, LedgerEvent] = {}
    for event in sorted(ledger.events, key=lambda e: e.cancelled):  # live ones first
        by_key.setdefault(event.key, event)
    matched: dict[str, LedgerEvent] = {}   # event uid -> its new state
    waiting: list[FeedSession] = []
    for session in sessions:
        event = by_key.get(session.key)
        if event is not None and event.uid not in matched:
            matched[event.uid] = _shows(event, session)
        else:
            waiting.append(session)
    left = [e for e in ledger.events if not e.cancelled and e.uid not in matched]
    unplaced: list[FeedSession] = []
    for session in waiting:
        same_week = [e for e in left if e.session == session.session
                     and monday_of(e.date) == monday_of(session.date)]
        if same_week:
            event = min(same_week, key=lambda e: _distance(e, session))
            left.remove(event)
            matched[event.uid] = _shows(event, session)
        else:
            unplaced.append(session)
    taken = {e.uid for e in ledger.events}
    for session in unplaced:
        uid = _new_uid(session.key, taken)
        taken.add(uid)
        matched[uid] = LedgerEvent(uid=uid, key=session.key, fingerprint=session.fingerprint,
                                   date=session.date, start=session.start,
                                   minutes=session.minutes, session=session.session)
    events = []
    for event in ledger.events:
        if event.uid in matched:
            events.append(matched.pop(event.uid))
        elif not event.cancelled:
            events.append(event.model_copy(update={"cancelled": True,
                                                   "sequence": event.sequence + 1}))
        else:
            events.append(event)
    events += matched.values()
    changed = events != ledger.events or ledger.updated is None
    updated = ledger.updated
    if changed:
        updated = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(
            microsecond=0)
        if ledger.updated is not None and updated <= ledger.updated:
            updated = ledger.updated + timedelta(seconds=1)  # Last-Modified never goes back
    return Ledger(athlete_id=ledger.athlete_id, updated=updated, events=events)
