"""Targets of workout steps from the athlete's zones, and the workout as a coach writes it.

A step's target is a pace range when the athlete gave a threshold pace (and pace means
something on that step - not uphill), else a heart-rate range when a threshold heart rate
is known (never above max_hr), else the effort's RPE. The same choice feeds the plan
table's ``details`` ("15' easy, 8 x 90'' uphill @ RPE 8-9 / jog down, 10' easy") and the
structured workout files, so the watch and the page agree.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from models.domain.athlete import Zones
from models.domain.workouts import Repeat, Step, Workout, WorkoutTemplates

TargetKind = Literal["pace", "hr", "rpe"]
QUIET_EFFORTS = frozenset({"easy", "recovery"})  # warm-up words say enough: no "@ ..."


class Target(BaseModel):
    """``low``/``high``: seconds per km (pace; low = faster), bpm (hr) or RPE (rpe)."""

    model_config = ConfigDict(frozen=True)

    kind: TargetKind
    low: float
    high: float

    def text(self) -> str:
        if self.kind == "pace":
            return f"{pace_text(self.low)}-{pace_text(self.high)}/km"
        if self.kind == "hr":
            return f"{int(self.low)}-{int(self.high)} bpm"
        if self.low == self.high:
            return f"RPE {int(self.low)}"
        return f"RPE {int(self.low)}-{int(self.high)}"


def pace_text(seconds_per_km: float) -> str:
    seconds = int(round(seconds_per_km))
    return f"{seconds // 60}:{seconds % 60:02d}"


def rpe_range(text: str) -> tuple[float, float]:
    low, _, high = str(text).partition("-")
    return float(low), float(high or low)


def step_target(step: Step, templates: WorkoutTemplates, zones: Zones | None) -> Target:
    effort = templates.efforts[step.effort]
    threshold_pace = zones.threshold_seconds_per_km if zones else None
    if threshold_pace and effort.pace and step.pace:
        fast, slow = effort.pace
        return Target(kind="pace", low=round(threshold_pace * fast),
                      high=round(threshold_pace * slow))
    if zones and zones.threshold_hr and effort.hr:
        low, high = (round(zones.threshold_hr * f) for f in effort.hr)
        if zones.max_hr:
            low, high = min(low, zones.max_hr - 5), min(high, zones.max_hr)
        return Target(kind="hr", low=low, high=high)
    low, high = rpe_range(effort.rpe)
    return Target(kind="rpe", low=low, high=high)


def duration_text(seconds: int) -> str:
    """As coaches write it: 15' (whole minutes), 90'' (under two minutes), 3'30''."""
    minutes, rest = divmod(int(seconds), 60)
    if not rest:
        return f"{minutes}'"
    if seconds < 120:
        return f"{int(seconds)}''"
    return f"{minutes}'{rest:02d}''"


def _step_text(step: Step, templates: WorkoutTemplates, zones: Zones | None,
               with_length: bool = True) -> str:
    effort = templates.efforts[step.effort]
    words = step.note or effort.label
    text = f"{duration_text(step.seconds)} {words}" if with_length else words
    if step.effort not in QUIET_EFFORTS:
        text += f" @ {step_target(step, templates, zones).text()}"
    return text


def workout_text(workout: Workout, templates: WorkoutTemplates, zones: Zones | None) -> str:
    """The workout in a coach's shorthand; an all-easy run reads "45' easy @ ..." too."""
    parts = []
    for item in workout.items:
        if isinstance(item, Repeat):
            work, *rest = item.steps
            text = f"{item.count} x {_step_text(work, templates, zones)}"
            for recover in rest:
                text += f" / {_step_text(recover, templates, zones, with_length=False)}"
            parts.append(text)
        else:
            text = _step_text(item, templates, zones)
            if len(workout.items) == 1 and item.effort in QUIET_EFFORTS:
                text += f" @ {step_target(item, templates, zones).text()}"
            parts.append(text)
    return ", ".join(parts)
