"""The one exception users see: bad input, named by file, field and what to do."""

from __future__ import annotations


class InputError(ValueError):
    """A mistake in a user's file or option.

    Rendered as one line, ``FILE: FIELD: PROBLEM``, so a coach can find and fix it; the CLI
    prints it without a traceback and exits with code 2.
    """

    def __init__(self, problem: str, *, file: str | None = None, field: str | None = None):
        self.problem = problem
        self.file = file
        self.field = field
        super().__init__(self.line())

    def line(self) -> str:
        parts = [p for p in (self.file, self.field) if p]
        return ": ".join([*parts, self.problem])

    def in_file(self, file: str) -> "InputError":
        """The same error, attributed to ``file`` when it names none yet."""
        if self.file:
            return self
        return InputError(self.problem, file=file, field=self.field)
