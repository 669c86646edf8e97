"""A block of weeks for a unit of athletes: one joint week at a time, chained per athlete.

The squad counterpart of solver/horizon.py's ``plan_block``: every athlete keeps their own
block (models.phases: length, phases, targets), their own P-BOUNDARY history (the last two
days of their previous week), their own S-HIKE-VOLUME period accounting and their own
P-OVERLOAD load cap (models/load_ramp.py); each calendar
week, the athletes whose blocks hold it are solved together by
``solver.group_week.solve_group_week``. Athletes may start on different Mondays. A week an
athlete cannot be planned is recorded with its status and their chain goes on without
history, as in plan_block. The result is one BlockResult per athlete (what the batch writes)
plus, per week, how the unit was solved.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from models.athlete import Athlete
from models.block import BlockResult
from models.catalogue import Catalogue
from models.errors import InputError
from models.groups import SquadSetup
from models.load_ramp import LoadRamp
from models.phases import PhaseWeek, block_weeks, hike_due, hike_period, race_day_free
from models.plan import Result, Session, Status
from models.rules import Rulebook
from models.week import WeekSpec, default_targets

from .group_week import JOINT, SEQUENTIAL, GroupWeekResult, solve_group_week
from .horizon import boundary_history, own_strength_note, with_own_strength
from .solve import SolveParams


@dataclass
class _Chain:
    """One athlete's way through the block (the state plan_block keeps in local variables)."""

    athlete: Athlete              # as solved: the race day closed
    planned: dict[date, tuple[int, PhaseWeek]]
    weekly: list[int]
    hiked: list[int] = field(default_factory=list)
    history: tuple[Session, ...] = ()
    results: list[Result] = field(default_factory=list)
    phases: list[PhaseWeek] = field(default_factory=list)
    asked: int = 0                # the athlete's own strength number (before phases)
    ramp: LoadRamp | None = None  # P-OVERLOAD's cap from the loads solved so far


@dataclass
class UnitResult:
    """A unit's blocks and, week by week, how it was solved."""

    name: str
    blocks: dict[str, BlockResult]
    errors: dict[str, str]                      # athlete -> why no block could be made
    weeks: list[GroupWeekResult] = field(default_factory=list)
    wall_time: float = 0.0

    @property
    def mode(self) -> str:
        """joint | sequential | alone, or 'mixed (n joint, m sequential)'."""
        modes = [w.mode for w in self.weeks]
        kinds = sorted(set(modes))
        if len(kinds) <= 1:
            return kinds[0] if kinds else ""
        return "mixed (" + ", ".join(f"{modes.count(k)} {k}" for k in (JOINT, SEQUENTIAL)
                                     if k in kinds) + ")"

    @property
    def notes(self) -> str:
        seen = list(dict.fromkeys(w.note for w in self.weeks
                                  if w.note and w.mode == SEQUENTIAL))
        return "; ".join(seen)


def plan_unit(name: str, athletes: list[Athlete], setup: SquadSetup, rulebook: Rulebook,
              catalogue: Catalogue, params: SolveParams = SolveParams(),
              mode: str = "auto") -> UnitResult:
    """Every week of the athletes' blocks, solved together (see the module doc)."""
    started = time.perf_counter()
    chained = rulebook.rules.get("P-BOUNDARY") is not None and rulebook["P-BOUNDARY"].is_active
    period = hike_period(rulebook)
    chains: dict[str, _Chain] = {}
    errors: dict[str, str] = {}
    for athlete in athletes:
        try:
            planned = block_weeks(athlete, rulebook, catalogue)
        except InputError as error:
            errors[athlete.id] = error.line()
            continue
        chains[athlete.id] = _Chain(
            athlete=race_day_free(athlete),
            planned={w.week_start: (i, w) for i, w in enumerate(planned)},
            weekly=[w.targets.hike_minutes for w in planned],
            asked=default_targets(athlete, rulebook, catalogue).strength,
            ramp=LoadRamp(rulebook, catalogue))
    mondays = sorted({monday for chain in chains.values() for monday in chain.planned})
    weeks = []
    for monday in mondays:
        specs = []
        for chain in chains.values():
            if monday not in chain.planned:
                continue
            index, week = chain.planned[monday]
            targets = chain.ramp.capped(week, week.targets.model_copy(
                update={"hike_minutes": hike_due(chain.weekly, chain.hiked, index, period)}))
            chain.phases.append(week.model_copy(update={"targets": targets}))
            specs.append(WeekSpec(athlete=chain.athlete, week_start=monday, targets=targets,
                                  history=chain.history if chained else ()))
        solved = solve_group_week(specs, setup, rulebook, catalogue, params, mode=mode)
        relaxed = {spec.athlete.id: with_own_strength(spec, chains[spec.athlete.id].asked)
                   for spec in specs
                   if solved.results[spec.athlete.id].status is Status.infeasible}
        relaxed = {athlete_id: spec for athlete_id, spec in relaxed.items() if spec is not None}
        if relaxed:  # as plan_block does: the athlete's own strength number, all re-solved
            specs = [relaxed.get(spec.athlete.id, spec) for spec in specs]
            retry = solve_group_week(specs, setup, rulebook, catalogue, params, mode=mode)
            for athlete_id, spec in relaxed.items():
                if retry.results[athlete_id].status.has_plan:
                    chain = chains[athlete_id]
                    phase = chain.phases[-1]
                    chain.phases[-1] = phase.model_copy(update={
                        "targets": spec.targets,
                        "notes": (*phase.notes, own_strength_note(phase.targets.strength,
                                                                  spec.targets.strength))})
            solved = retry
        for spec in specs:
            chain = chains[spec.athlete.id]
            result = solved.results[spec.athlete.id]
            sessions = result.plan.sessions if result.plan else []
            chain.hiked.append(sum(s.minutes for s in sessions if s.type == "hike"))
            chain.ramp.record(chain.planned[monday][1], sessions if result.plan else None)
            chain.history = boundary_history(result)
            chain.results.append(result)
        weeks.append(solved)
    blocks = {
        athlete_id: BlockResult(athlete_id=athlete_id, weeks=chain.results, phases=chain.phases,
                                bodyweight_kg=chain.athlete.bodyweight_kg,
                                wall_time=sum(r.wall_time for r in chain.results))
        for athlete_id, chain in chains.items()
    }
    return UnitResult(name=name, blocks=blocks, errors=errors, weeks=weeks,
                      wall_time=time.perf_counter() - started)
