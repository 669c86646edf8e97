"""A squad is read one athlete at a time: the same athletes and problems as reading it whole."""

from __future__ import annotations

import random

import pytest
import yaml

from models.domain.errors import InputError
from models.squad.forms import load_squad, read_squad, write_squad_yaml
from models.squad.generator import random_squad
from models.squad.spreadsheet import write_squad_folder


def test_availability_rows_in_any_order_give_the_same_athletes(tmp_path):
    squad = random_squad(seed=5, count=12)
    folder = write_squad_folder(squad, tmp_path / "squad")
    path = folder / "availability.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    random.Random(1).shuffle(rows)  # one athlete's windows scattered among the others'
    path.write_text(header + "".join(rows), encoding="utf-8")
    athletes, problems = load_squad(folder)
    assert problems == [] and athletes == squad


def test_the_store_hands_out_the_athletes_again_and_again(tmp_path):
    squad = random_squad(seed=6, count=5)
    store, problems = read_squad(write_squad_yaml(squad, tmp_path / "squad.yaml"))
    with store:
        assert problems == [] and len(store) == 5
        assert list(store) == squad and list(store) == squad
        assert store.ids() == [a.id for a in squad]
        store.remove([squad[1].id])
        assert store.ids() == [a.id for a in squad if a is not squad[1]]


def athlete(athlete_id: str) -> dict:
    return {"id": athlete_id, "start": "2027-01-04", "weeks": 2,
            "availability": {"mon": ["06:00-07:00"]}}


@pytest.mark.parametrize("text, message", [
    ("athletes:\n- {id: a, start: 2027-01-04, availability: {mon: ['06:00-07:00']}}\n"
     "coaches: [x]\n", "unknown key(s) ['coaches']"),
    ("- {id: a, start: 2027-01-04}\n---\n- {id: b, start: 2027-01-04}\n", "one YAML document"),
    ("facilities: []\n", "expected a list of athletes"),
    ("athletes: 3\n", "expected a list of athletes"),
    ("just text\n", "expected a list of athletes"),
    ("", "expected a list of athletes"),
    ("- {id: a\n", "malformed YAML"),
])
def test_a_yaml_squad_of_the_wrong_shape_is_one_line_input_error(tmp_path, text, message):
    path = tmp_path / "squad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_squad(path)
    assert message in error.value.line() and str(path) in error.value.line()


def test_the_athletes_may_follow_the_squad_sessions(tmp_path):
    path = tmp_path / "squad.yaml"
    path.write_text(yaml.safe_dump({"facilities": [], "athletes": [athlete("a"), athlete("b")]},
                                   sort_keys=False), encoding="utf-8")
    athletes, problems = load_squad(path)
    assert [a.id for a in athletes] == ["a", "b"] and problems == []


def test_a_duplicate_after_a_bad_athlete_keeps_the_problems_in_file_order(tmp_path):
    path = tmp_path / "squad.yaml"
    items = [athlete("a"), {**athlete("b"), "weeks": "many"}, athlete("c"), athlete("a")]
    path.write_text(yaml.safe_dump(items), encoding="utf-8")
    athletes, problems = load_squad(path)
    assert [a.id for a in athletes] == ["c"]
    assert [(p.athlete, p.rows, p.field) for p in problems] == [
        ("a", (1, 4), "id"), ("b", (2,), "weeks")]
