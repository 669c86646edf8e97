"""A planned block as files: the plan table in the format asked for, and its weekly summary.

The summary (phase, status, sessions, load metrics a week) always goes beside the plan as
``<stem>.summary.csv``, whatever the plan's format, so a coach opening a calendar file still
has the week-by-week overview.
"""

from __future__ import annotations

from pathlib import Path

from models.block.result import BlockResult
from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.exports.plan_writer import write_plan
from models.io.atomic import write_text
from models.io.cells import csv_text


def summary_path_of(plan_path: Path | str) -> Path:
    """Where the weekly summary of a block written to ``plan_path`` goes."""
    plan_path = Path(plan_path)
    return plan_path.with_name(f"{plan_path.stem}.summary.csv")


def write_block(block: BlockResult, path: Path | str, fmt: str | None, athlete: Athlete,
                catalogue: Catalogue) -> tuple[Path, Path]:
    """Write the block's plan to ``path`` (as ``fmt``, else by extension) and its summary
    beside it; (plan path, summary path)."""
    summary = block.summary()
    plan_path = write_plan(block.frame(), path, fmt, athletes={athlete.id: athlete},
                           summary=summary, result=block, catalogue=catalogue)
    summary_path = summary_path_of(plan_path)
    summary["week_start"] = summary["week_start"].dt.strftime("%Y-%m-%d")
    write_text(summary_path, csv_text(summary))
    return plan_path, summary_path
