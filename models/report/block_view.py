"""A block for the terminal: the targets table (``weekplan phases``) and the weekly summary
(``weekplan plan``), compact enough for a 100-column terminal. Returns rich renderables.
"""

from __future__ import annotations

import math

import pandas as pd
from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from models.domain.athlete import Athlete
from models.block.result import BlockResult
from models.domain.details import POST_STRENGTH_NOTE, daily_protein_note
from models.block.phases import PhaseWeek

RECOVERY_MARK = "~"  # a recovery (lighter) week, e.g. "base~"
QUALITY = ("tempo", "hill", "sprint")
COMPACT = dict(box=box.SIMPLE_HEAD, padding=0, expand=False)  # fits 80 columns
STATUS_WORDS = {"optimal": "ok", "feasible": "ok*"}  # ok* = time limit, not proven optimal


def _phase(name: str, recovery: bool) -> str:
    return name + (RECOVERY_MARK if recovery else "")


def _number(value, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float) and math.isinf(value):
        return "inf"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def targets_table(athlete: Athlete, weeks: list[PhaseWeek]) -> Group:
    """One row a week: phase, runs, the quality type S-SPECIFICITY asks (a build or peak
    week's key session; none in a recovery week of a flat race), running minutes (P-VOLUME),
    long run, strength, hiking, planned load, notes."""
    table = Table(title=Text(f"{athlete.display_name} - {len(weeks)} weeks from {athlete.start}"),
                  caption=f"{RECOVERY_MARK} recovery week; key = the race's key session; "
                          "bw = bodyweight only; m = maintenance", **COMPACT)
    for name, justify in (("wk", "right"), ("Monday", "left"), ("phase", "left"),
                          ("runs", "right"), ("key", "left"), ("run min", "right"),
                          ("long", "right"), ("strength", "right"), ("hike", "right"),
                          ("load", "right"), ("notes", "left")):
        table.add_column(name, justify=justify)
    for w in weeks:
        t = w.targets
        long = f"{t.long}x{t.minutes.get('long', 0)}'" if t.long else "-"
        strength = str(t.strength) + (" bw" if t.bodyweight_only else "") + (
            " m" if t.maintenance else "")
        table.add_row(str(w.week), f"{w.week_start:%d %b}", _phase(w.phase, w.recovery),
                      str(t.runs), t.key_quality or "-",
                      "-" if t.run_minutes is None else f"{t.run_minutes}'",
                      long, strength, f"{t.hike_minutes}'", str(w.planned_load),
                      "; ".join(w.notes))
    return Group(table)


def _load(load: int, cap) -> str:
    """'2420/2515': the week's load and P-OVERLOAD's cap on it (the load alone without one)."""
    return str(load) if cap is None or pd.isna(cap) else f"{load}/{int(cap)}"


def _run_minutes(minutes: int, target) -> str:
    """'225/240': the week's running minutes and its volume target ('-' without one)."""
    return f"{minutes}/{'-' if target is None or pd.isna(target) else int(target)}"


def _points(value) -> str:
    """'185', '12.5': penalty points without trailing zeros (the column stays narrow)."""
    text = _number(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def block_table(block: BlockResult) -> Group:
    """The weekly summary: status, sessions, running minutes against their target and their
    low-intensity share, load, monotony and strain, hiking, penalty; each week's notes and
    nutrition below.

    It fits an 80-column terminal (and a pipe, which rich renders 80 wide), so the ACWR of
    the summary CSV is left out here: of a planned block it mostly restates the load ramp.
    """
    summary = block.summary()
    table = Table(title=Text(f"{block.athlete_id} - {len(block.weeks)} weeks"), **COMPACT,
                  caption="st status (ok* time limit); runs long/quality/easy; run min/target "
                          "(race not counted); low share of run min; hike done/due min; "
                          "load/cap (P-OVERLOAD); ~ recovery week; pts penalty")
    for name in ("wk", "Monday", "phase", "st", "runs", "run/tgt", "low", "str", "hike",
                 "load/cap", "mono", "strain", "pts"):
        table.add_column(name, no_wrap=True,
                         justify="left" if name in ("Monday", "phase", "st") else "right")
    for row in summary.itertuples(index=False):
        data = row._asdict()
        quality = sum(data.get(t, 0) for t in QUALITY)
        easy = data.get("easy", 0) + data.get("jog", 0)
        status = Text(STATUS_WORDS.get(row.status, row.status),
                      style="" if row.status in STATUS_WORDS else "bold red")
        table.add_row(
            str(row.week), f"{row.week_start:%d %b}", _phase(row.phase, row.recovery), status,
            f"{data.get('long', 0)}/{quality}/{easy}",
            _run_minutes(row.run_min, row.run_min_target), _number(row.low_share),
            str(data.get("strength", 0)),
            f"{row.hike_min}/{row.hike_due}", _load(row.load, row.load_cap),
            _number(row.monotony), _number(row.strain, 0), _points(row.objective),
        )
    lines: list = [table]
    # how each week was planned where it differs from its phase's plan (a ramp cut, the
    # athlete's own strength number, a week planned again after the next one)
    lines += [Text(f"wk {w.week} ({w.week_start:%d %b}): {'; '.join(w.notes)}")
              for w in block.phases if w.notes]
    counts = ", ".join(f"{n} {status}" for status, n in block.status_counts().items())
    lines.append(Text(f"weeks: {counts}; solved in {block.wall_time:.1f} s"))
    note = daily_protein_note(block.bodyweight_kg)
    if note:
        lines.append(Text(f"nutrition: {note}; {POST_STRENGTH_NOTE} each strength session"))
    return Group(*lines)
