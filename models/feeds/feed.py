"""One athlete's subscribed calendar, made from the plan in a batch folder.

The plan is ``DIR/athletes/<id>.csv`` (what ``weekplan batch`` wrote, or what a coach's
``weekplan replan ... --out`` wrote over it); the profiles (time zone, name) come from
``DIR/squad.yaml``. Each time a feed is asked for, its sessions are reconciled with the
athlete's ledger (``DIR/feeds/ledger/<id>.json``, models/feeds/ledger.py) and the ledger is
saved when something changed; the feed's bytes depend only on the plan and the ledger, so
an unchanged plan gives the same ETag and Last-Modified on every request.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.clock import parse_hhmm
from models.domain.errors import InputError
from models.exports.ics import calendar, cancelled_event, ics_bytes, session_uids
from models.exports.vtimezone import vtimezone
from models.feeds.ledger import FeedSession, Ledger, reconcile
from models.feeds.tokens import FEEDS_DIR
from models.io.atomic import write_text
from models.io.batch_folder import BatchDir, PLANS
from models.io.plan_table import read_typed_plan

LEDGER_DIR = "ledger"
SQUAD_FILE = "squad.yaml"
BUSY_UID_PREFIX = "busy-"


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str               # quoted strong validator: a hash of the body
    last_modified: datetime  # UTC, whole seconds


def athlete_ids(folder: Path | str) -> list[str]:
    """Athletes with a plan in the batch folder, sorted."""
    return sorted(p.stem for p in (Path(folder) / PLANS).glob("*.csv"))


def profiles(folder: Path | str) -> dict[str, Athlete]:
    """The athletes of DIR/squad.yaml by id ({} without one: feeds then use UTC)."""
    from models.squad.forms import load_squad  # only folders with a squad.yaml need it

    path = Path(folder) / SQUAD_FILE
    return {a.id: a for a in load_squad(path)[0]} if path.is_file() else {}


def ledger_path(folder: Path | str, athlete_id: str) -> Path:
    return Path(folder) / FEEDS_DIR / LEDGER_DIR / f"{athlete_id}.json"


def read_ledger(folder: Path | str, athlete_id: str) -> Ledger:
    path = ledger_path(folder, athlete_id)
    if not path.is_file():
        return Ledger(athlete_id=athlete_id)
    try:
        return Ledger.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError):
        raise InputError("unreadable feed ledger; delete it (calendars then see every "
                         "session as new)", file=str(path)) from None


def busy_uid(uid: str) -> str:
    """The busy feed's UID of an event: stable, and telling nothing (no date, no type)."""
    return f"{BUSY_UID_PREFIX}{hashlib.sha256(uid.encode()).hexdigest()[:24]}@weekplan"


class FeedSource:
    """The feeds of one batch folder; safe to share between the server's threads."""

    def __init__(self, folder: Path | str, catalogue: Catalogue | None = None):
        self.folder = Path(folder)
        self.catalogue = catalogue or default_catalogue()
        self._lock = threading.Lock()
        self._profiles: tuple[float, dict[str, Athlete]] | None = None

    def athletes(self) -> dict[str, Athlete]:
        """Profiles by id, re-read when squad.yaml changes."""
        path = self.folder / SQUAD_FILE
        stamp = path.stat().st_mtime if path.is_file() else 0.0
        if self._profiles is None or self._profiles[0] != stamp:
            self._profiles = (stamp, profiles(self.folder))
        return self._profiles[1]

    def ledger(self, athlete_id: str, now: datetime | None = None) -> tuple[Ledger, object]:
        """The athlete's ledger after reconciling it with the current plan (saved if it
        changed), and the typed plan table."""
        plan = read_typed_plan(BatchDir(self.folder).plan_path(athlete_id), self.catalogue,
                               default_id=athlete_id)
        plan = plan[plan["athlete_id"] == athlete_id]
        sessions = [FeedSession(key=uid, date=row.date.date(), start=row.start,
                                minutes=int(row.minutes), session=row.session,
                                content=f"{row.rpe}|{row.details}")
                    for uid, row in session_uids(plan)]
        with self._lock:
            old = read_ledger(self.folder, athlete_id)
            new = reconcile(old, sessions, now)
            if new != old:
                path = ledger_path(self.folder, athlete_id)
                path.parent.mkdir(parents=True, exist_ok=True)
                write_text(path, new.model_dump_json(indent=1) + "\n")
        return new, plan

    def feed(self, athlete_id: str, busy: bool = False, now: datetime | None = None) -> Feed:
        ledger, plan = self.ledger(athlete_id, now)
        athlete = self.athletes().get(athlete_id)
        zone_name = athlete.timezone if athlete else "UTC"
        identities = ledger.identities()
        if busy:
            identities = {key: (busy_uid(uid), seq) for key, (uid, seq) in identities.items()}
        cal = calendar(plan, {athlete_id: athlete} if athlete else {}, zone_name,
                       catalogue=self.catalogue, stamp=ledger.updated,
                       identities=identities, busy=busy)
        cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
        zone = ZoneInfo(zone_name)
        cancelled = ledger.cancelled
        if cancelled and zone_name != "UTC" and not cal.walk("VTIMEZONE"):
            days = [e.date for e in cancelled]  # a plan emptied: its events still need a zone
            cal.add_component(vtimezone(zone_name, min(days), max(days) + timedelta(days=1)))
        for event in cancelled:
            start = (datetime.combine(event.date, datetime.min.time())
                     + timedelta(minutes=parse_hhmm(event.start))).replace(tzinfo=zone)
            label = "Busy" if busy else self._label(event.session)
            uid = busy_uid(event.uid) if busy else event.uid
            cal.add_component(cancelled_event(uid, event.sequence, start, event.minutes,
                                              f"Cancelled: {label}", ledger.updated))
        body = ics_bytes(cal)
        return Feed(body=body, etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"',
                    last_modified=ledger.updated)

    def _label(self, session: str) -> str:
        return (self.catalogue[session].label if session in self.catalogue
                else session.title())
