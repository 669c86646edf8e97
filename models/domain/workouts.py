"""Session content as data: the rulebook's ``workouts:`` templates, scaled to planned minutes.

A template is a list of steps - fixed ones (a 15-minute warm-up), one ``fill`` step that
takes the minutes the others leave, and ``repeat`` blocks whose count is chosen inside
their range to fit the session. The result is a Workout: plain steps and repeats with an
effort each, which the targets (models/domain/workout_targets.py) turn into pace, heart
rate or RPE, and the writers (coach text, FIT, intervals.icu, ZWO) share.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from models.domain.errors import InputError
from models.domain.yamlfile import validation_error

StepKind = Literal["warmup", "active", "recovery", "cooldown"]
PHASE_OF_RACE_WEEK = "race"  # the template variant of the race week (sharpening)
MIN_SHRINK = 0.5  # a short run keeps at least half of its warm-up and cool-down


class Effort(BaseModel):
    """How hard a step is: RPE always, pace and heart rate relative to the athlete's zones."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    rpe: str
    pace: tuple[float, float] | None = None  # x threshold pace (seconds per km)
    hr: tuple[float, float] | None = None    # x threshold heart rate


class StepTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    effort: str
    minutes: float | None = Field(default=None, gt=0, le=300)
    seconds: int | None = Field(default=None, gt=0, le=3600)
    fill: bool = False
    minimum: int = Field(default=0, ge=0, le=120)  # fill: at least this many minutes
    step: StepKind = "active"
    note: str = ""
    pace: bool = True  # False: pace is no target here (uphill), heart rate or RPE is

    @model_validator(mode="after")
    def _one_length(self) -> "StepTemplate":
        lengths = sum(x is not None for x in (self.minutes, self.seconds)) + self.fill
        if lengths != 1:
            raise ValueError("give exactly one of minutes, seconds or fill: true")
        return self

    @property
    def fixed_seconds(self) -> int:
        return int(self.seconds if self.seconds is not None else (self.minutes or 0) * 60)


class RepeatTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    repeat: tuple[int, int]
    work: StepTemplate
    recover: StepTemplate | None = None

    @model_validator(mode="before")
    @classmethod
    def _count_or_range(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("repeat"), int):
            data = {**data, "repeat": (data["repeat"], data["repeat"])}
        return data

    @model_validator(mode="after")
    def _fixed_parts(self) -> "RepeatTemplate":
        low, high = self.repeat
        if not 1 <= low <= high <= 50:
            raise ValueError(f"repeat {list(self.repeat)}: write a count or [low, high], 1-50")
        if self.work.fill or (self.recover is not None and self.recover.fill):
            raise ValueError("the steps of a repeat need minutes or seconds, not fill")
        return self

    @property
    def round_seconds(self) -> int:
        return self.work.fixed_seconds + (self.recover.fixed_seconds if self.recover else 0)


class WorkoutTemplates(BaseModel):
    """The ``workouts:`` section of a rulebook: efforts and per-type (per-phase) templates."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    efforts: dict[str, Effort] = Field(default_factory=dict)
    sessions: dict[str, dict[str, list[StepTemplate | RepeatTemplate]]] = Field(
        default_factory=dict)

    @model_validator(mode="after")
    def _known_efforts(self) -> "WorkoutTemplates":
        for session, variants in self.sessions.items():
            if "default" not in variants:
                raise ValueError(f"sessions.{session}: add a default template")
            for phase, steps in variants.items():
                fills = sum(isinstance(s, StepTemplate) and s.fill for s in steps)
                if fills != 1:
                    raise ValueError(f"sessions.{session}.{phase}: give exactly one fill step")
                for step in steps:
                    for part in _parts(step):
                        if part.effort not in self.efforts:
                            raise ValueError(
                                f"sessions.{session}.{phase}: unknown effort "
                                f"'{part.effort}'; use one of {', '.join(self.efforts)}")
        return self

    def template(self, session: str, phase: str) -> list[StepTemplate | RepeatTemplate] | None:
        variants = self.sessions.get(session)
        if variants is None:
            return None
        return variants.get(phase) or variants["default"]


def _parts(step: StepTemplate | RepeatTemplate) -> list[StepTemplate]:
    if isinstance(step, RepeatTemplate):
        return [step.work, *([step.recover] if step.recover else [])]
    return [step]


class Step(BaseModel):
    """One step of a planned workout."""

    model_config = ConfigDict(frozen=True)

    kind: StepKind
    seconds: int
    effort: str
    note: str = ""
    pace: bool = True


class Repeat(BaseModel):
    model_config = ConfigDict(frozen=True)

    count: int
    steps: tuple[Step, ...]


class Workout(BaseModel):
    """A run's structure: what the watch shows step by step."""

    model_config = ConfigDict(frozen=True)

    session: str
    items: tuple[Step | Repeat, ...]

    @property
    def seconds(self) -> int:
        return sum(i.seconds if isinstance(i, Step) else
                   i.count * sum(s.seconds for s in i.steps) for i in self.items)


