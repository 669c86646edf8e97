"""One squad planned under several rulebooks - the researcher's experiment behind `compare`.

Each rulebook gets an ordinary batch run (solver/batch/driver.py) into its own folder, so
the runs are parallel, resumable and inspectable like any other batch output, and `compare`
reads them back as two batch folders. Each folder also gets the (shortened) squad as
squad.yaml, so `weekplan report FOLDER` audits it without being told the squad. ``weeks``
shortens every athlete's block (no race, N weeks) for quick looks and notebooks; the phases
are then those of an N-week block.
"""

from __future__ import annotations

import re
from pathlib import Path

from models.domain.athlete import Athlete
from models.domain.rules import Rulebook
from models.squad.forms import write_squad_yaml

from solver.batch.driver import run_batch
from solver.batch.report import BatchReport
from solver.week.solve import SolveParams


def shortened(athletes: list[Athlete], weeks: int | None) -> list[Athlete]:
    """Each athlete over a block of ``weeks`` weeks from their start (None: unchanged)."""
    if weeks is None:
        return athletes
    return [a.model_copy(update={"weeks": weeks, "race": None}) for a in athletes]


def folder_name(rulebook: Rulebook, index: int) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", rulebook.name).strip("._") or "rules"
    return f"{index + 1}-{safe}"


def plan_under(athletes: list[Athlete], rulebooks: list[Rulebook], out_root: Path | str,
               params: SolveParams = SolveParams(), workers: int | None = None,
               weeks: int | None = None, progress: bool = False,
               resume: bool = False) -> list[tuple[Path, BatchReport]]:
    """Batch-plan the athletes once per rulebook; [(folder, report)] in rulebook order."""
    squad = shortened(athletes, weeks)
    runs = []
    for index, rulebook in enumerate(rulebooks):
        folder = Path(out_root) / folder_name(rulebook, index)
        report = run_batch(squad, folder, rulebook, params=params, workers=workers,
                           progress=progress, resume=resume)
        write_squad_yaml(squad, folder / "squad.yaml")  # `weekplan report` finds the profiles
        runs.append((folder, report))
    return runs
