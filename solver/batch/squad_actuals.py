"""`weekplan batch --activities`: after the squad is planned, each athlete with a folder of
activities is judged against their plan and re-planned from today.

The re-plans are ``ReplanTask``s of the one batch driver (solver/batch/driver.py runs them
after the planning tasks, on the same workers, with the same retry, resume and progress);
this module says which athletes get one and what becomes of the answers. The old plan of
an athlete is their block plan in the batch folder (the batch plans deterministically, so
it is the plan they were given); the re-plan and the compliance tables go beside it
(models/activities/squad_files.py). An athlete whose re-plan cannot be made is named in the
result, the others are still re-planned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from models.activities.problems import ReadProblem
from models.activities.squad_files import (REPLAN_CRASHED, REPLAN_FAILED, REPLANNED_OK,
                                           ReplanFolder, ReplanOutcome, athlete_folders)
from models.domain.athlete import Athlete
from models.io.batch_folder import BatchDir, input_hash
from models.squad.forms import athlete_yaml_dict

from solver.batch.replan_task import ReplanTask
from solver.batch.tasks import TaskAnswer

NO_BLOCK_PLAN = "no block plan to compare with"


@dataclass
class SquadActuals:
    replanned: list[str] = field(default_factory=list)          # athlete ids
    without_files: list[str] = field(default_factory=list)      # no activities folder
    failed: list[tuple[str, str]] = field(default_factory=list)  # (athlete id, why)
    problems: list[ReadProblem] = field(default_factory=list)
    compliance_path: Path | None = None
    computed: int = 0                                            # re-planned by this run
    resumed: int = 0                                             # found complete, skipped

    def summary_line(self) -> str:
        return (f"activities: {len(self.replanned)} athletes re-planned from their activities, "
                f"{len(self.without_files)} without a folder, {len(self.failed)} failed, "
                f"{len(self.problems)} files not read")


@dataclass
class ReplanWork:
    """The re-plans of one run: what is left to do and what is already known."""

    files: ReplanFolder
    order: list[str]                          # athletes with a folder, in squad order
    tasks: list[ReplanTask]
    finished: dict[str, ReplanOutcome]        # by athlete id
    without_files: list[str]
    resumed: int = 0
    computed: int = 0


def replan_work(athletes: Iterable[Athlete], common: dict[str, Any], out_dir: Path | str,
                activities: Path | str, today: date, resume: bool) -> ReplanWork:
    """A task per planned athlete with an activities folder; complete ones skipped on resume."""
    folders = athlete_folders(activities)
    batch, files = BatchDir(out_dir), ReplanFolder(out_dir)
    files.prepare()
    work = ReplanWork(files=files, order=[], tasks=[], finished={}, without_files=[])
    for athlete in athletes:
        if athlete.id not in folders:
            work.without_files.append(athlete.id)
            continue
        work.order.append(athlete.id)
        plan = batch.plan_path(athlete.id)
        parts = files.inputs_of(plan, folders[athlete.id])
        if parts is None:
            work.finished[athlete.id] = ReplanOutcome(athlete=athlete.id, status=REPLAN_FAILED,
                                                      why=NO_BLOCK_PLAN)
            continue
        raw = athlete_yaml_dict(athlete)
        digest = input_hash({**common, "athlete": raw, "today": today.isoformat(), **parts})
        found = files.complete(athlete.id, digest) if resume else None
        if found is not None:
            work.finished[athlete.id] = found
            work.resumed += 1
            continue
        work.tasks.append(ReplanTask(raw, str(plan), str(folders[athlete.id]),
                                     today.isoformat(), digest))
    return work


def record_replan(work: ReplanWork, task: ReplanTask, answer: TaskAnswer) -> ReplanOutcome:
    """Write a re-plan's answer (marker last; a crashed one is not marked: --resume retries)."""
    outcome = ReplanOutcome.model_validate(answer["replan"])
    if outcome.status != REPLAN_CRASHED:
        work.files.write(outcome, task.digest)
    work.finished[outcome.athlete] = outcome
    work.computed += 1
    return outcome


def squad_actuals(work: ReplanWork) -> SquadActuals:
    """The squad's compliance tables, rebuilt from every athlete's files, and the result."""
    outcomes = [work.finished[a] for a in work.order if a in work.finished]
    done = SquadActuals(without_files=list(work.without_files), computed=work.computed,
                        resumed=work.resumed)
    for outcome in outcomes:
        if outcome.judged:
            done.problems += outcome.read_problems()
        if outcome.status == REPLANNED_OK:
            done.replanned.append(outcome.athlete)
        else:
            done.failed.append((outcome.athlete, outcome.why))
    done.compliance_path = work.files.write_squad(outcomes)
    return done


__all__ = ["SquadActuals", "ReplanWork", "replan_work", "record_replan", "squad_actuals",
           "NO_BLOCK_PLAN"]
