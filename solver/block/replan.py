"""Re-planning: keep the past as it happened, re-solve the rest with S-STABILITY.

The weeks are walked by models/block/chain.py's AthleteChain, as plan_block walks them:
the weeks before today's are replayed as they happened (hiking, load ramp, the last days as
history), the week holding ``today`` is solved with the sessions done before today as fixed
facts (counted for the weekly targets; missed ones are gone), and so is every following week
of the old plan, each with the old plan of its open days as ``previous`` so S-STABILITY keeps
whatever still fits. With nothing changed, the old (optimal) plan is the only plan without a
stability cost, so it is reproduced exactly. Today's week also owes the quality sessions
missed in it (``WeekSpec.owed``), which S-MAKEUP asks its days left to hold again.

Extra training (an unplanned ride) raises the load cap of the weeks after it (the chain's
P-OVERLOAD reference), but ``weekplan check`` reads the new plan table alone and computes the
cap without it. Of plans of equal penalty the re-plan takes one under check's cap, so that
check agrees whenever that costs nothing (``_checkable``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from models.audit.week import audit_week
from models.block.chain import AthleteChain
from models.block.extra_training import ExtraTraining
from models.block.load_ramp import load_cap
from models.block.replan_facts import change_list, owed_types
from models.block.replan_result import Replan
from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.clock import monday_of
from models.domain.plan import Result, Session
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec

from solver.week.solve import SolveParams, solve_week


# A dropped session put back clashes with whatever took its slot (H-OVERLAP) and changes the
# counts (H-*-COUNT): true, but not why it moved.
NOT_A_REASON = frozenset({"H-OVERLAP", "H-STRENGTH-COUNT", "H-RUN-COUNT"})


def _why_moved(spec: WeekSpec, new: list[Session], rulebook: Rulebook,
               catalogue: Catalogue) -> dict[tuple, str]:
    """For each old session the new plan dropped: the hard rule it would break if it were put
    back in place of its new counterpart (same type), e.g. H-STRENGTH-BEFORE-HARD."""
    reasons: dict[tuple, str] = {}
    new_keys = {_key(s) for s in new}
    old_keys = {_key(s) for s in spec.previous}
    for gone in (s for s in spec.previous if _key(s) not in new_keys):
        counterpart = next((s for s in new if s.type == gone.type and _key(s) not in old_keys),
                           None)
        trial = [s for s in new if s is not counterpart and s.date >= spec.week_start]
        trial = [s for s in trial if s not in spec.fixed] + [gone]
        report = audit_week(spec.model_copy(update={"previous": ()}), trial, rulebook, catalogue)
        for finding in report.hard_findings:
            if finding.rule_id in NOT_A_REASON:
                continue
            if gone.describe() in finding.sessions or finding.date == gone.date:
                reasons[_key(gone)] = finding.rule_id
                break
    return reasons


def _key(s: Session) -> tuple:
    return (s.date, s.type, s.start, s.minutes)


def _checkable(spec: WeekSpec, result: Result, table_cap: int | None,
               solve: Callable[[WeekSpec], Result], catalogue: Catalogue) -> Result:
    """``result``, or a plan of the same penalty under ``table_cap`` - the cap `weekplan
    check` computes from the plan table, without the extra training (module doc)."""
    if result.plan is None or table_cap is None:
        return result
    targets = spec.targets.model_copy(update={"max_load": table_cap})
    cap = load_cap(targets, catalogue, spec.fixed)
    sunday = spec.week_start + timedelta(days=6)
    load = sum(s.load for s in result.plan.sessions if spec.week_start <= s.date <= sunday)
    if load <= cap:
        return result
    retry = solve(spec.model_copy(update={"targets": targets}))
    if retry.plan is not None and round(retry.objective * 100) <= round(result.objective * 100):
        return retry
    return result


def replan(old: list[Session], athlete: Athlete, rulebook: Rulebook, today: date,
           actual: list[Session] | None = None, catalogue: Catalogue | None = None,
           params: SolveParams = SolveParams(), missed: list[Session] | None = None,
           extra: tuple[ExtraTraining, ...] = ()) -> Replan:
    """Re-solve from ``today``. ``actual`` is what happened before today (default: the old
    plan's past, i.e. everything done); ``athlete`` already carries new unavailability.
    From activity files (models/activities/actuals.py): ``missed`` names the old sessions
    not done (``actual`` then holds what was done, at its real times) and ``extra`` the
    training done outside the plan."""
    catalogue = catalogue or default_catalogue()
    past_old = [s for s in old if s.date < today]
    kept = sorted(past_old if actual is None else actual, key=lambda s: (s.date, s.start))
    if missed is None:
        missed = [s for s in past_old if s not in kept]
    future_old = [s for s in old if s.date >= today]
    walk = AthleteChain.resume(athlete, rulebook, catalogue, done=kept, today=today,
                               extra=extra)
    # the weeks as `weekplan check` walks the new table: without the extra training
    table = AthleteChain.resume(athlete, rulebook, catalogue, done=kept, today=today) \
        if extra else None
    solve = partial(solve_week, rulebook=rulebook, catalogue=catalogue, params=params)
    reasons: dict[tuple, str] = {}
    monday = monday_of(today)
    owed = owed_types(missed, today)
    last = max([monday, *(monday_of(s.date) for s in old)])
    while monday <= last:
        previous = [s for s in future_old if monday_of(s.date) == monday]
        spec = walk.spec(monday, previous=previous)
        if monday == monday_of(today):
            spec = spec.model_copy(update={"owed": owed})
        spec, result = walk.solve_relaxing(spec, solve)
        if table is not None:
            result = _checkable(spec, result, table.spec(monday).targets.max_load, solve,
                                catalogue)
        if result.plan:
            reasons.update(_why_moved(spec, result.plan.sessions, rulebook, catalogue))
        walk.record(spec, result)
        if table is not None:
            table.record(spec, result)
        monday += timedelta(days=7)

    new_future = [s for r in walk.results if r.plan for s in r.plan.sessions if s.date >= today]
    changes = change_list(future_old, new_future, missed, reasons)
    return Replan(athlete_id=athlete.id, today=today, kept=kept, weeks=walk.results,
                  changes=changes)
