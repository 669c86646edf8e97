"""Why athletes of a squad could not be loaded: one line per athlete for a coach.

Shared by the squad's two forms (YAML and spreadsheet): a bad athlete becomes a
``SquadProblem`` and never stops the others.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel, ConfigDict

from models.domain.athlete import Athlete
from models.domain.errors import InputError


class SquadProblem(BaseModel):
    """Why one athlete (or some rows) of a squad could not be loaded; one line for a coach."""

    model_config = ConfigDict(frozen=True)

    file: str
    rows: tuple[int, ...] = ()  # spreadsheet rows (header = row 1) or YAML item numbers (1-based)
    athlete: str = ""           # the athlete's id as written, "" when there is none
    field: str | None = None
    problem: str

    def line(self) -> str:
        unit = "item" if self.file.endswith((".yaml", ".yml")) else "row"
        where = [self.file]
        if self.rows:
            plural = "s" if len(self.rows) > 1 else ""
            where.append(f"{unit}{plural} {', '.join(str(r) for r in self.rows)}")
        if self.athlete:
            where.append(f"athlete {self.athlete}")
        if self.field:
            where.append(self.field)
        return ": ".join([*where, self.problem])


class RowError(InputError):
    """An InputError that knows the spreadsheet rows it comes from."""

    def __init__(self, problem: str, *, file: str | None = None, field: str | None = None,
                 rows: tuple[int, ...] = ()):
        self.rows = rows
        super().__init__(problem, file=file, field=field)


def validate_entries(entries: list[tuple[str, tuple[int, ...], Any]], file: str,
                     validate) -> tuple[list[Athlete], list[SquadProblem]]:
    """Validate each (id, rows, raw) entry; duplicated ids and invalid entries become problems.

    ``validate(raw, file)`` returns an Athlete or raises InputError; a problem whose InputError
    names another file (availability.csv) keeps that file and its rows.
    """
    counts = Counter(raw_id for raw_id, _, _ in entries if raw_id)
    athletes: list[Athlete] = []
    problems: list[SquadProblem] = []
    reported: set[str] = set()
    for raw_id, rows, raw in entries:
        if raw_id and counts[raw_id] > 1:
            if raw_id not in reported:
                reported.add(raw_id)
                all_rows = tuple(r for i, rs, _ in entries if i == raw_id for r in rs)
                problems.append(SquadProblem(
                    file=file, rows=all_rows, athlete=raw_id, field="id",
                    problem=f"id '{raw_id}' is used by {counts[raw_id]} athletes; ids must be "
                            "unique, so none of them is planned"))
            continue
        try:
            athletes.append(validate(raw, file))
        except RowError as error:
            problems.append(SquadProblem(file=error.file or file, rows=error.rows or rows,
                                         athlete=raw_id, field=error.field,
                                         problem=error.problem))
        except InputError as error:
            problems.append(SquadProblem(file=error.file or file, rows=rows, athlete=raw_id,
                                         field=error.field, problem=error.problem))
    return athletes, problems
