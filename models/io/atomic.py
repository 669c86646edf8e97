"""Writing an output file: atomically, durably, and with a one-line error when it cannot be.

The data goes to a temporary file in the same folder, is flushed and fsynced, then renamed
over the target, and the folder itself is fsynced so that the rename survives a power cut.
An interrupted run therefore leaves either the old file or the whole new one - never a
half-written calendar or spreadsheet that looks complete.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from models.domain.errors import InputError

FILE_MODE = 0o644  # mkstemp's 0600 would hide the file from the rest of the team


def sync_folder(folder: Path | str) -> None:
    """fsync a folder so that a rename inside it is on disk (a no-op where unsupported)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without folder handles (Windows)
        return
    try:
        os.fsync(handle)
    except OSError:  # pragma: no cover - file systems that refuse it
        pass
    finally:
        os.close(handle)


@contextmanager
def atomic_file(path: Path | str) -> Iterator[BinaryIO]:
    """A binary stream that replaces ``path`` atomically when the block ends without error
    (nothing is replaced when it raises); for a file written piece by piece rather than
    held whole in memory. InputError naming the file when it cannot be written."""
    path = Path(path)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
        temporary = None
        sync_folder(path.parent)
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}", file=str(path)) from None
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)


def write_bytes(path: Path | str, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; InputError naming the file if it cannot."""
    with atomic_file(path) as stream:
        stream.write(data)


def write_text(path: Path | str, text: str) -> None:
    """Replace ``path`` with ``text`` as UTF-8, atomically (see write_bytes)."""
    write_bytes(path, text.encode("utf-8"))
