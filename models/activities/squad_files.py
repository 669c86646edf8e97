"""The files of `weekplan batch --activities` in the batch folder (beside the block plans):

    compliance/<id>.csv            one athlete's compliance table (docs/formats.md)
    compliance/<id>.weekly.csv     their weekly planned vs actual
    replanned/<id>.csv             their plan re-solved from today (plan table)
    replan_done/<id>.json          their re-plan's completion marker, written last
    compliance.csv                 every athlete's compliance rows, one table
    compliance.weekly.csv          every athlete's weekly rows
    compliance.problems.csv        activity files not read (file, problem), every athlete

A re-plan runs in a batch worker and comes back as a ``ReplanOutcome``: its tables already
rendered as CSV text (through models/io/cells.py), so the parent only writes bytes. Its
marker holds the hash of everything that decides it (the athlete, rules, solve settings,
today, the block plan's bytes and the activity folder's file names, sizes and modification
times) and the SHA-256 of the tables, so ``--resume`` skips a re-plan only while both are
unchanged. The squad-wide tables are rebuilt from the athletes' files at the end of every
run. The block plans in athletes/ stay as planned, so a later --resume still recognises them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, Field

from models.activities.compliance import COMPLIANCE_COLUMNS, WEEKLY_COLUMNS, Compliance
from models.activities.problems import ReadProblem
from models.activities.table import write_problems
from models.block.replan_result import Replan
from models.domain.errors import InputError
from models.io.atomic import write_bytes
from models.io.batch_folder import LEFTOVER_PATTERNS
from models.io.cells import csv_text

COMPLIANCE, REPLANNED, REPLAN_DONE = "compliance", "replanned", "replan_done"
# what became of an athlete's re-plan; crashed (its worker died twice) is not marked complete
REPLANNED_OK, REPLAN_FAILED, REPLAN_CRASHED = "replanned", "failed", "crashed"


def athlete_folders(root: Path | str) -> dict[str, Path]:
    """athlete id -> their activities folder (one folder per athlete id under ``root``)."""
    root = Path(root)
    if not root.is_dir():
        raise InputError("is not a folder; give one folder per athlete id inside it",
                         file=str(root), field="--activities")
    return {p.name: p for p in sorted(root.iterdir()) if p.is_dir()}


def activities_fingerprint(folder: Path | str) -> list[tuple[str, int, int]]:
    """(relative path, size, modification time) of every file under ``folder``: cheap to
    take for thousands of athletes, and it changes when a file is added, removed or
    rewritten."""
    folder = Path(folder)
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        found.append((path.relative_to(folder).as_posix(), stat.st_size, stat.st_mtime_ns))
    return found


class ReplanOutcome(BaseModel):
    """One athlete's re-plan from their activities, as plain data (it crosses processes)."""

    athlete: str
    status: str                      # replanned, failed or crashed
    why: str = ""                    # for failed and crashed: one line
    weeks: int = 0                   # weeks re-solved (the progress bar's measure)
    judged: bool = False             # the compliance tables exist (they join the squad's)
    rows: int = 0                    # compliance rows
    problems: list[tuple[str, str]] = Field(default_factory=list)  # (file, problem)
    compliance_csv: str = ""         # the three tables as CSV text, not kept in the marker
    weekly_csv: str = ""
    replanned_csv: str = ""

    def read_problems(self) -> list[ReadProblem]:
        return [ReadProblem(file, problem) for file, problem in self.problems]


