"""Squads from a YAML file or a spreadsheet folder: same models, bad athletes reported, not fatal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from models.domain.athlete import Window
from models.domain.errors import InputError
from models.squad.generator import random_squad
from models.squad.forms import load_squad, write_squad_yaml
from models.squad.spreadsheet import write_squad_folder

HEADER = "id,name,level,bodyweight_kg,timezone,start,weeks,race_date,race_elevation_m,targets,preferences\n"


def squad_folder(tmp_path: Path, athletes: str, availability: str) -> Path:
    folder = tmp_path / "squad"
    folder.mkdir()
    (folder / "athletes.csv").write_text(athletes, encoding="utf-8")
    (folder / "availability.csv").write_text(availability, encoding="utf-8")
    return folder


def test_spreadsheet_cells_load_into_the_athlete_model(tmp_path):
    folder = squad_folder(
        tmp_path,
        HEADER.replace("race_elevation_m,", "race_elevation_m,race_distance_km,")
        + 'ana,Ana Example,beginner,61.5,Europe/Madrid,2027-01-04,,2027-03-27,2400,30,'
          '"runs=3;long=1;strength=2;hike_minutes=120;minutes.long=100;run_minutes=150",'
          'long=sat|sun\n',
        "athlete_id,day,start,end\n"
        "ana,mon,06:00,07:15\nana,Monday,18:30,20:00\nana,sat,07:00:00,13:00:00\n"
        "ana,2027-02-14,,\nana,2027-02-20,09:00,11:00\n",
    )
    athletes, problems = load_squad(folder)
    assert problems == []
    (ana,) = athletes
    assert ana.level.value == "beginner" and ana.bodyweight_kg == 61.5
    assert ana.race.date == date(2027, 3, 27) and ana.race.elevation_m == 2400
    assert ana.race.distance_km == 30 and ana.targets.run_minutes == 150
    assert (ana.targets.runs, ana.targets.long, ana.targets.strength) == (3, 1, 2)
    assert ana.targets.hike_minutes == 120 and ana.targets.minutes == {"long": 100}
    assert ana.preferences == {"long": ["sat", "sun"]}
    assert [str(w) for w in ana.availability["mon"]] == ["06:00-07:15", "18:30-20:00"]
    assert ana.windows_on(date(2027, 2, 14)) == []  # a dated row without times: unavailable
    assert ana.windows_on(date(2027, 2, 20)) == [Window(start=540, end=660)]
    assert ana.windows_on(date(2027, 2, 13)) == ana.availability["sat"]


def test_folder_and_yaml_forms_round_trip_to_the_same_models(tmp_path):
    squad = random_squad(seed=7, count=25)
    write_squad_folder(squad, tmp_path / "folder")
    write_squad_yaml(squad, tmp_path / "squad.yaml")
    assert load_squad(tmp_path / "folder") == (squad, [])
    assert load_squad(tmp_path / "squad.yaml") == (squad, [])


def test_terrain_and_race_distance_columns_load_and_round_trip(tmp_path):
    """A trail runner's build weeks ask for hills (S-SPECIFICITY): the column must survive."""
    folder = squad_folder(
        tmp_path,
        "id,start,race_date,race_elevation_m,race_distance_km,terrain\n"
        "tom,2027-01-04,2027-03-27,900,42.2,Trail\nrut,2027-01-04,,,,\n"
        "bad,2027-01-04,,,,gravel\nfar,2027-01-04,,,21,\n",
        "athlete_id,day,start,end\ntom,mon,06:00,07:00\nrut,mon,06:00,07:00\n"
        "bad,mon,06:00,07:00\nfar,mon,06:00,07:00\n",
    )
    athletes, problems = load_squad(folder)
    tom, rut = athletes
    assert tom.terrain.value == "trail" and tom.race.distance_km == 42.2
    assert rut.terrain.value == "road" and rut.race is None  # empty cell: the default
    lines = [p.line() for p in problems]
    assert lines[0].endswith("athlete bad: terrain: 'gravel' is not a terrain; use road or trail")
    assert lines[1].endswith("athlete far: race_distance_km: race_distance_km needs a race_date")
    write_squad_folder(athletes, tmp_path / "again")
    write_squad_yaml(athletes, tmp_path / "again.yaml")
    assert load_squad(tmp_path / "again") == (athletes, [])
    assert load_squad(tmp_path / "again.yaml") == (athletes, [])


