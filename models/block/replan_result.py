"""A re-plan: the past as it happened, the weeks re-solved from today, and the change list.

Built by ``solver.block.replan.replan``; plain data, with the plan table here (pandas stays
out of the solver)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from models.block.replan_facts import Change
from models.domain.plan import Result, Session, sessions_frame


@dataclass
class Replan:
    athlete_id: str
    today: date
    kept: list[Session]              # the past as it happened
    weeks: list[Result]              # re-solved weeks, from today's week on
    changes: list[Change] = field(default_factory=list)

    @property
    def sessions(self) -> list[Session]:
        return [*self.kept, *(s for r in self.weeks if r.plan for s in r.plan.sessions
                              if s.date >= self.today)]

    def frame(self) -> pd.DataFrame:
        """The new plan as a plan table (docs/formats.md columns)."""
        return sessions_frame(self.athlete_id, self.sessions)

    @property
    def unsolved(self) -> list[Result]:
        return [r for r in self.weeks if not r.status.has_plan]
