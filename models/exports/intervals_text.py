"""Runs in intervals.icu's plain-text workout format: one file per athlete, a workout a day.

Each workout starts with a line ``YYYY-MM-DD Name`` (the day it is planned for) and its
steps follow intervals.icu's workout builder: ``- 15m 6:10-5:36/km Pace`` (absolute pace,
slower end first), ``- 90s 100-106% LTHR`` (heart rate as a share of the athlete's
threshold heart rate, which intervals.icu knows) or a step with its effort as the cue
when only RPE is known; a repeat is a section ``8x`` with its steps, blank lines around.
"""

from __future__ import annotations

from datetime import date

from models.domain.athlete import Zones
from models.domain.workout_targets import pace_text, step_target
from models.domain.workouts import Repeat, Step, Workout, WorkoutTemplates

SECTION = {"warmup": "Warmup", "cooldown": "Cooldown"}


def duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if not rest:
        return f"{minutes}m"
    return f"{minutes}m{rest}s" if minutes else f"{rest}s"


def _cue(text: str) -> str:
    """Cue words without digits, which intervals.icu would read as a duration or target."""
    return "".join(c for c in text if not c.isdigit()).replace("-", " ").strip()


def step_line(step: Step, templates: WorkoutTemplates, zones: Zones | None) -> str:
    effort = templates.efforts[step.effort]
    target = step_target(step, templates, zones)
    words = step.note or effort.label
    if step.note and effort.label not in step.note:
        words = f"{step.note} {effort.label}"
    cue = _cue(words)
    if target.kind == "pace":
        aim = f"{pace_text(target.high)}-{pace_text(target.low)}/km Pace"
    elif target.kind == "hr" and zones and zones.threshold_hr:
        low, high = (round(100 * v / zones.threshold_hr) for v in (target.low, target.high))
        aim = f"{low}-{high}% LTHR"
    else:
        aim = ""
    return " ".join(part for part in ("-", cue, duration(step.seconds), aim) if part)


def workout_block(day: date, name: str, workout: Workout, templates: WorkoutTemplates,
                  zones: Zones | None) -> str:
    lines = [f"{day.isoformat()} {_cue(name)}"]  # the day, then the run's name
    section = ""
    for item in workout.items:
        if isinstance(item, Repeat):
            lines += ["", f"{item.count}x"]
            lines += [step_line(s, templates, zones) for s in item.steps]
            lines.append("")
            section = "repeat"
            continue
        title = SECTION.get(item.kind, "Main Set" if section else "")
        if title and title != section:
            lines += ["", title]
        section = title or section
        lines.append(step_line(item, templates, zones))
    return "\n".join(lines).replace("\n\n\n", "\n\n").strip() + "\n"


def intervals_text(workouts: list[tuple[date, str, Workout]], templates: WorkoutTemplates,
                   zones: Zones | None) -> str:
    """The file of one athlete: ``workouts`` as (day, name, workout), a blank line apart."""
    return "\n".join(workout_block(day, name, workout, templates, zones)
                     for day, name, workout in workouts)