def test_yaml_squad_may_be_a_plain_list(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text(yaml.safe_dump([
        {"id": "a", "start": "2027-01-04", "weeks": 2, "availability": {"mon": ["06:00-07:00"]}},
        {"id": "b", "start": "2027-01-04", "weeks": 2, "availability": {"tue": ["06:00-07:00"]}},
    ]))
    athletes, problems = load_squad(path)
    assert [a.id for a in athletes] == ["a", "b"] and problems == []


def test_bad_rows_report_their_athlete_and_the_others_load(tmp_path):
    folder = squad_folder(
        tmp_path,
        HEADER
        + "good,,,,,2027-01-04,3,,,runs=3,\n"
        + "badrun,,,,,2027-01-04,3,,,runs=many,\n"          # row 3: not a number
        + "tuesday,,,,,2027-01-05,3,,,,\n"                   # row 4: start not a Monday
        + "badwin,,,,,2027-01-04,3,,,,\n",                   # row 5: its window is wrong
        "athlete_id,day,start,end\n"
        "good,mon,06:00,07:00\nbadrun,mon,06:00,07:00\ntuesday,mon,06:00,07:00\n"
        "badwin,mon,08:00,07:00\n"                           # row 5 of availability.csv
        "ghost,tue,06:00,07:00\nghost,wed,06:00,07:00\n",    # rows 6-7: unknown athlete
    )
    athletes, problems = load_squad(folder)
    assert [a.id for a in athletes] == ["good"]
    lines = [p.line() for p in problems]
    athletes_csv, availability_csv = str(folder / "athletes.csv"), str(folder / "availability.csv")
    assert lines == [
        f"{athletes_csv}: row 3: athlete badrun: targets.runs: 'many' is not a whole number",
        f"{athletes_csv}: row 4: athlete tuesday: start: 2027-01-05 is a Tuesday; "
        "the start must be a Monday",
        f"{availability_csv}: row 5: athlete badwin: end: the window 08:00-07:00 ends before it starts",
        f"{availability_csv}: rows 6, 7: athlete ghost: athlete_id: no athlete 'ghost' in "
        "athletes.csv; these rows are ignored",
    ]


def test_duplicate_ids_plan_none_of_them(tmp_path):
    folder = squad_folder(
        tmp_path,
        HEADER + "ana,,,,,2027-01-04,2,,,,\nbo,,,,,2027-01-04,2,,,,\nana,,,,,2027-01-04,2,,,,\n",
        "athlete_id,day,start,end\nana,mon,06:00,07:00\nbo,mon,06:00,07:00\n",
    )
    athletes, problems = load_squad(folder)
    assert [a.id for a in athletes] == ["bo"]
    assert len(problems) == 1
    assert problems[0].rows == (2, 4) and problems[0].field == "id"
    assert "used by 2 athletes" in problems[0].line()


def test_a_dated_row_cannot_be_both_unavailable_and_open(tmp_path):
    folder = squad_folder(
        tmp_path, HEADER + "ana,,,,,2027-01-04,2,,,,\n",
        "athlete_id,date,start,end\nana,2027-01-06,,\nana,2027-01-06,07:00,08:00\n",
    )
    athletes, problems = load_squad(folder)
    assert athletes == []
    assert problems[0].rows == (2, 3) and "marked unavailable on row 2" in problems[0].problem


def test_semicolon_separated_export_is_read(tmp_path):
    folder = squad_folder(
        tmp_path, "id;start;weeks;targets\nana;2027-01-04;2;runs=3,long=1\n",
        "athlete_id;day;start;end\nana;mon;06:00;07:00\n",
    )
    (ana,), problems = load_squad(folder)
    assert problems == [] and ana.targets.runs == 3 and ana.targets.long == 1


@pytest.mark.parametrize("athletes, availability, message", [
    ("id,start\n", "athlete_id,day,start,end\n", "the squad has no athletes"),
    ("id,start,racedate\n", "athlete_id,day,start,end\n", "racedate: unknown column 'racedate'"),
    ("name,start\nAna,2027-01-04\n", "athlete_id,day,start,end\n",
     "id: missing required column 'id'"),
])
def test_unreadable_squads_are_one_line_input_errors(tmp_path, athletes, availability, message):
    folder = squad_folder(tmp_path, athletes, availability)
    with pytest.raises(InputError) as error:
        load_squad(folder)
    assert message in error.value.line() and "\n" not in error.value.line()


def test_missing_squad_and_empty_yaml_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        load_squad(tmp_path / "nope.yaml")
    (tmp_path / "empty.yaml").write_text("athletes: []\n")
    with pytest.raises(InputError, match="no athletes"):
        load_squad(tmp_path / "empty.yaml")
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputError, match="no athletes.csv or squad.yaml"):
        load_squad(tmp_path / "folder")