def replan_outcome(compliance: Compliance, problems: list[ReadProblem],
                   result: Replan) -> ReplanOutcome:
    """A made re-plan with its tables rendered; failed when a week has no plan."""
    unsolved = result.unsolved
    why = (f"week of {unsolved[0].week_start}: {unsolved[0].status.value}" if unsolved else "")
    return ReplanOutcome(
        athlete=compliance.athlete_id, status=REPLAN_FAILED if unsolved else REPLANNED_OK,
        why=why, weeks=len(result.weeks), judged=True, rows=len(compliance.rows),
        problems=[(p.file, p.problem) for p in problems],
        compliance_csv=csv_text(compliance.frame()), weekly_csv=csv_text(compliance.weekly()),
        replanned_csv=csv_text(result.frame()))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ReplanFolder:
    """The re-plan files of the batch folder ``root`` (see the module doc)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def tables(self, athlete_id: str) -> tuple[Path, Path, Path]:
        """compliance, weekly and re-plan table of an athlete."""
        return (self.root / COMPLIANCE / f"{athlete_id}.csv",
                self.root / COMPLIANCE / f"{athlete_id}.weekly.csv",
                self.root / REPLANNED / f"{athlete_id}.csv")

    def marker_path(self, athlete_id: str) -> Path:
        return self.root / REPLAN_DONE / f"{athlete_id}.json"

    def prepare(self) -> None:
        """Create the folders and drop temporary files a killed run may have left."""
        for name in (COMPLIANCE, REPLANNED, REPLAN_DONE):
            folder = self.root / name
            folder.mkdir(parents=True, exist_ok=True)
            for pattern in LEFTOVER_PATTERNS:
                for leftover in folder.glob(pattern):
                    leftover.unlink(missing_ok=True)

    def inputs_of(self, plan: Path, activities: Path) -> dict | None:
        """What a re-plan starts from, for its input hash: the block plan's SHA-256 and the
        activity folder's fingerprint; None when there is no block plan."""
        try:
            plan_sha = _sha(plan.read_bytes())
        except OSError:
            return None
        return {"plan_sha256": plan_sha, "activities": activities_fingerprint(activities)}

    def complete(self, athlete_id: str, digest: str) -> ReplanOutcome | None:
        """The recorded outcome when the re-plan is complete for this input, else None."""
        try:
            marker = json.loads(self.marker_path(athlete_id).read_text(encoding="utf-8"))
            if marker.get("input_hash") != digest:
                return None
            for path, expected in zip(self.tables(athlete_id), marker["tables_sha256"]):
                if expected is not None and _sha(path.read_bytes()) != expected:
                    return None
            return ReplanOutcome.model_validate(marker["outcome"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, outcome: ReplanOutcome, digest: str) -> None:
        """The three tables (or none, when nothing was judged), then the marker."""
        marker_path = self.marker_path(outcome.athlete)
        marker_path.unlink(missing_ok=True)
        texts = ((outcome.compliance_csv, outcome.weekly_csv, outcome.replanned_csv)
                 if outcome.judged else (None, None, None))
        hashes = []
        for path, text in zip(self.tables(outcome.athlete), texts):
            if text is None:
                path.unlink(missing_ok=True)  # no stale tables of an earlier run
                hashes.append(None)
                continue
            data = text.encode("utf-8")
            write_bytes(path, data)
            hashes.append(_sha(data))
        marker = {"athlete": outcome.athlete, "input_hash": digest, "tables_sha256": hashes,
                  "outcome": outcome.model_dump(
                      exclude={"compliance_csv", "weekly_csv", "replanned_csv"})}
        write_bytes(marker_path, json.dumps(marker, indent=1).encode("utf-8"))

    def write_squad(self, outcomes: list[ReplanOutcome]) -> Path:
        """compliance.csv, compliance.weekly.csv and compliance.problems.csv of these
        athletes, in this order, from their files; the compliance table's path."""
        judged = [o.athlete for o in outcomes if o.judged and o.rows]
        compliance = [self.tables(a)[0].read_text(encoding="utf-8") for a in judged]
        weekly = [self.tables(a)[1].read_text(encoding="utf-8") for a in judged]
        path = self.root / "compliance.csv"
        write_bytes(path, _joined(compliance, COMPLIANCE_COLUMNS).encode("utf-8"))
        write_bytes(self.root / "compliance.weekly.csv",
                    _joined(weekly, WEEKLY_COLUMNS).encode("utf-8"))
        write_problems(path, [p for o in outcomes if o.judged for p in o.read_problems()])
        return path


def _joined(texts: list[str], columns: tuple[str, ...]) -> str:
    """CSV texts of one header as one table: the first header, then every body in order."""
    if not texts:
        return csv_text(pd.DataFrame(columns=list(columns)))
    header, _, _ = texts[0].partition("\n")
    bodies = [text.partition("\n")[2] for text in texts]
    return header + "\n" + "".join(b if not b or b.endswith("\n") else b + "\n" for b in bodies)
