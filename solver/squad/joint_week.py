"""One week of a training group: every athlete's WeekModel in one shared CP-SAT model.

Each athlete keeps every individual rule (their own WeekModel, built into the shared model
under a name prefix). The squad adds (semantics in models/squad/groups.py, audited by
models/audit/squad.py):

* attendance - for each occurrence of a group session an invited athlete is *available* for,
  one more candidate of its type starting at its start, in the window that holds it (never
  forced; an athlete whose window does not hold it is excused); a run may end before the
  group does, at a length the athlete's week allows (WeekModel.add_timed_candidate);
* facilities (hard) - a candidate that uses a facility may only start where it lies inside
  the opening hours, and a cumulative constraint over the optional intervals of all users
  (each using 1) keeps the facility within its capacity at every moment;
* group capacity (hard) - attendees of an occurrence <= its capacity;
* S-GROUP-ATTEND (soft) - weight per invited, available athlete not attending.

Objective: the sum of the athletes' penalties plus the attendance penalties, then (scaled
below one centipoint, as in WeekModel) more attendance, fewer sessions and start times
early in their windows.

``solve_group_week`` chooses how (``mode='auto'``):

1. each athlete alone first (their own rules, attendance, opening hours; capacities cannot
   bind one athlete) - cheap, and it finds athletes who cannot be planned at all;
2. if those plans together respect every capacity they are jointly optimal (each athlete's
   penalty is at its own minimum) and the week is done;
3. else the athletes in squad order (``sequential``, step 5); a plan that gives every
   athlete their penalty alone is kept: when every athlete alone is proven optimal the sum
   of those penalties bounds the joint optimum from below, so it is optimal; else each
   athlete keeps the status they had alone. Repairs that try to reach it cheaply, each the
   joint model with most athletes' sessions kept (only their start times and run lengths
   free, so S-MONOTONY's products are nearly constant):
   a. every athlete's own optimum, re-timed (clashes come mostly from everyone starting as
      early as their windows allow);
   b. the sequential plan, with the athletes it made worse off entirely free;
4. else the joint model of the plannable athletes, hinted with the best plan so far and
   bounded below by step 1, with ``time_limit`` x athletes when that bound is proven (the
   search stops when it reaches it), else ``time_limit`` (it can only improve the hint);
5. if the joint model finds no plan (infeasible, time limit), or the group has more than
   ``max_joint`` athletes, athletes are solved in squad order, each seeing the facility
   and group places the earlier ones took (``sequential``).

Every model leaves the lazy rules (S-MONOTONY, solver/week/lazy_rules.py) out of an
athlete's part until a plan would break them, as solve_week does for one athlete: the
athletes whose plan alone needed them have them from the start, the others get them when
a joint plan breaks one, and that plan is solved again. Penalties are always exact.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from ortools.sat.python import cp_model

from models.domain.catalogue import Catalogue
from models.domain.clock import MINUTES_PER_DAY, STEP_MINUTES
from models.squad.groups import Occurrence, SquadSetup, holds
from models.domain.plan import Result, Session, Status
from models.domain.rules import CENTI, Rulebook
from models.audit.squad import facility_findings, group_findings
from models.domain.week import WeekSpec

from solver.week.lazy_rules import breaks_lazy_rules, lazy_rule_ids
from solver.week.constraints import add_rule_ids, add_rules
from solver.week.solve import (STATUS_OF, SolveParams, configured_solver, hint_from,
                               read_breakdown, read_plan, search, search_relaxed,
                               solve_with_lazy_rules)
from solver.week.model import Candidate, Model, PenaltyTerm, WeekModel

ATTEND = "S-GROUP-ATTEND"
JOINT, SEQUENTIAL, ALONE = "joint", "sequential", "alone"
PENALTY_CAP = 10 ** 12   # an upper bound no athlete-week's penalty reaches (centipoints)
NO_TIME = 0.001          # seconds: what left() gives when the time limit is spent
TIDY_PER_ATHLETE = 0.02  # deterministic seconds of earliness tidying per athlete (joint)


@dataclass
class Booking:
    """Places taken by athletes solved earlier in the week (sequential mode)."""

    facility: dict[str, list[tuple[date, int, int]]] = field(default_factory=dict)
    seats: Counter = field(default_factory=Counter)  # (group session id, date) -> attendees

    def take(self, sessions: list[Session]) -> None:
        for s in sessions:
            if s.facility:
                self.facility.setdefault(s.facility, []).append((s.date, s.start, s.end))
            if s.group_session:
                self.seats[(s.group_session, s.date)] += 1


@dataclass
class Invitation:
    occurrence: Occurrence
    athlete_id: str
    candidate: Candidate | None  # None: available, but no session of its type can be placed


@dataclass
class GroupWeekResult:
    """One week of a unit: each athlete's Result, how it was solved, who attended what."""

    week_start: date
    results: dict[str, Result]
    mode: str                       # joint | sequential | alone
    note: str = ""
    attend_penalty_cp: int = 0      # S-GROUP-ATTEND over the week
    invited: int = 0                # invitations of available athletes
    attending: int = 0              # of those, attended
    wall_time: float = 0.0
    joint_time: float = 0.0         # of wall_time: building and solving the joint model
    own_optima_fit: bool = False    # every athlete's plan alone, and they fit together

    @property
    def objective_cp(self) -> int:
        """Individual penalties plus attendance, in centipoints (what the joint model minimises)."""
        own = sum(int(round((r.objective or 0) * CENTI)) for r in self.results.values()
                  if r.status.has_plan)
        return own + self.attend_penalty_cp


