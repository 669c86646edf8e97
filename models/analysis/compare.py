"""Two sets of schedules side by side, in the researcher's metrics (pure pandas).

Each side is a plan table (any number of athletes), its weekly metrics (models/analysis/metrics.py)
and, optionally, its audit per athlete (hard violations, soft penalty per rule). The
comparison is a long table - one row per (athlete or ALL, metric) with the values of A and
B, B - A and the relative change - which is what ``weekplan compare --out`` writes and what
a notebook pivots or plots.

What a coach reads first gets its own metrics too: mean weekly running minutes (the race
left out), the low-intensity share of the running minutes, the share of runs that are jogs
and the number of hill, sprint and tempo sessions. Running minutes and their share are
``weekly_running``'s (models/analysis/metrics_running.py), averaged over the weeks.

Same-day order (docs/rules.md conflict C1) gets its own metrics because it is where the 001 and
002 readings differ: on each day holding strength and a run, strength is *first* (it ends
before every run of the day starts), *after* (it starts after every run has ended) or
*between* runs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from models.domain.athlete import Athlete
from models.audit.week import AuditReport
from models.audit.table import audit_athlete
from models.domain.catalogue import Catalogue
from models.analysis.metrics import weekly_metrics
from models.analysis.metrics_running import HIGH_INTENSITY, LOW_INTENSITY, weekly_running
from models.domain.rules import Rulebook

ALL = "ALL"
COMPARISON_COLUMNS = ("athlete_id", "metric", "a", "b", "diff", "rel_diff")

# metric -> how the overall (ALL) value aggregates the athletes' values
AGGREGATE: dict[str, str] = {
    "weeks": "sum", "sessions": "sum", "weekly_load": "mean", "monotony": "mean",
    "strain": "mean", "acwr_mean": "mean", "acwr_max": "max", "run_minutes": "mean",
    "low_share": "mean", "jog_share": "mean", "hill_sessions": "sum", "sprint_sessions": "sum",
    "tempo_sessions": "sum", "strength_sessions": "sum",
    "strength_per_week": "mean", "hard_runs": "sum", "hill_sprint_weeks": "sum",
    "hike_minutes": "sum", "shared_days": "sum", "strength_first_days": "sum",
    "strength_after_days": "sum", "strength_between_days": "sum",
    "strength_hard_days": "sum", "hard_violations": "sum", "soft_penalty": "sum",
    "unplanned_weeks": "sum",
}
PENALTY_PREFIX = "penalty:"
DESCRIPTIONS: dict[str, str] = {
    "weekly_load": "mean weekly load (RPE x min)",
    "monotony": "mean weekly monotony",
    "strain": "mean weekly strain",
    "acwr_mean": "mean ACWR",
    "acwr_max": "highest ACWR",
    "run_minutes": "mean weekly running minutes",
    "low_share": "low-intensity share of running minutes (mean of weeks)",
    "jog_share": "share of runs that are jogs",
    "hill_sessions": "hill sessions",
    "sprint_sessions": "sprint sessions",
    "tempo_sessions": "tempo sessions",
    "strength_sessions": "strength sessions",
    "hill_sprint_weeks": "weeks with a hill or sprint session",
    "hike_minutes": "hiking minutes",
    "shared_days": "days with strength and a run",
    "strength_first_days": "shared days with strength before the run(s)",
    "strength_after_days": "shared days with strength after the run(s)",
    "strength_between_days": "shared days with strength between runs",
    "strength_hard_days": "days with strength and a hard run",
    "hard_violations": "hard-rule findings (audit)",
    "unplanned_weeks": "weeks without a plan (infeasible or unsolved)",
    "soft_penalty": "soft penalty (points)",
}


def _minutes(text: str) -> int:
    hours, minutes = str(text).split(":")
    return int(hours) * 60 + int(minutes)


def same_day_order(plan: pd.DataFrame) -> pd.DataFrame:
    """Per date holding strength and a run: 'first', 'after' or 'between', and hard_run."""
    running = {"easy", "jog", "long", "tempo", "hill", "sprint"}
    rows = []
    for (athlete, day), group in plan.groupby(["athlete_id", "date"], sort=True):
        strength = group[group["session"] == "strength"]
        runs = group[group["session"].isin(running)]
        if strength.empty or runs.empty:
            continue
        s_start = min(_minutes(v) for v in strength["start"])
        s_end = max(_minutes(v) for v in strength["end"])
        if all(_minutes(v) >= s_end for v in runs["start"]):
            order = "first"
        elif all(_minutes(v) <= s_start for v in runs["end"]):
            order = "after"
        else:
            order = "between"
        rows.append({"athlete_id": athlete, "date": day, "order": order,
                     "hard_run": bool(runs["hard"].any())})
    return pd.DataFrame(rows, columns=["athlete_id", "date", "order", "hard_run"])


def athlete_metrics(plan: pd.DataFrame, weekly: pd.DataFrame,
                    audits: Mapping[str, AuditReport] | None = None) -> pd.DataFrame:
    """One row per athlete (index athlete_id), one column per metric.

    ``plan`` is a typed plan table, ``weekly`` the weekly metrics (athlete_id, week_start,
    load, monotony, strain, acwr). Audit-based columns are NaN for athletes without an audit.
    """
    athletes = sorted(set(plan["athlete_id"]) | set(weekly["athlete_id"]))
    order = same_day_order(plan)
    running = weekly_running(plan) if len(plan) else pd.DataFrame(
        columns=["athlete_id", "week_start", "run_min", "low_share"])
    rows = {}
    for athlete in athletes:
        p = plan[plan["athlete_id"] == athlete]
        w = weekly[weekly["athlete_id"] == athlete]
        weeks = len(w)
        strength = int((p["session"] == "strength").sum())
        runs = p[p["session"].isin(LOW_INTENSITY + HIGH_INTENSITY)]
        r = running[running["athlete_id"] == athlete] if "athlete_id" in running else running
        hill_weeks = p[p["session"].isin(["hill", "sprint"])]["week_start"].nunique()
        o = order[order["athlete_id"] == athlete]
        row = {
            "weeks": weeks,
            "sessions": len(p),
            "weekly_load": float(w["load"].mean()) if weeks else math.nan,
            "monotony": float(pd.to_numeric(w["monotony"], errors="coerce").mean()),
            "strain": float(pd.to_numeric(w["strain"], errors="coerce").mean()),
            "acwr_mean": float(pd.to_numeric(w["acwr"], errors="coerce").mean()),
            "acwr_max": float(pd.to_numeric(w["acwr"], errors="coerce").max()),
            "run_minutes": float(pd.to_numeric(r["run_min"]).mean()),
            "low_share": float(pd.to_numeric(r["low_share"], errors="coerce").mean()),
            "jog_share": float((runs["session"] == "jog").mean()) if len(runs) else math.nan,
            "hill_sessions": int((p["session"] == "hill").sum()),
            "sprint_sessions": int((p["session"] == "sprint").sum()),
            "tempo_sessions": int((p["session"] == "tempo").sum()),
            "strength_sessions": strength,
            "strength_per_week": strength / weeks if weeks else math.nan,
            "hard_runs": int(p["hard"].sum()),
            "hill_sprint_weeks": int(hill_weeks),
            "hike_minutes": int(p.loc[p["session"] == "hike", "minutes"].sum()),
            "shared_days": len(o),
            "strength_first_days": int((o["order"] == "first").sum()),
            "strength_after_days": int((o["order"] == "after").sum()),
            "strength_between_days": int((o["order"] == "between").sum()),
            "strength_hard_days": int(o["hard_run"].sum()),
        }
        audit = (audits or {}).get(athlete)
        if audit is not None:
            row["hard_violations"] = len(audit.hard_findings)
            row["soft_penalty"] = audit.total_penalty
            for rule, points in audit.penalty_by_rule().items():
                row[PENALTY_PREFIX + rule] = points
        else:
            row["hard_violations"] = row["soft_penalty"] = math.nan
        rows[athlete] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "athlete_id"
    return frame


def _overall(table: pd.DataFrame) -> pd.Series:
    values = {}
    for column in table.columns:
        how = AGGREGATE.get(column, "sum" if column.startswith(PENALTY_PREFIX) else "mean")
        series = pd.to_numeric(table[column], errors="coerce")
        if series.notna().any():
            values[column] = getattr(series, how)()
        else:
            values[column] = math.nan
    return pd.Series(values, name=ALL)


def compare(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """The long comparison of two athlete_metrics tables: per athlete and ALL, per metric.

    Penalty columns missing on one side (a rule that cost nothing there, or is off) count as
    0 when that side was audited. Athletes present on one side only keep NaN on the other.
    """
    a, b = a.copy(), b.copy()
    for table, other in ((a, b), (b, a)):
        for column in other.columns:
            if column not in table.columns:
                audited = table["hard_violations"].notna() if "hard_violations" in table \
                    else pd.Series(False, index=table.index)
                table[column] = 0.0 if column.startswith(PENALTY_PREFIX) else math.nan
                if column.startswith(PENALTY_PREFIX):
                    table.loc[~audited, column] = math.nan
    columns = [c for c in a.columns if not c.startswith(PENALTY_PREFIX)]
    columns += sorted(c for c in a.columns if c.startswith(PENALTY_PREFIX))
    a, b = a[columns], b.reindex(columns=columns)
    athletes = sorted(set(a.index) | set(b.index))
    a, b = a.reindex(athletes), b.reindex(athletes)
    a.loc[ALL], b.loc[ALL] = _overall(a.loc[athletes]), _overall(b.loc[athletes])
    rows = []
    for athlete in [ALL, *athletes]:
        for metric in columns:
            va, vb = float(a.at[athlete, metric]), float(b.at[athlete, metric])
            diff = vb - va
            rel = diff / abs(va) if va and not math.isnan(va) else (
                math.nan if diff == 0 or math.isnan(diff) else math.copysign(math.inf, diff))
            rows.append((athlete, metric, va, vb, diff, rel))
    return pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))


def largest_differences(comparison: pd.DataFrame, n: int = 6) -> pd.DataFrame:
    """The overall metrics that changed most (relative change, then absolute)."""
    overall = comparison[(comparison["athlete_id"] == ALL) & (comparison["diff"].abs() > 1e-9)]
    overall = overall.assign(
        magnitude=overall["rel_diff"].abs().fillna(0.0).replace(math.inf, 1e9),
        size=overall["diff"].abs())
    return overall.sort_values(["magnitude", "size"], ascending=False).head(n) \
        .drop(columns=["magnitude", "size"])


def describe(metric: str) -> str:
    if metric.startswith(PENALTY_PREFIX):
        return f"{metric[len(PENALTY_PREFIX):]} penalty (points)"
    return DESCRIPTIONS.get(metric, metric.replace("_", " "))


def summary_lines(comparison: pd.DataFrame, label_a: str = "A", label_b: str = "B",
                  n: int = 6) -> list[str]:
    """A few sentences: the largest overall differences and the athletes that moved most."""
    lines = []
    top = largest_differences(comparison, n)
    if top.empty:
        return [f"{label_a} and {label_b} do not differ in any metric."]
    lines.append(f"Largest differences ({label_b} vs {label_a}, all athletes):")
    for row in top.itertuples():
        change = "" if math.isnan(row.rel_diff) or math.isinf(row.rel_diff) \
            else f" ({row.rel_diff:+.0%})"
        lines.append(f"  {describe(row.metric)}: {_num(row.a)} -> {_num(row.b)}{change}")
    per_athlete = comparison[(comparison["athlete_id"] != ALL)
                             & comparison["metric"].isin(top["metric"])
                             & (comparison["diff"].abs() > 1e-9)]
    if len(per_athlete):
        counts = per_athlete.groupby("athlete_id").size().sort_values(ascending=False)
        movers = ", ".join(f"{a} ({k})" for a, k in counts.head(5).items())
        lines.append(f"Athletes differing in most of these: {movers}")
    return lines


def _num(value: float) -> str:
    if value is None or math.isnan(value):
        return "-"
    return f"{value:.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:.2f}"


def side_metrics(plan: pd.DataFrame, profiles: Mapping[str, Athlete], rulebook: Rulebook,
                 catalogue: Catalogue, summary: pd.DataFrame | None = None) -> pd.DataFrame:
    """athlete_metrics of one side: weekly metrics of its plan and, for athletes with a
    profile, its audit under ``rulebook`` (the rulebook that side was planned with).

    A batch ``summary`` (weeks, weeks_solved per athlete) adds ``unplanned_weeks``: weeks
    the solver found no plan for, which the audit sees as empty weeks (missing sessions).
    """
    weekly = weekly_metrics(plan) if len(plan) else pd.DataFrame(
        columns=["athlete_id", "week_start", "load", "monotony", "strain", "acwr"])
    audits = {athlete_id: audit_athlete(plan, profiles[athlete_id], rulebook, catalogue)
              for athlete_id in plan["athlete_id"].unique() if athlete_id in profiles}
    table = athlete_metrics(plan, weekly, audits)
    if summary is not None and {"athlete", "weeks", "weeks_solved"} <= set(summary.columns):
        rows = summary.assign(athlete=summary["athlete"].astype(str)).set_index("athlete")
        missing = (pd.to_numeric(rows["weeks"], errors="coerce")
                   - pd.to_numeric(rows["weeks_solved"], errors="coerce"))
        table["unplanned_weeks"] = missing.reindex(table.index)
    return table
