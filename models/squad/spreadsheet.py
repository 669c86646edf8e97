"""The spreadsheet form of a squad: a folder with athletes.csv and availability.csv.

``athletes.csv`` - one row per athlete; columns (header names are case-insensitive, order
free, only ``id`` and ``start`` required, an empty cell means "not given"):

    id, name, level, bodyweight_kg, timezone, start, weeks, race_date, race_elevation_m,
    race_distance_km, race_start, terrain, targets, current_weekly_min, current_longest_min,
    preferences, phases, threshold_pace, threshold_hr, max_hr

* ``start``, ``race_date``: YYYY-MM-DD (a time of 00:00 after the date, as some spreadsheets
  export, is accepted);
* ``race_elevation_m``, ``race_distance_km``, ``race_start``: the race's climbing, length and
  start time (HH:MM, default 08:00; need a ``race_date``);
* ``current_weekly_min``, ``current_longest_min``: the athlete's ``current`` running (the
  block's first week starts there; no run grows past 1.1 x the longest, H-SESSION-SPIKE);
* ``terrain``: ``road`` (the default when empty) or ``trail`` - a trail runner's build and
  peak weeks ask for hill sessions (S-SPECIFICITY);
* ``targets``: ``key=value`` pairs separated by ``;`` (or ``,`` inside a quoted cell), keys as in
  the YAML form, ``minutes.TYPE`` for a planned length: ``runs=4;long=1;strength=2;
  hike_minutes=120;minutes.long=150``;
* ``preferences``: ``TYPE=DAY|DAY`` pairs separated by ``;``: ``long=sat|sun;hill=tue``
  (days may also be separated by ``,``);
* ``phases``: an optional ``|``-separated list of week phases: ``base|base|build|taper``;
* ``group``: an optional training group (squad sessions, models/squad/groups.py): ``road``;
* ``threshold_pace`` (m:ss per km), ``threshold_hr``, ``max_hr``: the optional ``zones``
  that set workout targets.

``availability.csv`` - one row per window or dated change; columns ``athlete_id, day, start,
end`` (``weekday`` or ``date`` are accepted as the name of the ``day`` column):

* ``day`` a weekday (mon..sun, Monday, ...) with ``start`` and ``end`` (HH:MM): a weekly window;
* ``day`` a date with times: that date's windows replace its weekday's (a dated exception);
* ``day`` a date with empty ``start`` and ``end``: unavailable that day.

A cell that ``write_squad_folder`` protected from spreadsheets (``'=...``,
models/io/cells.py) is read without that quote. Row numbers in problems are spreadsheet
rows: the header is row 1. The delimiter is a comma, or a semicolon or tab when the header
line uses that (European spreadsheet exports). A bad availability row makes its athlete a
problem (planning around half the windows would mislead); rows naming an athlete that is not
in athletes.csv are one problem per unknown id.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import sqlite3
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Iterator

from models.domain.athlete import DEFAULT_RACE_START, Athlete, Terrain, Window
from models.domain.clock import WEEKDAYS, parse_hhmm, weekday_index
from models.domain.errors import InputError
from models.io.athlete_file import athlete_from_dict
from models.io.atomic import write_text
from models.io.cells import line_ending, neutralise, restore
from models.squad.files import ATHLETES_CSV, AVAILABILITY_CSV
from models.squad.problems import RowError, SquadProblem, validate_entries
from models.squad.store import SquadStore
from models.domain.yamlfile import read_text

ATHLETE_COLUMNS = ("id", "name", "level", "bodyweight_kg", "timezone", "start", "weeks",
                   "race_date", "race_elevation_m", "race_distance_km", "race_start", "terrain",
                   "targets", "current_weekly_min", "current_longest_min", "preferences",
                   "phases", "group", "threshold_pace", "threshold_hr", "max_hr")
ZONE_COLUMNS = ("threshold_pace", "threshold_hr", "max_hr")
RACE_COLUMNS = {"race_elevation_m": "elevation_m", "race_distance_km": "distance_km",
                "race_start": "start"}
CURRENT_COLUMNS = {"current_weekly_min": "weekly_min", "current_longest_min": "longest_min"}
AVAILABILITY_COLUMNS = ("athlete_id", "day", "start", "end")
DAY_ALIASES = ("day", "weekday", "date")

Row = tuple[int, dict[str, str]]


def read_table(path: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> Iterator[Row]:
    """(spreadsheet row number, {column: stripped cell}) of each non-blank row, one at a time.

    The header is checked at once (InputError naming the file and column); the rows are
    parsed as they are asked for.
    """
    text = read_text(path)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    records = csv.reader(io.StringIO(text), delimiter=delimiter)
    del text
    try:
        first = next(records, [])
    except csv.Error as error:
        raise InputError(f"malformed CSV: {error}", file=str(path)) from None
    if not any(cell.strip() for cell in first):
        raise InputError(f"no header row; the first row names the columns: {', '.join(columns)}",
                         file=str(path))
    header = [cell.strip().lower().replace(" ", "_") for cell in first]
    for name in header:
        if name not in columns:
            raise InputError(f"unknown column '{name}'; the columns are {', '.join(columns)}",
                             file=str(path), field=name)
        if header.count(name) > 1:
            raise InputError(f"column '{name}' appears twice", file=str(path), field=name)
    for name in required:
        if name not in header:
            raise InputError(f"missing required column '{name}'", file=str(path), field=name)
    return _rows(records, header, path)


def _rows(records: Iterator[list[str]], header: list[str], path: Path) -> Iterator[Row]:
    number = 1
    while True:
        try:
            record = next(records, None)
        except csv.Error as error:
            raise InputError(f"malformed CSV: {error}", file=str(path)) from None
        if record is None:
            return
        number += 1
        if not any(cell.strip() for cell in record):
            continue
        cells = {name: (restore(record[i].strip()) if i < len(record) else "")
                 for i, name in enumerate(header)}
        if any(cell.strip() for cell in record[len(header):]):
            cells["__extra__"] = f"{len(record)} cells but the header names {len(header)} columns"
        yield number, cells


def parse_date(text: str, field: str) -> date:
    text = text.strip()
    if len(text) > 10 and text[10] in " T" and text[11:].strip() in ("00:00", "00:00:00"):
        text = text[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"'{text}' is not a date; write YYYY-MM-DD", field=field) from None


def parse_time(text: str, field: str) -> int:
    text = text.strip()
    if text.count(":") == 2 and text.endswith(":00"):
        text = text[:-3]  # HH:MM:SS with zero seconds, as spreadsheets export times
    try:
        return parse_hhmm(text)
    except ValueError as error:
        raise InputError(str(error), field=field) from None


def _pairs(cell: str, field: str, separators: str) -> list[tuple[str, str]]:
    pairs = []
    for separator in separators[1:]:
        cell = cell.replace(separator, separators[0])
    for part in cell.split(separators[0]):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(f"'{part.strip()}' is not key=value; write e.g. runs=4;long=1",
                             field=field)
        pairs.append((key.strip().lower(), value.strip()))
    return pairs


def parse_targets(cell: str) -> dict[str, Any]:
    """'runs=4;long=1;minutes.long=150' -> {'runs': 4, 'long': 1, 'minutes': {'long': 150}}."""
    targets: dict[str, Any] = {}
    for key, value in _pairs(cell, "targets", ";,"):
        if not value.lstrip("-").isdigit():
            raise InputError(f"'{value}' is not a whole number", field=f"targets.{key}")
        if key.startswith("minutes."):
            targets.setdefault("minutes", {})[key.removeprefix("minutes.")] = int(value)
        else:
            targets[key] = int(value)
    return targets


def parse_preferences(cell: str) -> dict[str, list[str]]:
    """'long=sat|sun;hill=tue' -> {'long': ['sat', 'sun'], 'hill': ['tue']} (',' = '|')."""
    return {key: [day.strip() for day in value.replace(",", "|").split("|") if day.strip()]
            for key, value in _pairs(cell, "preferences", ";")}


def _athlete_dict(cells: dict[str, str]) -> dict[str, Any]:
    """The YAML form of one athletes.csv row (cell syntax of the module doc)."""
    if "__extra__" in cells:
        raise InputError(cells["__extra__"])
    raw: dict[str, Any] = {}
    for name in ("id", "name", "level", "bodyweight_kg", "timezone", "weeks", "group",
                 "terrain"):
        if cells.get(name):
            raw[name] = cells[name]
    if not cells.get("id"):
        raise InputError("missing id", field="id")
    if not cells.get("start"):
        raise InputError("missing start date (the Monday the block starts)", field="start")
    raw["start"] = parse_date(cells["start"], "start")
    if cells.get("race_date"):
        raw["race"] = {"date": parse_date(cells["race_date"], "race_date")}
        for column, key in RACE_COLUMNS.items():
            if cells.get(column):
                raw["race"][key] = cells[column]
    else:
        for name in RACE_COLUMNS:
            if cells.get(name):
                raise InputError(f"{name} needs a race_date", field=name)
    if cells.get("targets"):
        raw["targets"] = parse_targets(cells["targets"])
    current = {key: cells[column] for column, key in CURRENT_COLUMNS.items() if cells.get(column)}
    if current:
        raw["current"] = current
    if cells.get("preferences"):
        raw["preferences"] = parse_preferences(cells["preferences"])
    if cells.get("phases"):
        raw["phases"] = [p.strip() for p in cells["phases"].split("|") if p.strip()]
    zones = {name: cells[name] for name in ZONE_COLUMNS if cells.get(name)}
    if zones:
        raw["zones"] = zones
    return raw


def _availability(rows: list[Row], file: str) -> tuple[dict, dict]:
    """(weekday windows, dated exceptions) of one athlete's availability.csv rows."""
    weekly: dict[str, list[Window]] = {}
    dated: dict[date, list[Window]] = {}
    closed: dict[date, int] = {}  # date -> row that says "unavailable"
    opened: dict[date, int] = {}  # date -> first row with a window
    for number, cells in rows:
        try:
            if "__extra__" in cells:
                raise InputError(cells["__extra__"])
            days = [cells[name] for name in DAY_ALIASES if cells.get(name)]
            if len(days) != 1:
                raise InputError("give exactly one weekday or date", field="day")
            day: str | date = _day(days[0])
            start, end = cells.get("start", ""), cells.get("end", "")
            if not start and not end:
                if isinstance(day, str):
                    raise InputError(f"a {day} row needs start and end times", field="start")
                closed.setdefault(day, number)
                dated.setdefault(day, [])
                continue
            if not start or not end:
                raise InputError("give both start and end (or neither on a dated row: "
                                 "unavailable that day)", field="start" if not start else "end")
            window = Window(start=parse_time(start, "start"), end=parse_time(end, "end"))
            if window.end <= window.start:
                raise InputError(f"the window {start}-{end} ends before it starts", field="end")
        except InputError as error:
            raise RowError(error.problem, file=file, field=error.field, rows=(number,)) from None
        if isinstance(day, str):
            weekly.setdefault(day, []).append(window)
        else:
            opened.setdefault(day, number)
            dated.setdefault(day, []).append(window)
    for day, number in closed.items():
        if day in opened:
            raise RowError(f"{day} is marked unavailable on row {number} but has a window on "
                           f"row {opened[day]}; keep one of them", file=file, field="day",
                           rows=tuple(sorted((number, opened[day]))))
    return weekly, dated