class GroupWeekModel:
    """The shared model of some athletes' same week (see the module doc)."""

    def __init__(self, specs: list[WeekSpec], setup: SquadSetup, rulebook: Rulebook,
                 catalogue: Catalogue, booking: Booking | None = None,
                 complete: Iterable[str] = ()):
        """``complete``: the athletes whose lazy rules (solver/week/lazy_rules.py) are in the
        model from the start - those whose plan alone needed them; the others' are added
        by ``add_lazy`` when a plan breaks them."""
        started = time.perf_counter()
        self.model = Model()
        self.setup, self.rulebook, self.catalogue = setup, rulebook, catalogue
        self.booking = booking or Booking()
        rule = rulebook.rules.get(ATTEND)
        self.attend_rule = rule if rule is not None and rule.is_active else None
        self.weeks: dict[str, WeekModel] = {}
        self.invitations: list[Invitation] = []
        self.tags: dict[tuple[str, int], dict[str, str]] = {}  # (athlete, candidate) -> fields
        self.attend_terms: list[PenaltyTerm] = []
        self.attend_owner: list[str] = []  # the athlete of each attend term
        self.var_range: dict[str, tuple[int, int]] = {}
        self.lazy = lazy_rule_ids(rulebook)
        self.relaxed: set[str] = set()   # athletes whose lazy rules are not in the model
        self._owns: dict[str, tuple[cp_model.IntVar, int]] = {}  # see total_penalty
        for spec in specs:
            self._add_athlete(spec)
        self._facilities()
        self._group_capacity()
        self.add_lazy(complete)
        self.build_time = time.perf_counter() - started

    # ------------------------------------------------------------------ building
    def _add_athlete(self, spec: WeekSpec) -> None:
        athlete_id = spec.athlete.id
        first_var = len(self.model.proto.variables)
        week = WeekModel(spec, self.rulebook, self.catalogue, model=self.model,
                         prefix=f"{athlete_id}:")
        if self.attend_rule is not None:
            for occ in self.setup.invitations(athlete_id, spec.week_start):
                gs = occ.session
                if not holds(spec.windows(occ.date), gs.start, gs.end):
                    continue  # not available: excused, never forced
                candidate = week.add_timed_candidate(occ.date, gs.session, gs.start, gs.minutes)
                if candidate is not None:
                    self.tags[(athlete_id, candidate.index)] = {"group_session": gs.id}
                self.invitations.append(Invitation(occ, athlete_id, candidate))
                self._penalise_absence(occ, athlete_id, candidate)
        add_rules(week, skip=frozenset(self.lazy))
        if self.lazy:
            self.relaxed.add(athlete_id)
        for c in week.candidates:
            if c.is_fixed or not c.in_week:
                continue
            tag = self.tags.setdefault((athlete_id, c.index), {})
            gs = self.setup.sessions.get(tag.get("group_session", ""))
            name = self.setup.facility_for(athlete_id, c.type, gs)
            if name:
                tag["facility"] = name
        self.weeks[athlete_id] = week
        # the athlete's variables, created in the same order in any GroupWeekModel: a plan
        # found alone is a complete hint for the joint model (see hint); lazy rules add
        # theirs after everyone's, outside this range
        self.var_range[athlete_id] = (first_var, len(self.model.proto.variables))

    def add_lazy(self, athlete_ids: Iterable[str]) -> None:
        """Add the lazy rules of these athletes (those not added yet)."""
        for athlete_id in sorted(set(athlete_ids) & self.relaxed):
            add_rule_ids(self.weeks[athlete_id], self.lazy)
            self.relaxed.discard(athlete_id)

    def breaking_lazy(self, solver: cp_model.CpSolver) -> set[str]:
        """The athletes without their lazy rules whose plan in the solution breaks one."""
        return {a for a in self.relaxed
                if breaks_lazy_rules(self.weeks[a], self.lazy, solver)}

    def _penalise_absence(self, occ: Occurrence, athlete_id: str,
                          candidate: Candidate | None) -> None:
        rule = self.attend_rule
        if not rule.weight_cp:
            return
        var = 1 if candidate is None else 1 - candidate.present
        self.attend_terms.append(PenaltyTerm(ATTEND, rule.weight_cp, var, occ.date,
                                             f"{athlete_id} not at {occ.session.id}"))
        self.attend_owner.append(athlete_id)

    def _facilities(self) -> None:
        """Opening hours by the candidates' start domains; capacity by a cumulative."""
        users: dict[str, list[Candidate]] = {}
        for athlete_id, week in self.weeks.items():
            for c in week.candidates:
                name = self.tags.get((athlete_id, c.index), {}).get("facility")
                if not name:
                    continue
                if self._within_hours(c, self.setup.facilities[name]):
                    users.setdefault(name, []).append(c)
        for name, members in users.items():
            capacity = self.setup.facilities[name].capacity
            booked = self.booking.facility.get(name, [])
            if len(members) + len(booked) <= capacity:
                continue
            intervals = [self.model.new_optional_interval_var(
                c.abs_start, c.duration, c.abs_start + c.duration, c.present,
                f"use_{name}_{i}") for i, c in enumerate(members)]
            monday = next(iter(self.weeks.values())).spec.week_start
            for day, start, end in booked:
                offset = (day - monday).days * MINUTES_PER_DAY
                intervals.append(self.model.new_fixed_size_interval_var(
                    offset + start, end - start, f"booked_{name}_{day}_{start}"))
            self.model.add_cumulative(intervals, [1] * len(intervals), capacity)

    def _within_hours(self, c: Candidate, facility) -> bool:
        """Restrict c's starts to the opening hours; False when it can never be placed."""
        steps = (c.last_start - c.first_start) // STEP_MINUTES
        allowed = [k for k in range(steps + 1)
                   if facility.holds(c.date, c.first_start + STEP_MINUTES * k,
                                     c.first_start + STEP_MINUTES * k + c.minutes)]
        if not allowed:
            self.model.add(c.present == 0)
            return False
        if len(allowed) <= steps:
            self.model.add_linear_expression_in_domain(c.offset,
                                                   cp_model.Domain.FromValues(allowed))
        if c.variable_length:
            self._length_within_hours(c, facility, steps)
        return True

    def _length_within_hours(self, c: Candidate, facility, steps: int) -> None:
        """A run whose length is a decision also ends inside the opening window that holds
        its start: the longest it may be, per start, through an element constraint."""
        room = []
        for k in range(steps + 1):
            start = c.first_start + STEP_MINUTES * k
            room.append(max((w.end - start for w in facility.open_on(c.date)
                             if w.start <= start and start + c.minutes <= w.end), default=0))
        if min(room) >= c.longest:
            return
        most = self.model.new_int_var(0, max(room), f"room_{c.index}_{id(c)}")
        self.model.add_element(c.offset, room, most)
        self.model.add(c.duration <= most).only_enforce_if(c.present)

    def _group_capacity(self) -> None:
        by_occurrence: dict[tuple[str, date], list[Candidate]] = {}
        capacity: dict[tuple[str, date], int] = {}
        for invitation in self.invitations:
            gs = invitation.occurrence.session
            if gs.capacity is None or invitation.candidate is None:
                continue
            key = (gs.id, invitation.occurrence.date)
            by_occurrence.setdefault(key, []).append(invitation.candidate)
            capacity[key] = gs.capacity - self.booking.seats.get(key, 0)
        for key, members in by_occurrence.items():
            if len(members) > capacity[key]:
                self.model.add(sum(c.present for c in members) <= max(0, capacity[key]))

    # ------------------------------------------------------------------ objective
    def penalty_of(self, athlete_id: str) -> cp_model.LinearExprT:
        """The athlete's own penalty in centipoints (individual rules and attendance)."""
        return sum(t.weight_cp * t.var for t in self._terms_of(athlete_id))

    def _terms_of(self, athlete_id: str) -> list[PenaltyTerm]:
        """Attendance first: terms of rules added later (add_lazy) come last."""
        return [*(t for t, owner in zip(self.attend_terms, self.attend_owner)
                  if owner == athlete_id), *self.weeks[athlete_id].penalties]

    def set_objective(self) -> int:
        """Penalties of everyone first, then more attendance, then fewer sessions, then
        early starts (see WeekModel.set_objective and tie_break)."""
        scale = self._attend_step() * (1 + len(self._attendances()))
        self.model.minimize(scale * self.total_penalty() + self.tie_break())
        return scale

    def tie_break_scale(self) -> int:
        return 1 + sum(c.last_start - c.first_start for c in self._free()) // STEP_MINUTES

    def tie_break(self) -> cp_model.LinearExprT:
        """Among plans of equal penalty: more athletes at their group sessions (when
        attending costs others exactly what staying away costs, the squad would rather see
        them there), then fewer sessions, then earlier starts - WeekModel's order, so a
        unit of one athlete without invitations plans what plan_block plans."""
        candidates = self._free()
        sessions = cp_model.LinearExpr.Sum([c.present for c in candidates])
        earliness = cp_model.LinearExpr.Sum([c.offset for c in candidates])
        order = self.tie_break_scale() * sessions + earliness
        attending = self._attendances()
        if not attending:
            return order
        absent = len(attending) - cp_model.LinearExpr.Sum(attending)
        return self._attend_step() * absent + order

    def _attendances(self) -> list[cp_model.IntVar]:
        return [inv.candidate.present for inv in self.invitations
                if inv.candidate is not None and not isinstance(inv.candidate.present, int)]

    def _attend_step(self) -> int:
        """One absence outweighs any difference in sessions and start times."""
        most = sum(week.most_sessions() for week in self.weeks.values())
        return self.tie_break_scale() * (1 + most)

    def total_penalty(self, lowest: dict[str, int] | None = None) -> cp_model.LinearExprT:
        """Everyone's penalty; with ``lowest`` (each athlete's optimum alone) as the sum of
        one bounded variable per athlete, so the search knows the bound from the start.

        A lowest value must hold for the athlete's penalty as modelled: their optimum alone
        with the same rules left out (an athlete whose plan alone needed the lazy rules is
        built ``complete``). The variable is made once; terms of rules added to the model
        later are added next to it.
        """
        if not lowest:
            terms = [t for w in self.weeks.values() for t in w.penalties] + self.attend_terms
            return cp_model.LinearExpr.WeightedSum([t.var for t in terms],
                                                   [t.weight_cp for t in terms])
        parts = []
        for athlete_id in self.weeks:
            terms = self._terms_of(athlete_id)
            if athlete_id not in self._owns:
                own = self.model.new_int_var(lowest.get(athlete_id, 0), PENALTY_CAP,
                                             f"{athlete_id}:penalty")
                self.model.add(own == sum(t.weight_cp * t.var for t in terms))
                self._owns[athlete_id] = (own, len(terms))
            own, counted = self._owns[athlete_id]
            parts.append(own)
            parts.extend(t.weight_cp * t.var for t in terms[counted:])
        return sum(parts)

    def _free(self) -> list[Candidate]:
        return [c for w in self.weeks.values() for c in w.candidates if not c.is_fixed]

    def hold(self, solver: cp_model.CpSolver, penalty: cp_model.LinearExprT, best: int) -> None:
        """Keep the penalty at ``best``, start from the solver's plan, minimise the tie
        break (fewer sessions, then earlier starts)."""
        self.hint_solution(solver)
        self.model.add(penalty <= best)
        self.model.minimize(self.tie_break())

    def hint_solution(self, solver: cp_model.CpSolver) -> None:
        """Start the next search from the solver's plan (variables added since: unhinted)."""
        hint_from(self.model, solver)

    def hint(self, athlete_id: str, values: list[int]) -> None:
        """Start the search from a known plan of one athlete: the values of all the
        athlete's variables in another GroupWeekModel (same order, so complete and exact)."""
        lo, hi = self.var_range[athlete_id]
        if hi - lo != len(values):
            return  # not built the same way (cannot happen today): no hint rather than a wrong one
        proto = self.model.proto
        for index, value in zip(range(lo, hi), values):
            proto.solution_hint.vars.append(index)
            proto.solution_hint.values.append(value)


