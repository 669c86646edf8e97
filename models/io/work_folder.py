"""A folder for intermediate results: the user's, kept, or a temporary one, removed after.

`weekplan compare --squad` writes two whole batch runs before it compares them; they are
worth keeping for inspection (``--keep DIR``) but are clutter otherwise.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def work_folder(keep: Path | str | None = None, prefix: str = "weekplan-") -> Iterator[Path]:
    """``keep`` as a Path (left in place), else a new temporary folder removed on exit."""
    if keep is not None:
        yield Path(keep)
        return
    root = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)
