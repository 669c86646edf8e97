"""One calendar file per athlete of a batch folder: DIR/calendars/<id>.ics.

Built from the athlete's plan table (DIR/athletes/<id>.csv) and profile (time zone,
bodyweight), so it can be (re)made at any time without solving: after each athlete is
written, and at the end of a run for any athlete whose calendar is missing or older than
its plan (a run killed in between, or a resumed run).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..athlete import Athlete
from ..catalogue import Catalogue
from .ics import write_ics
from .tables import read_table_file, typed_from_file

CALENDARS, PLANS = "calendars", "athletes"


def calendar_path(out_dir: Path | str, athlete_id: str) -> Path:
    return Path(out_dir) / CALENDARS / f"{athlete_id}.ics"


def write_calendar(out_dir: Path | str, athlete: Athlete,
                   catalogue: Catalogue | None = None) -> Path | None:
    """The athlete's calendar from its plan table; None when there is no plan table."""
    plan_file = Path(out_dir) / PLANS / f"{athlete.id}.csv"
    if not plan_file.is_file():
        return None
    table = read_table_file(plan_file)
    target = calendar_path(out_dir, athlete.id)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_ics(typed_from_file(table) if len(table) else table, target, {athlete.id: athlete},
              catalogue=catalogue)
    return target


def write_missing_calendars(out_dir: Path | str, athletes: Iterable[Athlete],
                            catalogue: Catalogue | None = None) -> list[Path]:
    """Calendars of athletes whose .ics is missing or older than their plan table."""
    written = []
    for athlete in athletes:
        plan_file = Path(out_dir) / PLANS / f"{athlete.id}.csv"
        target = calendar_path(out_dir, athlete.id)
        if not plan_file.is_file():
            continue
        if target.is_file() and target.stat().st_mtime_ns >= plan_file.stat().st_mtime_ns:
            continue
        path = write_calendar(out_dir, athlete, catalogue)
        if path is not None:
            written.append(path)
    return written