# ---------------------------------------------------------------------- solving

@dataclass
class _Solved:
    results: dict[str, Result]
    values: dict[str, list[int]]                    # athlete -> values of its variables
    own_cp: dict[str, int]                          # athlete -> penalty incl. attendance
    attend_cp: int
    invited: int
    attending: int
    status: Status
    complete: frozenset[str] = frozenset()          # athletes solved with their lazy rules


def _solve(gm: GroupWeekModel, params: SolveParams, time_limit: float,
           lowest: dict[str, int] | None = None) -> _Solved:
    """One athlete: penalty then early starts in one objective, as solve_week does. Several:
    the penalty first (proven quickly: each athlete's optimum alone bounds it), then, with
    the penalty held, early starts for a short deterministic effort (TIDY_PER_ATHLETE) -
    proving the tie-break optimal would cost seconds and change no penalty point.

    Both leave the lazy rules out first (solver/week/lazy_rules.py) and add them for the
    athletes whose plan breaks one, then solve again from that plan: the plan kept breaks
    none that is left out, so its penalty is exact and, when proven, optimal."""
    started = time.perf_counter()

    def left() -> SolveParams:
        return SolveParams(time_limit=max(NO_TIME, time_limit - (time.perf_counter() - started)),
                           workers=params.workers, seed=params.seed)

    def within(**tuning) -> cp_model.CpSolver:
        return configured_solver(left(), **tuning)

    if len(gm.weeks) == 1:
        solver, code = _solve_one(gm, left, deadline=started + time_limit)
    else:
        solver, code = _solve_several(gm, within, lowest)
    solve_time = time.perf_counter() - started
    status = STATUS_OF.get(code, Status.unknown)
    share = 1 / max(1, len(gm.weeks))
    results, values, own = {}, {}, {}
    attend_cp = attending = 0
    invited = len(gm.invitations)
    everything = None
    if status.has_plan:
        for t in gm.attend_terms:
            attend_cp += t.weight_cp * (t.var if isinstance(t.var, int) else solver.value(t.var))
        attending = sum(1 for inv in gm.invitations if inv.candidate is not None
                        and solver.boolean_value(inv.candidate.present))
    for athlete_id, week in gm.weeks.items():
        result = Result(athlete_id=athlete_id, week_start=week.spec.week_start, status=status,
                        wall_time=(gm.build_time + solve_time) * share,
                        build_time=gm.build_time * share, solve_time=solve_time * share)
        if status.has_plan:
            penalty = sum(t.weight_cp * (t.var if isinstance(t.var, int) else solver.value(t.var))
                          for t in week.penalties)
            result.objective = penalty / CENTI
            result.best_bound = result.objective if status is Status.optimal else None
            result.plan = _tagged(read_plan(week, solver), gm, athlete_id, solver)
            result.breakdown = read_breakdown(week, solver)
            if status is Status.feasible:
                result.message = (f"time limit of {time_limit:g} s hit: best plan found, "
                                  "not proven optimal")
            if everything is None:
                everything = list(solver.ResponseProto().solution)
            lo, hi = gm.var_range[athlete_id]
            values[athlete_id] = everything[lo:hi]
            own[athlete_id] = int(round(solver.value(gm.penalty_of(athlete_id))))
        elif status is Status.infeasible:
            result.message = ("no plan satisfies the hard rules for this week (with the squad's "
                              "facilities and group places); run `weekplan explain` on the "
                              "athlete alone to see which rules conflict")
        elif status is Status.unknown:
            result.message = f"no plan found within the time limit of {time_limit:g} s"
        else:
            result.message = f"the model was rejected by CP-SAT: {gm.model.validate()}"
        results[athlete_id] = result
    return _Solved(results, values, own, attend_cp, invited, attending, status,
                   frozenset(gm.weeks) - gm.relaxed)


