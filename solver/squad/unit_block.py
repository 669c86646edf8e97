"""A block of weeks for a unit of athletes: one joint week at a time, chained per athlete.

The squad counterpart of solver/block/plan.py's ``plan_block``: every athlete walks their own
block with their own AthleteChain (models/block/chain.py: phase targets, P-BOUNDARY history,
S-HIKE-VOLUME period accounting, P-OVERLOAD load cap, the race on race day); each calendar
week, the athletes whose blocks hold it are solved together by
``solver.squad.joint_week.solve_group_week``. Athletes may start on different Mondays. A
week an athlete cannot be planned is recorded with its status and their chain goes on
without history, as in plan_block. As plan_block does, a week whose Monday key run follows a
long Sunday hike (or Sunday strength) of an athlete has the unit's week before planned again,
knowing that Monday (models/block/eve_repair.py), for all such athletes at once or else for
one of them. The result is one BlockResult per athlete (what the batch writes) plus, per
week, how the unit was solved.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from models.domain.athlete import Athlete
from models.block.result import BlockResult
from models.domain.catalogue import Catalogue
from models.domain.errors import InputError
from models.squad.groups import SquadSetup
from models.domain.plan import Status
from models.domain.rules import Rulebook

from models.block.chain import AthleteChain
from models.block.eve_repair import (before_key_monday, key_run_after_heavy_eve, plans_kept,
                                     sunday_clear)
from models.domain.week import WeekSpec
from solver.squad.joint_week import (JOINT, SEQUENTIAL, AloneCache, GroupWeekResult,
                                     solve_group_week)
from solver.week.solve import SolveParams


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
              mode: str = "auto", cache: AloneCache | None = None,
              first_weeks: int | None = None) -> UnitResult:
    """Every week of the athletes' blocks, solved together (see the module doc).

    ``cache``: weeks of these athletes already solved alone (joint_week.AloneCache), taken
    where the spec is the same; the unit's own solves alone are added to it.
    ``first_weeks``: plan only the unit's first so many calendar weeks (a probe)."""
    started = time.perf_counter()
    chains: dict[str, AthleteChain] = {}
    errors: dict[str, str] = {}
    for athlete in athletes:
        try:
            chains[athlete.id] = AthleteChain.start(athlete, rulebook, catalogue)
        except InputError as error:
            errors[athlete.id] = error.line()
    mondays = sorted({monday for chain in chains.values() for monday in chain.block})
    weeks: list[GroupWeekResult] = []
    held: _UnitWeek | None = None  # the week before, which the next may have planned again
    for monday in mondays[:first_weeks]:
        # without a cache for the block, one for the week: a re-solve with one athlete's
        # strength relaxed solves only that athlete alone again
        solve = _UnitSolver(setup, rulebook, catalogue, params, mode,
                            cache if cache is not None else {})
        before = _copies(chains)
        specs, solved = solve.week(chains, monday)
        this = _UnitWeek(before, specs, solved, solve)
        due = {s.athlete.id for s in specs
               if key_run_after_heavy_eve(s, solved.results[s.athlete.id], rulebook)}
        if held is not None and due:
            held, this, chains = _repaired(held, this, chains, due, rulebook)
            weeks[-1] = held.solved
        weeks.append(this.solved)
        held = this
    blocks = {
        athlete_id: BlockResult(athlete_id=athlete_id, weeks=chain.results, phases=chain.phases,
                                bodyweight_kg=chain.athlete.bodyweight_kg,
                                wall_time=sum(r.wall_time for r in chain.results))
        for athlete_id, chain in chains.items()
    }
    return UnitResult(name=name, blocks=blocks, errors=errors, weeks=weeks,
                      wall_time=time.perf_counter() - started)


