"""P-OVERLOAD on the weeks as solved: each week's load cap, from the loads before it.

models/block/phases.py ramps the *planned* load of the targets; the solver may still choose a
heavier week than planned (two quality runs instead of one, hiking caught up within the
fortnight), and a recovery week could come out heavier than the week before it. So each
week of a chain also gets a cap on its actual load (``WeekTargets.max_load``; load = RPE x
minutes, fixed sessions included), which the week model enforces and the auditor checks:

    cap = max(lightest, min(planned, ramp limit))

* ``planned`` - the week's planned load (PhaseWeek.planned_load);
* ``ramp limit`` - from the *reference*, the actual load of the last solved week that is a
  ramp reference (not a recovery week, not the race week, not cut by availability; as in
  phases.py): a recovery week holds at most P-RECOVERY's ``load`` (0.8) x it (it is the
  lighter week; 1.0 with P-RECOVERY off, round 1), any other week may exceed it by at most
  ``ramp`` (+10 %); no limit before the first reference;
* ``lightest`` - the lightest week the targets allow (``lightest_load``): the long runs at
  their planned length, the strength sessions, every other run as the lightest run type,
  no hiking. A cap below it would leave no plan at all, so a week after a thin one (a
  holiday) may still rise more than 10 % by what its fixed parts (long run, strength) need.

The race (a fixed session of the race week, models/block/race.py) is not training: the race
week's cap is the training's cap plus the race's own load, and the race is no run of the
week's run count.

The running minutes ramp the same way: a week with a volume target gets
``max_run_minutes`` = (1 + ``ramp``) x the running minutes of the reference (the race not
counted), and S-VOLUME owes nothing only up to the larger of that and the target
(models/domain/run_volume.py). P-VOLUME ramps the *targets*; S-VOLUME's band reaches +10 %
over them, so a week just short of its target followed by one at the top of its band
rose by some 20 %, with the load cap kept (hiking cut, easy minutes added for
S-INTENSITY). The target itself is always free: a week after a short one may still reach it.

The one walker of weeks (models/block/chain.py: plan_block, squad units, re-planning and
the audit of a plan table) keeps the LoadRamp of a block, so they all agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from models.domain.catalogue import Catalogue
from models.block.phases import PhaseWeek, recovery_share
from models.block.race import is_race
from models.domain.plan import Session
from models.domain.rules import Rulebook
from models.domain.run_volume import running_minutes
from models.domain.week import WeekTargets

RULE_ID = "P-OVERLOAD"


def lightest_load(targets: WeekTargets, catalogue: Catalogue,
                  fixed: Iterable[Session] = ()) -> int:
    """The least load a week meeting the targets' counts can have, given its fixed sessions.

    Exact counts (H-RUN-COUNT, H-STRENGTH-COUNT) decide the sessions; the fixed sessions
    count towards them with their own load, the rest are the lightest of their kind.
    """
    fixed = list(fixed)
    minutes = targets.minutes

    def load(name: str) -> int:
        kind = catalogue[name]
        return kind.rpe * minutes.get(name, kind.minutes.default)

    races = [s for s in fixed if is_race(s)]
    fixed = [s for s in fixed if not is_race(s)]
    runs = [s for s in fixed if s.running]
    longs = max(0, targets.long - sum(s.type == "long" for s in runs))
    others = max(0, targets.runs - targets.long - sum(s.type != "long" for s in runs))
    strength = max(0, targets.strength - sum(s.type == "strength" for s in fixed))
    lightest_run = min((load(n) for n in catalogue.schedulable
                        if catalogue[n].running and n != "long"), default=0)
    total = sum(s.load for s in fixed) + sum(s.load for s in races)
    if longs:
        total += longs * load("long")
    if strength:
        total += strength * load("strength")
    return total + others * lightest_run


def load_cap(targets: WeekTargets, catalogue: Catalogue,
             fixed: Iterable[Session] = ()) -> int | None:
    """The cap the week model and the auditor apply: never below the lightest possible week
    (with re-planning's fixed sessions, which may be heavier than the plan assumed)."""
    if targets.max_load is None:
        return None
    return max(targets.max_load, lightest_load(targets, catalogue, fixed))


class LoadRamp:
    """Walks a block: ``cap`` for the next week, then ``record`` what that week holds."""

    def __init__(self, rulebook: Rulebook, catalogue: Catalogue):
        self.active = rulebook.applies(RULE_ID)
        self.ramp = float(rulebook[RULE_ID].params.get("ramp", 0.1)) if self.active else 0.0
        self.recovery = recovery_share(rulebook)
        self.catalogue = catalogue
        self.reference: int | None = None  # actual load of the last reference week
        self.reference_minutes: int | None = None  # its running minutes (the race not counted)

    def cap(self, week: PhaseWeek, targets: WeekTargets) -> int | None:
        """``week``'s cap (module doc), None when P-OVERLOAD is off."""
        if not self.active or week.planned_load <= 0:
            return None
        limit = week.planned_load
        ramped = self.ramp_limit(week)
        if ramped is not None:
            limit = min(limit, ramped)
        return max(limit, lightest_load(targets, self.catalogue))

    def ramp_limit(self, week: PhaseWeek) -> int | None:
        """The ramp limit of ``week`` (module doc): P-RECOVERY's share of the reference for
        a recovery week, (1 + ramp) x it for any other; None before the first reference."""
        if self.reference is None:
            return None
        return int((self.recovery if week.recovery else 1 + self.ramp) * self.reference)

    def run_minutes_limit(self, targets: WeekTargets) -> int | None:
        """The week's ``max_run_minutes`` (module doc): None when P-OVERLOAD is off, the
        week asks no volume, or no reference week is known yet."""
        if not self.active or targets.run_minutes is None or self.reference_minutes is None:
            return None
        return int((1 + self.ramp) * self.reference_minutes)

    def capped(self, week: PhaseWeek, targets: WeekTargets) -> WeekTargets:
        """``targets`` with ``max_load`` set to this week's cap and ``max_run_minutes`` to
        its ramp limit."""
        return targets.model_copy(update={"max_load": self.cap(week, targets),
                                          "max_run_minutes": self.run_minutes_limit(targets)})

    def record(self, week: PhaseWeek, sessions: Iterable[Session] | None) -> None:
        """The week as solved (None: no plan - it does not become the reference)."""
        if sessions is None:
            return
        last = week.week_start + timedelta(days=6)
        inside = [s for s in sessions if week.week_start <= s.date <= last]
        self.record_load(week, sum(s.load for s in inside), running_minutes(inside))

    def record_load(self, week: PhaseWeek, load: int | None, minutes: int | None) -> None:
        """``record`` given the week's load and running minutes (a plan table's weekly
        sums); ``minutes`` None: not known, so the weeks after it get no ramp limit on
        their running minutes (a missing count must not read as a week of no running)."""
        if load is not None and week.ramp_reference:
            self.reference = load
            self.reference_minutes = minutes
