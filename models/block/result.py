"""A solved block of weeks: each week's Result with its phase and targets, as tables.

Built by ``solver.block.plan.plan_block``; plain data, so a batch runner can pickle it, store
it, and read it back. ``phases[i].targets`` are the targets week i was solved with (hiking
due after the S-HIKE-VOLUME period accounting), which is also what the auditor needs.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from pydantic import BaseModel

from models.domain.catalogue import default_catalogue
from models.domain.details import POST_STRENGTH_NOTE, daily_protein_note
from models.block.load_ramp import load_cap
from models.analysis.metrics import weekly_metrics
from models.analysis.metrics_running import weekly_running
from models.block.phases import PhaseWeek
from models.domain.plan import Result, Session, sessions_frame
from models.domain.week import WeekTargets

SUMMARY_COLUMNS: tuple[str, ...] = (
    "week", "week_start", "phase", "recovery", "status", "objective", "sessions", "minutes",
    "run_min", "run_min_target", "low_share", "load", "planned_load", "load_cap", "monotony",
    "strain", "acwr", "acwr_ewma", "hike_min", "hike_due", "hill_sprint", "protein",
    "post_strength",
)


class BlockResult(BaseModel):
    athlete_id: str
    weeks: list[Result]
    phases: list[PhaseWeek]
    bodyweight_kg: float | None = None
    wall_time: float = 0.0  # seconds, all weeks

    @property
    def sessions(self) -> list[Session]:
        return [s for r in self.weeks if r.plan for s in r.plan.sessions]

    @property
    def targets_by_week(self) -> dict[date, WeekTargets]:
        """Monday -> the targets that week was solved with (for models.audit.week.audit_plan)."""
        return {p.week_start: p.targets for p in self.phases}

    @property
    def unsolved(self) -> list[Result]:
        """Weeks without a plan (infeasible, unknown, invalid), in block order."""
        return [r for r in self.weeks if not r.status.has_plan]

    def status_counts(self) -> dict[str, int]:
        """How many weeks ended in each status, e.g. {'optimal': 11, 'infeasible': 1}."""
        counts: dict[str, int] = {}
        for result in self.weeks:
            counts[result.status.value] = counts.get(result.status.value, 0) + 1
        return counts

    def frame(self) -> pd.DataFrame:
        """The whole block as one plan table (docs/formats.md columns)."""
        return sessions_frame(self.athlete_id, self.sessions)

    def summary(self, frame: pd.DataFrame | None = None) -> pd.DataFrame:
        """One row a week: phase, status, sessions by type, running minutes against their
        target and low-intensity share, load metrics, hiking, nutrition.

        ``frame``: this block's ``frame()`` when the caller has it already (a batch worker
        builds both; building the table twice was 5 % of its time)."""
        frame = self.frame() if frame is None else frame
        catalogue = default_catalogue()
        types = list(catalogue.schedulable)
        types += sorted(set(frame["session"]) - set(types))
        first = self.phases[0].week_start if self.phases else None
        last = self.phases[-1].week_start + timedelta(days=6) if self.phases else None
        metrics = (weekly_metrics(frame, first, last).set_index("week_start")
                   if self.phases else pd.DataFrame())
        if self.phases:
            running = weekly_running(frame, first, last).set_index("week_start")
            metrics = metrics.join(running[["run_min", "low_share"]])
        protein = daily_protein_note(self.bodyweight_kg)
        # one pass over the table (a filter per week costs ~90 ms a block in a batch)
        week_of = frame["week_start"]
        # as dicts: a lookup in a (multi-)indexed Series costs ~25 us, 150 of them a block
        counts = frame.groupby(["week_start", "session"]).size().to_dict()
        minutes = frame.groupby("week_start")["minutes"].sum().to_dict()
        sessions = frame.groupby("week_start").size().to_dict()
        hiked = frame[frame["session"] == "hike"].groupby("week_start")["minutes"].sum().to_dict()
        quality = set(week_of[frame["session"].isin(["hill", "sprint"])])
        by_week = metrics.to_dict("index") if len(metrics) else {}
        rows = []
        for phase, result in zip(self.phases, self.weeks):
            monday = pd.Timestamp(phase.week_start)
            by_type = {t: int(counts.get((monday, t), 0)) for t in types}
            m = by_week[monday]
            rows.append({
                "week": phase.week, "week_start": monday,
                "phase": phase.phase, "recovery": phase.recovery,
                "status": result.status.value, "objective": result.objective,
                "sessions": int(sessions.get(monday, 0)), **by_type,
                "minutes": int(minutes.get(monday, 0)),
                # running minutes (race left out) against P-VOLUME's target (None: no target)
                "run_min": int(m["run_min"]), "run_min_target": phase.targets.run_minutes,
                "low_share": m["low_share"],
                "load": int(m["load"]), "planned_load": phase.planned_load,
                # P-OVERLOAD's cap on the solved week (models/block/load_ramp.py); None: no cap
                "load_cap": load_cap(phase.targets, catalogue),
                "monotony": m["monotony"], "strain": m["strain"], "acwr": m["acwr"],
                "acwr_ewma": m["acwr_ewma"],
                "hike_min": int(hiked.get(monday, 0)),
                "hike_due": phase.targets.hike_minutes,
                "hill_sprint": monday in quality,
                "protein": protein,
                "post_strength": POST_STRENGTH_NOTE if protein and by_type.get("strength")
                else "",
            })
        columns = [*SUMMARY_COLUMNS[:7], *types, *SUMMARY_COLUMNS[7:]]
        table = pd.DataFrame(rows, columns=columns)
        # whole minutes, empty where a week has no target (not 300.0 next to NaN)
        table["run_min_target"] = table["run_min_target"].astype("Int64")
        return table

    @property
    def ok(self) -> bool:
        """True when every week has a plan."""
        return all(r.status.has_plan for r in self.weeks)