def test_shipped_example_squad_loads_without_problems():
    from models.domain.bundled import EXAMPLES_DIR

    athletes, problems = load_squad(EXAMPLES_DIR / "squad")
    assert problems == [] and 25 <= len(athletes) <= 40
    assert len({a.level for a in athletes}) == 3  # varied: beginners to advanced


def test_demo_squad_is_seeded_and_loads_in_both_forms(tmp_path):
    from click.testing import CliRunner

    from cli import main

    runner = CliRunner()
    for name, fmt in (("one", "csv"), ("two", "csv"), ("three", "yaml")):
        result = runner.invoke(main, ["demo-squad", "--athletes", "6", "--seed", "4",
                                      "--out", str(tmp_path / name), "--format", fmt])
        assert result.exit_code == 0, result.output
    for csv_name in ("athletes.csv", "availability.csv"):
        assert (tmp_path / "one" / csv_name).read_text() == (tmp_path / "two" / csv_name).read_text()
    from_csv, from_yaml = load_squad(tmp_path / "one"), load_squad(tmp_path / "three")
    assert from_csv == from_yaml and len(from_csv[0]) == 6 and from_csv[1] == []


def _every_field_athlete():
    """An athlete that sets every field of the model (a new field must be added here)."""
    from models.io.athlete_file import athlete_from_dict
    athlete = athlete_from_dict({
        "id": "full", "name": "Full Fields", "level": "advanced", "bodyweight_kg": 63.5,
        "timezone": "Europe/Zurich", "start": date(2027, 1, 4), "weeks": 12,
        "race": {"date": date(2027, 3, 27), "elevation_m": 2400, "distance_km": 42.2,
                 "start": "07:30"},
        "targets": {"runs": 5, "long": 1, "strength": 2, "hike_minutes": 120,
                    "run_minutes": 300, "minutes": {"easy": 40, "long": 150}},
        "current": {"weekly_min": 260, "longest_min": 120},
        "zones": {"threshold_pace": "4:30", "threshold_hr": 170, "max_hr": 190},
        "availability": {"mon": ["06:00-07:30"], "sat": ["07:00-12:00"]},
        "exceptions": {date(2027, 2, 1): [], date(2027, 2, 6): ["09:00-11:00"]},
        "preferences": {"long": ["sat"]}, "phases": ["base"] * 6 + ["build"] * 6,
        "group": "trail", "terrain": "trail",
    }, file="<test>")
    defaults = [name for name, field in type(athlete).model_fields.items()
                if getattr(athlete, name) == field.get_default(call_default_factory=True)]
    assert defaults == [], f"set these fields in the test athlete: {defaults}"
    return athlete


def test_the_yaml_and_folder_forms_keep_every_field_of_an_athlete(tmp_path):
    """`weekplan batch` hands athletes to its workers in the YAML form: a field lost there
    (the athlete's `current` running, the race's start) was planned without, silently."""
    from models.squad.forms import athlete_yaml_dict
    from models.io.athlete_file import athlete_from_dict
    athlete = _every_field_athlete()
    assert athlete_from_dict(athlete_yaml_dict(athlete), file="<yaml>") == athlete
    write_squad_folder([athlete], tmp_path / "folder")
    assert load_squad(tmp_path / "folder") == ([athlete], [])


def test_every_bundled_athlete_survives_the_batch_form():
    from models.domain.bundled import EXAMPLES_DIR
    from models.io.athlete_or_squad import load_athlete_or_squad
    from models.squad.forms import athlete_yaml_dict
    from models.io.athlete_file import athlete_from_dict
    paths = [p for p in sorted(EXAMPLES_DIR.glob("*.yaml")) if p.name != "impossible.yaml"]
    athletes = [a for p in [*paths, EXAMPLES_DIR / "squad"]
                for a in load_athlete_or_squad(p)[0]]
    assert len(athletes) >= 30 and any(a.current is not None for a in athletes)
    for athlete in athletes:
        assert athlete_from_dict(athlete_yaml_dict(athlete), file="<yaml>") == athlete, athlete.id
