"""Check a plan against a rulebook in plain Python, without the solver.

The auditor is the independent witness of docs/architecture.md: it recomputes every rule of the
Rulebook from the sessions alone (semantics in models/audit/checks.py), so a solver plan can
be verified (no hard finding, same penalty as the solver's objective) and a coach's own
edited plan can be checked. Penalties are kept in integer centipoints like the solver's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from models.domain.athlete import Athlete
from models.audit.checks import CHECKS, Breach, WeekView, session_key
from models.block.chain import AthleteChain
from models.domain.catalogue import Catalogue
from models.domain.errors import InputError
from models.domain.plan import Session
from models.domain.rules import ALWAYS_HARD, CENTI, Rule, Rulebook
from models.domain.week import WeekSpec, WeekTargets
from models.io.plan_rows import sessions_from_frame

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
        fixed=frozenset(session_key(s) for s in spec.fixed), rulebook=rulebook,
    )
    report = AuditReport()
    for rule_id, rule in rulebook.rules.items():
        if not rule.is_active and rule_id not in ALWAYS_HARD:
            continue
        if rule.is_periodisation and rule_id not in CHECKS:
            continue  # P-* rules shape the block's targets, not one week (models/block/phases.py)
        if rule_id not in CHECKS:
            raise KeyError(f"rule {rule_id} has no check in models/audit/checks.py")
        for breach in CHECKS[rule_id](view, rule):
            report.findings.append(_finding(rule, breach, spec.week_start))
    return report


def audit_plan(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue,
               targets_by_week: dict[date, WeekTargets] | None = None,
               block: bool = False) -> AuditReport:
    """Audit a (multi-week) plan table of one athlete, week by week.

    The weeks are walked as the planner walks them (models/block/chain.py): every Monday from
    the first to the last week of the table (and of the targets, or of the block) is audited,
    so an empty week inside the plan shows up as missing sessions, and each week sees the
    previous week's last days as history (P-BOUNDARY; with it off each week stands alone).
    Targets: ``block`` - the athlete's block as plan_block solves it, with the hiking, load
    cap and strength relaxation read off the table; else ``targets_by_week`` where given and
    default_targets for the other weeks.
    """
    if "athlete_id" in frame.columns and len(frame):
        ids = frame["athlete_id"].astype(str).str.strip()
        if (ids == athlete.id).any():
            frame = frame[ids == athlete.id]
        else:
            raise InputError(f"the table holds no rows of athlete '{athlete.id}'",
                             field="athlete_id")
    sessions = sessions_from_frame(frame, catalogue)
    walk = (AthleteChain.start(athlete, rulebook, catalogue) if block
            else AthleteChain.ordinary(athlete, rulebook, catalogue, targets_by_week))
    report = AuditReport()
    for spec, week in walk.replay(sessions):
        report.extend(audit_week(spec, week, rulebook, catalogue))
    return report
