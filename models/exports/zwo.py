"""A run as a Zwift workout (ZWO): the XML that Zwift and intervals.icu read for running.

For running, Zwift reads a step's ``Power`` as a share of the athlete's threshold pace
(speed): 1.0 is threshold, 0.8 is 25 % slower per km. Each effort's share comes from its
pace factors (threshold pace / pace), so the file needs no zones of its own; an effort
without pace factors (race effort) uses its RPE. A repeat of work and recovery is one
IntervalsT element; other repeats are written out.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from models.domain.workout_targets import rpe_range
from models.domain.workouts import Repeat, Step, Workout, WorkoutTemplates

AUTHOR = "weekplan"


def speed_share(step: Step, templates: WorkoutTemplates) -> float:
    effort = templates.efforts[step.effort]
    if effort.pace:
        return round(2 / (effort.pace[0] + effort.pace[1]), 3)
    low, high = rpe_range(effort.rpe)
    return round(0.5 + 0.05 * (low + high) / 2, 3)


def _steady(parent: ET.Element, step: Step, templates: WorkoutTemplates) -> None:
    tag = {"warmup": "Warmup", "cooldown": "Cooldown"}.get(step.kind, "SteadyState")
    share = f"{speed_share(step, templates):g}"
    attributes = {"Duration": str(step.seconds)}
    if tag == "SteadyState":
        attributes["Power"] = share
    else:
        attributes.update(PowerLow=share, PowerHigh=share)
    element = ET.SubElement(parent, tag, attributes)
    if step.note:
        ET.SubElement(element, "textevent", {"timeoffset": "0", "message": step.note})


def zwo_text(workout: Workout, name: str, description: str,
             templates: WorkoutTemplates) -> str:
    root = ET.Element("workout_file")
    ET.SubElement(root, "author").text = AUTHOR
    ET.SubElement(root, "name").text = name
    ET.SubElement(root, "description").text = description
    ET.SubElement(root, "sportType").text = "run"
    ET.SubElement(root, "tags")
    body = ET.SubElement(root, "workout")
    for item in workout.items:
        if isinstance(item, Repeat) and len(item.steps) == 2:
            on, off = item.steps
            ET.SubElement(body, "IntervalsT", {
                "Repeat": str(item.count), "OnDuration": str(on.seconds),
                "OffDuration": str(off.seconds),
                "OnPower": f"{speed_share(on, templates):g}",
                "OffPower": f"{speed_share(off, templates):g}"})
        elif isinstance(item, Repeat):
            for _ in range(item.count):
                for step in item.steps:
                    _steady(body, step, templates)
        else:
            _steady(body, item, templates)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode") + "\n"
