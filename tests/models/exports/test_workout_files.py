"""Structured workouts on the watch: FIT files written with fit-tool are decoded here by a
different library (fitdecode, CRC checked), ZWO parsed as XML, intervals.icu text read."""

from __future__ import annotations

import io
from xml.etree import ElementTree as ET

import fitdecode
import pytest

from models.domain.athlete import Zones
from models.domain.rules import default_rulebook
from models.domain.workouts import Repeat, build_workout, templates_of
from models.exports.fit import FIT_HR_OFFSET, fit_bytes
from models.exports.intervals_text import intervals_text
from models.exports.zwo import zwo_text

TEMPLATES = templates_of(default_rulebook().workouts)
RUN_MINUTES = {"easy": 45, "jog": 25, "long": 120, "tempo": 60, "hill": 60, "sprint": 50,
               "race": 180}
PACE = Zones(threshold_pace="4:45")
HEART = Zones(threshold_hr=168, max_hr=188)


def decoded(data: bytes) -> list[tuple[str, dict]]:
    """(message name, fields) of a FIT file; fitdecode raises on a bad CRC."""
    messages = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                messages.append((frame.name, {f.name: f.value for f in frame.fields
                                              if f.value is not None}))
    return messages


def expected_steps(workout) -> int:
    """Plain steps, plus each repeat's steps and its repeat step."""
    return sum(len(i.steps) + 1 if isinstance(i, Repeat) else 1 for i in workout.items)


@pytest.mark.parametrize("session", sorted(RUN_MINUTES))
@pytest.mark.parametrize("zones", [None, PACE, HEART], ids=["rpe", "pace", "heart-rate"])
def test_fit_workout_of_every_run_type_decodes_with_its_structure(session, zones):
    workout = build_workout(TEMPLATES, session, RUN_MINUTES[session], "build")
    messages = decoded(fit_bytes(workout, f"{session} run", TEMPLATES, zones))
    names = [name for name, _ in messages]
    assert names[0] == "file_id" and messages[0][1]["type"] == "workout"
    assert names.count("workout") == 1
    header = dict(messages)["workout"]
    assert header["sport"] == "running" and header["wkt_name"] == f"{session} run"
    steps = [fields for name, fields in messages if name == "workout_step"]
    assert header["num_valid_steps"] == len(steps) == expected_steps(workout)
    assert [s["message_index"] for s in steps] == list(range(len(steps)))
    timed = [s for s in steps if s["duration_type"] == "time"]
    repeats = [s for s in steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    assert sum(s["duration_time"] for s in timed) + sum(
        (s["repeat_steps"] - 1) * sum(t["duration_time"] for t in steps[s["duration_step"]:
                                                                           s["message_index"]])
        for s in repeats) == RUN_MINUTES[session] * 60
    for want, got in zip([i for i in workout.items if isinstance(i, Repeat)], repeats):
        assert got["repeat_steps"] == want.count
        assert got["message_index"] - got["duration_step"] == len(want.steps)
    kinds = {s["target_type"] for s in timed}
    if zones is None or session == "race":  # race effort: by feel, no pace or heart rate
        assert kinds == {"open"}
        assert all(s["notes"].startswith("RPE ") for s in timed)
    elif zones is PACE:
        assert "speed" in kinds
        for step in (s for s in timed if s["target_type"] == "speed"):
            assert 2.0 < step["custom_target_speed_low"] < step["custom_target_speed_high"] < 6.5
    else:
        assert "heart_rate" in kinds
        for step in (s for s in timed if s["target_type"] == "heart_rate"):
            low = step["custom_target_heart_rate_low"] - FIT_HR_OFFSET
            high = step["custom_target_heart_rate_high"] - FIT_HR_OFFSET
            assert 100 <= low <= high <= HEART.max_hr


def test_hill_repeats_on_the_watch_are_eight_uphill_with_a_jog_down():
    workout = build_workout(TEMPLATES, "hill", 60, "build")
    steps = [f for n, f in decoded(fit_bytes(workout, "hill", TEMPLATES, HEART))
             if n == "workout_step"]
    assert [s.get("intensity") for s in steps] == [
        "warmup", "active", "recovery", None, "cooldown"]
    assert steps[1]["wkt_step_name"] == "uphill" and steps[1]["duration_time"] == 90
    assert steps[2]["wkt_step_name"] == "jog down"
    assert steps[3]["repeat_steps"] == 8 and steps[3]["duration_step"] == 1
    assert steps[1]["custom_target_heart_rate_low"] - FIT_HR_OFFSET == 168


def test_zwo_is_a_running_workout_with_intervals():
    workout = build_workout(TEMPLATES, "hill", 60, "build")
    root = ET.fromstring(zwo_text(workout, "Hill <60>", "15' easy & more", TEMPLATES))
    assert root.findtext("sportType") == "run" and root.findtext("name") == "Hill <60>"
    body = root.find("workout")
    assert [e.tag for e in body] == ["Warmup", "IntervalsT", "Cooldown"]
    intervals = body.find("IntervalsT")
    assert (intervals.get("Repeat"), intervals.get("OnDuration")) == ("8", "90")
    assert float(intervals.get("OnPower")) > 1.0 > float(intervals.get("OffPower"))
    total = (int(body[0].get("Duration")) + int(body[2].get("Duration"))
             + 8 * (90 + int(intervals.get("OffDuration"))))
    assert total == 3600


def test_intervals_text_has_a_day_header_sections_and_repeats():
    from datetime import date

    tempo = build_workout(TEMPLATES, "tempo", 60)
    text = intervals_text([(date(2027, 1, 5), "Tempo run", tempo)], TEMPLATES, PACE)
    assert text.splitlines() == [
        "2027-01-05 Tempo run", "", "Warmup", "- easy 15m 6:10-5:36/km Pace", "", "2x",
        "- threshold 15m 4:54-4:39/km Pace", "- jog easy 3m 6:53-6:10/km Pace", "",
        "Cooldown", "- easy 9m 6:10-5:36/km Pace"]
    by_heart = intervals_text([(date(2027, 1, 5), "Tempo run", tempo)], TEMPLATES, HEART)
    assert "- threshold 15m 94-100% LTHR" in by_heart


def test_weekplan_solve_format_fit_writes_a_watch_file_per_run(tmp_path):
    from click.testing import CliRunner

    from cli import main
    from models.domain.bundled import EXAMPLES_DIR

    out = tmp_path / "workouts"
    result = CliRunner().invoke(main, ["solve", str(EXAMPLES_DIR / "athlete.yaml"),
                                       "--time-limit", "5", "--out", str(out),
                                       "--format", "fit"])
    assert result.exit_code == 0, result.output
    fits = sorted(out.glob("*.fit"))
    assert fits and len(fits) == len(list(out.glob("*.zwo")))
    for path in fits:
        messages = decoded(path.read_bytes())
        assert [n for n, _ in messages].count("workout") == 1
    days = [line.split()[0] for line in (out / "intervals.txt").read_text().splitlines()
            if line[:4].isdigit()]
    assert days == sorted(p.name[:10] for p in fits)


def test_format_fit_needs_a_folder_and_says_so(tmp_path):
    from click.testing import CliRunner

    from cli import main
    from models.domain.bundled import EXAMPLES_DIR

    result = CliRunner().invoke(main, ["solve", str(EXAMPLES_DIR / "athlete.yaml"),
                                       "--format", "fit"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --out: --format fit needs --out FOLDER"
