"""The one walker of an athlete's weeks: what each week is due, given the weeks before it.

Everything that goes through an athlete's weeks in order walks them with an AthleteChain, so
that the planner, the re-planner and the auditor cannot drift apart:

* ``plan_block`` and ``weekplan explain --in-block`` (solver/block/plan.py) and a squad unit
  (solver/squad/unit_block.py) solve each week and ``record`` it;
* re-planning (solver/block/replan.py) ``resume``s from today: the weeks before today's are
  replayed as they happened, then each week is solved and recorded;
* the audit of a plan table (models/audit/week.py ``audit_plan``) ``replay``s the table's
  weeks and checks each against the spec the walker gives it.

The rules, each written here once:

* Race day: a block is planned with the race date free (the race is that day's session)
  unless the athlete gave that date an exception of their own (phases.race_day_free). A
  walker without a block (``ordinary``: a lone week, as ``weekplan solve`` plans it) keeps
  the athlete as given.
* The race: the race week of a block holds the race as a fixed session (models/block/race.py)
  on race day at ``race.start``, so the plan lists it, its load counts (the week's load cap
  grows by it) and H-RACE-EVE sees it; a plan table's own race row on race day stands in for
  it when replayed.
* H-SESSION-SPIKE: a week's ``longest_run`` is the longest run of the 24 days before its
  Monday (within the 30 days before each of its days), from the weeks recorded (planned or
  done), with the athlete's ``current.longest_min`` (else the level's shortest long run)
  for the days before the first recorded week (models/block/longest_run.py), in a block's
  weeks and in the ordinary weeks of a walker without one alike (a lone week's reference is
  the same fallback: models/domain/week.py ``default_targets``).
* Targets: a week of the block gets its phase's targets (models/block/phases.py); a week
  outside it, or every week of a walker without a block, the athlete's ordinary targets,
  with no hiking carried over and no load cap. Targets the caller gives for a week (a solved
  block's own, ``ordinary(targets=...)``) are taken as they are.
* P-BOUNDARY: a week's ``history`` is the last HISTORY_DAYS days of the week before, as
  planned or as it happened, so cross-day rules (H-HARD-SPACING, H-STRENGTH-BEFORE-HARD,
  S-HIKE-RECOVERY) hold across the boundary: none after a week without a plan (or without
  sessions), and none at all with P-BOUNDARY off (each week then stands alone).
* S-HIKE-VOLUME ``period_weeks``: a block week is due the hiking still missing in its period
  (phases.hike_due), from what each earlier week hiked; a week without a plan hiked 0
  (except the done sessions it holds). A recovery week is due no more than its own target
  nor than P-RECOVERY's share of what the week before hiked (phases.recovery_hiking): a
  lighter week does not catch up what the week before missed. One that did was due 230
  minutes of hiking after a week that hiked none, under a load cap of 0.8 x that week's,
  and ran 14 % short of its volume for the hike it kept.
* P-OVERLOAD: a block week's load is capped from its planned load and the actual load of the
  last reference week before it, and its running minutes ramp from those that week ran
  (load_ramp.LoadRamp). A week without a plan, or a past week without any session (not
  known: a plan file that starts later), is no reference.
* P-STRENGTH-TAPER: a base week asks one strength session more than the athlete's own
  number. That extra session is a wish: a week infeasible with it is solved again with the
  athlete's own number (``solve_relaxing``; ``relaxed`` for callers that solve several
  athletes together), and its notes say so. Replaying a table, a base week holding exactly
  the athlete's own number is read as that relaxation, not as a violation.
* Done sessions (re-planning): the sessions before ``today`` happened. Weeks before today's
  are replayed with them (hiking, load, history); in today's week they are ``fixed`` - they
  count toward the week's targets - and only the days from today on are planned. Read from
  activity files (models/activities/actuals.py) they hold what was really done: the actual
  day, start and minutes, so the load ramp and hiking go from the actual load.
* S-VARIETY: a week's spec carries the one quality type the week before used alone, as
  planned or as it happened (``previous_quality``; None after a week without a plan, and
  for the first week).
* S-EVE-OF-KEY across the boundary: a week whose Monday key run follows a long Sunday hike
  may have the week before planned again knowing that Monday (models/block/eve_repair.py;
  ``copy`` steps back). The planner and squad units do it; the repaired week's notes say so.
* Extra training (re-planning, models/block/extra_training.py): what was done outside the
  plan. A past week's load (the P-OVERLOAD reference) and hiking include it; in today's
  week, what was done before today is taken off the week's load cap and hiking due.

Use::

    walk = AthleteChain.start(athlete, rulebook, catalogue)   # raises InputError
    for week in walk.planned:
        spec, result = walk.solve_relaxing(walk.spec(week.week_start), solve)
        walk.record(spec, result)                                # -> the week as solved
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from models.block.eve_repair import NOTE as EVE_NOTE
from models.block.extra_training import ExtraTraining
from models.block.load_ramp import LoadRamp
from models.block.longest_run import longest_before, run_lengths
from models.block.phases import (PhaseWeek, block_weeks, hike_due, hike_period, race_day_free,
                                 recovery_hiking)
from models.block.race import is_race, race_session
from models.block.specificity import sole_quality
from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.domain.clock import monday_of
from models.domain.errors import InputError
from models.domain.plan import Result, Session, Status
from models.domain.prior_longest import before_history, level_long_min
from models.domain.rules import Rulebook
from models.domain.run_volume import running_minutes
from models.domain.run_details import with_run_details
from models.domain.week import HISTORY_DAYS, WeekSpec, WeekTargets, default_targets


def boundary_history(sessions: Iterable[Session], monday: date) -> tuple[Session, ...]:
    """P-BOUNDARY: the sessions of the last HISTORY_DAYS days of the week of ``monday``."""
    first = monday + timedelta(days=7 - HISTORY_DAYS)
    last = monday + timedelta(days=6)
    return tuple(s for s in sessions if first <= s.date <= last)


def with_own_strength(spec: WeekSpec, asked: int) -> WeekSpec | None:
    """The week with the athlete's own strength number, when its phase asked for more
    (None: nothing to relax)."""
    if spec.targets.strength <= asked:
        return None
    return spec.model_copy(update={"targets": spec.targets.model_copy(
        update={"strength": asked})})


def own_strength_note(planned: int, asked: int) -> str:
    return f"strength {planned} -> {asked}: no room for the extra base session"


def _in_order(sessions: Iterable[Session]) -> tuple[Session, ...]:
    return tuple(sorted(sessions, key=lambda s: (s.date, s.start)))


@dataclass
class AthleteChain:
    """One athlete's walk through their weeks (module doc)."""

    athlete: Athlete                 # as planned: the race day closed for a block
    rulebook: Rulebook
    catalogue: Catalogue
    planned: list[PhaseWeek]         # the block before any solving; [] without a block
    given: dict[date, WeekTargets] = field(default_factory=dict)
    weeks: frozenset[date] = frozenset()   # ordinary weeks to walk even without sessions
    done: tuple[Session, ...] = ()   # what happened before ``today`` (re-planning)
    today: date | None = None
    extra: tuple[ExtraTraining, ...] = ()   # done outside the plan before ``today``
    history: tuple[Session, ...] = ()
    previous_quality: str | None = None  # S-VARIETY: the last week's one quality type
    hiked: dict[date, int] = field(default_factory=dict)   # Monday -> hiking minutes
    phases: list[PhaseWeek] = field(default_factory=list)  # block weeks as solved
    results: list[Result] = field(default_factory=list)    # every week recorded
    block: dict[date, PhaseWeek] = field(init=False)         # Monday -> week of ``planned``
    ramp: LoadRamp = field(init=False)
    chained: bool = field(init=False)                        # P-BOUNDARY applies
    period: int = field(init=False)                          # S-HIKE-VOLUME period_weeks
    race: Session | None = field(init=False)                 # the block's race session
    runs: list[tuple[date, int]] = field(default_factory=list)  # recorded runs (H-SESSION-SPIKE)
    first_recorded: date | None = None                       # Monday of the first recorded week

    def __post_init__(self) -> None:
        self.block = {week.week_start: week for week in self.planned}
        self.ramp = LoadRamp(self.rulebook, self.catalogue)
        self.chained = self.rulebook.applies("P-BOUNDARY")
        self.period = hike_period(self.rulebook)
        in_block = self.athlete.race is not None and any(
            w.race_week and w.week_start == monday_of(self.athlete.race.date)
            for w in self.planned)
        self.race = race_session(self.athlete, self.catalogue) if in_block else None

    # ------------------------------------------------------------ starting a walk

    @classmethod
    def start(cls, athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue,
              extra: Iterable[ExtraTraining] = ()) -> AthleteChain:
        """Before the first week of the athlete's block; ``extra``: training done outside
        the plan, counted as re-planning counts it (weekplan check of a re-plan). Raises
        InputError for a block that cannot be made."""
        return cls._closing_race_day(athlete, rulebook, catalogue,
                                     block_weeks(athlete, rulebook, catalogue),
                                     extra=tuple(extra))

    @classmethod
    def resume(cls, athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue,
               done: Iterable[Session], today: date,
               extra: Iterable[ExtraTraining] = ()) -> AthleteChain:
        """Before today's week, the weeks before it replayed with ``done`` and ``extra``
        (re-planning). An athlete whose block cannot be made gets the ordinary targets every
        week."""
        try:
            planned = block_weeks(athlete, rulebook, catalogue)
        except InputError:
            planned = []
        walk = cls._closing_race_day(athlete, rulebook, catalogue, planned,
                                     done=_in_order(done), today=today,
                                     extra=tuple(e for e in extra if e.date < today))
        for _ in walk.replay(walk.done, until=monday_of(today)):
            pass
        return walk

    @classmethod
    def ordinary(cls, athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue,
                 targets: dict[date, WeekTargets] | None = None,
                 extra: Iterable[ExtraTraining] = (),
                 weeks: Iterable[date] = ()) -> AthleteChain:
        """A walk without a block: ``targets`` where given, else the ordinary week's (with
        the 30-day longest run of the weeks walked); ``weeks``: Mondays to walk even where
        no session lies."""
        return cls(athlete, rulebook, catalogue, [], given=dict(targets or {}),
                   weeks=frozenset(weeks), extra=tuple(extra))

    @classmethod
    def _closing_race_day(cls, athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue,
                          planned: list[PhaseWeek], **past) -> AthleteChain:
        return cls(race_day_free(athlete), rulebook, catalogue, planned, **past)

    def copy(self) -> AthleteChain:
        """The walk at this point, to go on from without changing this one (the eve repair
        steps back a week: models/block/eve_repair.py)."""
        twin = copy.copy(self)
        twin.hiked, twin.runs = dict(self.hiked), list(self.runs)
        twin.phases, twin.results = list(self.phases), list(self.results)
        twin.ramp = copy.copy(self.ramp)
        return twin

    # ------------------------------------------------------------ what a week is due

    @cached_property
    def ordinary_targets(self) -> WeekTargets:
        return default_targets(self.athlete, self.rulebook, self.catalogue)

    @property
    def asked(self) -> int:
        """The athlete's own strength number (before the phases add or take any)."""
        return self.ordinary_targets.strength

    def targets(self, monday: date) -> WeekTargets:
        """The targets of the week of ``monday``, given the weeks recorded before it."""
        if monday in self.given:
            return self.given[monday]
        week = self.block.get(monday)
        if week is None:
            return self.ordinary_targets.model_copy(
                update={"longest_run": self.longest_run(monday)})
        index = week.week - 1
        weekly = [w.targets.hike_minutes for w in self.planned]
        delivered = [self.hiked.get(w.week_start, 0) for w in self.planned[:index]]
        due = hike_due(weekly, delivered, index, self.period)
        if week.recovery and self.rulebook.applies("P-RECOVERY") and index > 0:
            due = min(due, week.targets.hike_minutes,
                      recovery_hiking(delivered[index - 1], self.rulebook))
        targets = self.ramp.capped(week, week.targets.model_copy(update={
            "hike_minutes": due, "longest_run": self.longest_run(monday)}))
        race = self.race_in(monday)
        if race is not None and targets.max_load is not None:
            targets = targets.model_copy(update={"max_load": targets.max_load + race.load})
        return targets

    def longest_run(self, monday: date) -> int:
        """H-SESSION-SPIKE's reference for the week of ``monday`` (module doc)."""
        before = before_history(self.athlete, self.rulebook)
        return longest_before(monday, self.runs, self.first_recorded, before,
                              floor=min(before, level_long_min(self.athlete, self.rulebook)))

    def race_in(self, monday: date) -> Session | None:
        """The block's race when it falls in the week of ``monday``."""
        if self.race is not None and monday_of(self.race.date) == monday:
            return self.race
        return None

    def spec(self, monday: date, previous: Iterable[Session] = ()) -> WeekSpec:
        """The model input of the week of ``monday``, the next week of the walk.

        ``previous``: the old plan of the week's open days (re-planning, S-STABILITY)."""
        fixed = tuple(s for s in self.done if monday_of(s.date) == monday)
        race = self.race_in(monday)
        if race is not None and not any(is_race(s) and s.date == race.date for s in fixed):
            fixed = _in_order((*fixed, race))
        return WeekSpec(
            athlete=self.athlete, week_start=monday, targets=self._less_extra(monday),
            history=self.history if self.chained else (),
            fixed=fixed,
            open_from=None if self.today is None else max(self.today, monday),
            previous=tuple(s for s in previous if not is_race(s)),  # the race is fixed
            previous_quality=self.previous_quality)

    def extra_in(self, monday: date) -> list[ExtraTraining]:
        return [e for e in self.extra if monday_of(e.date) == monday]

    def _less_extra(self, monday: date) -> WeekTargets:
        """The week's targets less the extra training already done in it (module doc)."""
        targets = self.targets(monday)
        extra = self.extra_in(monday)
        if not extra:
            return targets
        cap = targets.max_load
        return targets.model_copy(update={
            "hike_minutes": max(0, targets.hike_minutes - sum(e.hiking_minutes for e in extra)),
            "max_load": None if cap is None else max(0, cap - sum(e.load for e in extra))})

    def relaxed(self, spec: WeekSpec) -> WeekSpec | None:
        """``spec`` with the athlete's own strength number, or in the race week with none
        (P-STRENGTH-TAPER allows 0 or 1 there: H-RACE-EVE's 96 h and the strength spacing
        may leave no day); None: nothing to relax."""
        if spec.targets.race_week and spec.targets.strength > 0:
            return with_own_strength(spec, 0)
        return with_own_strength(spec, self.asked)

    def solve_relaxing(self, spec: WeekSpec,
                       solve: Callable[[WeekSpec], Result]) -> tuple[WeekSpec, Result]:
        """``solve(spec)``, or the relaxed spec's result when only that one has a plan;
        returns the spec the result was solved with."""
        result = solve(spec)
        relaxed = self.relaxed(spec) if result.status is Status.infeasible else None
        if relaxed is not None:
            retry = solve(relaxed)
            if retry.status.has_plan:
                return relaxed, retry
        return spec, result

    # ------------------------------------------------------------ taking a week as done

    def record(self, spec: WeekSpec, result: Result) -> PhaseWeek | None:
        """Take the week as solved with ``spec``; returns the block week with the targets it
        was solved with and its notes (None for a week outside the block)."""
        monday = spec.week_start
        week = self.block.get(monday)
        if result.plan is not None:  # the runs in words, from the rulebook's templates
            result.plan = result.plan.model_copy(update={"sessions": with_run_details(
                result.plan.sessions, spec.athlete, self.rulebook, spec.targets.phase,
                race_week=week is not None and week.race_week)})
        sessions = result.plan.sessions if result.plan is not None else spec.fixed
        self._carry(monday, sessions, known=result.plan is not None)
        self.results.append(result)
        if week is None:
            return None
        notes = week.notes
        if spec.targets.strength < week.targets.strength:
            notes = (*notes, "race week: no strength, no day left outside H-RACE-EVE's hours"
                     if spec.targets.race_week and spec.targets.strength == 0
                     else own_strength_note(week.targets.strength, spec.targets.strength))
        if spec.key_run_next_monday:
            notes = (*notes, EVE_NOTE)
        solved = week.model_copy(update={"targets": spec.targets, "notes": notes})
        self.phases.append(solved)
        return solved

    def replay(self, sessions: Iterable[Session],
               until: date | None = None) -> Iterator[tuple[WeekSpec, list[Session]]]:
        """Walk weeks as they happened: each Monday from the first week of ``sessions``, of
        the block or of the given targets to the last (before ``until``), with the spec the
        planner would have solved it with and the week's sessions, which are then taken as
        the week's (module doc)."""
        by_week: dict[date, list[Session]] = {}
        for session in _in_order(sessions):
            by_week.setdefault(monday_of(session.date), []).append(session)
        mondays = set(by_week) | set(self.block) | set(self.given) | self.weeks
        if until is not None:
            mondays = {m for m in mondays if m < until}
        if not mondays:
            return
        monday, last = min(mondays), max(mondays)
        while monday <= last:
            week = by_week.get(monday, [])
            spec = self.spec(monday)
            own_race = tuple(s for s in week if is_race(s) and self.race_in(monday) is not None
                             and s.date == self.race.date)
            if own_race:  # the table's race row is the race (module doc)
                spec = spec.model_copy(update={"fixed": _in_order(
                    (*(s for s in spec.fixed if not is_race(s)), *own_race))})
            strength = sum(s.type == "strength" for s in week)
            relaxed = (self.relaxed(spec) if monday in self.block and monday not in self.given
                       else None)
            if relaxed is not None and strength == relaxed.targets.strength:
                spec = relaxed  # the table holds what the relaxed week asks (solve_relaxing)
            yield spec, week
            self._carry(monday, week, known=bool(week))
            monday += timedelta(days=7)

    def _carry(self, monday: date, sessions: Iterable[Session], known: bool) -> None:
        """What the next weeks need of this one: its hiking, its load (``known``: the week
        had a plan, or sessions; else it is no P-OVERLOAD reference), its last days and its
        one quality type (S-VARIETY; None after a week without a plan)."""
        sessions = list(sessions)
        extra = self.extra_in(monday)
        if self.first_recorded is None:
            self.first_recorded = monday
        self.runs += run_lengths(sessions)
        self.hiked[monday] = (sum(s.minutes for s in sessions if s.type == "hike")
                              + sum(e.hiking_minutes for e in extra))
        if monday in self.block:
            last = monday + timedelta(days=6)
            inside = [s for s in sessions if monday <= s.date <= last]
            load = sum(s.load for s in inside) + sum(e.load for e in extra)
            self.ramp.record_load(self.block[monday], load if known or extra else None,
                                  running_minutes(inside))
        self.history = boundary_history(sessions, monday)
        self.previous_quality = sole_quality(s for s in sessions
                                             if monday <= s.date < monday + timedelta(days=7))