@dataclass
class _UnitSolver:
    """One unit week solved and recorded in every athlete's chain, as plan_unit does."""

    setup: SquadSetup
    rulebook: Rulebook
    catalogue: Catalogue
    params: SolveParams
    mode: str
    cache: AloneCache

    def solve(self, specs: list[WeekSpec]) -> GroupWeekResult:
        return solve_group_week(specs, self.setup, self.rulebook, self.catalogue, self.params,
                                mode=self.mode, cache=self.cache)

    def week(self, chains: dict[str, AthleteChain], monday: date
             ) -> tuple[list[WeekSpec], GroupWeekResult]:
        """The week of ``monday`` of every athlete whose block holds it, solved together and
        recorded."""
        specs = [chain.spec(monday) for chain in chains.values() if monday in chain.block]
        solved = self.solve(specs)
        relaxed = {spec.athlete.id: chains[spec.athlete.id].relaxed(spec) for spec in specs
                   if solved.results[spec.athlete.id].status is Status.infeasible}
        relaxed = {athlete_id: spec for athlete_id, spec in relaxed.items() if spec is not None}
        if relaxed:  # as plan_block does: the athlete's own strength number, all re-solved
            retry = self.solve([relaxed.get(s.athlete.id, s) for s in specs])
            # keep the relaxation only for athletes it gave a plan (as plan_block does); the
            # others' weeks come from the joint re-solve too, so all agree on facilities
            specs = [relaxed[s.athlete.id]
                     if s.athlete.id in relaxed and retry.results[s.athlete.id].status.has_plan
                     else s for s in specs]
            solved = retry
        for spec in specs:
            chains[spec.athlete.id].record(spec, solved.results[spec.athlete.id])
        return specs, solved


@dataclass
class _UnitWeek:
    """A unit week as solved, with every chain before it (to step back to)."""

    before: dict[str, AthleteChain]
    specs: list[WeekSpec]
    solved: GroupWeekResult
    solver: _UnitSolver          # with the week's cache of solves alone


def _copies(chains: dict[str, AthleteChain]) -> dict[str, AthleteChain]:
    return {athlete_id: chain.copy() for athlete_id, chain in chains.items()}


def _repaired(held: _UnitWeek, this: _UnitWeek, chains: dict[str, AthleteChain], due: set[str],
              rulebook: Rulebook) -> tuple[_UnitWeek, _UnitWeek, dict[str, AthleteChain]]:
    """The two weeks stepped back for all the athletes ``due`` at once, else for the first
    of them alone for whom it pays (their trade-offs differ); else as they were."""
    tries = [due, *({athlete_id} for athlete_id in sorted(due))] if len(due) > 1 else [due]
    for athletes in tries:
        repaired = _step_back(held, this, athletes, rulebook)
        if repaired is not None:
            return repaired
    return held, this, chains


def _step_back(held: _UnitWeek, this: _UnitWeek, due: set[str], rulebook: Rulebook
               ) -> tuple[_UnitWeek, _UnitWeek, dict[str, AthleteChain]] | None:
    """The unit's week before planned again, ``due``'s athletes knowing their Monday key
    run, then this week after it; None when the old two weeks cost the unit no more
    (models/block/eve_repair.py; plan_block's step back, for a unit)."""
    chains = _copies(held.before)
    flagged = {s.athlete.id: before_key_monday(s) for s in held.specs if s.athlete.id in due}
    if not flagged:
        return None
    specs = [flagged.get(s.athlete.id, s) for s in held.specs]
    first = held.solver.solve(specs)
    if not all(sunday_clear(s, first.results[s.athlete.id], rulebook) for s in flagged.values()):
        return None
    for spec in specs:
        chains[spec.athlete.id].record(spec, first.results[spec.athlete.id])
    before = _copies(chains)
    next_specs, second = this.solver.week(chains, this.specs[0].week_start)
    old = [*held.solved.results.values(), *this.solved.results.values()]
    new = [first.results[a] for a in held.solved.results] + [
        second.results[a] for a in this.solved.results]
    if not plans_kept(old, new) or (first.objective_cp + second.objective_cp
                                    >= held.solved.objective_cp + this.solved.objective_cp):
        return None
    return (_UnitWeek(held.before, specs, first, held.solver),
            _UnitWeek(before, next_specs, second, this.solver), chains)
