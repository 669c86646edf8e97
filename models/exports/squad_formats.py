"""A batch folder's plans in one more format: ``weekplan batch --format xlsx`` and friends.

The batch always writes a CSV and a calendar per athlete and ``plans.parquet`` for the
squad; ``--format`` adds ``DIR/plans.<ext>`` with every athlete in one file - a workbook
with a week-grid sheet per athlete for the coach, one JSON or CSV table, one calendar - made
from ``plans.parquet``, the profiles in ``squad.yaml`` (time zones, names, bodyweight) and
``summary.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from models.domain.catalogue import Catalogue
from models.squad.forms import load_squad
from models.exports.plan_writer import FORMATS, format_of, write_plan
from models.io.cells import restored
from models.io.plan_table import read_plan_file, typed_from_file


def write_squad_plans(out_dir: Path | str, fmt: str,
                      catalogue: Catalogue | None = None) -> Path:
    out_dir = Path(out_dir)
    name = format_of(out_dir / "plans", fmt)
    extension = next(ext for ext, value in FORMATS.items() if value == name)
    frame = typed_from_file(read_plan_file(out_dir / "plans.parquet"))
    profiles = out_dir / "squad.yaml"
    athletes = {a.id: a for a in load_squad(profiles)[0]} if profiles.is_file() else {}
    summary_file = out_dir / "summary.csv"
    summary = restored(pd.read_csv(summary_file)) if summary_file.is_file() else None
    return write_plan(frame, out_dir / f"plans{extension}", name, athletes=athletes,
                      summary=summary, catalogue=catalogue)
