"""Check a plan against a rulebook in plain Python, without the solver.

The auditor is the independent witness of docs/architecture.md: it recomputes every rule of the
Rulebook from the sessions alone (semantics in models/audit_rules.py), so a solver plan can
be verified (no hard finding, same penalty as the solver's objective) and a coach's own
edited plan can be checked. Penalties are kept in integer centipoints like the solver's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from models.domain.athlete import Athlete
from models.audit.checks import CHECKS, Breach, WeekView, session_key
from models.domain.catalogue import REST, Catalogue
from models.domain.clock import monday_of, parse_hhmm
from models.domain.errors import InputError
from models.io.plan_table import is_blank
from models.domain.plan import Session
from models.domain.rules import ALWAYS_HARD, CENTI, Rule, Rulebook
from models.domain.week import HISTORY_DAYS, WeekSpec, WeekTargets, default_targets

FINDING_COLUMNS = ("rule_id", "kind", "week_start", "date", "sessions", "message", "source",
                   "violations", "penalty")


@dataclass(frozen=True)
class Finding:
    """One violated rule instance: hard (the plan is illegal) or soft (it costs points)."""

    rule_id: str
    kind: str                # 'hard' | 'soft'
    date: date | None        # None: the whole week
    sessions: str            # e.g. "Tue strength 18:00 + Wed hill 07:00"
    message: str
    source: str
    violations: int
    penalty: float           # points; 0 for hard findings
    week_start: date | None = None

    @property
    def penalty_cp(self) -> int:
        return int(round(self.penalty * CENTI))


@dataclass
class AuditReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def hard_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "hard"]

    @property
    def soft_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "soft"]

    @property
    def ok(self) -> bool:
        """True when no hard rule is broken (soft penalties are allowed)."""
        return not self.hard_findings

    @property
    def penalty_cp(self) -> int:
        """The penalty in centipoints: comparable exactly with the solver's objective."""
        return sum(f.penalty_cp for f in self.soft_findings)

    @property
    def total_penalty(self) -> float:
        return self.penalty_cp / CENTI

    def penalty_by_rule(self) -> dict[str, float]:
        totals: dict[str, int] = {}
        for f in self.soft_findings:
            totals[f.rule_id] = totals.get(f.rule_id, 0) + f.penalty_cp
        return {rule_id: cp / CENTI for rule_id, cp in totals.items()}

    def to_frame(self) -> pd.DataFrame:
        rows = [{name: getattr(f, name) for name in FINDING_COLUMNS} for f in self.findings]
        return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))

    def extend(self, other: "AuditReport") -> None:
        self.findings.extend(other.findings)


def _finding(rule: Rule, breach: Breach, week_start: date) -> Finding:
    hard = rule.is_hard or rule.id in ALWAYS_HARD
    weight_cp = rule.weight_cp if breach.weight_cp is None else breach.weight_cp
    cp = 0 if hard else weight_cp * breach.violations
    return Finding(
        rule_id=rule.id, kind="hard" if hard else "soft", date=breach.date,
        sessions=" + ".join(s.describe() for s in breach.sessions), message=breach.message,
        source=rule.source, violations=breach.violations, penalty=cp / CENTI,
        week_start=week_start,
    )


def _from_catalogue(session: Session, catalogue: Catalogue) -> Session:
    """Running and hardness come from the catalogue by type name (the table may be stale)."""
    kind = catalogue[session.type]
    if (session.running, session.hard) == (kind.running, kind.hard):
        return session
    return session.model_copy(update={"running": kind.running, "hard": kind.hard})


def audit_week(spec: WeekSpec, sessions: list[Session], rulebook: Rulebook,
               catalogue: Catalogue) -> AuditReport:
    """Every active rule's violations by one week's sessions (spec.fixed ones included)."""
    last = spec.week_start + timedelta(days=6)
    given = {session_key(s) for s in sessions}
    week = [*sessions, *(s for s in spec.fixed if session_key(s) not in given)]
    for s in week:
        if not spec.week_start <= s.date <= last:
            raise InputError(f"{s.describe()} on {s.date} is outside the week "
                             f"{spec.week_start}..{last}", field="date")
    history = [s for s in spec.history if s.date < spec.week_start]
    order = lambda s: (s.date, s.start, s.type)  # noqa: E731
    view = WeekView(
        spec=spec, catalogue=catalogue,
        sessions=tuple(sorted((_from_catalogue(s, catalogue) for s in week), key=order)),
        history=tuple(sorted((_from_catalogue(s, catalogue) for s in history), key=order)),
        fixed=frozenset(session_key(s) for s in spec.fixed),
    )
    report = AuditReport()
    for rule_id, rule in rulebook.rules.items():
        if not rule.is_active and rule_id not in ALWAYS_HARD:
            continue
        if rule.is_periodisation and rule_id not in CHECKS:
            continue  # P-* rules shape the block's targets, not one week (models/phases.py)
        if rule_id not in CHECKS:
            raise KeyError(f"rule {rule_id} has no check in models/audit_rules.py")
        for breach in CHECKS[rule_id](view, rule):
            report.findings.append(_finding(rule, breach, spec.week_start))
    return report


