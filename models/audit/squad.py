"""Check a squad's plans against the squad rules in plain Python, without the solver.

The individual rules are checked per athlete by models/audit/week.py; this adds what only the
whole squad can tell (semantics in models/squad/groups.py):

* H-FACILITY-CAPACITY - at no time does a facility hold more sessions than its capacity;
  one finding per facility and date, at its fullest moment (violations = people too many);
* H-FACILITY-HOURS - a session that uses a facility lies inside its opening hours;
* H-GROUP-CAPACITY - an occurrence of a group session has at most ``capacity`` attendees;
* H-GROUP-MATCH - a session marked with a group session is of its type, at its date, start
  and end, by an invited athlete, at most once per occurrence;
* S-GROUP-ATTEND (rulebook, soft) - an invited athlete available at an occurrence of a week
  they were planned for, but not attending it.

The four H- rules are physical (like H-AVAIL), always hard and not in the rulebook. Which
facility a session uses is derived from the squad data, never read from the table, so a
coach's edited table is checked the same way as a solver plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import pandas as pd

from models.domain.athlete import Athlete
from models.audit.week import AuditReport, Finding
from models.domain.catalogue import Catalogue
from models.domain.clock import WEEKDAY_TITLES, format_hhmm, monday_of
from models.squad.groups import Occurrence, SquadSetup, holds, joins
from models.domain.plan import SQUAD_COLUMNS, Session
from models.domain.rules import CENTI, Rulebook
from models.io.plan_rows import is_rest_cell, sessions_from_frame

ATTEND = "S-GROUP-ATTEND"
SQUAD_RULES: dict[str, str] = {
    "H-FACILITY-CAPACITY": "A facility never holds more people than its capacity at any time.",
    "H-FACILITY-HOURS": "A session that needs a facility lies inside its opening hours.",
    "H-GROUP-CAPACITY": "A group session never holds more athletes than its capacity.",
    "H-GROUP-MATCH": "A session marked with a group session is of its type, at its time, "
                     "by an invited athlete.",
}
SOURCE = "squad data (groups.yaml)"

Plans = Mapping[str, list[Session]]  # athlete id -> sessions (group_session set when attending)


def _day(d: date) -> str:
    return f"{WEEKDAY_TITLES[d.weekday()]} {d.isoformat()}"


def _hard(rule_id: str, day: date | None, sessions: str, message: str,
          violations: int = 1) -> Finding:
    return Finding(rule_id=rule_id, kind="hard", date=day, sessions=sessions, message=message,
                   source=SOURCE, violations=violations, penalty=0.0,
                   week_start=monday_of(day) if day else None)


def _who(pairs: Iterable[tuple[str, Session]]) -> str:
    return " + ".join(f"{a}: {s.describe()}" for a, s in pairs)


def facility_uses(plans: Plans, setup: SquadSetup) -> dict[str, list[tuple[str, Session]]]:
    """facility id -> the (athlete, session) pairs that use it."""
    uses: dict[str, list[tuple[str, Session]]] = {}
    for athlete_id, sessions in plans.items():
        for s in sessions:
            name = setup.facility_for(athlete_id, s.type, setup.sessions.get(s.group_session))
            if name:
                uses.setdefault(name, []).append((athlete_id, s))
    return uses


def facility_findings(plans: Plans, setup: SquadSetup,
                      booked: Mapping[str, list[tuple[date, int, int]]] | None = None
                      ) -> list[Finding]:
    """H-FACILITY-CAPACITY and H-FACILITY-HOURS. ``booked``: facility -> (date, start, end)
    of places taken by athletes outside ``plans`` (a sequential solve's earlier athletes)."""
    findings = []
    booked = booked or {}
    uses = facility_uses(plans, setup)
    for name, facility in setup.facilities.items():
        mine = uses.get(name, [])
        for athlete_id, s in mine:
            if not facility.holds(s.date, s.start, s.end):
                hours = ", ".join(map(str, facility.open_on(s.date))) or "closed"
                findings.append(_hard("H-FACILITY-HOURS", s.date, _who([(athlete_id, s)]),
                                      f"{athlete_id}'s {s.describe()} uses {name} outside its "
                                      f"opening hours on {_day(s.date)} ({hours})"))
        by_date: dict[date, list[tuple[int, int, tuple[str, Session] | None]]] = {}
        for athlete_id, s in mine:
            by_date.setdefault(s.date, []).append((s.start, s.end, (athlete_id, s)))
        for day, start, end in booked.get(name, []):
            by_date.setdefault(day, []).append((start, end, None))
        for day, items in sorted(by_date.items()):
            peak, at = 0, 0
            for moment in sorted({start for start, _, _ in items}):
                count = sum(1 for start, end, _ in items if start <= moment < end)
                if count > peak:
                    peak, at = count, moment
            if peak > facility.capacity:
                present = [who for start, end, who in items
                           if start <= at < end and who is not None]
                findings.append(_hard(
                    "H-FACILITY-CAPACITY", day, _who(present),
                    f"{name} holds {peak} people at {format_hhmm(at)} on {_day(day)}; "
                    f"capacity {facility.capacity}", peak - facility.capacity))
    return findings


def attendees(plans: Plans) -> dict[tuple[str, date], list[str]]:
    """(group session id, date) -> athletes whose plan marks a session with it."""
    seen: dict[tuple[str, date], list[str]] = {}
    for athlete_id, sessions in plans.items():
        for s in sessions:
            if s.group_session:
                seen.setdefault((s.group_session, s.date), []).append(athlete_id)
    return seen


def group_findings(plans: Plans, setup: SquadSetup,
                   seats: Mapping[tuple[str, date], int] | None = None) -> list[Finding]:
    """H-GROUP-MATCH and H-GROUP-CAPACITY (``seats``: places already taken, per occurrence)."""
    findings = []
    for athlete_id, sessions in plans.items():
        for s in sessions:
            if not s.group_session:
                continue
            where = _who([(athlete_id, s)])
            gs = setup.sessions.get(s.group_session)
            if gs is None:
                findings.append(_hard("H-GROUP-MATCH", s.date, where,
                                      f"no group session '{s.group_session}' in the squad data"))
                continue
            problems = []
            if s.date not in gs.on(monday_of(s.date)):
                problems.append(f"it does not meet on {_day(s.date)}")
            if not joins(s, gs):
                problems.append(f"it is a {gs.session} {format_hhmm(gs.start)}-"
                                f"{format_hhmm(gs.end)} (start with it, end by its end)")
            if athlete_id not in setup.invited.get(gs.id, ()):
                problems.append(f"{athlete_id} is not invited")
            if problems:
                findings.append(_hard("H-GROUP-MATCH", s.date, where,
                                      f"{s.describe()} is marked {gs.id} but "
                                      + "; ".join(problems)))
    seats = seats or {}
    for (session_id, day), who in sorted(attendees(plans).items(), key=lambda kv: kv[0][1]):
        gs = setup.sessions.get(session_id)
        if gs is None:
            continue
        doubled = sorted({a for a in who if who.count(a) > 1})
        for athlete_id in doubled:
            findings.append(_hard("H-GROUP-MATCH", day, athlete_id,
                                  f"{athlete_id} attends {gs.id} on {_day(day)} twice"))
        taken = len(who) + seats.get((session_id, day), 0)
        if gs.capacity is not None and taken > gs.capacity:
            findings.append(_hard("H-GROUP-CAPACITY", day, ", ".join(who),
                                  f"{gs.id} on {_day(day)} has {taken} athletes; capacity "
                                  f"{gs.capacity}", taken - gs.capacity))
    return findings


def missed(plans: Plans, athletes: Mapping[str, Athlete], setup: SquadSetup,
           weeks: Mapping[str, Iterable[date]] | None = None) -> list[tuple[Occurrence, str]]:
    """(occurrence, athlete) of every invited, available athlete not attending it.

    ``weeks``: athlete id -> the Mondays planned for them (default: the weeks their plan has
    sessions in); ``athletes`` as planned (race day already closed, models.block.phases).
    """
    came = attendees(plans)
    result = []
    for athlete_id, athlete in athletes.items():
        mondays = (weeks or {}).get(athlete_id)
        if mondays is None:
            mondays = {monday_of(s.date) for s in plans.get(athlete_id, [])}
        for monday in sorted(set(mondays)):
            for occ in setup.invitations(athlete_id, monday):
                gs = occ.session
                if not holds(athlete.windows_on(occ.date), gs.start, gs.end):
                    continue  # not available: excused
                if athlete_id not in came.get((gs.id, occ.date), []):
                    result.append((occ, athlete_id))
    return result


def audit_squad(plans: Plans, athletes: Mapping[str, Athlete], setup: SquadSetup,
                rulebook: Rulebook, weeks: Mapping[str, Iterable[date]] | None = None
                ) -> AuditReport:
    """Every squad rule's findings for these plans (see the module doc)."""
    report = AuditReport()
    report.findings += facility_findings(plans, setup)
    report.findings += group_findings(plans, setup)
    rule = rulebook.rules.get(ATTEND)
    if rule is not None and rule.is_active:
        for occ, athlete_id in missed(plans, athletes, setup, weeks):
            gs = occ.session
            report.findings.append(Finding(
                rule_id=ATTEND, kind="soft", date=occ.date, sessions=athlete_id,
                message=f"{athlete_id} is invited to {gs.id} ({gs.session} {_day(occ.date)} "
                        f"{format_hhmm(gs.start)}-{format_hhmm(gs.end)}), available, and "
                        "not there", source=rule.source, violations=1,
                penalty=rule.weight_cp / CENTI, week_start=monday_of(occ.date)))
    return report


def plans_from_frame(frame: pd.DataFrame, catalogue: Catalogue) -> dict[str, list[Session]]:
    """athlete id -> sessions of a plan table, with group_session/facility when present."""
    plans: dict[str, list[Session]] = {}
    if not len(frame):
        return plans
    frame = frame[~frame["session"].map(is_rest_cell).astype(bool)]
    for athlete_id, rows in frame.groupby(frame["athlete_id"].astype(str), sort=False):
        sessions = sessions_from_frame(rows, catalogue)
        tags = {c: rows[c].fillna("").astype(str).str.strip().tolist()
                for c in SQUAD_COLUMNS if c in rows.columns}
        plans[athlete_id] = [
            s.model_copy(update={c: values[i] for c, values in tags.items()})
            for i, s in enumerate(sessions)
        ]
    return plans


def weeks_between(first: date, weeks: int) -> list[date]:
    return [first + timedelta(days=7 * i) for i in range(weeks)]
