"""The output folder of a sweep: one batch folder per cell, the tidy table, the manifest.

Layout of ``DIR``:

    cells/<cell-id>/        an ordinary batch folder (models/io/batch_folder.py) of the cell
    cells/<cell-id>/rows.parquet   the cell's tidy rows (models/analysis/sweep_table.py)
    cells/<cell-id>/cell.json      the completion marker: the cell's input hash, written last
    cells.parquet           every cell's rows in one tidy long table
    manifest.json           what is needed to make the figure again (sweep_manifest.py)

A cell is finished when its marker carries the current input hash and its rows still read;
a rerun of the same sweep reuses finished cells and runs the others (inside an unfinished
cell, the batch driver's own resume skips athletes already complete).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd

from models.analysis.sweep_grid import Cell
from models.domain.errors import InputError
from models.io.atomic import write_bytes, write_text

CELLS, ROWS, MARKER, TABLE, MANIFEST = "cells", "rows.parquet", "cell.json", "cells.parquet", \
    "manifest.json"


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


class SweepDir:
    """The output folder ``root`` of one sweep (see the module doc for the layout)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def cell_dir(self, cell: Cell) -> Path:
        return self.root / CELLS / cell.id

    def prepare(self) -> None:
        (self.root / CELLS).mkdir(parents=True, exist_ok=True)

    def finished(self, cell: Cell, digest: str) -> pd.DataFrame | None:
        """The cell's rows when it is finished for this input hash, else None."""
        marker = self.cell_dir(cell) / MARKER
        try:
            saved = json.loads(marker.read_text(encoding="utf-8"))
            if saved.get("digest") != digest:
                return None
            return pd.read_parquet(self.cell_dir(cell) / ROWS)
        except (OSError, ValueError):
            return None

    def write_cell(self, cell: Cell, digest: str, rows: pd.DataFrame) -> None:
        """The cell's rows, then its marker (last: a cell is finished only when both are)."""
        write_bytes(self.cell_dir(cell) / ROWS, _parquet(rows))
        write_text(self.cell_dir(cell) / MARKER, json.dumps(
            {"cell": cell.id, "parameters": cell.label, "digest": digest}, indent=1) + "\n")

    def write_table(self, parts: list[pd.DataFrame]) -> Path:
        table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        write_bytes(self.root / TABLE, _parquet(table))
        return self.root / TABLE

    def write_manifest(self, manifest: dict[str, Any]) -> Path:
        write_text(self.root / MANIFEST, json.dumps(manifest, indent=1, default=str) + "\n")
        return self.root / MANIFEST


def read_sweep(root: Path | str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """(cells table, manifest) of a sweep folder, for a notebook or `sweep --plot`."""
    root = Path(root)
    if not (root / TABLE).is_file() or not (root / MANIFEST).is_file():
        raise InputError(f"not a sweep folder (no {TABLE} and {MANIFEST}); give the --out "
                         "folder of `weekplan sweep`", file=str(root))
    return (pd.read_parquet(root / TABLE),
            json.loads((root / MANIFEST).read_text(encoding="utf-8")))


__all__ = ["SweepDir", "read_sweep"]
