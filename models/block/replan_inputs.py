"""What `weekplan replan` starts from: the athlete's old plan, what really happened, and the
availability as it is now - read and checked before any solving.

A plan table may hold a whole squad; only the athlete's rows (or rows naming no athlete)
are the old plan. The selectors and spans are those of models.block.replan_facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.io.plan_rows import sessions_from_frame
from models.block.extra_training import ExtraTraining
from models.block.replan_facts import (
    actual_past, parse_selector, parse_unavailable, with_unavailability,
)
from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.domain.errors import InputError
from models.domain.plan import Session
from models.io.plan_table import read_plan_file


@dataclass(frozen=True)
class ReplanInputs:
    old: list[Session]       # the athlete's old plan, every date
    actual: list[Session]    # the sessions before today that happened
    athlete: Athlete         # with the new unavailability applied
    missed: list[Session] | None = None     # read from activity files: the sessions not done
    extra: tuple[ExtraTraining, ...] = ()   # read from activity files: done outside the plan


def old_plan_of(path: Path | str, athlete_id: str, catalogue: Catalogue) -> list[Session]:
    """The sessions of ``athlete_id`` in the plan file at ``path``; an error if there are none."""
    frame = read_plan_file(path)
    if "athlete_id" in frame.columns:
        frame = frame[frame["athlete_id"].astype(str).str.strip().isin([athlete_id, ""])]
    try:
        old = sessions_from_frame(frame, catalogue)
    except InputError as error:
        raise error.in_file(str(path)) from None
    if not old:
        raise InputError(f"no sessions of athlete '{athlete_id}'", file=str(path))
    return old


def replan_inputs(plan: Path | str, athlete: Athlete, today: date, catalogue: Catalogue, *,
                  done: tuple[str, ...] | list[str] = (), missed: tuple[str, ...] | list[str] = (),
                  unavailable: tuple[str, ...] | list[str] = ()) -> ReplanInputs:
    """The old plan, the past as it happened (``done``/``missed`` selectors such as
    ``2027-01-05:hill``) and the athlete without the ``unavailable`` days or spans."""
    old = old_plan_of(plan, athlete.id, catalogue)
    past = [s for s in old if s.date < today]
    actual = actual_past(
        past,
        [parse_selector(text, "--done", catalogue) for text in done],
        [parse_selector(text, "--missed", catalogue) for text in missed],
    )
    changed = with_unavailability(athlete, [parse_unavailable(text) for text in unavailable])
    return ReplanInputs(old=old, actual=actual, athlete=changed)