def _solve_one(gm: GroupWeekModel, left, deadline: float) -> tuple[cp_model.CpSolver, int]:
    """Penalty and tie break in one objective, the lazy rules as solve_week adds them: the
    relaxed optimum stands when it breaks none of them, else the whole model is solved
    from it (so a week alone is planned as solve_week plans it: solver/week/solve.py's
    search, then solve_with_lazy_rules - the pinned try at the relaxed optimum, the search
    with the products, or the relaxed plan priced when the time runs out)."""
    gm.set_objective()
    if gm.relaxed:
        code, solver = search_relaxed(gm.model, left(), gm.breaking_lazy)
    else:
        code, solver = search(gm.model, left())
    if not gm.relaxed or code == cp_model.INFEASIBLE:  # none without them: none with them
        return solver, code
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and not gm.breaking_lazy(solver):
        return solver, code  # optimal for the whole model; or the time limit's plan, exact

    def add_lazy() -> None:
        gm.add_lazy(gm.relaxed)
        gm.set_objective()

    code, solver, _ = solve_with_lazy_rules(gm.model, solver, code, add_lazy, left(), deadline)
    return solver, code


def _solve_several(gm: GroupWeekModel, within,
                   lowest: dict[str, int] | None) -> tuple[cp_model.CpSolver, int]:
    """The penalty (lazy rules added for the athletes whose plan breaks them, until none
    does), then the tie break with the penalty held."""
    spent = False  # the time limit was hit with a plan that breaks a lazy rule
    while True:
        penalty = gm.total_penalty(lowest or {})
        gm.model.minimize(penalty)
        solver = within()
        # CP-SAT's subsolvers (LNS, feasibility jump, ...) taken in turns on this one thread,
        # deterministically: the lone default search climbs slowly from the hint to the
        # lower bound (a 20-athlete week: 41 s -> 19 s)
        solver.parameters.interleave_search = True
        if spent:  # no time to search again: that plan, charged for the rules just added
            solver.parameters.fix_variables_to_their_hinted_value = True
            solver.parameters.max_time_in_seconds = max(1.0, solver.parameters.max_time_in_seconds)
        code = solver.solve(gm.model)
        if spent and code == cp_model.OPTIMAL:
            code = cp_model.FEASIBLE
        if not STATUS_OF.get(code, Status.unknown).has_plan:
            return solver, code
        breaking = gm.breaking_lazy(solver)
        if not breaking:
            break
        gm.add_lazy(breaking)
        gm.hint_solution(solver)
        spent = code == cp_model.FEASIBLE
    best = int(round(solver.objective_value))
    gm.hold(solver, penalty, best)
    tidy = within()
    tidy.parameters.max_time_in_seconds = max(0.1, tidy.parameters.max_time_in_seconds)
    tidy.parameters.max_deterministic_time = TIDY_PER_ATHLETE * len(gm.weeks)
    if STATUS_OF.get(tidy.solve(gm.model), Status.unknown).has_plan \
            and not gm.breaking_lazy(tidy):
        return tidy, code  # same penalty, earlier starts; the status stays the first's
    return solver, code


