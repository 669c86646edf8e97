"""`weekplan batch --activities`: after the squad is planned, each athlete with a folder of
activities is judged against their plan and re-planned from today.

The old plan of an athlete is their block plan in the batch folder (the batch plans
deterministically, so it is the plan they were given); the re-plan and the compliance
tables go beside it (models/activities/squad_files.py). An athlete whose re-plan cannot be
made is named in the result, the others are still re-planned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from models.activities.problems import ReadProblem
from models.activities.replan_past import replan_inputs_from_activities
from models.activities.squad_files import athlete_folders, write_athlete, write_squad
from models.domain.athlete import Athlete
from models.domain.catalogue import default_catalogue
from models.domain.errors import InputError
from models.domain.rules import Rulebook
from models.io.batch_folder import BatchDir

from solver.block.replan import replan
from solver.week.solve import SolveParams


@dataclass
class SquadActuals:
    replanned: list[str] = field(default_factory=list)          # athlete ids
    without_files: list[str] = field(default_factory=list)      # no activities folder
    failed: list[tuple[str, str]] = field(default_factory=list)  # (athlete id, why)
    problems: list[ReadProblem] = field(default_factory=list)
    compliance_path: Path | None = None

    def summary_line(self) -> str:
        return (f"activities: {len(self.replanned)} athletes re-planned from their activities, "
                f"{len(self.without_files)} without a folder, {len(self.failed)} failed, "
                f"{len(self.problems)} files not read")


def replan_squad(athletes: Iterable[Athlete], out_dir: Path | str, activities: Path | str,
                 today: date, rulebook: Rulebook,
                 params: SolveParams = SolveParams()) -> SquadActuals:
    """Judge and re-plan every planned athlete of the batch in ``out_dir`` from ``today``."""
    folders = athlete_folders(activities)
    folder = BatchDir(out_dir)
    catalogue = default_catalogue()
    done = SquadActuals()
    compliances = []
    for athlete in athletes:
        plan = folder.plan_path(athlete.id)
        if athlete.id not in folders:
            done.without_files.append(athlete.id)
            continue
        if not plan.is_file():
            done.failed.append((athlete.id, "no block plan to compare with"))
            continue
        try:
            past = replan_inputs_from_activities(plan, athlete, today, catalogue, rulebook,
                                                 [folders[athlete.id]])
        except InputError as error:
            done.failed.append((athlete.id, error.line()))
            continue
        done.problems += past.read.problems
        inputs = past.inputs
        result = replan(inputs.old, inputs.athlete, rulebook, today, actual=inputs.actual,
                        catalogue=catalogue, params=params, missed=inputs.missed,
                        extra=inputs.extra)
        write_athlete(out_dir, past.compliance, result.frame())
        compliances.append(past.compliance)
        if result.unsolved:
            week = result.unsolved[0]
            done.failed.append((athlete.id, f"week of {week.week_start}: {week.status.value}"))
        else:
            done.replanned.append(athlete.id)
    done.compliance_path = write_squad(out_dir, compliances, done.problems)
    return done
