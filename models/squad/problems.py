"""Why athletes of a squad could not be loaded: one line per athlete for a coach.

Shared by the squad's two forms (YAML and spreadsheet): a bad athlete becomes a
``SquadProblem`` and never stops the others.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from pydantic import BaseModel, ConfigDict

from models.domain.errors import InputError
from models.squad.store import SquadStore


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


def validate_entries(entries: Iterable[tuple[str, tuple[int, ...], Any]], file: str,
                     validate) -> tuple[SquadStore, list[SquadProblem]]:
    """Validate each (id, rows, raw) entry as it comes into a SquadStore; duplicated ids and
    invalid entries become problems, in the order of the entries.

    ``validate(raw, file)`` returns an Athlete or raises InputError; a problem whose InputError
    names another file (availability.csv) keeps that file and its rows. An id used twice is
    only known once every entry is read: its athletes leave the store at the end, and none
    of them is planned (which one the coach meant is unknown).
    """
    store = SquadStore()
    counts: Counter[str] = Counter()
    rows_of: dict[str, list[int]] = {}  # the rows of every id: a few dozen bytes an athlete
    first: dict[str, int] = {}
    found: list[tuple[int, str, SquadProblem]] = []  # (entry number, id, problem)
    for number, (raw_id, rows, raw) in enumerate(entries):
        if raw_id:
            counts[raw_id] += 1
            rows_of.setdefault(raw_id, []).extend(rows)
            first.setdefault(raw_id, number)
            if counts[raw_id] > 1:
                continue  # not planned either way: no need to validate it
        try:
            store.add(validate(raw, file), written_id=raw_id)
        except RowError as error:
            found.append((number, raw_id, SquadProblem(
                file=error.file or file, rows=error.rows or rows, athlete=raw_id,
                field=error.field, problem=error.problem)))
        except InputError as error:
            found.append((number, raw_id, SquadProblem(
                file=error.file or file, rows=rows, athlete=raw_id, field=error.field,
                problem=error.problem)))
    duplicated = [raw_id for raw_id, count in counts.items() if count > 1]
    store.remove(duplicated, written=True)
    found = [entry for entry in found if entry[1] not in counts or counts[entry[1]] == 1]
    found += [(first[raw_id], raw_id, SquadProblem(
        file=file, rows=tuple(rows_of[raw_id]), athlete=raw_id, field="id",
        problem=f"id '{raw_id}' is used by {counts[raw_id]} athletes; ids must be unique, "
                "so none of them is planned")) for raw_id in duplicated]
    return store, [problem for _, _, problem in sorted(found, key=lambda entry: entry[0])]
