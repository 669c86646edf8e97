"""S-EVE-OF-KEY across a week's boundary: a long hike or strength on the Sunday before the
next week's Monday key run.

The chain plans a week before the week after it, so a week cannot see that the next one will
put a long or quality run on its Monday. The next week sees the Sunday (P-BOUNDARY
history) and pays S-EVE-OF-KEY for its hike or strength when its key run fits no other day -
as it did for three of the coach review's athletes (a Sunday hike of 90-120 minutes, a Monday
sprint or hill session that its tempo run, long run and strength left no other day for).

So a chain steps back one week when that happens (the eve repair):

1. the week before is planned again with ``WeekSpec.key_run_next_monday``, under which
   S-EVE-OF-KEY prices a Sunday hike over ``eve_hike`` minutes, and Sunday strength, as the
   eve of a key run, and H-HARD-SPACING keeps a hard run off Sunday (else the Monday run
   would have to move);
2. the week itself is planned again after it, as the chain plans any week;
3. the two new weeks are kept only when the week before's Sunday is clear of all three and the
   two together cost less than the two old ones (each week's penalty, and for a squad unit
   its attendance too); otherwise the old weeks stand.

A kept week before has no look-ahead term in its penalty (its Sunday is clear), so
its penalty is what the auditor finds for it without the flag (``weekplan check`` replays a
table without it). Each step back costs two solves, only where a week pays for the case.
Re-planning (solver/block/replan.py) does not step back: it plans from today on, and the
week before today's has happened.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from models.domain.plan import Result, Session
from models.domain.rules import CENTI, Rulebook
from models.domain.week import WeekSpec

RULE_ID = "S-EVE-OF-KEY"
NOTE = ("planned again after the next week, whose Monday holds a key run: no long hike, no "
        "strength and no hard run on Sunday")


def eve_hike(rulebook: Rulebook) -> int:
    return int(rulebook[RULE_ID].params.get("eve_hike", 60))


def _eve_load(sessions: Iterable[Session], day: date, limit: int) -> bool:
    """The day holds a hike over ``limit`` minutes or strength: no eve for a key run."""
    return any(s.date == day and (s.type == "hike" and s.minutes > limit or s.type == "strength")
               for s in sessions)


def key_run_after_heavy_eve(spec: WeekSpec, result: Result, rulebook: Rulebook) -> bool:
    """The week's plan holds a key run (long or quality) on Monday, and the week before (its
    history) a hike over eve_hike minutes or strength on Sunday: the case of the repair."""
    if not rulebook.applies(RULE_ID) or result.plan is None:
        return False
    monday = spec.week_start
    return (_eve_load(spec.history, monday - timedelta(days=1), eve_hike(rulebook))
            and any(s.date == monday and s.hard_run for s in result.plan.sessions))


def before_key_monday(spec: WeekSpec) -> WeekSpec:
    """The week before, to be planned again knowing the next Monday's key run."""
    return spec.model_copy(update={"key_run_next_monday": True})


def sunday_clear(spec: WeekSpec, result: Result, rulebook: Rulebook) -> bool:
    """The week planned again holds no hike over eve_hike minutes, no strength and no hard
    run on its Sunday (so its penalty has no look-ahead term, even where H-HARD-SPACING is
    soft)."""
    if result.plan is None:
        return False
    sunday = spec.days[6]
    return not (_eve_load(result.plan.sessions, sunday, eve_hike(rulebook))
                or any(s.date == sunday and s.hard_run for s in result.plan.sessions))


def cost_cp(results: Iterable[Result]) -> int:
    """The weeks' penalties in centipoints."""
    return sum(int(round((r.objective or 0) * CENTI)) for r in results)


def plans_kept(old: Iterable[Result], new: Iterable[Result]) -> bool:
    """Every week (of ``old`` and ``new`` in the same order) with a plan still has one."""
    return not any(o.status.has_plan and not n.status.has_plan for o, n in zip(old, new))


def better(old: list[Result], new: list[Result]) -> bool:
    """The new weeks all have plans where the old had, and cost less in all."""
    return plans_kept(old, new) and cost_cp(new) < cost_cp(old)


def add_time(result: Result, dropped: Result) -> None:
    """A week planned again also cost the time of its first solve (``dropped``)."""
    result.wall_time += dropped.wall_time
    result.build_time += dropped.build_time
    result.solve_time += dropped.solve_time
