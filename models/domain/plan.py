"""Sessions, week plans and solver results, and the plan table of docs/formats.md."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from datetime import date as Date
from enum import Enum

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from models.domain.clock import WEEKDAY_TITLES, format_hhmm, monday_of

PLAN_COLUMNS: tuple[str, ...] = (
    "athlete_id", "week_start", "date", "weekday", "session", "start", "end",
    "minutes", "rpe", "load", "hard", "details",
)
# Optional columns of squad plans: the group session a session attends and the
# facility it uses ("" when none). Added after PLAN_COLUMNS only when asked for or used, so
# the contract of every other plan table is unchanged.
SQUAD_COLUMNS: tuple[str, ...] = ("group_session", "facility")


class Session(BaseModel):
    """One scheduled session; times are local minutes after midnight of ``date``."""

    model_config = ConfigDict(frozen=True)

    date: Date
    type: str
    start: int = Field(ge=0, le=24 * 60)
    minutes: int = Field(ge=0, le=24 * 60)
    rpe: int = Field(ge=0, le=10)
    running: bool
    hard: bool
    details: str = ""
    group_session: str = ""  # id of the group session it attends (squad plans)
    facility: str = ""       # id of the facility it uses (squad plans)

    @property
    def end(self) -> int:
        return self.start + self.minutes

    @property
    def load(self) -> int:
        return self.rpe * self.minutes

    @property
    def hard_run(self) -> bool:
        return self.running and self.hard

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.date, datetime.min.time()) + timedelta(minutes=self.start)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    def describe(self) -> str:
        return f"{WEEKDAY_TITLES[self.date.weekday()]} {self.type} {format_hhmm(self.start)}"


class WeekPlan(BaseModel):
    athlete_id: str
    week_start: date
    sessions: list[Session] = Field(default_factory=list)

    def on(self, day: date) -> list[Session]:
        return [s for s in self.sessions if s.date == day]


class Status(str, Enum):
    optimal = "optimal"
    feasible = "feasible"      # time limit hit; best plan found, optimality not proven
    infeasible = "infeasible"  # the hard rules cannot all hold
    unknown = "unknown"        # time limit hit before any plan was found
    invalid = "invalid"        # the model itself was rejected (a bug or an absurd input)

    @property
    def has_plan(self) -> bool:
        return self in (Status.optimal, Status.feasible)


class PenaltyItem(BaseModel):
    """One violated soft term: which rule, which day (None = the whole week), how much."""

    rule_id: str
    date: Date | None = None
    violations: int = 1
    penalty: float
    detail: str = ""


class Result(BaseModel):
    athlete_id: str
    week_start: date
    status: Status
    objective: float | None = None   # penalty points of the plan (None without a plan)
    best_bound: float | None = None  # proven lower bound on the penalty
    wall_time: float = 0.0           # seconds: build + solve
    build_time: float = 0.0
    solve_time: float = 0.0
    plan: WeekPlan | None = None
    breakdown: list[PenaltyItem] = Field(default_factory=list)
    message: str = ""

    def penalty_by_rule(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for item in self.breakdown:
            totals[item.rule_id] = round(totals.get(item.rule_id, 0.0) + item.penalty, 2)
        return totals

    def to_frame(self) -> pd.DataFrame:
        sessions = self.plan.sessions if self.plan else []
        return sessions_frame(self.athlete_id, sessions)


def sessions_frame(athlete_id: str, sessions: list[Session],
                   squad_columns: bool | None = None) -> pd.DataFrame:
    """The plan table (docs/formats.md columns, in order, with their dtypes) of some sessions.

    ``squad_columns``: add SQUAD_COLUMNS after them - True always, None (default) only when
    some session attends a group session or uses a facility, False never.
    """
    ordered = sorted(sessions, key=lambda s: (s.date, s.start))
    rows = [
        {
            "athlete_id": athlete_id,
            "week_start": monday_of(s.date),
            "date": s.date,
            "weekday": WEEKDAY_TITLES[s.date.weekday()],
            "session": s.type,
            "start": format_hhmm(s.start),
            "end": format_hhmm(s.end),
            "minutes": s.minutes,
            "rpe": s.rpe,
            "load": s.load,
            "hard": s.hard_run,
            "details": s.details,
        }
        for s in ordered
    ]
    frame = typed_plan_frame(pd.DataFrame(rows, columns=list(PLAN_COLUMNS)))
    if squad_columns is None:
        squad_columns = any(s.group_session or s.facility for s in ordered)
    if squad_columns:
        for column in SQUAD_COLUMNS:
            frame[column] = pd.Series([getattr(s, column) for s in ordered],
                                      index=frame.index, dtype=object).astype(str)
    return frame


def typed_plan_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a plan table its contract dtypes (dates as datetime64, ints, bools, strings)."""
    frame = frame.copy()
    for column in ("week_start", "date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    for column in ("minutes", "rpe", "load"):
        frame[column] = frame[column].astype("int64")
    frame["hard"] = frame["hard"].astype(bool)
    for column in ("athlete_id", "weekday", "session", "start", "end", "details"):
        frame[column] = frame[column].fillna("").astype(str)
    return frame[list(PLAN_COLUMNS)]