# ---------------------------------------------------------------- plan tables

def _cell(row: pd.Series, column: str) -> Any:
    return None if column not in row.index or is_blank(row[column]) else row[column]


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:  # '2027-01-04 00:00:00' as spreadsheets and pandas write it
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError("write dates as YYYY-MM-DD") from None


def _as_int(value: Any) -> int:
    number = float(str(value).strip()) if isinstance(value, str) else float(value)
    if number != int(number):
        raise ValueError(f"{value} is not a whole number")
    return int(number)


def _row_session(row: pd.Series, where: str, catalogue: Catalogue) -> Session | None:
    def bad(column: str, problem: str) -> InputError:
        return InputError(problem, field=f"{where}, column '{column}'")

    name = _cell(row, "session")
    if name is None:
        raise bad("session", f"no session type; use one of {', '.join(catalogue.schedulable)}")
    name = str(name).strip().lower()
    if name == REST:
        return None
    if name not in catalogue:
        raise bad("session", f"unknown session type '{name}'; use one of "
                             f"{', '.join(catalogue.schedulable)}")
    kind = catalogue[name]
    values: dict[str, Any] = {}
    for column, parse in (("date", _as_date), ("start", parse_hhmm), ("end", parse_hhmm),
                          ("minutes", _as_int), ("rpe", _as_int)):
        raw = _cell(row, column)
        if raw is None:
            continue
        try:
            values[column] = parse(raw.strip() if isinstance(raw, str) else raw)
        except (ValueError, TypeError, OverflowError) as error:
            raise bad(column, f"'{raw}' is not valid: {error}") from None
    for column in ("date", "start"):
        if column not in values:
            raise bad(column, "missing value")
    if "minutes" not in values:
        if "end" not in values:
            raise bad("end", "missing value (give an end time or minutes)")
        values["minutes"] = values["end"] - values["start"]
    elif "end" in values and values["end"] - values["start"] != values["minutes"]:
        raise bad("minutes", f"{values['minutes']} min disagree with start-end "
                             f"({values['end'] - values['start']} min); correct one of them")
    if values["minutes"] <= 0:
        raise bad("end", "the session ends before it starts")
    rpe = values.get("rpe", kind.rpe)
    if not 0 <= rpe <= 10:
        raise bad("rpe", f"{rpe} is outside the CR-10 scale 0-10")
    details = _cell(row, "details")
    return Session(date=values["date"], type=name, start=values["start"],
                   minutes=values["minutes"], rpe=rpe, running=kind.running, hard=kind.hard,
                   details="" if details is None else str(details))


def sessions_from_frame(frame: pd.DataFrame, catalogue: Catalogue) -> list[Session]:
    """Sessions of a plan table (docs/formats.md columns); 'rest' rows are skipped.

    Rows are named by their 1-based position in errors (row 1 = the first session row).
    """
    sessions = []
    for position, (_, row) in enumerate(frame.iterrows(), start=1):
        session = _row_session(row, f"row {position}", catalogue)
        if session is not None:
            sessions.append(session)
    return sessions


def audit_plan(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue,
               targets_by_week: dict[date, WeekTargets] | None = None) -> AuditReport:
    """Audit a (multi-week) plan table of one athlete, week by week.

    Every Monday from the first to the last week of the table (and of targets_by_week) is
    audited, so an empty week inside the plan shows up as missing sessions. Each week sees
    the previous week's last two days as history, so cross-week rules hold across the
    boundary (P-BOUNDARY; with it off, as the planner does, each week stands alone). Weeks
    without given targets use default_targets.
    """
    if "athlete_id" in frame.columns and len(frame):
        ids = frame["athlete_id"].astype(str).str.strip()
        if (ids == athlete.id).any():
            frame = frame[ids == athlete.id]
        else:
            raise InputError(f"the table holds no rows of athlete '{athlete.id}'",
                             field="athlete_id")
    sessions = sessions_from_frame(frame, catalogue)
    targets_by_week = targets_by_week or {}
    mondays = {monday_of(s.date) for s in sessions} | set(targets_by_week)
    report = AuditReport()
    if not mondays:
        return report
    monday, last = min(mondays), max(mondays)
    chained = rulebook.applies("P-BOUNDARY")
    defaults = None
    while monday <= last:
        targets = targets_by_week.get(monday)
        if targets is None:
            defaults = defaults or default_targets(athlete, rulebook, catalogue)
            targets = defaults
        history = tuple(s for s in sessions
                        if chained and monday - timedelta(days=HISTORY_DAYS) <= s.date < monday)
        week = [s for s in sessions if monday_of(s.date) == monday]
        spec = WeekSpec(athlete=athlete, week_start=monday, targets=targets, history=history)
        report.extend(audit_week(spec, week, rulebook, catalogue))
        monday += timedelta(days=7)
    return report
