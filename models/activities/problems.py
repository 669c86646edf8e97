"""A file that could not be read: one line naming the file and why; the others are read."""

from __future__ import annotations

from dataclasses import dataclass


class NotAnActivity(ValueError):
    """Raised by a reader for a file it cannot take; the message says why, for a coach."""


@dataclass(frozen=True)
class ReadProblem:
    file: str
    problem: str

    def line(self) -> str:
        return f"{self.file}: {self.problem}"
