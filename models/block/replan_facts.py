"""What actually happened, for re-planning: missed sessions, new unavailability, the diff.

Decisions (documented here because coaches type these on the command line):

* Sessions before ``today`` are taken as done unless ``--missed`` names them; ``--done``
  only confirms (it is an error to name a session both done and missed, or one that is
  not in the plan). A missed session counts as not done for the weekly targets.
* A selector is ``DATE`` (every session that day) or ``DATE:TYPE`` (that day's sessions of
  the type), e.g. ``2027-01-05:hill``.
* ``--unavailable DATE`` removes the whole day; ``DATE:HH:MM-HH:MM`` removes that span from
  the day's windows (what remains of a window stays usable).
* A quality session (tempo, hill, sprint, long) of today's week that was missed is owed:
  S-MAKEUP asks the days left of the week to hold its type again. A session done, partial
  or moved is not owed, nor is one missed in an earlier week (its week is over).
* The change list names each session by weekday and date (``Thu 2027-01-14 hill 18:00``):
  a re-plan spans several weeks, so a weekday alone is ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.domain.athlete import Athlete, Window
from models.domain.catalogue import Catalogue
from models.domain.clock import WEEKDAY_TITLES, format_hhmm, monday_of
from models.domain.errors import InputError
from models.domain.plan import Session


@dataclass(frozen=True)
class Selector:
    day: date
    type: str | None = None

    def matches(self, session: Session) -> bool:
        return session.date == self.day and (self.type is None or session.type == self.type)

    def __str__(self) -> str:
        return f"{self.day}" + (f":{self.type}" if self.type else "")


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"'{text}' is not a date; write YYYY-MM-DD", field=option) from None


def parse_selector(text: str, option: str, catalogue: Catalogue) -> Selector:
    day, _, kind = str(text).partition(":")
    if kind and (kind not in catalogue or kind == "rest"):
        raise InputError(f"unknown session type '{kind}'; use one of "
                         f"{', '.join(catalogue.schedulable)}", field=option)
    return Selector(_date(day, option), kind or None)


def parse_unavailable(text: str) -> tuple[date, Window | None]:
    day, _, span = str(text).partition(":")
    when = _date(day, "--unavailable")
    if not span:
        return when, None
    try:
        return when, Window.parse(span)
    except ValueError as error:
        raise InputError(str(error), field="--unavailable") from None


def without_span(windows: list[Window], span: Window) -> list[Window]:
    """The windows with ``span`` cut out."""
    kept: list[Window] = []
    for w in windows:
        if span.end <= w.start or span.start >= w.end:
            kept.append(w)
            continue
        if w.start < span.start:
            kept.append(Window(start=w.start, end=span.start))
        if span.end < w.end:
            kept.append(Window(start=span.end, end=w.end))
    return kept


def with_unavailability(athlete: Athlete, spans: list[tuple[date, Window | None]]) -> Athlete:
    exceptions = dict(athlete.exceptions)
    for day, span in spans:
        current = exceptions.get(day, athlete.windows_on(day))
        exceptions[day] = [] if span is None else without_span(current, span)
    return athlete.model_copy(update={"exceptions": exceptions})


def actual_past(past: list[Session], done: list[Selector], missed: list[Selector]) -> list[Session]:
    """The past sessions that happened: all but the missed ones (see module doc)."""
    for selectors, option in ((done, "--done"), (missed, "--missed")):
        for selector in selectors:
            if not any(selector.matches(s) for s in past):
                raise InputError(f"no session before today matches {selector}", field=option)
    for selector in done:
        clash = [s for s in past if selector.matches(s) and any(m.matches(s) for m in missed)]
        if clash:
            raise InputError(f"{clash[0].describe()} is marked both done and missed",
                             field="--done")
    return [s for s in past if not any(m.matches(s) for m in missed)]


def owed_types(missed: list[Session], today: date) -> tuple[str, ...]:
    """The types of the quality sessions of today's week that were missed, once per session
    in date order (WeekSpec.owed, S-MAKEUP; module doc)."""
    monday = monday_of(today)
    return tuple(s.type for s in sorted(missed, key=lambda s: (s.date, s.start))
                 if s.hard_run and monday <= s.date < today)


def dated(session: Session) -> str:
    """``Thu 2027-01-14 hill 18:00``: the session as the change list names it."""
    return (f"{WEEKDAY_TITLES[session.date.weekday()]} {session.date.isoformat()} "
            f"{session.type} {format_hhmm(session.start)}")


@dataclass(frozen=True)
class Change:
    """One line of the change list: an old session moved, changed, dropped, or a new one."""

    old: Session | None
    new: Session | None
    reason: str = ""
    missed: bool = False

    def text(self) -> str:
        because = f" because {self.reason}" if self.reason else ""
        old = dated(self.old) + (" (missed)" if self.missed else "") if self.old else ""
        if self.old and self.new:
            if self.old.type == self.new.type and not self.missed:
                new = self.new
                length = f"{self.old.minutes} -> {new.minutes} min"
                if (new.date, new.start) == (self.old.date, self.old.start):
                    return f"{old} {length}{because}"  # the same slot, another length
                when = (f"{WEEKDAY_TITLES[new.date.weekday()]} {new.date.isoformat()} "
                        f"{format_hhmm(new.start)}")
                if new.minutes != self.old.minutes:
                    when += f" ({length})"
                return f"{old} moved to {when}{because}"
            return f"{old} -> {dated(self.new)} ({self.new.minutes} min){because}"
        if self.old:
            return f"{old} dropped{because}"
        return f"{dated(self.new)} ({self.new.minutes} min) added{because}"


def change_list(old: list[Session], new: list[Session], missed: list[Session],
                reasons: dict[tuple, str]) -> list[Change]:
    """Old sessions (and missed ones) that the new plan does not keep, paired by type with the
    new plan's sessions that were not in the old plan, in date order."""
    key = lambda s: (s.date, s.type, s.start, s.minutes)  # noqa: E731
    old_keys = {key(s) for s in old}
    new_keys = {key(s) for s in new}
    gone = sorted([*missed, *(s for s in old if key(s) not in new_keys)],
                  key=lambda s: (s.date, s.start))
    fresh = sorted((s for s in new if key(s) not in old_keys), key=lambda s: (s.date, s.start))
    paired: dict[int, Session] = {}
    for same in (lambda a, b: a.type == b.type,              # a hill stays a hill,
                 lambda a, b: a.hard_run and b.hard_run,    # else quality for quality,
                 lambda a, b: a.date == b.date):            # else what took its day
        for i, session in enumerate(gone):
            if i in paired:
                continue
            match = next((n for n in fresh if same(session, n)), None)
            if match is not None:
                fresh.remove(match)
                paired[i] = match
    changes = [Change(session, paired.get(i), reasons.get(key(session), ""),
                      missed=session in missed) for i, session in enumerate(gone)]
    changes.extend(Change(None, n) for n in fresh)
    return sorted(changes, key=lambda c: ((c.old or c.new).date, (c.old or c.new).start))

