"""The third kind of batch task: one athlete re-planned from their activities.

Run by the same driver as the planning tasks (solver/batch/driver.py), after them: the
block plan it starts from must be in the batch folder. Like the others it carries plain
data - the athlete in its YAML form, today, and the paths of its block plan and activity
folder, which the models code it calls reads in the worker (so reading thousands of FIT
files is spread over the workers too; a Dask cluster needs the folders on a shared disk) -
and answers with plain data: a ``ReplanOutcome`` whose tables are CSV text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from models.activities.replan_past import replan_inputs_from_activities
from models.activities.squad_files import (REPLAN_CRASHED, REPLAN_FAILED, ReplanOutcome,
                                           replan_outcome)
from models.domain.athlete import Athlete
from models.domain.catalogue import default_catalogue
from models.domain.errors import InputError
from models.io.batch_hooks import run_fault_hooks

from solver.batch.tasks import Shared, TaskAnswer, rulebook_from
from solver.block.replan import replan


@dataclass(frozen=True)
class ReplanTask:
    """One athlete's re-plan from ``today`` with the activities in ``activities``."""

    athlete: dict[str, Any]   # YAML form
    plan: str                 # the athlete's block plan in the batch folder
    activities: str           # the athlete's activity folder
    today: str                # ISO date
    digest: str               # the re-plan's input hash
    subject = "this athlete's re-plan"

    def run(self, shared: Shared) -> TaskAnswer:
        return {"replan": replan_athlete(self, shared).model_dump()}

    def alone(self) -> list[ReplanTask]:
        return [self]

    def crashed(self, problem: str) -> TaskAnswer:
        return {"replan": ReplanOutcome(athlete=self.athlete["id"], status=REPLAN_CRASHED,
                                        why=problem).model_dump()}

    def digest_for(self, athlete_id: str) -> str:
        return self.digest


def replan_athlete(task: ReplanTask, shared: Shared) -> ReplanOutcome:
    """Judge the athlete's block plan against their activities and re-solve from today;
    a failure is the athlete's outcome, never the batch's."""
    athlete = Athlete.model_validate(task.athlete)
    run_fault_hooks(athlete.id, shared.hooks)
    rulebook = rulebook_from(shared.rulebook_json)
    catalogue = default_catalogue()
    today = date.fromisoformat(task.today)
    try:
        past = replan_inputs_from_activities(task.plan, athlete, today, catalogue, rulebook,
                                             [task.activities])
    except InputError as error:
        return ReplanOutcome(athlete=athlete.id, status=REPLAN_FAILED, why=error.line())
    inputs = past.inputs
    try:
        result = replan(inputs.old, inputs.athlete, rulebook, today, actual=inputs.actual,
                        catalogue=catalogue, params=shared.params(), missed=inputs.missed,
                        extra=inputs.extra)
    except InputError as error:
        return ReplanOutcome(athlete=athlete.id, status=REPLAN_FAILED, why=error.line())
    except Exception as error:  # a bug must not cost the other athletes their re-plans
        return ReplanOutcome(athlete=athlete.id, status=REPLAN_FAILED,
                             why=f"internal error: {type(error).__name__}: {error}")
    return replan_outcome(past.compliance, past.read.problems, result)


__all__ = ["ReplanTask", "replan_athlete"]