def _tagged(plan, gm: GroupWeekModel, athlete_id: str, solver: cp_model.CpSolver):
    """The plan with each session's group_session and facility filled in."""
    tags = {}
    for c in gm.weeks[athlete_id].candidates:
        if c.is_fixed or not solver.boolean_value(c.present):
            continue
        tag = gm.tags.get((athlete_id, c.index))
        if tag:
            tags[(c.date, int(solver.value(c.start)), c.type,
                  int(solver.value(c.duration)))] = tag
    plan.sessions = [s.model_copy(update=tags.get((s.date, s.start, s.type, s.minutes), {}))
                     for s in plan.sessions]
    return plan


def solve_group_week(specs: list[WeekSpec], setup: SquadSetup, rulebook: Rulebook,
                     catalogue: Catalogue, params: SolveParams = SolveParams(), *,
                     mode: str = "auto", max_joint: int | None = None,
                     cache: AloneCache | None = None) -> GroupWeekResult:
    """Plan one week of some athletes together (how: the module doc).

    ``mode``: ``auto`` (the steps of the module doc), ``joint`` (always the joint model, no
    short cut, no fallback: benchmarks and tests) or ``sequential``. ``cache``: the
    athletes' weeks solved alone so far (see AloneCache), read and added to - a re-solve of
    the week in which only some specs changed solves only those alone again.
    """
    started = time.perf_counter()
    max_joint = max_joint or setup.groups.max_joint
    if mode == SEQUENTIAL:
        out = _sequential(specs, setup, rulebook, catalogue, params, {}, "asked for")[0]
    elif len(specs) > max_joint and mode == "auto":
        out = _sequential(specs, setup, rulebook, catalogue, params, {},
                          f"{len(specs)} athletes > joint.max_athletes {max_joint}")[0]
    else:
        first = {s.athlete.id: _alone_cached(s, setup, rulebook, catalogue, params, cache)
                 for s in specs}
        out = _joint(specs, first, setup, rulebook, catalogue, params, mode == JOINT)
    out.week_start = specs[0].week_start
    out.wall_time = time.perf_counter() - started
    return out