def _day(text: str) -> str | date:
    try:
        return WEEKDAYS[weekday_index(text)]
    except ValueError:
        pass
    try:
        return parse_date(text, "day")
    except InputError:
        raise InputError(f"'{text}' is neither a weekday (mon..sun) nor a date (YYYY-MM-DD)",
                         field="day") from None


def _validate(raw: tuple[dict[str, str], list[Row]], file: str, availability_file: str) -> Athlete:
    cells, availability_rows = raw
    data = _athlete_dict(cells)
    weekly, dated = _availability(availability_rows, availability_file)
    data["availability"] = weekly
    if dated:
        data["exceptions"] = dated
    return athlete_from_dict(data, file=file)


def read_squad_folder(folder: Path) -> tuple[SquadStore, list[SquadProblem]]:
    """The folder form read one athlete at a time into a SquadStore (models/squad/forms.py)."""
    athletes_path, availability_path = folder / ATHLETES_CSV, folder / AVAILABILITY_CSV
    if not availability_path.exists():
        raise InputError(f"missing {AVAILABILITY_CSV} beside {ATHLETES_CSV} (one row per window)",
                         file=str(availability_path))
    athlete_rows = read_table(athletes_path, ATHLETE_COLUMNS, required=("id", "start"))
    first = next(athlete_rows, None)
    if first is None:
        raise InputError("the squad has no athletes (only a header row)", file=str(athletes_path))
    with RowsByAthlete(read_table(availability_path, (*AVAILABILITY_COLUMNS, *DAY_ALIASES[1:]),
                                  required=("athlete_id", "start", "end"))) as availability:
        ids: set[str] = set()

        def entries() -> Iterator[tuple[str, tuple[int, ...], Any]]:
            for number, cells in itertools.chain([first], athlete_rows):
                athlete_id = cells.get("id", "")
                ids.add(athlete_id)
                yield athlete_id, (number,), (cells, availability.rows_of(athlete_id))

        store, problems = validate_entries(
            entries(), str(athletes_path),
            partial(_validate, availability_file=str(availability_path)))
        for athlete_id, numbers in availability.unknown(ids):
            problem = (f"no athlete '{athlete_id}' in {ATHLETES_CSV}; these rows are ignored"
                       if athlete_id else "missing athlete_id; these rows are ignored")
            problems.append(SquadProblem(file=str(availability_path), rows=numbers,
                                         athlete=athlete_id, field="athlete_id", problem=problem))
    return store, problems


