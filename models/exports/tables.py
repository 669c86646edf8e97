"""The plan table as flat files - CSV, Parquet, JSON rows - with contract dtypes.

CSV and JSON carry dates as YYYY-MM-DD text; Parquet carries the types themselves (dates as
date32, minutes/rpe/load as int64, hard as bool) so that pandas, polars, DuckDB or R read
the table without guessing. CSV text cells a spreadsheet would run (an athlete id or details
starting with '=') are quoted (models/io/cells.py). The one reader of all of them, so that
`report`, `compare` and `check` work on any, is models/io/plan_table.py.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from models.domain.plan import typed_plan_frame
from models.io.atomic import write_bytes, write_text
from models.io.cells import csv_text

PARQUET_SCHEMA = pa.schema([
    ("athlete_id", pa.string()),
    ("week_start", pa.date32()),
    ("date", pa.date32()),
    ("weekday", pa.string()),
    ("session", pa.string()),
    ("start", pa.string()),
    ("end", pa.string()),
    ("minutes", pa.int64()),
    ("rpe", pa.int64()),
    ("load", pa.int64()),
    ("hard", pa.bool_()),
    ("details", pa.string()),
])


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    out = typed_plan_frame(frame)
    for column in ("week_start", "date"):
        out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    write_text(path, csv_text(_dates_as_text(frame)))


def write_json_rows(frame: pd.DataFrame, path: Path) -> None:
    write_text(path, _dates_as_text(frame).to_json(orient="records", indent=2) + "\n")


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """The plan table as Arrow with the contract schema (extra columns are dropped)."""
    out = typed_plan_frame(frame)
    for column in ("week_start", "date"):
        out[column] = out[column].dt.date
    return pa.Table.from_pandas(out, schema=PARQUET_SCHEMA, preserve_index=False)


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    sink = pa.BufferOutputStream()
    pq.write_table(arrow_table(frame), sink)
    write_bytes(path, sink.getvalue().to_pybytes())
