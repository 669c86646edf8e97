"""The findings of `weekplan check` as a file: a table a coach filters, or rows a script reads.

By extension: ``.csv`` (one row per finding, the columns of ``AuditReport.to_frame``) or
``.json`` (a list of those rows, dates in ISO form). The path is checked before the audit
runs, so a typo in ``--out`` costs nothing.
"""

from __future__ import annotations

from pathlib import Path

from models.audit.week import AuditReport
from models.io.athlete_file import check_output_path
from models.io.atomic import write_text
from models.io.cells import csv_text


def check_findings_path(path: Path | str) -> Path:
    """``path`` if a findings file can be written there (.csv or .json, existing folder)."""
    return check_output_path(path)


def write_findings(report: AuditReport, path: Path | str) -> Path:
    """Write the report's findings to ``path`` (.csv or .json) in one step."""
    path = check_findings_path(path)
    table = report.to_frame()
    if path.suffix.lower() == ".json":
        text = table.to_json(orient="records", indent=2, date_format="iso")
    else:
        text = csv_text(table)
    write_text(path, text)
    return path