def _alone(spec: WeekSpec, setup, rulebook, catalogue, params,
           booking: Booking | None = None) -> _Solved:
    gm = GroupWeekModel([spec], setup, rulebook, catalogue, booking)
    return _solve(gm, params, params.time_limit)


# An athlete's weeks solved alone (their own rules, attendance, opening hours; nothing
# booked), by (athlete id, Monday), each with the spec it solved. A unit's athletes can be
# solved alone ahead of the unit, spread over the workers (solver/batch/tasks.py,
# UnitAloneTask); the unit then takes a solve wherever its spec of the week is the same - as
# it is for every week up to the unit's first week whose plans alone do not fit together.
# Solves are deterministic, so the unit's plans are the ones it would make itself.
AloneCache = dict[tuple[str, date], list[tuple[WeekSpec, "_Solved"]]]


def _alone_cached(spec: WeekSpec, setup, rulebook, catalogue, params,
                  cache: AloneCache | None) -> _Solved:
    if cache is None:
        return _alone(spec, setup, rulebook, catalogue, params)
    solves = cache.setdefault((spec.athlete.id, spec.week_start), [])
    for known, solved in solves:
        if known == spec:
            return solved
    solved = _alone(spec, setup, rulebook, catalogue, params)
    solves.append((spec, solved))
    return solved


