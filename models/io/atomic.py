"""Writing an output file: atomically, and with a one-line error when it cannot be written.

Atomic (temporary name in the same folder, then rename) so that an interrupted run never
leaves a half-written calendar or spreadsheet that looks complete.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from models.domain.errors import InputError


def write_bytes(path: Path | str, data: bytes) -> None:
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the file from others
            os.replace(temporary, path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}", file=str(path)) from None


def write_text(path: Path | str, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
