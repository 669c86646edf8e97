"""Re-planning: keep the past as it happened, re-solve the rest with S-STABILITY.

The week holding ``today`` is solved with the sessions done before today as fixed facts
(counted for the weekly targets; missed ones are gone), the previous week's last two days as
history, and the old plan of the open days as ``previous`` so S-STABILITY keeps whatever
still fits. The following weeks of the old plan are re-solved in a chain the same way. With
nothing changed, the old (optimal) plan is the only plan without a stability cost, so it is
reproduced exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from models.domain.athlete import Athlete
from models.audit.week import audit_week
from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.clock import monday_of
from models.block.load_ramp import LoadRamp
from models.block.phases import PhaseWeek, block_weeks, hike_due, hike_period, race_day_free
from models.domain.plan import Result, Session, Status, sessions_frame
from models.block.replan_facts import Change, change_list
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec, WeekTargets, default_targets

from models.block.chain import with_own_strength
from solver.week.solve import SolveParams, solve_week
from solver.week.model import HISTORY_DAYS


@dataclass
class Replan:
    athlete_id: str
    today: date
    kept: list[Session]              # the past as it happened
    weeks: list[Result]              # re-solved weeks, from today's week on
    changes: list[Change] = field(default_factory=list)

    @property
    def sessions(self) -> list[Session]:
        return [*self.kept, *(s for r in self.weeks if r.plan for s in r.plan.sessions
                              if s.date >= self.today)]

    def frame(self) -> pd.DataFrame:
        return sessions_frame(self.athlete_id, self.sessions)

    @property
    def unsolved(self) -> list[Result]:
        return [r for r in self.weeks if not r.status.has_plan]


def _block_by_week(athlete: Athlete, rulebook: Rulebook,
                   catalogue: Catalogue) -> dict[date, PhaseWeek]:
    try:
        return {w.week_start: w for w in block_weeks(athlete, rulebook, catalogue)}
    except Exception:  # an athlete without a block: every week gets the ordinary targets
        return {}


def _ramp_before(first: date, block: dict[date, PhaseWeek], kept: list[Session],
                 rulebook: Rulebook, catalogue: Catalogue) -> LoadRamp:
    """P-OVERLOAD's ramp walked through the block's weeks before ``first``, as they happened.

    A past week with no session at all in ``kept`` is taken as not known (a plan file that
    starts later), not as a week of rest, so it does not become the reference."""
    ramp = LoadRamp(rulebook, catalogue)
    for monday in sorted(m for m in block if m < first):
        done = [s for s in kept if monday_of(s.date) == monday]
        ramp.record(block[monday], done or None)
    return ramp


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


def replan(old: list[Session], athlete: Athlete, rulebook: Rulebook, today: date,
           actual: list[Session] | None = None, catalogue: Catalogue | None = None,
           params: SolveParams = SolveParams()) -> Replan:
    """Re-solve from ``today``. ``actual`` is what happened before today (default: the old
    plan's past, i.e. everything done); ``athlete`` already carries new unavailability."""
    catalogue = catalogue or default_catalogue()
    athlete = race_day_free(athlete)
    past_old = [s for s in old if s.date < today]
    kept = sorted(past_old if actual is None else actual, key=lambda s: (s.date, s.start))
    missed = [s for s in past_old if s not in kept]
    future_old = [s for s in old if s.date >= today]
    block = _block_by_week(athlete, rulebook, catalogue)
    planned = {monday: week.targets for monday, week in block.items()}
    ordinary: WeekTargets | None = None
    first = monday_of(today)
    ramp = _ramp_before(first, block, kept, rulebook, catalogue)
    last = max([first, *(monday_of(s.date) for s in old)])
    mondays = sorted(planned)
    period = hike_period(rulebook)
    asked = default_targets(athlete, rulebook, catalogue).strength
    weekly = [planned[m].hike_minutes for m in mondays]
    hiked = {m: sum(s.minutes for s in kept if s.type == "hike" and monday_of(s.date) == m)
             for m in mondays}

    chained = rulebook.applies("P-BOUNDARY")  # as plan_block: else no history
    history = tuple(s for s in kept
                    if first - timedelta(days=HISTORY_DAYS) <= s.date < first)
    weeks: list[Result] = []
    reasons: dict[tuple, str] = {}
    monday = first
    while monday <= last:
        targets = planned.get(monday)
        if targets is None:
            ordinary = ordinary or default_targets(athlete, rulebook, catalogue)
            targets = ordinary
        elif period > 1:
            index = mondays.index(monday)
            delivered = [hiked.get(m, 0) for m in mondays[:index]]
            targets = targets.model_copy(
                update={"hike_minutes": hike_due(weekly, delivered, index, period)})
        if monday in block:
            targets = ramp.capped(block[monday], targets)
        sunday = monday + timedelta(days=6)
        fixed = tuple(s for s in kept if monday <= s.date <= sunday)
        previous = tuple(s for s in future_old if monday <= s.date <= sunday)
        spec = WeekSpec(athlete=athlete, week_start=monday, targets=targets,
                        history=history if chained else (), fixed=fixed,
                        open_from=max(today, monday), previous=previous)
        result = solve_week(spec, rulebook, catalogue, params)
        relaxed = with_own_strength(spec, asked) if result.status is Status.infeasible else None
        if relaxed is not None:  # as plan_block: the extra base strength session is a wish
            retry = solve_week(relaxed, rulebook, catalogue, params)
            if retry.status.has_plan:
                spec, result = relaxed, retry
        weeks.append(result)
        sessions = result.plan.sessions if result.plan else list(fixed)
        if result.plan:
            reasons.update(_why_moved(spec, sessions, rulebook, catalogue))
        hiked[monday] = sum(s.minutes for s in sessions if s.type == "hike")
        if monday in block:
            ramp.record(block[monday], sessions if result.plan else None)
        history = tuple(s for s in sessions if s.date > sunday - timedelta(days=HISTORY_DAYS))
        monday += timedelta(days=7)

    new_future = [s for r in weeks if r.plan for s in r.plan.sessions if s.date >= today]
    changes = change_list(future_old, new_future, missed, reasons)
    return Replan(athlete_id=athlete.id, today=today, kept=kept, weeks=weeks, changes=changes)
