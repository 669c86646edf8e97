"""Session content: templates scaled to the planned minutes, targets from the athlete's zones,
and the plan's details written as a coach writes them."""

from __future__ import annotations

import pytest
import yaml

from builders import make_athlete, make_session
from models.domain.athlete import Zones
from models.domain.catalogue import default_catalogue
from models.domain.errors import InputError
from models.domain.rules import default_rulebook, load_rulebook
from models.domain.run_details import with_run_details
from models.domain.workout_targets import workout_text
from models.domain.workouts import Repeat, Step, build_workout, templates_of

TEMPLATES = templates_of(default_rulebook().workouts)
RUNS = ("easy", "jog", "long", "tempo", "hill", "sprint")
PHASES = ("", "base", "build", "peak", "taper", "race")


@pytest.mark.parametrize("session", RUNS)
@pytest.mark.parametrize("phase", PHASES)
def test_every_run_lasts_its_planned_minutes_across_its_range(session, phase):
    allowed = default_catalogue()[session].minutes
    for minutes in range(allowed.min, allowed.max + 1, 5):
        workout = build_workout(TEMPLATES, session, minutes, phase)
        assert workout.seconds == minutes * 60, (session, phase, minutes)


@pytest.mark.parametrize("session", RUNS)
def test_a_run_shorter_than_its_template_shrinks_its_warm_up_not_its_length(session):
    for minutes in (15, 20, 30):
        assert build_workout(TEMPLATES, session, minutes).seconds == minutes * 60


def test_hill_repeats_read_as_a_coach_writes_them():
    workout = build_workout(TEMPLATES, "hill", 60, "build")
    assert workout_text(workout, TEMPLATES, None) == (
        "15' easy, 8 x 90'' uphill @ RPE 8-9 / jog down, 13' easy")


def test_repeats_grow_with_the_minutes_within_their_range():
    counts = [next(i.count for i in build_workout(TEMPLATES, "hill", m).items
                   if isinstance(i, Repeat)) for m in (50, 60, 75)]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    assert all(6 <= c <= 10 for c in counts)


def test_race_week_sharpens_instead_of_the_usual_session():
    usual = build_workout(TEMPLATES, "tempo", 50, "build")
    sharpening = build_workout(TEMPLATES, "tempo", 50, "race")
    assert workout_text(usual, TEMPLATES, None) != workout_text(sharpening, TEMPLATES, None)
    assert "6 x 1' race effort @ RPE 8-9 / jog" in workout_text(sharpening, TEMPLATES, None)


def test_targets_follow_the_zones_pace_then_heart_rate_then_rpe():
    tempo = build_workout(TEMPLATES, "tempo", 60)
    by_pace = workout_text(tempo, TEMPLATES, Zones(threshold_pace="4:45"))
    by_heart = workout_text(tempo, TEMPLATES, Zones(threshold_hr=170, max_hr=190))
    assert "2 x 15' threshold @ 4:39-4:54/km" in by_pace
    assert "2 x 15' threshold @ 160-170 bpm" in by_heart
    assert "2 x 15' threshold @ RPE 7" in workout_text(tempo, TEMPLATES, None)


def test_uphill_efforts_never_get_a_pace_target():
    hill = build_workout(TEMPLATES, "hill", 60)
    text = workout_text(hill, TEMPLATES, Zones(threshold_pace="4:45", threshold_hr=170,
                                               max_hr=180))
    assert "uphill @ 170-180 bpm" in text  # capped at max_hr, heart rate instead of pace


def test_plan_details_of_runs_are_filled_and_strength_is_left_alone():
    catalogue = default_catalogue()
    sessions = [make_session("Tue hill 18:00 60", catalogue),
                make_session("Wed strength 18:00", catalogue).model_copy(
                    update={"details": "squat"}),
                make_session("Sat easy 08:00 45", catalogue)]
    athlete = make_athlete(zones={"threshold_pace": "5:00"})
    hill, strength, easy = with_run_details(sessions, athlete, default_rulebook(), "build")
    assert hill.details.startswith("15' easy, 8 x 90'' uphill")
    assert strength.details == "squat"
    assert easy.details == "45' easy @ 5:54-6:30/km"


@pytest.mark.parametrize("zones, field", [
    ({"threshold_pace": "4.45"}, "zones.threshold_pace"),
    ({"threshold_hr": 175, "max_hr": 170}, "zones"),
    ({"max_hr": 400}, "zones.max_hr"),
])
def test_bad_zones_are_one_line_naming_the_field(tmp_path, zones, field):
    from models.io.athlete_file import load_athlete

    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump({"id": "a", "start": "2027-01-04", "zones": zones}))
    with pytest.raises(InputError) as error:
        load_athlete(path)
    assert str(error.value).startswith(f"{path}: {field}: ")
    assert "\n" not in str(error.value)


def test_unquoted_pace_in_yaml_is_read_as_minutes_and_seconds(tmp_path):
    from models.io.athlete_file import load_athlete

    path = tmp_path / "a.yaml"
    path.write_text("id: a\nstart: 2027-01-04\nzones: {threshold_pace: 4:45}\n")
    assert load_athlete(path).zones.threshold_pace == "4:45"


def test_a_rulebook_may_replace_one_template_and_keeps_the_others(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"extends": "default", "workouts": {"sessions": {"easy": {
        "default": [{"minutes": 5, "effort": "recovery", "note": "walk"},
                    {"fill": True, "effort": "easy"}]}}}}))
    templates = templates_of(load_rulebook(path).workouts)
    easy = build_workout(templates, "easy", 40)
    assert easy.items[0] == Step(kind="active", seconds=300, effort="recovery", note="walk")
    assert build_workout(templates, "hill", 60) == build_workout(TEMPLATES, "hill", 60)


def test_a_template_naming_an_unknown_effort_is_refused_with_its_field(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"workouts": {"sessions": {"easy": {
        "default": [{"fill": True, "effort": "glacial"}]}}}}))
    with pytest.raises(InputError) as error:
        load_rulebook(path)
    assert str(error.value).startswith(f"{path}: workouts")
    assert "glacial" in str(error.value)


def test_zones_travel_through_the_squad_spreadsheet_and_yaml(tmp_path):
    from models.squad.forms import load_squad, write_squad_yaml
    from models.squad.spreadsheet import write_squad_folder

    athletes = [make_athlete(id="a", zones={"threshold_pace": "4:45", "max_hr": 190}),
                make_athlete(id="b")]
    for written in (write_squad_folder(athletes, tmp_path / "sheet"),
                    write_squad_yaml(athletes, tmp_path / "squad.yaml")):
        read, problems = load_squad(written)
        assert problems == [] and read == athletes
