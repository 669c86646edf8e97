"""The output folder of a squad batch run: nothing lost, nothing half-written trusted.

Layout of ``DIR``:

    athletes/<id>.csv   the athlete's plan table (docs/formats.md columns, one row per session)
    weeks/<id>.csv      the athlete's weekly summary (load, ACWR, status, ... per week)
    calendars/<id>.ics  the athlete's calendar (RFC 5545, made in the worker; models/exports)
    done/<id>.json      the completion marker, written last
    summary.csv         one row per athlete of the squad (SUMMARY_COLUMNS)
    errors.csv          athlete, stage, message - everything a coach has to look at
    plans.parquet       all plan tables in one (the researcher's entry point)

With squad sessions also (the squad-wide ones written by models/io/batch_rosters.py):

    units/<unit>.json   the unit's row of groups.csv and its input hash, written before
                        its athletes' markers
    groups.csv          one row per unit; rosters.csv and rosters.xlsx: who attends what

Every file is written through ``models.io.atomic`` (a temporary name in its folder, then
renamed over the final name: ``os.replace`` is atomic). An athlete's marker is written only
after its two tables are durable; it holds the hash of everything that decides the answer
(athlete, rulebook, catalogue, solve parameters, version) and the SHA-256 of both tables.
``complete()`` trusts an athlete only when the marker parses, its input hash is the current
one and both tables still hash to what the marker says, so a run killed at any point (even
by a power cut) leaves at worst an athlete that is recomputed. A unit of squad sessions is
complete when its marker carries the current input hash and every one of its athletes is
complete for that same hash. The squad-wide files are rebuilt from the markers at the end
of every run, so a resumed run reports the whole squad.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel, Field

from models.domain.errors import InputError
from models.domain.plan import PLAN_COLUMNS, Result, typed_plan_frame
from models.io.cells import csv_bytes, csv_text
from models.io.atomic import atomic_file, write_bytes

PLANS, WEEKS, DONE, CALENDARS, UNITS = "athletes", "weeks", "done", "calendars", "units"
# what an interrupted write leaves: models.io.atomic's temporary names, and older runs' ones
LEFTOVER_PATTERNS = (".*.tmp", "*.tmp-*")
SUMMARY_COLUMNS: tuple[str, ...] = (
    "athlete", "name", "status", "weeks", "weeks_solved", "weeks_optimal", "weeks_infeasible",
    "weeks_unknown", "sessions", "objective", "load", "worst_acwr", "wall_time", "message",
)
ERROR_COLUMNS: tuple[str, ...] = ("athlete", "stage", "message")
# statuses beyond the week statuses (models.domain.plan.Status): why an athlete has no plan at all.
# bad_input: the squad row is wrong; error: planning raised (recorded, not retried);
# crashed: its worker died twice or the task could not run (not recorded: --resume retries)
BAD_INPUT, ERROR, CRASHED = "bad_input", "error", "crashed"
PARQUET_ATHLETES = 250  # plan tables read and written at a time (one row group each)
STATUS_ORDER = ("invalid", "infeasible", "unknown", "feasible", "optimal")  # worst first


class AthleteOutcome(BaseModel):
    """One athlete's result of a batch run, as plain data (it crosses process boundaries).

    ``status`` is the worst status of its weeks (invalid > infeasible > unknown > feasible >
    optimal), or bad_input / error / crashed when no plan could be made at all.
    """

    athlete: str
    name: str = ""
    status: str
    weeks: int = 0
    weeks_solved: int = 0
    weeks_optimal: int = 0
    weeks_infeasible: int = 0
    weeks_unknown: int = 0
    sessions: int = 0
    objective: float | None = None   # penalty points summed over the solved weeks
    load: int = 0                    # rpe x minutes over the block
    worst_acwr: float | None = None
    wall_time: float = 0.0           # seconds spent on this athlete in its worker
    message: str = ""
    errors: list[tuple[str, str]] = Field(default_factory=list)  # (stage, message)
    plan_csv: str = ""               # the tables as CSV text (made in the worker), not kept
    weeks_csv: str = ""              # in the marker
    calendar_ics: str = ""           # the calendar, likewise (derived: not hashed)

    def row(self) -> dict[str, Any]:
        data = self.model_dump(exclude={"plan_csv", "weeks_csv", "calendar_ics"})
        return {column: data[column] for column in SUMMARY_COLUMNS}

    def without_tables(self) -> AthleteOutcome:
        """The outcome as kept once its files are written: the tables and the calendar are
        ~50 kB an athlete, which for thousands of athletes is what a run would hold whole."""
        return self.model_copy(update={"plan_csv": "", "weeks_csv": "", "calendar_ics": ""})


def block_outcome(athlete_id: str, name: str, weeks: list[Result], plan: pd.DataFrame,
                  summary: pd.DataFrame) -> AthleteOutcome:
    """The summary row, the errors (one per week without a plan) and both tables of a block."""
    statuses = Counter(r.status.value for r in weeks)
    status = next((s for s in STATUS_ORDER if statuses.get(s)), "optimal")
    values = (pd.to_numeric(summary["acwr"], errors="coerce").dropna()
              if "acwr" in summary.columns else [])
    failed = [r for r in weeks if not r.status.has_plan]
    message = ""
    if failed:
        listed = ", ".join(str(r.week_start) for r in failed[:4])
        message = (f"{len(failed)} of {len(weeks)} weeks without a plan "
                   f"(weeks of {listed}{', ...' if len(failed) > 4 else ''})")
    return AthleteOutcome(
        athlete=athlete_id, name=name, status=status, weeks=len(weeks),
        weeks_solved=len(weeks) - len(failed), weeks_optimal=statuses.get("optimal", 0),
        weeks_infeasible=statuses.get("infeasible", 0), weeks_unknown=statuses.get("unknown", 0),
        sessions=len(plan),
        objective=round(sum(r.objective or 0.0 for r in weeks if r.status.has_plan), 2),
        load=int(plan["load"].sum()) if len(plan) else 0,
        worst_acwr=round(float(values.max()), 3) if len(values) else None,
        message=message,
        errors=[("solve", f"week of {r.week_start}: {r.status.value}"
                          + (f": {r.message}" if r.message else "")) for r in failed],
        plan_csv=_csv(plan), weeks_csv=_csv(summary),
    )


def failed_outcome(athlete_id: str, name: str, status: str, stage: str,
                   message: str) -> AthleteOutcome:
    """An athlete without any plan; its tables are empty (header only)."""
    return AthleteOutcome(athlete=athlete_id, name=name, status=status, message=message,
                          errors=[(stage, message)], plan_csv=",".join(PLAN_COLUMNS) + "\n",
                          weeks_csv="week\n")


def _csv(frame: pd.DataFrame) -> str:
    """CSV text with dates as YYYY-MM-DD, text cells neutralised like every CSV we write."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    return csv_text(frame)


