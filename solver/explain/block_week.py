"""The week `weekplan plan` solved inside the block, so that explaining it explains that model.

A block week is not an ordinary week of the profile: its targets follow the phase, its
hiking is what the period still owes and its first days see the last days of the week
before. Only walking the chain up to it (solving the weeks before) recreates all three.
"""

from __future__ import annotations

from datetime import date

from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.domain.errors import InputError
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec
from solver.block.plan import chain
from solver.week.solve import SolveParams


def block_week_spec(athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue,
                    monday: date | None = None, params: SolveParams = SolveParams()) -> WeekSpec:
    """The WeekSpec of the block week starting ``monday`` (None: the block's first week)."""
    wanted = monday or athlete.start
    for _, spec, _ in chain(athlete, rulebook, catalogue, params):
        if spec.week_start == wanted:
            return spec
    raise InputError(f"{wanted} is not a week of the athlete's block", field="--week")
