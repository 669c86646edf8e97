"""The `weekplan` command line: parse, call the library, print, exit with the contract codes.

Exit codes (DESIGN.md): 0 success; 1 the hard rules cannot all hold (infeasible) or `check`
found hard violations; 2 bad input or usage - one line naming file, field and problem.
"""

from __future__ import annotations

import sys
from functools import wraps

import click

from models.errors import InputError

EXIT_OK, EXIT_INFEASIBLE, EXIT_INPUT = 0, 1, 2


def input_errors_exit_2(command):
    """Turn the project's InputError into one line on stderr and exit code 2."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as error:
            click.echo(f"error: {error.line()}", err=True)
            sys.exit(EXIT_INPUT)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="weekplan")
def main() -> None:
    """Constraint-solver training weeks for runners and trail runners."""


# Commands are added below, one section per command. Keep each one thin.
# --- commands ---


if __name__ == "__main__":
    main()