def check_workouts(raw: dict[str, Any], file: str) -> WorkoutTemplates:
    """The templates of a rulebook, or an InputError naming the file and field."""
    try:
        return WorkoutTemplates.model_validate(raw)
    except ValidationError as error:
        raise validation_error(error, file, prefix="workouts") from None
    except ValueError as error:
        raise InputError(str(error), file=file, field="workouts") from None


def _step(template: StepTemplate, seconds: int) -> Step:
    return Step(kind=template.step, seconds=seconds, effort=template.effort,
                note=template.note, pace=template.pace)


def _shrink(total: int, around: int, repeats: list[RepeatTemplate]) -> float:
    """The share of their length the steps around the repeats keep in a ``total``-second run:
    all of it, unless giving some up (down to MIN_SHRINK) gets more rounds in, up to the
    repeats' lowest count; then just what those rounds need."""
    if not around or not repeats:
        return 1.0
    unit = sum(r.round_seconds for r in repeats)
    target = min(min(r.repeat[0] for r in repeats), int(total - around * MIN_SHRINK) // unit)
    if max(0, total - around) // unit >= target:
        return 1.0 if total >= around else MIN_SHRINK
    return max(MIN_SHRINK, min(1.0, (total - max(target, 1) * unit) / around))


def _whole_minutes(seconds: float) -> int:
    """Shrunk steps in whole minutes (a coach writes 12', not 12'36''); the fill takes the rest."""
    return int(seconds) if seconds < 60 else int(seconds) // 60 * 60


def build_workout(templates: WorkoutTemplates, session: str, minutes: int,
                  phase: str = "") -> Workout | None:
    """The template of ``session`` in ``phase`` scaled to ``minutes`` (None: no template).

    Repeats take as many rounds as fit beside the fixed steps and the fill step's minimum
    (within their range, at least one); the fill step takes what is left. A run too short
    for its template first shrinks its fixed steps (to half at most), then its repeats, so
    a workout always lasts the planned minutes.
    """
    template = templates.template(session, phase)
    if template is None or minutes <= 0:
        return None
    total = minutes * 60
    fixed = sum(s.fixed_seconds for s in template if isinstance(s, StepTemplate) and not s.fill)
    fill_min = sum(s.minimum * 60 for s in template if isinstance(s, StepTemplate) and s.fill)
    repeats = [s for s in template if isinstance(s, RepeatTemplate)]
    shrink = _shrink(total, fixed + fill_min, repeats)
    fixed, fill_min = int(fixed * shrink), int(fill_min * shrink)
    counts: dict[int, int] = {}
    room = total - fixed - fill_min
    for repeat in repeats:
        fits = max(room, 0) // repeat.round_seconds
        counts[id(repeat)] = max(1, min(repeat.repeat[1], fits))  # below low: low cannot fit
        room -= counts[id(repeat)] * repeat.round_seconds
    repeated = sum(counts[id(r)] * r.round_seconds for r in repeats)
    squeeze = min(1.0, (total - fixed) / repeated) if repeated else 1.0  # even one round
    items: list[Step | Repeat] = []
    for step in template:
        if isinstance(step, RepeatTemplate):
            work = _step(step.work, int(step.work.fixed_seconds * squeeze))
            rest = ([_step(step.recover, int(step.recover.fixed_seconds * squeeze)).model_copy(
                update={"kind": "recovery"})] if step.recover else [])
            items.append(Repeat(count=counts[id(step)], steps=(work, *rest)))
        elif not step.fill:
            items.append(_step(step, _whole_minutes(step.fixed_seconds * shrink)))
        else:
            items.append(_step(step, 0))  # placeholder: its length is what remains
    remaining = total - Workout(session=session, items=tuple(items)).seconds
    fill_index = next(n for n, s in enumerate(template) if isinstance(s, StepTemplate) and s.fill)
    filled = items[fill_index]
    if remaining > 0:
        items[fill_index] = filled.model_copy(update={"seconds": remaining})
    else:
        del items[fill_index]
    return Workout(session=session, items=tuple(items))


_parsed: dict[int, tuple[dict[str, Any], WorkoutTemplates]] = {}


def templates_of(raw: dict[str, Any]) -> WorkoutTemplates:
    """The parsed templates of a rulebook's ``workouts`` (checked when it was loaded).

    Parsed once per rulebook object: a batch describes thousands of runs with one.
    """
    known = _parsed.get(id(raw))
    if known is not None and known[0] is raw:
        return known[1]
    templates = WorkoutTemplates.model_validate(raw or {})
    if len(_parsed) > 64:
        _parsed.clear()
    _parsed[id(raw)] = (raw, templates)
    return templates