class RowsByAthlete:
    """availability.csv's rows by athlete id, in a private SQLite file (as SquadStore keeps
    the athletes): any row order works, and a squad of thousands is never held whole."""

    def __init__(self, rows: Iterator[Row]):
        self._db = sqlite3.connect("")
        self._db.execute("CREATE TABLE row (athlete_id TEXT, number INTEGER, cells TEXT)")
        self._db.executemany("INSERT INTO row VALUES (?, ?, ?)",
                             ((cells.get("athlete_id", ""), number, json.dumps(cells))
                              for number, cells in rows))
        self._db.execute("CREATE INDEX row_athlete ON row (athlete_id, number)")

    def rows_of(self, athlete_id: str) -> list[Row]:
        return [(number, json.loads(cells)) for number, cells in self._db.execute(
            "SELECT number, cells FROM row WHERE athlete_id = ? ORDER BY number", (athlete_id,))]

    def unknown(self, ids: set[str]) -> list[tuple[str, tuple[int, ...]]]:
        """(id, its rows) of the ids not in ``ids``, in the order of their first rows."""
        found: dict[str, list[int]] = {}
        for athlete_id, number in self._db.execute(
                "SELECT athlete_id, number FROM row ORDER BY number"):
            if athlete_id not in ids:
                found.setdefault(athlete_id, []).append(number)
        return [(athlete_id, tuple(numbers)) for athlete_id, numbers in found.items()]

    def __enter__(self) -> RowsByAthlete:
        return self

    def __exit__(self, *exc) -> None:
        self._db.close()


