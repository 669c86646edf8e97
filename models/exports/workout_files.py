"""Structured workouts of a plan: a FIT and a ZWO file per run, an intervals.icu text file.

The workouts are rebuilt from the rulebook's templates with the athlete's zones and the
phase of each week (from the athlete's block), the same way the plan's ``details`` were
written, so the watch, the calendar and the page describe the same run. Layout of the
folder of one athlete:

    <YYYY-MM-DD>-<session>[-<n>].fit   one FIT workout per run (n: the n-th of that day)
    <YYYY-MM-DD>-<session>[-<n>].zwo   the same run for Zwift
    intervals.txt                      every run in intervals.icu's text format
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict

from models.block.phases import block_weeks
from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.domain.clock import monday_of
from models.domain.errors import InputError
from models.domain.rules import Rulebook
from models.domain.run_details import session_workout
from models.domain.workouts import PHASE_OF_RACE_WEEK, Workout, templates_of
from models.exports.fit import fit_bytes
from models.exports.intervals_text import intervals_text
from models.exports.zwo import zwo_text
from models.io.atomic import write_bytes, write_text
from models.io.plan_rows import sessions_from_frame
from models.io.plan_table import read_typed_plan

INTERVALS_FILE = "intervals.txt"


class PlannedWorkout(BaseModel):
    model_config = ConfigDict(frozen=True)

    day: date
    session: str
    name: str          # "Hill repeats 60 min": what the watch lists
    label: str         # "Hill repeats"
    stem: str          # file name without extension
    description: str   # the plan's details of the run
    workout: Workout


def week_phases(athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue) -> dict[date, str]:
    """Monday -> template phase of the athlete's block ({} when it has no block)."""
    try:
        weeks = block_weeks(athlete, rulebook, catalogue)
    except InputError:
        return {}
    return {w.week_start: PHASE_OF_RACE_WEEK if w.race_week else w.phase for w in weeks}


def plan_workouts(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                  catalogue: Catalogue) -> list[PlannedWorkout]:
    """The runs of ``athlete`` in a plan table, each with its structured workout."""
    rows = frame[frame["athlete_id"].astype(str) == athlete.id] if len(frame) else frame
    phases = week_phases(athlete, rulebook, catalogue)
    seen: Counter = Counter()
    result = []
    for session in sorted(sessions_from_frame(rows, catalogue), key=lambda s: (s.date, s.start)):
        workout = session_workout(session, rulebook, phases.get(monday_of(session.date), ""))
        if workout is None:
            continue
        seen[(session.date, session.type)] += 1
        ordinal = seen[(session.date, session.type)]
        stem = f"{session.date.isoformat()}-{session.type}" + (f"-{ordinal}" if ordinal > 1 else "")
        label = catalogue[session.type].label if session.type in catalogue else session.type
        result.append(PlannedWorkout(
            day=session.date, session=session.type, name=f"{label} {session.minutes} min", label=label,
            stem=stem, description=session.details, workout=workout))
    return result


def write_workouts(frame: pd.DataFrame, folder: Path | str, athlete: Athlete,
                   rulebook: Rulebook, catalogue: Catalogue) -> list[Path]:
    """Write the athlete's FIT, ZWO and intervals.icu files into ``folder`` (made if new)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    templates = templates_of(rulebook.workouts)
    planned = plan_workouts(frame, athlete, rulebook, catalogue)
    written = []
    for item in planned:
        fit = folder / f"{item.stem}.fit"
        write_bytes(fit, fit_bytes(item.workout, item.name, templates, athlete.zones))
        zwo = folder / f"{item.stem}.zwo"
        write_text(zwo, zwo_text(item.workout, item.name, item.description, templates))
        written += [fit, zwo]
    text = folder / INTERVALS_FILE
    write_text(text, intervals_text([(p.day, p.label, p.workout) for p in planned], templates,
                                    athlete.zones))
    return [*written, text]


WORKOUTS_DIR = "workouts"


def write_squad_workouts(out_dir: Path | str, rulebook: Rulebook,
                         catalogue: Catalogue) -> Path:
    """``weekplan batch --format fit``: DIR/workouts/<athlete>/ for every athlete of the
    batch folder that has a plan and a profile in DIR/squad.yaml."""
    from models.squad.forms import load_squad  # a squad reader only batch folders need

    out_dir = Path(out_dir)
    profiles = out_dir / "squad.yaml"
    athletes = load_squad(profiles)[0] if profiles.is_file() else []
    if not athletes:
        raise InputError("no squad.yaml with the athletes' profiles; rerun weekplan batch",
                         file=str(out_dir))
    root = out_dir / WORKOUTS_DIR
    for athlete in athletes:
        plan = out_dir / "athletes" / f"{athlete.id}.csv"
        if plan.is_file():
            write_workouts(read_typed_plan(plan, catalogue), root / athlete.id, athlete,
                           rulebook, catalogue)
    return root


def check_workout_folder(out: Path | str) -> Path:
    """--out of --format fit: a folder (made if its parent exists), refused before solving."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise InputError("--format fit writes a folder of workout files; give a folder name",
                         file=str(path), field="--out")
    if not path.parent.is_dir():
        raise InputError(f"folder '{path.parent}' does not exist", file=str(path),
                         field="--out")
    return path
