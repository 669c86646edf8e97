"""Why a week looks as it does, and why no week can be planned - in words a coach can act on.

* A feasible week gets a score analysis: per soft rule its matches, weight and penalty (the
  solver's breakdown, which sums to the objective), and per match one sentence made concrete
  from the plan and the athlete's windows.
* An infeasible week gets a minimal conflict (solver/explain/conflict.py): rules and availability
  facts that cannot all hold although dropping any one of them would leave a plan. Then what
  the coach could change: each member that repairs the full week on its own, with the
  smallest change (found by a solve), and, when no single change is enough, the smallest
  repair with more time only and with changed rules only.

The content is one Explanation; ``to_dict()`` is the ``--json`` form and the terminal view
(models/report/views.py) renders that same dict, so both always say the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from models.block.eve_repair import NOTE as EVE_NOTE
from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.clock import WEEKDAY_TITLES, format_hhmm
from models.domain.plan import PenaltyItem, Result, Session, Status
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec

from solver.explain.conflict import ConflictSearch, Member, Repair, is_fact, merge_edits
from solver.explain.words import change_text, fact_need, fact_text, join_or, match_sentence, rule_text
from solver.week.solve import SolveParams, solve_week


@dataclass
class Match:
    date: date | None
    violations: int
    penalty: float
    sentence: str


@dataclass
class RuleScore:
    rule_id: str
    weight: float
    matches: list[Match]

    @property
    def penalty(self) -> float:
        return round(sum(m.penalty for m in self.matches), 2)


@dataclass
class ConflictMember:
    rule_id: str
    date: date | None
    text: str
    source: str
    quote: str
    fix: str = ""          # the smallest change of this member alone that gives a plan
    fixes_alone: bool = False
    need_minutes: int = 0  # facts: minutes of added time the fix needs on that day
    example: str = ""      # facts: "e.g. Thu 05:00-05:35 for strength"
    edit: dict = field(default_factory=dict)  # the fix as data (Change.edit)

    @property
    def kind(self) -> str:
        return "fact" if self.rule_id == "H-AVAIL" else "rule"

    @property
    def label(self) -> str:
        if self.date is None:
            return self.rule_id
        return f"{self.rule_id} {WEEKDAY_TITLES[self.date.weekday()]}"


@dataclass
class Fix:
    text: str
    members: list[str]
    alone: bool  # True: this change alone repairs the week
    edit: dict = field(default_factory=dict)  # add_windows / targets / rules, see Change.edit


@dataclass
class Explanation:
    athlete_id: str
    week_start: date
    rulebook: str
    status: Status
    objective: float | None = None
    result: Result | None = None
    scores: list[RuleScore] = field(default_factory=list)
    conflict: list[ConflictMember] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    minimal: bool = True   # False when a solve hit the time limit during the search
    open_days: list[date] = field(default_factory=list)  # days the search could open
    solves: int = 0
    message: str = ""
    note: str = ""         # how the chain solved the week (a block week planned again)

    @property
    def feasible(self) -> bool:
        return self.status.has_plan

    @property
    def rule_ids(self) -> set[str]:
        return {m.rule_id for m in self.conflict if m.kind == "rule"}

    @property
    def fact_days(self) -> set[date]:
        return {m.date for m in self.conflict if m.kind == "fact"}

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "athlete_id": self.athlete_id,
            "week_start": self.week_start.isoformat(),
            "rulebook": self.rulebook,
            "status": self.status.value,
        }
        if self.feasible:
            data["objective"] = self.objective
            data["score"] = [
                {"rule_id": s.rule_id, "matches": len(s.matches), "weight": s.weight,
                 "penalty": s.penalty,
                 "items": [{"date": _iso(m.date), "violations": m.violations,
                            "penalty": m.penalty, "sentence": m.sentence} for m in s.matches]}
                for s in self.scores
            ]
            data["plan"] = [_session_dict(s) for s in self.result.plan.sessions]
        elif self.status is Status.infeasible:
            data["minimal"] = self.minimal
            data["conflict"] = [
                {"member": m.label, "kind": m.kind, "rule_id": m.rule_id, "date": _iso(m.date),
                 "text": m.text, "source": m.source, "quote": m.quote, "fix": m.fix,
                 "fixes_alone": m.fixes_alone, "edit": m.edit} for m in self.conflict
            ]
            data["fixes"] = [{"text": f.text, "members": f.members, "alone": f.alone,
                              "edit": f.edit} for f in self.fixes]
            if self.fact_days:  # open days outside the conflict: opening one alone is no help
                data["unlisted_days"] = [WEEKDAY_TITLES[d.weekday()] for d in self.open_days
                                         if d not in self.fact_days]
            data["solves"] = self.solves
        if self.message:
            data["message"] = self.message
        if self.note:
            data["note"] = self.note
        return data


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _session_dict(s: Session) -> dict[str, Any]:
    return {"date": s.date.isoformat(), "weekday": WEEKDAY_TITLES[s.date.weekday()],
            "session": s.type, "start": format_hhmm(s.start), "end": format_hhmm(s.end),
            "minutes": s.minutes, "hard": s.hard_run}


def explain_week(spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue | None = None,
                 time_limit: float = 10.0) -> Explanation:
    """Solve the week; explain its penalties, or why it has no plan."""
    catalogue = catalogue or default_catalogue()
    result = solve_week(spec, rulebook, catalogue, SolveParams(time_limit=time_limit))
    explanation = Explanation(athlete_id=spec.athlete.id, week_start=spec.week_start,
                              rulebook=rulebook.name, status=result.status,
                              objective=result.objective, result=result, message=result.message,
                              note=EVE_NOTE if spec.key_run_next_monday else "")
    if result.status.has_plan:
        explanation.scores = score_analysis(spec, rulebook, catalogue, result)
    elif result.status is Status.infeasible:
        _explain_conflict(explanation, spec, rulebook, catalogue, time_limit)
    return explanation


# ---------------------------------------------------------------- feasible weeks

def score_analysis(spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue,
                   result: Result) -> list[RuleScore]:
    """The breakdown per soft rule, highest penalty first, one sentence per match."""
    by_rule: dict[str, list[PenaltyItem]] = {}
    for item in result.breakdown:
        by_rule.setdefault(item.rule_id, []).append(item)
    sessions = result.plan.sessions if result.plan else []
    scores = [
        RuleScore(rule_id, rulebook[rule_id].weight, [
            Match(item.date, item.violations, item.penalty,
                  match_sentence(item, rulebook[rule_id], spec, sessions, catalogue))
            for item in items
        ])
        for rule_id, items in by_rule.items()
    ]
    return sorted(scores, key=lambda s: (-s.penalty, s.rule_id))


# ---------------------------------------------------------------- infeasible weeks

def _explain_conflict(explanation: Explanation, spec: WeekSpec, rulebook: Rulebook,
                      catalogue: Catalogue, time_limit: float) -> None:
    explanation.message = ""  # the solver's "run weekplan explain" hint is answered here
    search = ConflictSearch(spec, rulebook, catalogue, time_limit=time_limit)
    members = search.smallest_conflict()
    if members is None:  # the objective-free model found a plan the full solve did not
        explanation.message = "the solver found no plan in time, but the week is not proven " \
                              "infeasible; raise --time-limit"
        explanation.minimal = False
        return
    if not members:
        explanation.message = "the week's fixed sessions alone break the hard rules"
    for member in members:
        explanation.conflict.append(_member(member, spec, rulebook, catalogue, search))
    explanation.fixes = _fixes(explanation.conflict, members, spec, catalogue, rulebook, search)
    explanation.minimal = not search.undecided
    explanation.open_days = sorted(spec.week_start + timedelta(days=d) for d in search.week.free_time)
    explanation.solves = search.solves


def _member(member: Member, spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue,
            search: ConflictSearch) -> ConflictMember:
    rule = rulebook[member[0]]
    text = (fact_text(member[1], spec) if is_fact(member)
            else rule_text(rule, spec, catalogue, rulebook))
    found = ConflictMember(rule_id=member[0], date=member[1], text=text, source=rule.source,
                           quote=rule.quote)
    repair = search.repair([member])
    if repair.feasible and repair.changes:
        found.fixes_alone = True
        found.fix = change_text(repair.changes[0], spec, rulebook, catalogue)
        found.edit = repair.changes[0].edit()
        if is_fact(member):
            found.need_minutes, found.example = fact_need(repair.changes[0], catalogue)
    return found


def _fixes(conflict: list[ConflictMember], members: list[Member], spec: WeekSpec,
           catalogue: Catalogue, rulebook: Rulebook, search: ConflictSearch) -> list[Fix]:
    fixes: list[Fix] = []
    days_by_need: dict[int, list[ConflictMember]] = {}
    for found in conflict:
        if not found.fixes_alone:
            continue
        if found.kind == "fact":  # days needing the same time share a line: "Thu or Fri"
            days_by_need.setdefault(found.need_minutes, []).append(found)
        else:
            fixes.append(Fix(found.fix, [found.label], alone=True, edit=found.edit))
    for minutes, days in sorted(days_by_need.items(), reverse=True):
        where = join_or([WEEKDAY_TITLES[d.date.weekday()] for d in days])
        text = f"add a window of {minutes}+ min on {where} ({days[0].example})"
        # each day alone is enough: the edit shows the first day's window as the example
        fixes.insert(0, Fix(text, [d.label for d in days], alone=True, edit=days[0].edit))
    # where no single change of one kind is enough, the smallest repair of that kind
    # (over all days / all rules, not only the conflict's: the conflict may need several)
    alone_facts = any(f.fixes_alone and f.kind == "fact" for f in conflict)
    alone_rules = any(f.fixes_alone and f.kind == "rule" for f in conflict)
    for wanted, relaxable, prefix in (
        (not alone_facts, [m for m in search.groups if is_fact(m)],
         "with more time and the same rules"),
        (not alone_rules, [m for m in search.groups if not is_fact(m)], "with the same time"),
    ):
        if not wanted:
            continue
        repair = search.repair(relaxable)
        if repair.feasible and repair.changes:
            fixes.append(_combined(repair, prefix, spec, rulebook, catalogue))
    return fixes


def _combined(repair: Repair, prefix: str, spec: WeekSpec, rulebook: Rulebook,
              catalogue: Catalogue) -> Fix:
    if all(is_fact(c.member) for c in repair.changes):
        windows = [fact_need(c, catalogue)[1].removeprefix("e.g. ") for c in repair.changes]
        labels = [f"H-AVAIL {WEEKDAY_TITLES[c.member[1].weekday()]}" for c in repair.changes]
        text = f"add {len(windows)} window{'s' if len(windows) > 1 else ''}: " + ", ".join(windows)
        return Fix(f"{prefix}: {text}", labels, alone=len(windows) == 1,
                   edit=merge_edits(c.edit() for c in repair.changes))
    parts = [change_text(c, spec, rulebook, catalogue) for c in repair.changes]
    labels = [c.member[0] if c.member[1] is None
              else f"{c.member[0]} {WEEKDAY_TITLES[c.member[1].weekday()]}" for c in repair.changes]
    return Fix(f"{prefix}: " + "; ".join(parts), labels, alone=len(parts) == 1,
               edit=merge_edits(c.edit() for c in repair.changes))
