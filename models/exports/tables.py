"""The plan table as flat files - CSV, Parquet, JSON rows - and back, with contract dtypes.

CSV and JSON carry dates as YYYY-MM-DD text; Parquet carries the types themselves (dates as
date32, minutes/rpe/load as int64, hard as bool) so that pandas, polars, DuckDB or R read
the table without guessing. Reading accepts every format the writers produce (and XLSX's
``plan`` sheet), so `report`, `compare` and `check` work on any of them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from models.domain.errors import InputError
from models.domain.plan import PLAN_COLUMNS, typed_plan_frame
from models.io.atomic import write_bytes, write_text

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
    write_text(path, _dates_as_text(frame).to_csv(index=False))


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


def read_table_file(path: Path | str) -> pd.DataFrame:
    """A raw plan table from .csv, .parquet, .xlsx (sheet 'plan', else the first) or .json.

    Columns come back as stored; callers normalise with typed_plan_frame or the auditor's
    session reader (which fills rpe, minutes and hardness from the catalogue if absent).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    try:
        if suffix == ".csv":
            from models.io.athlete_file import read_plan_table

            return read_plan_table(path)
        if suffix in (".parquet", ".pq"):
            return pq.read_table(path).to_pandas()
        if suffix in (".xlsx", ".xlsm"):
            with pd.ExcelFile(path, engine="openpyxl") as sheets:
                names = sheets.sheet_names
            sheet = "plan" if "plan" in names else names[0]
            return pd.read_excel(path, sheet_name=sheet, dtype={"start": str, "end": str})
        if suffix == ".json":
            frame = pd.read_json(path, orient="records", dtype={"start": str, "end": str})
            return frame
    except InputError:
        raise
    except Exception as error:  # pyarrow, openpyxl and json errors: one line, no traceback
        raise InputError(f"cannot read the plan table: {error}", file=str(path)) from None
    raise InputError(f"unknown plan table format '{suffix or path.name}'; use .csv, .parquet, "
                     ".xlsx or .json", file=str(path))


def has_plan_columns(frame: pd.DataFrame) -> bool:
    return all(column in frame.columns for column in PLAN_COLUMNS)


TRUE_WORDS = frozenset({"true", "1", "yes", "y", "x"})


def typed_from_file(frame: pd.DataFrame) -> pd.DataFrame:
    """typed_plan_frame for a table read back from text: 'False' is False, '45' is 45."""
    frame = frame.copy()
    if frame["hard"].dtype != bool:
        frame["hard"] = frame["hard"].map(lambda v: str(v).strip().lower() in TRUE_WORDS)
    for column in ("minutes", "rpe", "load"):
        frame[column] = pd.to_numeric(frame[column]).astype("int64")
    return typed_plan_frame(frame)
