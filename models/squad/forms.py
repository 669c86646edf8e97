"""Squads: many athletes from one YAML file or a spreadsheet folder; a bad athlete never stops the rest.

A squad is one of:

* a YAML file: a list of athletes in the docs/formats.md form, or a mapping ``{athletes: [...]}``;
* a folder with ``athletes.csv`` and ``availability.csv`` (the spreadsheet form of
  ``models/squad/spreadsheet.py``), or with a ``squad.yaml``.

``load_squad`` returns ``(athletes, problems)``: every athlete that validates, and one
``SquadProblem`` per athlete that does not (file, rows, athlete, field, problem). Duplicate
ids are a problem of every athlete using the id (none of them is planned: which one the coach
meant is unknown). A squad that cannot be read at all - missing file, malformed YAML or CSV,
unknown columns, no athletes - raises ``InputError`` (the CLI exits 2).

``read_squad`` is the same reading into a ``SquadStore`` (models/squad/store.py): the file
is read one athlete at a time and the athletes wait on disk, so that a batch of thousands
never holds its squad whole. ``write_squad_yaml`` writes one athlete at a time likewise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from models.domain.athlete import Athlete
from models.domain.errors import InputError
from models.io.athlete_file import athlete_from_dict
from models.io.atomic import atomic_file
from models.domain.yamlfile import YamlList
from models.squad.files import ATHLETES_CSV, SECTIONS, YAML_NAME
from models.squad.problems import SquadProblem, validate_entries
from models.squad.spreadsheet import read_squad_folder
from models.squad.store import SquadStore


def load_squad(path: Path | str) -> tuple[list[Athlete], list[SquadProblem]]:
    """Every loadable athlete of a squad file or folder, in file order, and the problems."""
    store, problems = read_squad(path)
    with store:
        return list(store), problems


def read_squad(path: Path | str) -> tuple[SquadStore, list[SquadProblem]]:
    """The squad's loadable athletes as a SquadStore (read one at a time, never held whole:
    what ``weekplan batch`` plans from), and the problems."""
    path = Path(path)
    if path.is_dir():
        if (path / ATHLETES_CSV).exists():
            return read_squad_folder(path)
        if (path / YAML_NAME).exists():
            return read_squad_yaml(path / YAML_NAME)
        raise InputError(f"no {ATHLETES_CSV} or {YAML_NAME} in this folder", file=str(path))
    return read_squad_yaml(path)


def read_squad_yaml(path: Path) -> tuple[SquadStore, list[SquadProblem]]:
    athletes = YamlList(path, "athletes")
    store, problems = validate_entries(_yaml_entries(athletes), str(path), _validate_yaml_item)
    try:
        if athletes.keyed and any(key not in SECTIONS for key in athletes.other_keys):
            unknown = sorted(str(key) for key in athletes.other_keys if key not in SECTIONS)
            raise InputError(f"unknown key(s) {unknown}; a squad file holds 'athletes:' and "
                             f"the squad sessions' {', '.join(SECTIONS)}", file=str(path))
        if not athletes.listed:
            raise InputError("expected a list of athletes, or 'athletes:' with a list",
                             file=str(path))
        if not len(store) and not problems:
            raise InputError("the squad has no athletes", file=str(path))
    except InputError:
        store.close()
        raise
    return store, problems


def _yaml_entries(athletes: YamlList) -> Iterator[tuple[str, tuple[int, ...], Any]]:
    """(id as written, (item number,), item) of each athlete, read one at a time."""
    for number, item in enumerate(athletes, start=1):
        raw_id = str(item.get("id", "")).strip() if isinstance(item, dict) else ""
        yield raw_id, (number,), item


def _validate_yaml_item(item: Any, file: str) -> Athlete:
    return athlete_from_dict(item, file=file)


def athlete_yaml_dict(athlete: Athlete) -> dict[str, Any]:
    """The athlete in the docs/formats.md YAML form (windows as 'HH:MM-HH:MM', defaults left out).

    Reading it back gives the same athlete (tests/models/squad/test_squad.py checks every
    field): `weekplan batch` hands athletes to its workers in this form, so a field left out
    here is one the batch silently plans without."""
    raw: dict[str, Any] = {"id": athlete.id}
    if athlete.name:
        raw["name"] = athlete.name
    raw["level"] = athlete.level.value
    if athlete.bodyweight_kg is not None:
        raw["bodyweight_kg"] = athlete.bodyweight_kg
    raw["timezone"] = athlete.timezone
    raw["start"] = athlete.start
    if athlete.weeks is not None:
        raw["weeks"] = athlete.weeks
    if athlete.race is not None:
        raw["race"] = {"date": athlete.race.date, "elevation_m": athlete.race.elevation_m}
        if athlete.race.distance_km:
            raw["race"]["distance_km"] = athlete.race.distance_km
        raw["race"]["start"] = athlete.race.start_text
    raw["targets"] = athlete.targets.model_dump(exclude_none=True, exclude_defaults=False)
    if not raw["targets"]["minutes"]:
        del raw["targets"]["minutes"]
    if athlete.current is not None:
        raw["current"] = athlete.current.model_dump(exclude_none=True)
    if athlete.zones is not None:
        raw["zones"] = athlete.zones.model_dump(exclude_none=True)
    raw["availability"] = {day: [str(w) for w in windows]
                           for day, windows in athlete.availability.items()}
    if athlete.exceptions:
        raw["exceptions"] = {day: [str(w) for w in windows]
                             for day, windows in sorted(athlete.exceptions.items())}
    if athlete.preferences:
        raw["preferences"] = {name: list(days) for name, days in athlete.preferences.items()}
    if athlete.phases is not None:
        raw["phases"] = list(athlete.phases)
    if athlete.group is not None:
        raw["group"] = athlete.group
    if athlete.terrain.value != "road":
        raw["terrain"] = athlete.terrain.value
    return raw


def write_squad_yaml(athletes: Iterable[Athlete], path: Path | str) -> Path:
    """One YAML file ``{athletes: [...]}`` that ``load_squad`` reads back to the same models,
    written one athlete at a time. Dates are written out each time, never as YAML anchors
    (``&id001``, ``*id001``) that a coach would have to look up."""
    path = Path(path)
    with atomic_file(path) as stream:
        stream.write(b"athletes:\n")
        empty = True
        for athlete in athletes:
            empty = False
            # {athletes: [one]} dumped, less its first line: the list item as the whole
            # list's dump writes it
            text = yaml.dump({"athletes": [athlete_yaml_dict(athlete)]}, Dumper=_DUMPER,
                             sort_keys=False, allow_unicode=True, default_flow_style=None,
                             width=100)
            stream.write(text.split("\n", 1)[1].encode("utf-8"))
        if empty:
            stream.seek(0)
            stream.truncate()
            stream.write(b"athletes: []\n")
    return path


class _DUMPER(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """libyaml's emitter when PyYAML has it (4x faster), without anchors."""

    def ignore_aliases(self, data) -> bool:
        return True
