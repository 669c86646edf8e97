"""Gather what the HTML report shows: plans, weekly metrics, audits, batch status.

Plans come from a plan file or a batch folder (models/io/plan_sources.py); athlete profiles,
needed for the rule audit (availability, targets), from --athlete or --squad, or from a
``squad.yaml`` the batch folder may hold. Athletes without a profile are still reported -
calendar and load chart - with their compliance marked "not checked".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import pandas as pd

from models.domain.athlete import Athlete
from models.audit.table import audit_athlete
from models.domain.catalogue import Catalogue, default_catalogue
from models.io.atomic import write_text
from models.analysis.metrics import weekly_metrics
from models.analysis.metrics_running import weekly_running
from models.block.phases import block_weeks
from models.io.plan_sources import PlanSource, load_plans
from models.report.html_completed import read_completed
from models.report.html import AthleteReport, render
from models.domain.rules import Rulebook
from models.domain.week import default_targets


def _facts(athlete: Athlete | None, plan: pd.DataFrame) -> dict[str, str]:
    facts = {}
    if len(plan):
        first, last = plan["date"].min(), plan["date"].max()
        facts["plan"] = f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"
    if athlete is not None:
        facts["level"] = athlete.level.value
        facts["time zone"] = athlete.timezone
        if athlete.race is not None:
            facts["race"] = f"{athlete.race.date} ({athlete.race.elevation_m} m climb)"
        if athlete.bodyweight_kg:
            low, high = round(athlete.bodyweight_kg * 1.6), round(athlete.bodyweight_kg * 2.2)
            facts["protein"] = f"{low}-{high} g a day"
    return facts


def volume_targets(plan: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                   catalogue: Catalogue) -> dict[pd.Timestamp, int | None]:
    """Monday -> the week's running-minutes target, as the plan was made: a plan of several
    weeks is the athlete's block (P-VOLUME per week), a single week an ordinary week - the
    same choice the rule audit makes (models/audit/table.py)."""
    mondays = sorted(pd.to_datetime(plan["week_start"]).unique())
    if len(mondays) == 1:
        return {pd.Timestamp(mondays[0]):
                default_targets(athlete, rulebook, catalogue).run_minutes}
    return {pd.Timestamp(w.week_start): w.targets.run_minutes
            for w in block_weeks(athlete, rulebook, catalogue)}


def _with_running(weekly: pd.DataFrame, plan: pd.DataFrame,
                  targets: dict[pd.Timestamp, int | None]) -> pd.DataFrame:
    """The athlete's weekly metrics with run_min, low_share and run_min_target added."""
    if not len(weekly):
        return weekly.assign(run_min=pd.Series(dtype="int64"), low_share=pd.Series(
            dtype=float), run_min_target=pd.Series(dtype="Int64"))
    mondays = pd.to_datetime(weekly["week_start"])
    running = weekly_running(plan, mondays.min().date(), mondays.max().date())
    by_week = running.set_index("week_start")
    target = [targets.get(pd.Timestamp(m)) for m in mondays]
    return weekly.assign(
        run_min=by_week["run_min"].reindex(mondays).fillna(0).astype("int64").to_numpy(),
        low_share=by_week["low_share"].reindex(mondays).to_numpy(),
        run_min_target=pd.array(target, dtype="Int64"))


def athlete_reports(source: PlanSource, athletes: Mapping[str, Athlete], rulebook: Rulebook,
                    catalogue: Catalogue) -> list[AthleteReport]:
    """One AthleteReport per athlete of the source (plan order, then summary-only ones)."""
    plan = source.plan
    weekly_all = weekly_metrics(plan) if len(plan) else pd.DataFrame(
        columns=["athlete_id", "week_start", "load", "monotony", "strain", "acwr"])
    reports = []
    for athlete_id in source.athlete_ids:
        rows = plan[plan["athlete_id"] == athlete_id]
        weekly = weekly_all[weekly_all["athlete_id"] == athlete_id].reset_index(drop=True)
        profile = athletes.get(athlete_id)
        notes = []
        audit = None
        targets: dict[pd.Timestamp, int | None] = {}
        if profile is not None and len(rows):
            audit = audit_athlete(plan, profile, rulebook, catalogue)
            targets = volume_targets(rows, profile, rulebook, catalogue)
        elif profile is None and athletes:
            notes.append("no profile for this athlete in the given squad; compliance not checked")
        status = source.status_of(athlete_id)
        if source.errors is not None and len(source.errors):
            mine = source.errors[source.errors["athlete"].astype(str) == athlete_id]
            notes += [f"{row['stage']}: {row['message']}" for row in mine.to_dict("records")]
        if not len(rows):
            notes.append("no plan")
        name = profile.name if profile is not None else ""
        if not name and source.summary is not None and "name" in source.summary:
            match = source.summary[source.summary["athlete"].astype(str) == athlete_id]
            name = str(match["name"].iloc[0]) if len(match) else ""
        completed = read_completed(source.path, athlete_id) if source.is_batch else None
        weekly = _with_running(weekly, rows, targets)
        reports.append(AthleteReport(athlete_id=athlete_id, plan=rows, weekly=weekly,
                                     name=name, audit=audit, status=status, notes=notes,
                                     facts=_facts(profile, rows), completed=completed))
    return reports


def build_report(source_path: Path | str, athletes: Mapping[str, Athlete], rulebook: Rulebook,
                 catalogue: Catalogue | None = None, title: str = "") -> str:
    """The report's HTML for a plan file or batch folder."""
    catalogue = catalogue or default_catalogue()
    source = load_plans(source_path, catalogue)
    reports = athlete_reports(source, athletes, rulebook, catalogue)
    titles = {rule.id: rule.title for rule in rulebook.rules.values()}
    name = title or ("Squad plan report" if len(reports) > 1 or source.is_batch
                     else f"Training plan - {reports[0].title if reports else 'empty'}")
    subtitle = (f"{Path(source_path).name} · rulebook {rulebook.name} · "
                f"made {datetime.now():%Y-%m-%d %H:%M}")
    rosters_csv = Path(source_path) / "rosters.csv"  # a squad-sessions batch
    rosters = (pd.read_csv(rosters_csv, dtype=str, keep_default_na=False)
               if source.is_batch and rosters_csv.is_file() else None)
    return render(reports, name, titles=titles, errors=source.errors, subtitle=subtitle,
                  catalogue=catalogue, rosters=rosters)


def write_report(source_path: Path | str, out: Path | str, athletes: Mapping[str, Athlete],
                 rulebook: Rulebook, catalogue: Catalogue | None = None) -> Path:
    out = Path(out)
    write_text(out, build_report(source_path, athletes, rulebook, catalogue))
    return out