def input_hash(parts: dict[str, Any]) -> str:
    """SHA-256 of the JSON of everything that decides an athlete's answer.

    Keys keep their order: the order of rules and windows decides which of several equally
    good plans CP-SAT returns, so a reordered rulebook is a changed input.
    """
    text = json.dumps(_plain(parts), default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    """Mapping keys as strings (dated exceptions are keyed by date), for JSON."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _slug(name: str) -> str:
    """A unit's name as a file name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80] or "unit"


class BatchDir:
    """The output folder ``root`` of one squad (see the module doc for the layout)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def plan_path(self, athlete_id: str) -> Path:
        return self.root / PLANS / f"{athlete_id}.csv"

    def weeks_path(self, athlete_id: str) -> Path:
        return self.root / WEEKS / f"{athlete_id}.csv"

    def marker_path(self, athlete_id: str) -> Path:
        return self.root / DONE / f"{athlete_id}.json"

    def unit_path(self, name: str) -> Path:
        return self.root / UNITS / f"{_slug(name)}.json"

    def prepare(self, units: bool = False) -> None:
        """Create the folders (``units/`` with squad sessions) and drop temporary files a
        killed run may have left."""
        folders = (PLANS, WEEKS, DONE, CALENDARS, *((UNITS,) if units else ()))
        try:
            for name in folders:
                (self.root / name).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(f"cannot create the output folder: {error.strerror or error}",
                             file=str(self.root), field="--out") from None
        for folder in (self.root, *(self.root / n for n in folders)):
            for pattern in LEFTOVER_PATTERNS:
                for leftover in folder.glob(pattern):
                    leftover.unlink(missing_ok=True)

    def complete(self, athlete_id: str, digest: str) -> AthleteOutcome | None:
        """The recorded outcome when the athlete is complete for this input, else None."""
        try:
            marker = json.loads(self.marker_path(athlete_id).read_text(encoding="utf-8"))
            if marker.get("input_hash") != digest:
                return None
            for path, expected in ((self.plan_path(athlete_id), marker["plan_sha256"]),
                                   (self.weeks_path(athlete_id), marker["weeks_sha256"])):
                if _sha(path.read_bytes()) != expected:
                    return None
            return AthleteOutcome.model_validate(marker["outcome"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, outcome: AthleteOutcome, digest: str) -> None:
        """Both tables, then the marker: the marker's presence means the tables are whole."""
        marker_path = self.marker_path(outcome.athlete)
        marker_path.unlink(missing_ok=True)  # the old tables are about to be replaced
        plan, weeks = outcome.plan_csv.encode("utf-8"), outcome.weeks_csv.encode("utf-8")
        write_bytes(self.plan_path(outcome.athlete), plan)
        write_bytes(self.weeks_path(outcome.athlete), weeks)
        calendar_path = self.root / CALENDARS / f"{outcome.athlete}.ics"
        if outcome.calendar_ics:
            write_bytes(calendar_path, outcome.calendar_ics.encode("utf-8"))
        else:
            calendar_path.unlink(missing_ok=True)  # no plan now: no stale calendar either
        marker = {
            "athlete": outcome.athlete, "input_hash": digest,
            "plan_sha256": _sha(plan), "weeks_sha256": _sha(weeks),
            "outcome": outcome.model_dump(exclude={"plan_csv", "weeks_csv", "calendar_ics"}),
        }
        write_bytes(marker_path, json.dumps(marker, indent=1).encode("utf-8"))

    def unit_complete(self, name: str, athlete_ids: list[str],
                      digest: str) -> tuple[dict[str, Any], list[AthleteOutcome]] | None:
        """The unit's recorded row and its athletes' outcomes when the whole unit is complete
        for this input, else None (then the whole unit is planned again)."""
        try:
            row = json.loads(self.unit_path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(row, dict) or row.get("digest") != digest or row.get("unit") != name:
            return None
        found = [self.complete(a, digest) for a in athlete_ids]
        if any(o is None for o in found):
            return None
        return row, found

    def write_unit(self, row: dict[str, Any], digest: str) -> dict[str, Any]:
        """The unit's row with its input hash, before its athletes (who make it complete)."""
        row = {**row, "digest": digest}
        write_bytes(self.unit_path(row["unit"]), json.dumps(row, indent=1).encode("utf-8"))
        return row

    def read_plans(self, athlete_ids: list[str]) -> pd.DataFrame | None:
        """These athletes' plan tables as one (text cells), in order; None for no athlete."""
        texts = [self.plan_path(a).read_text(encoding="utf-8") for a in athlete_ids]
        return _read_csv_texts(texts) if texts else None

    def finish(self, outcomes: list[AthleteOutcome]) -> None:
        """summary.csv, errors.csv and plans.parquet for these athletes, in this order."""
        summary = pd.DataFrame([o.row() for o in outcomes], columns=list(SUMMARY_COLUMNS))
        errors = pd.DataFrame(
            [{"athlete": o.athlete, "stage": stage, "message": message}
             for o in outcomes for stage, message in o.errors],
            columns=list(ERROR_COLUMNS),
        )
        write_bytes(self.root / "summary.csv", csv_bytes(summary))
        write_bytes(self.root / "errors.csv", csv_bytes(errors))
        self.write_plans_parquet([o.athlete for o in outcomes
                                  if o.status not in (BAD_INPUT, CRASHED)])

    def write_plans_parquet(self, athlete_ids: list[str]) -> None:
        """plans.parquet: these athletes' plan tables, in order, as one table.

        Written PARQUET_ATHLETES athletes at a time (one row group each), so that memory
        stays flat however large the squad: the whole squad's table as pandas text cells
        was ~60 kB an athlete, 300 MB for 5,000. Read back, it is the same table as one
        frame written at once.
        """
        columns = self._plan_columns(athlete_ids)
        with atomic_file(self.root / "plans.parquet") as stream:
            writer = None
            for first in range(0, len(athlete_ids), PARQUET_ATHLETES):
                plans = self.read_plans(athlete_ids[first:first + PARQUET_ATHLETES])
                if plans is None or plans.empty:
                    continue  # an empty part would give its text columns no type
                table = pa.Table.from_pandas(_typed(plans.reindex(columns=columns)),
                                             preserve_index=False)
                if writer is None:
                    writer = pq.ParquetWriter(stream, table.schema)
                writer.write_table(table.cast(writer.schema))
            if writer is None:  # no athlete has a session: the header-only table
                empty = pd.DataFrame(columns=columns or list(PLAN_COLUMNS))
                _typed(empty).to_parquet(stream, index=False)
            else:
                writer.close()

    def _plan_columns(self, athlete_ids: list[str]) -> list[str]:
        """The columns of these athletes' plan tables together, in order of appearance
        (what reading them all at once would give), from their header lines only."""
        columns: dict[str, None] = {}
        seen: set[str] = set()
        for athlete_id in athlete_ids:
            with self.plan_path(athlete_id).open(encoding="utf-8", newline="") as handle:
                header = handle.readline().rstrip("\r\n")
            if header not in seen:
                seen.add(header)
                columns.update(dict.fromkeys(next(csv.reader([header]), [])))
        return list(columns)


def _read_csv_texts(texts: list[str]) -> pd.DataFrame:
    """Many CSV texts as one table, in order, with one parse per run of equal header lines.

    A read_csv per athlete was ~1 ms each: half a second of a 500-athlete batch's end, when
    nothing else runs. Athletes share the header unless the squad columns differ.
    """
    frames, header, bodies = [], None, []

    def flush() -> None:
        if header is not None:
            text = header + "\n" + "".join(bodies)
            frames.append(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False))

    for text in texts:
        first, _, body = text.partition("\n")
        if first != header:
            flush()
            header, bodies = first, []
        bodies.append(body if not body or body.endswith("\n") else body + "\n")
    flush()
    return pd.concat(frames, ignore_index=True)


def _typed(plans: pd.DataFrame) -> pd.DataFrame:
    """The plan table with its contract dtypes; extra columns (phase, ...) kept after them."""
    extra = [c for c in plans.columns if c not in PLAN_COLUMNS]
    plans = plans.copy()
    plans["hard"] = plans["hard"].map(lambda v: str(v).strip().lower() in ("true", "1"))
    typed = typed_plan_frame(plans[list(PLAN_COLUMNS)])
    for column in extra:
        typed[column] = plans[column].astype(str).to_numpy()
    return typed
