"""A run as a Garmin FIT workout file: what a watch follows step by step.

One file per run: a file_id message of type workout, one workout message (sport running)
and its workout_step messages - time durations, repeat steps (repeat until steps complete,
pointing back at the first step of the block) and a target per step: a custom speed range
from a pace range, a custom heart-rate range (FIT stores bpm + 100) or an open target with
the RPE in the step's notes. Written with fit-tool (BSD-3-Clause), which also computes the
CRCs.
"""

from __future__ import annotations

from datetime import datetime, timezone

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from fit_tool.profile.profile_type import (
    FileType, Intensity, Manufacturer, Sport, WorkoutStepDuration, WorkoutStepTarget,
)

from models.domain.athlete import Zones
from models.domain.workout_targets import Target, step_target
from models.domain.workouts import Repeat, Step, Workout, WorkoutTemplates

FIT_HR_OFFSET = 100  # custom heart-rate targets: values above 100 are bpm + 100
NAME_BYTES = 48
INTENSITY = {"warmup": Intensity.WARMUP, "active": Intensity.ACTIVE,
             "recovery": Intensity.RECOVERY, "cooldown": Intensity.COOLDOWN}


def _target(message: WorkoutStepMessage, target: Target) -> None:
    if target.kind == "pace":
        message.target_type = WorkoutStepTarget.SPEED
        message.target_value = 0
        message.custom_target_speed_low = round(1000 / target.high, 3)  # slower end
        message.custom_target_speed_high = round(1000 / target.low, 3)
    elif target.kind == "hr":
        message.target_type = WorkoutStepTarget.HEART_RATE
        message.target_value = 0
        message.custom_target_heart_rate_low = int(target.low) + FIT_HR_OFFSET
        message.custom_target_heart_rate_high = int(target.high) + FIT_HR_OFFSET
    else:
        message.target_type = WorkoutStepTarget.OPEN
        message.target_value = 0


def _step_message(index: int, step: Step, templates: WorkoutTemplates,
                  zones: Zones | None) -> WorkoutStepMessage:
    target = step_target(step, templates, zones)
    message = WorkoutStepMessage()
    message.message_index = index
    effort = templates.efforts[step.effort]
    message.workout_step_name = (step.note or effort.label)[:NAME_BYTES]
    message.intensity = INTENSITY[step.kind]
    message.duration_type = WorkoutStepDuration.TIME
    message.duration_time = float(step.seconds)
    _target(message, target)
    message.notes = target.text()[:NAME_BYTES]
    return message


def _repeat_message(index: int, first_step: int, count: int) -> WorkoutStepMessage:
    message = WorkoutStepMessage()
    message.message_index = index
    message.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
    message.duration_step = first_step
    message.target_type = WorkoutStepTarget.OPEN  # the repeat count lives in target_value
    message.target_repeat_steps = count
    return message


def workout_steps(workout: Workout, templates: WorkoutTemplates,
                  zones: Zones | None) -> list[WorkoutStepMessage]:
    messages: list[WorkoutStepMessage] = []
    for item in workout.items:
        if isinstance(item, Repeat):
            first = len(messages)
            for step in item.steps:
                messages.append(_step_message(len(messages), step, templates, zones))
            messages.append(_repeat_message(len(messages), first, item.count))
        else:
            messages.append(_step_message(len(messages), item, templates, zones))
    return messages


def fit_bytes(workout: Workout, name: str, templates: WorkoutTemplates, zones: Zones | None,
              created: datetime | None = None) -> bytes:
    """The FIT workout file of ``workout`` (``name``: what the watch lists)."""
    created = created or datetime(2000, 1, 1, tzinfo=timezone.utc)
    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 1
    file_id.time_created = round(created.timestamp() * 1000)
    steps = workout_steps(workout, templates, zones)
    header = WorkoutMessage()
    header.workout_name = name[:NAME_BYTES]
    header.sport = Sport.RUNNING
    header.num_valid_steps = len(steps)
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    builder.add(file_id)
    builder.add(header)
    builder.add_all(steps)
    return builder.build().to_bytes()