def _joint(specs, first: dict[str, _Solved], setup, rulebook, catalogue, params,
           forced: bool) -> GroupWeekResult:
    if len(specs) == 1:
        (only,) = first.values()
        out = _week_result(only.results, ALONE, "", [only])
        out.own_optima_fit = True
        return out
    plannable = [s for s in specs if first[s.athlete.id].status.has_plan]
    failed = [first[s.athlete.id] for s in specs if s not in plannable]
    if not plannable:
        return _week_result({a: f.results[a] for a, f in first.items()}, JOINT,
                            "nobody can be planned", failed)
    ids = [s.athlete.id for s in plannable]
    if not forced and _fit({a: first[a].results[a] for a in ids}, setup):
        out = _week_result({a: f.results[a] for a, f in first.items()}, JOINT,
                           "the athletes' own optima fit together", list(first.values()))
        out.own_optima_fit = True
        return out
    fallback, parts = _sequential(specs, setup, rulebook, catalogue, params, first, "")
    proven = all(first[a].status is Status.optimal for a in ids)
    lowest = {a: first[a].own_cp[a] for a in ids} if proven else {}
    # with their lazy rules from the start: the athletes whose plan alone needed them (their
    # lowest penalty counts them)
    complete = {a for a in ids if a in first[a].complete}
    # each athlete's penalty alone: proven, the joint lower bound; else the best plan found
    # alone, which a joint plan that gives everyone as much keeps (the joint model, without
    # a bound, could only search on to its time limit)
    own_best = {a: first[a].own_cp[a] for a in ids}
    planned = all(parts[a].status.has_plan for a in ids)
    if not forced and planned and all(parts[a].own_cp[a] <= own_best[a] for a in ids):
        fallback.mode = JOINT
        fallback.note = ("the sequential plan meets the joint lower bound" if proven
                         else "the sequential plan keeps everyone's plan alone")
        if not proven:
            _unproven(fallback.results, first, ids)
        return fallback
    started = time.perf_counter()
    hints = {a: (parts[a] if parts[a].status.has_plan else first[a]).values[a] for a in ids}
    if not forced:
        solo = {a: first[a].values[a] for a in ids}
        worse = {a for a in ids
                 if not parts[a].status.has_plan or parts[a].own_cp[a] > own_best[a]}
        best = sum(parts[a].own_cp[a] for a in ids) if planned else None
        for base, free, how in ((solo, set(), "the athletes' own optima, re-timed to fit"),
                                (dict(hints), worse, "the sequential plan, repaired")):
            repaired = _repair(plannable, base, free, setup, rulebook, catalogue, params, lowest,
                               complete)
            if not repaired.status.has_plan:
                continue
            total = sum(repaired.own_cp.values())
            if all(repaired.own_cp[a] <= own_best[a] for a in ids):
                results = {a: f.results[a] for a, f in first.items()}
                results.update(repaired.results)
                if not proven:
                    _unproven(results, first, ids)
                out = _week_result(results, JOINT, how, [repaired, *failed])
                out.joint_time = time.perf_counter() - started
                return out
            if best is None or total < best:
                best, hints = total, repaired.values
    gm = GroupWeekModel(plannable, setup, rulebook, catalogue, complete=complete)
    for a in ids:
        gm.hint(a, hints[a])
    # with the bound the search stops when it reaches it; without, it only improves the hint
    limit = params.time_limit * (len(plannable) if proven else 1)
    joint = _solve(gm, params, limit, lowest)
    joint_time = time.perf_counter() - started
    if joint.status.has_plan or forced:
        results = {a: f.results[a] for a, f in first.items()}
        results.update(joint.results)
        out = _week_result(results, JOINT, "", [joint, *failed])
    else:
        out = fallback
        out.note = ("joint model infeasible" if joint.status is Status.infeasible
                    else f"no joint plan within {limit:g} s")
    out.joint_time = joint_time
    return out


