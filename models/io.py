"""Reading athletes from YAML and plan tables from CSV, with one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .athlete import Athlete
from .errors import InputError
from .plan import PLAN_COLUMNS, typed_plan_frame
from .yamlfile import read_yaml, validation_error


def athlete_from_dict(raw: Any, file: str = "<athlete>", prefix: str = "") -> Athlete:
    if not isinstance(raw, dict):
        raise InputError("expected an athlete mapping with id, start, availability, ...",
                         file=file, field=prefix or None)
    try:
        return Athlete.model_validate(raw)
    except Exception as error:
        raise validation_error(error, file, prefix=prefix) from None


def load_athlete(path: Path | str) -> Athlete:
    return athlete_from_dict(read_yaml(path), str(path))


def read_plan_table(path: Path | str) -> pd.DataFrame:
    """A plan table from CSV: extra columns are kept, missing required ones are an error."""
    path = Path(path)
    from .yamlfile import read_text

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


def write_plan_table(frame: pd.DataFrame, path: Path | str) -> None:
    """Write a plan table by extension: .csv or .json (other formats arrive with issue 6)."""
    path = Path(path)
    frame = typed_plan_frame(frame)
    if path.suffix.lower() == ".csv":
        out = frame.copy()
        for column in ("week_start", "date"):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        out.to_csv(path, index=False)
    else:
        raise InputError(f"unknown output format '{path.suffix}'; use .csv or .json", field="--out")
