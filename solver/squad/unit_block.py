"""A block of weeks for a unit of athletes: one joint week at a time, chained per athlete.

The squad counterpart of solver/block/plan.py's ``plan_block``: every athlete walks their own
block with their own AthleteChain (models/block/chain.py: phase targets, P-BOUNDARY history,
S-HIKE-VOLUME period accounting, P-OVERLOAD load cap, the race on race day); each calendar
week, the athletes whose blocks hold it are solved together by
``solver.squad.joint_week.solve_group_week``. Athletes may start on different Mondays. A
week an athlete cannot be planned is recorded with its status and their chain goes on
without history, as in plan_block. The result is one BlockResult per athlete (what the batch writes)
plus, per week, how the unit was solved.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from models.domain.athlete import Athlete
from models.block.result import BlockResult
from models.domain.catalogue import Catalogue
from models.domain.errors import InputError
from models.squad.groups import SquadSetup
from models.domain.plan import Status
from models.domain.rules import Rulebook

from models.block.chain import AthleteChain
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
    weeks = []
    for monday in mondays[:first_weeks]:
        # without a cache for the block, one for the week: a re-solve with one athlete's
        # strength relaxed solves only that athlete alone again
        known = cache if cache is not None else {}
        specs = [chain.spec(monday) for chain in chains.values() if monday in chain.block]
        solved = solve_group_week(specs, setup, rulebook, catalogue, params, mode=mode,
                                  cache=known)
        relaxed = {spec.athlete.id: chains[spec.athlete.id].relaxed(spec) for spec in specs
                   if solved.results[spec.athlete.id].status is Status.infeasible}
        relaxed = {athlete_id: spec for athlete_id, spec in relaxed.items() if spec is not None}
        if relaxed:  # as plan_block does: the athlete's own strength number, all re-solved
            retry = solve_group_week([relaxed.get(s.athlete.id, s) for s in specs], setup,
                                     rulebook, catalogue, params, mode=mode, cache=known)
            # keep the relaxation only for athletes it gave a plan (as plan_block does); the
            # others' weeks come from the joint re-solve too, so all agree on facilities
            specs = [relaxed[s.athlete.id]
                     if s.athlete.id in relaxed and retry.results[s.athlete.id].status.has_plan
                     else s for s in specs]
            solved = retry
        for spec in specs:
            chains[spec.athlete.id].record(spec, solved.results[spec.athlete.id])
        weeks.append(solved)
    blocks = {
        athlete_id: BlockResult(athlete_id=athlete_id, weeks=chain.results, phases=chain.phases,
                                bodyweight_kg=chain.athlete.bodyweight_kg,
                                wall_time=sum(r.wall_time for r in chain.results))
        for athlete_id, chain in chains.items()
    }
    return UnitResult(name=name, blocks=blocks, errors=errors, weeks=weeks,
                      wall_time=time.perf_counter() - started)
