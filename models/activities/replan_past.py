"""`weekplan replan --activities`: the past read from activity files instead of typed (and
`weekplan check --activities`: the training a re-plan's rows do not hold).

The old plan and the unavailability are read as without activities
(models/block/replan_inputs.py); the sessions before today are then judged against the
activities (models/activities/compliance.py) and what was done, missed and done on top
comes from that judgement, the --done/--missed flags overriding it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.activities.actuals import actuals_of
from models.activities.collect import ActivityRead, read_activities
from models.activities.compliance import Compliance, judge
from models.block.extra_training import ExtraTraining
from models.block.replan_facts import parse_selector, parse_unavailable, with_unavailability
from models.block.replan_inputs import ReplanInputs, old_plan_of
from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.domain.plan import Session
from models.domain.rules import Rulebook


@dataclass(frozen=True)
class PastFromFiles:
    inputs: ReplanInputs
    compliance: Compliance
    read: ActivityRead


def replan_inputs_from_activities(
        plan: Path | str, athlete: Athlete, today: date, catalogue: Catalogue,
        rulebook: Rulebook, activities: Iterable[Path | str] | ActivityRead, *,
        done: Iterable[str] = (), missed: Iterable[str] = (),
        unavailable: Iterable[str] = ()) -> PastFromFiles:
    """The re-planner's inputs with the past read from ``activities`` (paths, or a read)."""
    old = old_plan_of(plan, athlete.id, catalogue)
    read = activities if isinstance(activities, ActivityRead) else \
        read_activities(activities, athlete)
    compliance = judge(athlete.id, old, read.activities, rulebook.compliance, today)
    past = actuals_of(
        compliance,
        [parse_selector(text, "--done", catalogue) for text in done],
        [parse_selector(text, "--missed", catalogue) for text in missed])
    changed = with_unavailability(athlete, [parse_unavailable(text) for text in unavailable])
    inputs = ReplanInputs(old=old, actual=past.done, athlete=changed, missed=past.missed,
                          extra=past.extra)
    return PastFromFiles(inputs, compliance, read)


def extra_training(sessions: list[Session], athlete: Athlete, today: date,
                   rulebook: Rulebook, read: ActivityRead) -> tuple[ExtraTraining, ...]:
    """The training before ``today`` that ``sessions`` (a re-plan's rows) do not hold - an
    unplanned ride, a session done on top - judged as `replan --activities` judged it, so
    that `weekplan check --activities` counts the loads the re-planner counted."""
    compliance = judge(athlete.id, sessions, read.activities, rulebook.compliance, today)
    return tuple(e for e in actuals_of(compliance).extra if e.date < today)
