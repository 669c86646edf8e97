"""Reading YAML files and turning validation failures into one-line InputErrors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from models.domain.errors import InputError

MAX_INPUT_BYTES = 20 * 1024 * 1024  # a squad of thousands fits; anything larger is a mistake


def read_text(path: Path | str) -> str:
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if path.is_dir():
        raise InputError("is a folder, expected a file", file=str(path))
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InputError(
            f"file is {size // (1024 * 1024)} MB; the limit is {MAX_INPUT_BYTES // (1024 * 1024)} MB",
            file=str(path),
        )
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not UTF-8 text (byte {error.start}); save the file as UTF-8", file=str(path)
        ) from None


def read_yaml(path: Path | str) -> Any:
    text = read_text(path)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise InputError(f"malformed YAML: {problem}", file=str(path), field=where) from None


def _location(loc: tuple) -> str:
    parts = [str(p) for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
    return ".".join(parts) or "(top level)"


def validation_error(error: Exception, file: str, prefix: str = "") -> InputError:
    """The first problem of a pydantic ValidationError as one line: file, field, message."""
    if isinstance(error, ValidationError):
        first = error.errors(include_url=False)[0]
        field = _location(tuple(first.get("loc", ())))
        if prefix:
            field = f"{prefix}.{field}" if field != "(top level)" else prefix
        message = str(first.get("msg", "invalid value"))
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        extra = len(error.errors()) - 1
        if extra:
            message += f" (and {extra} more problem{'s' if extra > 1 else ''})"
        return InputError(message, file=file, field=field)
    return InputError(str(error), file=file, field=prefix or None)
