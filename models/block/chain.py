"""One athlete's way through a block: what each week is due, given the weeks solved before it.

``plan_block`` (solver/horizon.py) solves one model a week and a squad unit
(solver/group_block.py) one joint model for several athletes, but both carry the same state
from week to week, kept here so that they cannot drift apart:

* P-BOUNDARY: the last two days of the week before, as history (none after a week without
  a plan, or with P-BOUNDARY off);
* S-HIKE-VOLUME: the hiking each earlier week of the period delivered (models.phases.hike_due);
* P-OVERLOAD: the load cap from the weeks solved so far (models/load_ramp.py);
* P-STRENGTH-TAPER: the athlete's own strength number, for re-solving a base week that has
  no room for the extra session (``relaxed``).

Use: ``spec(week)`` for each PhaseWeek in order, solve it (and ``relaxed(spec)`` when that
was infeasible), then ``record(...)`` what came out before asking for the next week.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.block.load_ramp import LoadRamp
from models.block.phases import PhaseWeek, block_weeks, hike_due, hike_period, race_day_free
from models.domain.plan import Result, Session
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec, default_targets

from models.domain.week import HISTORY_DAYS


def boundary_history(result: Result, days: int = HISTORY_DAYS) -> tuple[Session, ...]:
    """The sessions of the last ``days`` days of a solved week (P-BOUNDARY's history)."""
    if result.plan is None:
        return ()
    first = result.week_start + timedelta(days=7 - days)
    return tuple(s for s in result.plan.sessions if s.date >= first)


def with_own_strength(spec: WeekSpec, asked: int) -> WeekSpec | None:
    """The week with the athlete's own strength number, when its phase asked for more.

    P-STRENGTH-TAPER's extra base session is a wish, not a requirement: a week with no room
    for it gets the athlete's own number rather than no plan at all (None: nothing to relax).
    """
    if spec.targets.strength <= asked:
        return None
    return spec.model_copy(update={"targets": spec.targets.model_copy(
        update={"strength": asked})})


def own_strength_note(planned: int, asked: int) -> str:
    return f"strength {planned} -> {asked}: no room for the extra base session"


@dataclass
class AthleteChain:
    """The state of one athlete's block between two weeks (module doc)."""

    athlete: Athlete                 # as solved: the race day closed
    planned: list[PhaseWeek]
    ramp: LoadRamp
    asked: int                       # the athlete's own strength number (before phases)
    chained: bool                    # P-BOUNDARY active
    period: int                      # S-HIKE-VOLUME period_weeks
    hiked: list[int] = field(default_factory=list)
    history: tuple[Session, ...] = ()
    phases: list[PhaseWeek] = field(default_factory=list)  # as solved: targets, notes
    results: list[Result] = field(default_factory=list)

    @classmethod
    def start(cls, athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue) -> AthleteChain:
        """Before the first week. Raises InputError for a block that cannot be made."""
        return cls(athlete=race_day_free(athlete),
                   planned=block_weeks(athlete, rulebook, catalogue),
                   ramp=LoadRamp(rulebook, catalogue),
                   asked=default_targets(athlete, rulebook, catalogue).strength,
                   chained=rulebook.applies("P-BOUNDARY"),
                   period=hike_period(rulebook))

    def spec(self, week: PhaseWeek) -> WeekSpec:
        """The model input of ``week``, the next week of the block."""
        weekly = [w.targets.hike_minutes for w in self.planned]
        due = hike_due(weekly, self.hiked, len(self.hiked), self.period)
        targets = self.ramp.capped(week, week.targets.model_copy(update={"hike_minutes": due}))
        return WeekSpec(athlete=self.athlete, week_start=week.week_start, targets=targets,
                        history=self.history if self.chained else ())

    def relaxed(self, spec: WeekSpec) -> WeekSpec | None:
        return with_own_strength(spec, self.asked)

    def record(self, week: PhaseWeek, spec: WeekSpec, result: Result,
               relaxed: bool = False) -> PhaseWeek:
        """Take the week as solved (``spec`` is what it was solved with; ``relaxed``: the
        athlete's own strength number); returns the week with those targets and notes."""
        notes = week.notes
        if relaxed:
            notes = (*notes, own_strength_note(week.targets.strength, spec.targets.strength))
        solved = week.model_copy(update={"targets": spec.targets, "notes": notes})
        sessions = result.plan.sessions if result.plan else None
        self.hiked.append(sum(s.minutes for s in sessions or () if s.type == "hike"))
        self.ramp.record(week, sessions)
        self.history = boundary_history(result)
        self.phases.append(solved)
        self.results.append(result)
        return solved
