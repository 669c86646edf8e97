"""What was really done, for re-planning: the compliance of the past as done sessions,
missed sessions and extra training (models/block/chain.py takes them from there).

* done, partial and moved sessions: the planned session type at the activity's local day,
  start and minutes, with the RPE recorded (else the planned one) - so its load is the
  actual load (compliance.actual_load);
* missed sessions: gone; an ``--missed`` selector makes a matched session missed too (its
  activity still happened: it becomes extra training);
* ``--done`` selectors confirm a session the files did not show (a watch left at home): it
  is taken as planned;
* unplanned activities: extra training (load, hiking minutes), never a session.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.activities.activity import Activity
from models.activities.compliance import Compliance, Judged, actual_load
from models.activities.matching import start_minute
from models.block.extra_training import ExtraTraining
from models.block.replan_facts import Selector
from models.domain.errors import InputError
from models.domain.plan import Session

DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class Actuals:
    done: list[Session]           # the past as it happened, in date order
    missed: list[Session]         # old planned sessions not done
    extra: tuple[ExtraTraining, ...]


def as_done(session: Session, activity: Activity) -> Session:
    """``session`` as ``activity`` did it (module doc)."""
    start = min(start_minute(activity), DAY_MINUTES - 1)
    minutes = max(1, min(round(activity.minutes), DAY_MINUTES - start))
    return session.model_copy(update={
        "date": activity.start.date(), "start": start, "minutes": minutes,
        "rpe": activity.rpe if activity.rpe is not None else session.rpe})


def as_extra(activity: Activity, session: Session | None = None) -> ExtraTraining:
    return ExtraTraining(date=activity.start.date(), sport=activity.sport,
                         minutes=round(activity.minutes), load=actual_load(activity, session))


def _check(selectors: list[Selector], rows: list[Judged], option: str) -> None:
    for selector in selectors:
        if not any(r.session is not None and selector.matches(r.session) for r in rows):
            raise InputError(f"no session before today matches {selector}", field=option)


def actuals_of(compliance: Compliance, done: list[Selector] = (),
               missed: list[Selector] = ()) -> Actuals:
    """The past of ``compliance`` for the re-planner; the flags override the files."""
    planned = [r for r in compliance.rows if r.session is not None]
    _check(list(done), planned, "--done")
    _check(list(missed), planned, "--missed")
    kept: list[Session] = []
    gone: list[Session] = []
    extra: list[ExtraTraining] = []
    for row in compliance.rows:
        session, activity = row.session, row.activity
        if session is None:
            extra.append(as_extra(activity))
            continue
        is_done = any(s.matches(session) for s in done)
        if is_done and any(s.matches(session) for s in missed):
            raise InputError(f"{session.describe()} is marked both done and missed",
                             field="--done")
        if any(s.matches(session) for s in missed):
            gone.append(session)
            if activity is not None:
                extra.append(as_extra(activity, session))
        elif activity is not None:
            kept.append(as_done(session, activity))
        elif is_done:
            kept.append(session)
        else:
            gone.append(session)
    kept.sort(key=lambda s: (s.date, s.start))
    return Actuals(done=kept, missed=gone, extra=tuple(extra))
