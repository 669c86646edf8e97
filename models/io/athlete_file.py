"""Reading athletes from YAML and plan tables from CSV, with one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from models.domain.athlete import Athlete
from models.domain.errors import InputError
from models.domain.plan import PLAN_COLUMNS, Result, typed_plan_frame
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


def read_plan_table(path: Path | str) -> pd.DataFrame:
    """A plan table from CSV: extra columns are kept, missing required ones are an error."""
    path = Path(path)
    from models.domain.yamlfile import read_text

    text = read_text(path)
    try:
        import io

        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except Exception as error:
        raise InputError(f"malformed CSV: {error}", file=str(path)) from None
    missing = [c for c in PLAN_COLUMNS if c not in frame.columns and c not in ("rpe", "load", "hard", "details", "week_start", "weekday")]
    if missing:
        raise InputError(f"missing required column '{missing[0]}'", file=str(path))
    return frame


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


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}", file=str(path)) from None


def write_plan_table(frame: pd.DataFrame, path: Path | str) -> None:
    """Write a plan table by extension: .csv, or .json as a list of rows (dates YYYY-MM-DD)."""
    path = check_output_path(path)
    out = typed_plan_frame(frame)
    for column in ("week_start", "date"):
        out[column] = out[column].dt.strftime("%Y-%m-%d")
    if path.suffix.lower() == ".csv":
        _write(path, out.to_csv(index=False))
    else:
        _write(path, out.to_json(orient="records", indent=2) + "\n")


def write_result(result: Result, path: Path | str) -> None:
    """A solved week: .json is the whole Result (plan, breakdown, stats); .csv the plan table."""
    path = check_output_path(path)
    if path.suffix.lower() == ".json":
        _write(path, result.model_dump_json(indent=2) + "\n")
    else:
        write_plan_table(result.to_frame(), path)