def _unproven(results: dict[str, Result], first: dict[str, _Solved], ids) -> None:
    """A plan that keeps everyone's penalty alone is optimal for the athletes proven optimal
    alone (no joint plan gives them less); the others keep their status alone."""
    for a in ids:
        alone = first[a].results[a]
        if alone.status is not Status.optimal and results[a].status is Status.optimal:
            results[a] = results[a].model_copy(update={
                "status": alone.status, "best_bound": None, "message": alone.message})


def _repair(plannable: list[WeekSpec], base: dict[str, list[int]], free: set[str], setup,
            rulebook, catalogue, params, lowest: dict[str, int],
            complete: set[str]) -> _Solved:
    """The joint model with the sessions of ``base`` kept for every athlete not in ``free``:
    only their start times may move; hinted with ``base``.

    With an athlete's sessions kept their daily loads are constants (S-MONOTONY's products
    vanish in presolve), so the model is small and quick however many athletes it holds. A
    plan that reaches the sum of the athletes' own optima is optimal for the full joint
    model too: that sum is its lower bound.
    """
    gm = GroupWeekModel(plannable, setup, rulebook, catalogue, complete=complete)
    for spec in plannable:
        athlete_id = spec.athlete.id
        values = base[athlete_id]
        gm.hint(athlete_id, values)
        if athlete_id in free:
            continue
        lo, _ = gm.var_range[athlete_id]
        for c in gm.weeks[athlete_id].candidates:
            if not c.is_fixed:
                gm.model.add(c.present == values[c.present.index - lo])
    return _solve(gm, params, params.time_limit, lowest)


def _fit(results: dict[str, Result], setup: SquadSetup) -> bool:
    """Whether these plans together respect every facility and group capacity."""
    plans = {a: r.plan.sessions for a, r in results.items() if r.plan is not None}
    return not facility_findings(plans, setup) and not any(
        f.rule_id == "H-GROUP-CAPACITY" for f in group_findings(plans, setup))


def _sequential(specs, setup, rulebook, catalogue, params, first: dict[str, _Solved],
                why: str) -> tuple[GroupWeekResult, dict[str, _Solved]]:
    """Athletes in order, each seeing the places the earlier ones took."""
    booking = Booking()
    parts: dict[str, _Solved] = {}
    for spec in specs:
        athlete_id = spec.athlete.id
        known = first.get(athlete_id)
        if known is not None and (not known.status.has_plan or _fits(known, booking, setup)):
            solved = known  # nothing booked changes it (or it cannot be planned at all)
        else:
            solved = _alone(spec, setup, rulebook, catalogue, params, booking)
        result = solved.results[athlete_id]
        if result.plan is not None:
            booking.take(result.plan.sessions)
        parts[athlete_id] = solved
    results = {a: p.results[a] for a, p in parts.items()}
    return _week_result(results, SEQUENTIAL, why, list(parts.values())), parts


def _fits(solved: _Solved, booking: Booking, setup: SquadSetup) -> bool:
    """Whether an athlete's plan alone still fits next to what is booked."""
    plans = {a: r.plan.sessions for a, r in solved.results.items() if r.plan is not None}
    return not facility_findings(plans, setup, booking.facility) and not any(
        f.rule_id == "H-GROUP-CAPACITY" for f in group_findings(plans, setup, booking.seats))


def _week_result(results: dict[str, Result], mode: str, note: str,
                 parts: list[_Solved]) -> GroupWeekResult:
    return GroupWeekResult(
        week_start=next(iter(results.values())).week_start, results=results, mode=mode,
        note=note, attend_penalty_cp=sum(p.attend_cp for p in parts if p.status.has_plan),
        invited=sum(p.invited for p in parts if p.status.has_plan),
        attending=sum(p.attending for p in parts if p.status.has_plan))
