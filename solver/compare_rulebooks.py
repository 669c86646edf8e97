"""One squad planned under two rulebooks: the two sides of `weekplan compare --squad`.

The runs are ordinary batch runs (solver.batch.rulebook_runs), one folder per rulebook
under ``root``; the sides read them back, so what is compared is exactly what was written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from models.analysis.compare_runs import Side, rulebook_sides
from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.domain.rules import Rulebook
from solver.batch.rulebook_runs import plan_under, shortened
from solver.week.solve import SolveParams


def squad_sides(athletes: Sequence[Athlete], rulebooks: Sequence[Rulebook], root: Path | str,
                catalogue: Catalogue, params: SolveParams = SolveParams(), *,
                weeks: int | None = None, workers: int | None = None,
                progress: bool = False) -> tuple[dict[str, Athlete], list[Side]]:
    """({id: the athlete as planned}, one side per rulebook).

    ``weeks`` shortens every athlete's block to N weeks (no race); the returned profiles are
    the shortened ones, so the audit judges each plan against the block it was made for.
    """
    squad = shortened(list(athletes), weeks)
    runs = plan_under(squad, list(rulebooks), root, params, workers=workers, progress=progress)
    return {a.id: a for a in squad}, rulebook_sides([folder for folder, _ in runs], rulebooks,
                                                    catalogue)
