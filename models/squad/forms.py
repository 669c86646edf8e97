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
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from models.domain.athlete import Athlete
from models.domain.errors import InputError
from models.io.athlete_file import athlete_from_dict
from models.io.atomic import write_text
from models.domain.yamlfile import read_yaml
from models.squad.files import ATHLETES_CSV, SECTIONS, YAML_NAME
from models.squad.problems import SquadProblem, validate_entries
from models.squad.spreadsheet import load_squad_folder


def load_squad(path: Path | str) -> tuple[list[Athlete], list[SquadProblem]]:
    """Every loadable athlete of a squad file or folder, in file order, and the problems."""
    path = Path(path)
    if path.is_dir():
        if (path / ATHLETES_CSV).exists():
            athletes, problems = load_squad_folder(path)
        elif (path / YAML_NAME).exists():
            athletes, problems = load_squad_yaml(path / YAML_NAME)
        else:
            raise InputError(f"no {ATHLETES_CSV} or {YAML_NAME} in this folder", file=str(path))
    else:
        athletes, problems = load_squad_yaml(path)
    return athletes, problems


def load_squad_yaml(path: Path) -> tuple[list[Athlete], list[SquadProblem]]:
    raw = read_yaml(path)
    if isinstance(raw, dict) and "athletes" in raw:
        unknown = sorted(set(raw) - {"athletes", *SECTIONS})
        if unknown:
            raise InputError(f"unknown key(s) {unknown}; a squad file holds 'athletes:' and "
                             f"the squad sessions' {', '.join(SECTIONS)}", file=str(path))
        raw = raw["athletes"]
    if not isinstance(raw, list):
        raise InputError("expected a list of athletes, or 'athletes:' with a list", file=str(path))
    if not raw:
        raise InputError("the squad has no athletes", file=str(path))
    entries = []
    for number, item in enumerate(raw, start=1):
        raw_id = str(item.get("id", "")).strip() if isinstance(item, dict) else ""
        entries.append((raw_id, (number,), item))
    return validate_entries(entries, str(path), _validate_yaml_item)


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


def write_squad_yaml(athletes: list[Athlete], path: Path | str) -> Path:
    """One YAML file ``{athletes: [...]}`` that ``load_squad`` reads back to the same models."""
    path = Path(path)
    # libyaml's emitter when PyYAML has it: the same text, 4x faster (0.27 -> 0.07 s for the
    # 500 athletes a batch writes at its end)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump({"athletes": [athlete_yaml_dict(a) for a in athletes]}, Dumper=dumper,
                     sort_keys=False, allow_unicode=True, default_flow_style=None, width=100)
    write_text(path, text)
    return path
