"""Reading an athlete from YAML, and refusing a table output path early, with one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models.domain.athlete import Athlete
from models.domain.errors import InputError
from models.domain.yamlfile import read_yaml, validation_error


def athlete_from_dict(raw: Any, file: str = "<athlete>", prefix: str = "") -> Athlete:
    if not isinstance(raw, dict):
        raise InputError("expected an athlete mapping with id, start, availability, ...",
                         file=file, field=prefix or None)
    try:
        return Athlete.model_validate(raw)
    except ValidationError as error:  # anything else is a bug and must surface as one
        raise validation_error(error, file, prefix=prefix) from None


def load_athlete(path: Path | str) -> Athlete:
    return athlete_from_dict(read_yaml(path), str(path))


TABLE_SUFFIXES = (".csv", ".json")


def check_output_path(path: Path | str) -> Path:
    """The output path, refused before any work if its format or folder cannot be written."""
    path = Path(path)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise InputError(
            f"unknown output format '{path.suffix or path.name}'; use {' or '.join(TABLE_SUFFIXES)}",
            field="--out",
        )
    if not path.parent.is_dir():
        raise InputError(f"folder '{path.parent}' does not exist", file=str(path), field="--out")
    return path
