"""The report's "Planned vs completed" part (batch run with --activities): each judged
session coloured by its compliance band as TrainingPeaks does (green / yellow / red, with
the word too, so it reads in greyscale), unplanned activities in grey, and the weekly
planned vs actual minutes and load."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

BAND_CSS = (".band-green{background:#c6f6d5}.band-yellow{background:#fefcbf}"
            ".band-red{background:#fed7d7}.band-{background:#edf2f7}")
MAX_ROWS = 60


def read_completed(batch_dir: Path | str, athlete_id: str
                   ) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """(compliance rows, weekly rows) of an athlete in a batch folder, None without them."""
    folder = Path(batch_dir) / "compliance"
    rows, weekly = folder / f"{athlete_id}.csv", folder / f"{athlete_id}.weekly.csv"
    if not (rows.is_file() and weekly.is_file()):
        return None
    read = lambda path: pd.read_csv(path, dtype=str, keep_default_na=False)  # noqa: E731
    return read(rows), read(weekly)


def completed_section(rows: pd.DataFrame, weekly: pd.DataFrame) -> str:
    shown = rows.head(MAX_ROWS)
    body = "".join(
        f'<tr class="band-{escape(r.band)}"><td>{escape(r.date)}</td>'
        f'<td>{escape(r.session or "-")}</td><td class="num">{escape(r.planned_minutes)}</td>'
        f'<td>{escape(r.actual_date or "-")} {escape(r.sport)}</td>'
        f'<td class="num">{escape(r.actual_minutes)}</td><td class="num">{escape(r.ratio or "-")}'
        f'</td><td>{escape(r.status)}</td><td>{escape(r.band or "-")}</td></tr>'
        for r in shown.itertuples(index=False))
    weeks = "".join(
        f'<tr><td>{escape(w.week_start)}</td><td class="num">{escape(w.planned_minutes)}</td>'
        f'<td class="num">{escape(w.actual_minutes)}</td>'
        f'<td class="num">{escape(w.planned_load)}</td>'
        f'<td class="num">{escape(w.actual_load)}</td>'
        f'<td class="num">{escape(w.compliance_pct or "-")}</td></tr>'
        for w in weekly.itertuples(index=False))
    more = (f'<p class="meta">... and {len(rows) - len(shown)} more in compliance.csv</p>'
            if len(rows) > len(shown) else "")
    return ('<h3>Planned vs completed</h3><table><thead><tr><th>date</th><th>session</th>'
            '<th class="num">planned min</th><th>done on</th><th class="num">done min</th>'
            '<th class="num">ratio</th><th>status</th><th>band</th></tr></thead>'
            f'<tbody>{body}</tbody></table>{more}'
            '<h3>Weekly planned vs actual load</h3><table><thead><tr><th>week</th>'
            '<th class="num">planned min</th><th class="num">actual min</th>'
            '<th class="num">planned load</th><th class="num">actual load</th>'
            f'<th class="num">compliance %</th></tr></thead><tbody>{weeks}</tbody></table>')
