"""The batch progress bar: athletes done / total, athlete-weeks per second and ETA, on stderr.

Kept apart from the batch driver so that the driver stays about work, not the terminal;
``--quiet`` (show=False) gives a stand-in with the same interface that prints nothing.
"""

from __future__ import annotations

import time


class _NoProgress:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def advance(self, weeks: int) -> None:
        pass


class _Progress(_NoProgress):
    """A rich bar on stderr: athletes done / total, athlete-weeks per second, ETA."""

    def __init__(self, total: int, done: int, label: str):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self._progress = Progress(
            TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("athletes"),
            TextColumn("{task.fields[rate]:.1f} athlete-weeks/s"), TextColumn("ETA"),
            TimeRemainingColumn(), TimeElapsedColumn(), console=Console(stderr=True),
        )
        self._task = self._progress.add_task("batch", total=total, completed=done, rate=0.0)
        self._weeks = 0
        self._started = time.perf_counter()

    def __enter__(self):
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()

    def advance(self, weeks: int) -> None:
        self._weeks += weeks
        rate = self._weeks / max(1e-9, time.perf_counter() - self._started)
        self._progress.update(self._task, advance=1, rate=rate)


def batch_progress(show: bool, total: int, done: int, label: str = "planning"):
    """A progress bar for ``total`` athletes of which ``done`` are already complete;
    ``label`` says what is done to them (planning, re-planning)."""
    return _Progress(total, done, label) if show else _NoProgress()
