"""A parameter sweep: the squad planned once per cell of a grid of rulebook and target edits.

Each cell is an ordinary batch run (solver/batch/driver.py: local pool or Dask, resumable)
into its own folder, then measured into tidy rows (models/analysis/sweep_table.py) and
marked finished (models/io/sweep_folder.py). A cell whose marker carries the same input hash
- its rulebook, its athletes, the solve settings, the weekplan version - is not run again,
so an interrupted sweep rerun with the same command finishes only what is left. At the
end the rows of every cell become ``cells.parquet`` and the manifest is written.

Athletes are planned each on their own (a squad's group sessions are not part of a sweep)
and, with ``weeks``, over a block of that many weeks from their start (no race).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from models.analysis.sweep_grid import Cell, Setting, cell_athletes, cell_rulebook, grid
from models.analysis.sweep_manifest import package_version, sweep_manifest
from models.analysis.sweep_table import cell_rows
from models.domain.athlete import Athlete
from models.domain.catalogue import default_catalogue
from models.domain.rules import Rulebook
from models.io.batch_folder import input_hash
from models.io.sweep_folder import SweepDir

from solver.batch.driver import run_batch
from solver.batch.rulebook_runs import shortened
from solver.week.solve import SolveParams


@dataclass
class SweepReport:
    out_dir: Path
    cells: list[Cell]
    ran: list[str] = field(default_factory=list)      # cell ids computed in this run
    reused: list[str] = field(default_factory=list)   # cell ids found finished
    table: Path | None = None
    manifest: Path | None = None
    elapsed: float = 0.0

    def summary_line(self) -> str:
        return (f"{len(self.cells)} cells ({len(self.ran)} run, {len(self.reused)} already "
                f"finished) in {self.elapsed:.1f} s; table {self.table}")


def run_sweep(athletes: list[Athlete], rulebook: Rulebook, settings: list[Setting],
              out_dir: Path | str, *, weeks: int | None = None,
              params: SolveParams = SolveParams(), executor: str = "local",
              workers: int | None = None, scheduler: str | None = None,
              dask_local: int | None = None, progress: bool = False, squad: str = "",
              command: list[str] | None = None) -> SweepReport:
    """Run every cell of the grid of ``settings`` not finished in ``out_dir`` (see module doc).

    Every cell's edits are checked before the first one is solved (InputError, --set).
    """
    started = time.perf_counter()
    catalogue = default_catalogue()
    base = shortened(list(athletes), weeks)
    cells = grid(settings)
    rulebooks = {cell.id: cell_rulebook(cell, rulebook) for cell in cells}
    squads = {cell.id: cell_athletes(cell, base) for cell in cells}
    version = package_version("weekplan")
    digests = {cell.id: input_hash({
        "rulebook": rulebooks[cell.id].model_dump(mode="json"),
        "athletes": [a.model_dump(mode="json") for a in squads[cell.id]],
        "solve": {"time_limit": params.time_limit, "seed": params.seed},
        "cell": cell.label, "version": version}) for cell in cells}
    folder = SweepDir(out_dir)
    folder.prepare()
    report = SweepReport(Path(out_dir), cells)
    parts = []
    for cell in cells:
        rows = folder.finished(cell, digests[cell.id])
        if rows is None:
            run_batch(squads[cell.id], folder.cell_dir(cell), rulebooks[cell.id], params,
                      executor=executor, workers=workers, scheduler=scheduler,
                      dask_local=dask_local, resume=True, progress=progress)
            rows = cell_rows(folder.cell_dir(cell), cell, squads[cell.id], rulebooks[cell.id],
                             catalogue)
            folder.write_cell(cell, digests[cell.id], rows)
            report.ran.append(cell.id)
        else:
            report.reused.append(cell.id)
        parts.append(rows)
    report.table = folder.write_table(parts)
    report.elapsed = time.perf_counter() - started
    report.manifest = folder.write_manifest(sweep_manifest(
        squad=squad, athletes=base, weeks=weeks, rulebook=rulebook, settings=settings,
        cells=cells, cell_rulebooks=rulebooks, digests=digests, time_limit=params.time_limit,
        seed=params.seed, command=command, ran=report.ran, elapsed=round(report.elapsed, 2)))
    return report


__all__ = ["run_sweep", "SweepReport"]