def _number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def targets_cell(athlete: Athlete) -> str:
    targets = athlete.targets.model_dump(exclude_none=True)
    if not targets["hike_minutes"]:
        del targets["hike_minutes"]  # the default; keeps the cell short
    minutes = targets.pop("minutes", {})
    parts = [f"{key}={value}" for key, value in targets.items()]
    parts += [f"minutes.{key}={value}" for key, value in minutes.items()]
    return ";".join(parts)


def preferences_cell(athlete: Athlete) -> str:
    return ";".join(f"{name}={'|'.join(days)}" for name, days in athlete.preferences.items())


def write_squad_folder(athletes: list[Athlete], folder: Path | str) -> Path:
    """athletes.csv and availability.csv that ``load_squad`` reads back to the same models."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with_phases = any(a.phases is not None for a in athletes)
    with_groups = any(a.group is not None for a in athletes)
    with_zones = any(a.zones is not None for a in athletes)
    with_distance = any(a.race is not None and a.race.distance_km for a in athletes)
    with_terrain = any(a.terrain is not Terrain.road for a in athletes)
    with_race_start = any(a.race is not None and a.race.start_text != DEFAULT_RACE_START
                          for a in athletes)
    with_current = any(a.current is not None for a in athletes)
    columns = [c for c in ATHLETE_COLUMNS
               if (c != "phases" or with_phases) and (c != "group" or with_groups)
               and (c not in ZONE_COLUMNS or with_zones)
               and (c != "race_distance_km" or with_distance)
               and (c != "race_start" or with_race_start)
               and (c not in CURRENT_COLUMNS or with_current)
               and (c != "terrain" or with_terrain)]
    athlete_rows, availability_rows = [], []
    for a in athletes:
        athlete_rows.append({
            "id": a.id, "name": a.name, "level": a.level.value,
            "bodyweight_kg": "" if a.bodyweight_kg is None else _number(a.bodyweight_kg),
            "timezone": a.timezone, "start": a.start.isoformat(),
            "weeks": "" if a.weeks is None else str(a.weeks),
            "race_date": a.race.date.isoformat() if a.race else "",
            "race_elevation_m": str(a.race.elevation_m) if a.race else "",
            "race_distance_km": _number(a.race.distance_km)
            if a.race is not None and a.race.distance_km else "",
            "race_start": a.race.start_text if a.race else "",
            "terrain": a.terrain.value,
            "targets": targets_cell(a), "preferences": preferences_cell(a),
            **{column: "" if a.current is None or getattr(a.current, key) is None
               else str(getattr(a.current, key)) for column, key in CURRENT_COLUMNS.items()},
            "phases": "|".join(a.phases or []), "group": a.group or "",
            **{name: "" if a.zones is None or getattr(a.zones, name) is None
               else str(getattr(a.zones, name)) for name in ZONE_COLUMNS},
        })
        for day in WEEKDAYS:
            for window in a.availability.get(day, []):
                start, end = str(window).split("-")
                availability_rows.append([a.id, day, start, end])
        for day, windows in sorted(a.exceptions.items()):
            if not windows:
                availability_rows.append([a.id, day.isoformat(), "", ""])
            for window in windows:
                start, end = str(window).split("-")
                availability_rows.append([a.id, day.isoformat(), start, end])
    _write_csv(folder / ATHLETES_CSV, columns, [[row[c] for c in columns] for row in athlete_rows])
    _write_csv(folder / AVAILABILITY_CSV, list(AVAILABILITY_COLUMNS), availability_rows)
    return folder


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """One squad table, atomically, its text cells safe to open in a spreadsheet."""
    rows = [[neutralise(cell) for cell in row] for row in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_ending(c for row in rows for c in row))
    writer.writerow(header)
    writer.writerows(rows)
    write_text(path, buffer.getvalue())
