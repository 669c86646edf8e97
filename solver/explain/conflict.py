"""Minimal conflicts of an infeasible week, and the smallest changes that repair it.

The week is built in explain mode (WeekModel explain=True): every hard rule instance and
every open day's availability ("only these windows") is an assumption literal. A *member* of
a conflict is a whole rule (all of its instances) or one day's availability fact, because
that is what a coach can change: a rulebook entry, or the windows of a day.

CP-SAT answers assumptions only without an objective and with one worker, and its
``SufficientAssumptionsForInfeasibility`` core is not guaranteed minimal, so the core is
shrunk by deletion: drop one member, re-solve; if still infeasible, drop it for good (and keep
only the new, smaller core). The result is minimal: keeping all members is infeasible and
dropping any one makes the week feasible (with the non-members relaxed). A member proven
necessary stays necessary in every subset, so one pass suffices.

Repairs are separate solves with an objective (no assumptions): the chosen members may be
relaxed, everything else holds, and the solver minimises how many members change and then
how much (minutes of added time, sessions off target, rule instances broken).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable

from ortools.sat.python import cp_model

from models.domain.catalogue import Catalogue
from models.domain.clock import STEP_MINUTES, WEEKDAYS, format_hhmm
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec

from solver.week.solve import DEFAULT_SEED, build
from solver.week.constraints import rest_days
from solver.week.model import WeekModel

AVAIL = "H-AVAIL"
Member = tuple[str, "date | None"]  # (rule id, None) or ("H-AVAIL", day) for a fact
CHANGE_WEIGHT = 10_000  # one more changed member outweighs any amount of change within one
SESSION_COST = 60       # a session off target or a broken instance ~ an hour of added time
USUAL_DEFAULT = 18 * 60  # suggested windows go near the athlete's usual start, else 18:00


def is_fact(member: Member) -> bool:
    return member[0] == AVAIL


def member_of(rule_id: str, day: date | None) -> Member:
    return (rule_id, day) if rule_id == AVAIL else (rule_id, None)


def facts_first(member: Member) -> tuple:
    """Deletion order: availability facts are tried (and dropped) before rules."""
    return (not is_fact(member), member[0], member[1] or date.min)


def rules_first(member: Member) -> tuple:
    return (is_fact(member), member[0], member[1] or date.min)


@dataclass
class Change:
    """How one relaxed member changed in a repair: added time, new count or broken instances."""

    member: Member
    sessions: list[tuple[date, int, int, str]] = field(default_factory=list)  # free time used
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # label -> (target, new)
    broken: list[tuple[date | None, str]] = field(default_factory=list)  # relaxed instances


    def edit(self) -> dict:
        """The change as data a program can apply: windows to add, targets, rule settings."""
        rule_id = self.member[0]
        if is_fact(self.member):
            return {"add_windows": [
                {"date": day.isoformat(), "weekday": WEEKDAYS[day.weekday()],
                 "window": f"{format_hhmm(start)}-{format_hhmm(end)}"}
                for day, start, end, _ in self.sessions]}
        edit: dict = {}
        for label, (_, value) in self.counts.items():
            if label in ("strength", "runs", "long"):
                edit.setdefault("targets", {})[label] = value
            else:
                param = "min_days" if label == "rest days" else label
                edit.setdefault("rules", {}).setdefault(rule_id, {"params": {}})["params"][param] = value
        return edit or {"rules": {rule_id: {"kind": "soft"}}}


def merge_edits(edits: Iterable[dict]) -> dict:
    merged: dict = {}
    for edit in edits:
        merged.setdefault("add_windows", []).extend(edit.get("add_windows", []))
        merged.setdefault("targets", {}).update(edit.get("targets", {}))
        merged.setdefault("rules", {}).update(edit.get("rules", {}))
    return {key: value for key, value in merged.items() if value}


@dataclass
class Repair:
    feasible: bool | None           # None: the time limit ran out first
    changes: list[Change] = field(default_factory=list)


class ConflictSearch:
    """The explain-mode week and its assumption members; counts the solves it makes."""

    def __init__(self, spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue,
                 time_limit: float = 5.0):
        self.spec, self.rulebook, self.catalogue = spec, rulebook, catalogue
        self.time_limit = time_limit
        self.week = build(spec, rulebook, catalogue, explain=True)
        self.groups = _groups(self.week)
        self.solves = 0
        self.undecided = False  # a solve hit the time limit: minimality is not proven

    @property
    def members(self) -> list[Member]:
        return sorted(self.groups, key=facts_first)

    def details(self, member: Member) -> list[tuple[date | None, str]]:
        return [(d, text) for _, d, text in self.groups[member]]

    # ------------------------------------------------------------ assumptions
    def _solver(self) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = DEFAULT_SEED
        solver.parameters.max_time_in_seconds = self.time_limit
        # full LP relaxation: "7 sessions, 6 free days" proofs take 0.1 s instead of seconds
        solver.parameters.linearization_level = 2
        return solver

    def check(self, members: Iterable[Member]) -> tuple[bool | None, set[Member]]:
        """Feasible with only these members assumed? (True, {}), (False, core) or (None, {})."""
        members = list(members)
        model = self.week.model
        model.clear_assumptions()
        model.add_assumptions([lit for m in members for lit, _, _ in self.groups[m]])
        solver = self._solver()
        code = solver.solve(model)
        self.solves += 1
        model.clear_assumptions()
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True, set()
        if code == cp_model.INFEASIBLE:
            core = set(solver.sufficient_assumptions_for_infeasibility())
            return False, {m for m in members
                           if any(lit.index in core for lit, _, _ in self.groups[m])}
        self.undecided = True
        return None, set()

    def feasible(self, members: Iterable[Member]) -> bool | None:
        return self.check(members)[0]

    def minimal_conflict(self, order: Callable[[Member], tuple] = facts_first) -> list[Member] | None:
        """A minimal infeasible set of members, or None when the week is feasible.

        An empty list means the week is infeasible with no member assumed (its fixed
        sessions alone conflict).
        """
        ok, core = self.check(self.groups)
        if ok is not False:
            return None
        return self.shrink(core, order)

    def shrink(self, core: Iterable[Member], order=facts_first) -> list[Member]:
        necessary: list[Member] = []
        pending = sorted(core, key=order)
        while pending:
            member = pending.pop(0)
            ok, smaller = self.check([*necessary, *pending])
            if ok is False:
                pending = [m for m in pending if m in smaller]
            else:
                necessary.append(member)  # needed (or undecided: kept, minimality unproven)
        return sorted(necessary, key=facts_first)

    def smallest_conflict(self) -> list[Member] | None:
        """The shorter of the minimal conflicts found with facts or rules dropped first.

        On a tie the one with fewer rules wins: "two strength sessions and a long run, but
        only two windows" reads better than the same story told through extra rules.
        """
        ok, core = self.check(self.groups)
        if ok is not False:
            return None
        found = [self.shrink(core, order) for order in (facts_first, rules_first)]
        return min(found, key=lambda c: (len(c), sum(not is_fact(m) for m in c)))

    # ------------------------------------------------------------ repairs
    def repair(self, relaxable: Iterable[Member]) -> Repair:
        """The fewest of these members to relax (and then the least change) for a plan."""
        week = build(self.spec, self.rulebook, self.catalogue, explain=True)
        model, groups = week.model, _groups(week)
        flags, cost = {}, []
        for member, instances in groups.items():
            may = member in relaxable
            literals = [lit for lit, _, text in instances if may and _relaxable(member, text)]
            fixed = [lit for lit, _, text in instances if not (may and _relaxable(member, text))]
            if fixed:
                model.add_bool_and(fixed)
            if not literals:
                continue
            flag = model.new_bool_var(f"relax_{member}")
            for lit in literals:
                model.add_implication(lit.Not(), flag)
            flags[member] = flag
            cost.append(CHANGE_WEIGHT * flag)
            cost.extend(_change_size(week, member, literals))
        added = {id(c) for _, (_, extra) in week.free_time.items() for c in extra}
        usual = usual_start(self.spec)
        timing = [_distance(model, c, usual) if id(c) in added else c.offset
                  for c in week.candidates if not c.is_fixed]
        scale = 1 + sum(c.last_start - c.first_start for c in week.candidates) // STEP_MINUTES
        model.minimize(scale * sum(cost) + sum(timing))
        solver = self._solver()
        code = solver.solve(model)
        self.solves += 1
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if code != cp_model.INFEASIBLE:
                self.undecided = True
            return Repair(feasible=False if code == cp_model.INFEASIBLE else None)
        changes = [_read_change(week, groups, member, solver)
                   for member, flag in flags.items() if solver.boolean_value(flag)]
        return Repair(feasible=True, changes=sorted(changes, key=lambda c: facts_first(c.member)))


def usual_start(spec: WeekSpec) -> int:
    """When this athlete usually trains: the median start of their weekly windows (18:00
    without any). A window the repair suggests is placed as near it as the day allows -
    'add Mon 18:00-18:25' rather than the 05:00 of the earliest free minute."""
    starts = sorted(w.start for windows in spec.athlete.availability.values() for w in windows)
    return starts[len(starts) // 2] if starts else USUAL_DEFAULT


def _distance(model: cp_model.CpModel, c, usual: int) -> cp_model.IntVar:
    """|start - usual| of a suggested session, in grid steps (never above its own range, so
    that these tie-break terms stay below one unit of the repair cost, as earliness does)."""
    steps = (c.last_start - c.first_start) // STEP_MINUTES
    target = min(max(round((usual - c.first_start) / STEP_MINUTES), 0), steps)
    distance = model.new_int_var(0, steps, "")
    model.add(distance >= c.offset - target)
    model.add(distance >= target - c.offset)
    return distance


def _relaxable(member: Member, text: str) -> bool:
    """H-OVERLAP is physical: only its max_per_day part is a parameter a coach may raise."""
    if member[0] != "H-OVERLAP":
        return True
    return text.endswith(" sessions a day") and "strength" not in text


def _groups(week: WeekModel) -> dict[Member, list[tuple[cp_model.IntVar, date | None, str]]]:
    groups: dict[Member, list] = {}
    for index, (rule_id, day, detail) in sorted(week.assumptions.items()):
        literal = week.model.get_bool_var_from_proto_index(index)
        groups.setdefault(member_of(rule_id, day), []).append((literal, day, detail))
    return groups


def _counts(week: WeekModel, member: Member) -> dict[str, tuple[cp_model.LinearExprT, int]]:
    targets = week.spec.targets
    present = lambda predicate: sum(c.present for c in week.week_sessions(predicate))  # noqa: E731
    if member[0] == "H-STRENGTH-COUNT":
        return {"strength": (present(lambda c: c.type == "strength"), targets.strength)}
    if member[0] == "H-RUN-COUNT":
        return {"runs": (present(lambda c: c.running), targets.runs),
                "long": (present(lambda c: c.type == "long"), targets.long)}
    if member[0] == "H-REST":
        return {"rest days": (rest_days(week, week.rulebook["H-REST"]),
                              int(week.rulebook.param("H-REST", "min_days")))}
    return {}


def _change_size(week: WeekModel, member: Member, literals) -> list:
    """Objective terms measuring how much a relaxed member changes the week."""
    model = week.model
    if is_fact(member):
        day = (member[1] - week.spec.week_start).days
        return [c.volume for c in week.free_time[day][1]]
    counts = _counts(week, member)
    if counts:
        terms = []
        for label, (count, target) in counts.items():
            if isinstance(count, int):
                continue
            off = model.new_int_var(0, 100, f"off_{label}")
            model.add(off >= count - target)
            model.add(off >= target - count)
            terms.append(SESSION_COST * off)
        return terms
    return [SESSION_COST * (1 - lit) for lit in literals]


def _read_change(week: WeekModel, groups, member: Member, solver: cp_model.CpSolver) -> Change:
    change = Change(member)
    if is_fact(member):
        day = (member[1] - week.spec.week_start).days
        for c in week.free_time[day][1]:
            if solver.boolean_value(c.present):
                start = int(solver.value(c.start))
                change.sessions.append((c.date, start, start + int(solver.value(c.duration)),
                                        c.type))
        return change
    for label, (count, target) in _counts(week, member).items():
        value = count if isinstance(count, int) else int(solver.value(count))
        if value != target:
            change.counts[label] = (target, value)
    if member[0] == "H-OVERLAP":
        limit = int(week.rulebook.param("H-OVERLAP", "max_per_day"))
        busiest = max(sum(1 if c.is_fixed else solver.value(c.present) for c in week.on_day(d))
                      for d in range(7))
        if busiest > limit:
            change.counts["max_per_day"] = (limit, int(busiest))
    for lit, day, text in groups[member]:
        if not solver.boolean_value(lit):
            change.broken.append((day, text))
    return change
