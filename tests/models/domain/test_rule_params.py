"""A rule's params are checked when the rulebook is read: the names and shapes the default
rulebook gives each rule, so a bad file is one input error naming it, never a traceback
from the solver or a misspelt parameter quietly ignored."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import main
from models.domain.errors import InputError
from models.domain.rules import load_rulebook, preset_names


def bad(tmp_path, rules: str, name: str = "bad.yaml"):
    """The InputError of loading a file with these ``rules:`` lines."""
    path = tmp_path / name
    path.write_text(f"extends: default\nrules:\n{rules}")
    with pytest.raises(InputError) as caught:
        load_rulebook(path)
    return caught.value, path


@pytest.mark.parametrize("rules, field, problem", [
    ("  H-REST: {params: {min_days: one}}\n", "H-REST.params.min_days",
     "expected a whole number like 1, got 'one'"),
    ("  H-REST: {params: {min_days: 1.5}}\n", "H-REST.params.min_days",
     "expected a whole number like 1, got 1.5"),
    ("  S-VOLUME: {params: {tolerance: five percent}}\n", "S-VOLUME.params.tolerance",
     "expected a number like 0.05"),
    ("  S-MONOTONY: {params: {levels: 1.5}}\n", "S-MONOTONY.params.levels",
     "expected a list of numbers like [1.5, 1.6, 2.0], got 1.5"),
    ("  P-VOLUME: {params: {ramp: ten percent}}\n", "P-VOLUME.params.ramp",
     "expected a number like 0.1"),
    ("  P-TAPER: {params: {volume: '0.7,0.4'}}\n", "P-TAPER.params.volume",
     "expected a list of numbers like [0.7, 0.4], got '0.7,0.4'"),
    ("  H-RACE-EVE: {params: {run_hours: two days}}\n", "H-RACE-EVE.params.run_hours",
     "expected a number like 48"),
    ("  H-SESSION-SPIKE: {params: {spike: 10%}}\n", "H-SESSION-SPIKE.params.spike",
     "expected a number like 0.1"),
    ("  H-GAP: {params: {gap_h: true}}\n", "H-GAP.params.gap_h", "got true"),
    ("  H-LONG-CAP: {params: {beginner: [40]}}\n", "H-LONG-CAP.params.beginner",
     "expected a [low, high] pair of whole numbers like [40, 90]"),
    ("  P-VOLUME: {params: {defaults: {beginner: lots}}}\n",
     "P-VOLUME.params.defaults.beginner", "expected a whole number like 120"),
    ("  H-STRENGTH-COUNT: {params: {target: null}}\n", "H-STRENGTH-COUNT.params.target",
     "got null"),
])
def test_a_param_of_the_wrong_type_is_an_input_error(tmp_path, rules, field, problem):
    error, path = bad(tmp_path, rules)
    assert (error.file, error.field) == (str(path), f"rules.{field}")
    assert problem in error.problem


def test_an_unknown_param_name_is_refused_listing_the_known_ones(tmp_path):
    error, _ = bad(tmp_path, "  S-VOLUME: {params: {tolerence: 0.1}}\n")
    assert error.field == "rules.S-VOLUME.params.tolerence"
    assert error.problem == ("unknown parameter 'tolerence'; "
                             "known: tolerance, over_tolerance, over")
    error, _ = bad(tmp_path, "  H-AVAIL: {params: {hours: 1}}\n")
    assert error.problem == "unknown parameter 'hours'; H-AVAIL takes no parameters"
    error, _ = bad(tmp_path, "  P-VOLUME: {params: {defaults: {expert: 400}}}\n")
    assert error.field == "rules.P-VOLUME.params.defaults.expert"
    assert "known: beginner, intermediate, advanced" in error.problem


def test_a_negative_param_is_refused(tmp_path):
    error, _ = bad(tmp_path, "  H-REST: {params: {min_days: -1}}\n")
    assert error.field == "rules.H-REST.params.min_days"
    assert error.problem == "-1 is below 0; expected a whole number like 1"
    error, _ = bad(tmp_path, "  P-TAPER: {params: {volume: [0.7, -0.4]}}\n")
    assert error.field == "rules.P-TAPER.params.volume[1]"


def test_monotony_levels_and_weights_of_different_lengths_are_refused_on_load(tmp_path):
    error, path = bad(tmp_path, "  S-MONOTONY: {params: {levels: [1.5, 2.0], weights: [5]}}\n")
    assert (error.file, error.field) == (str(path), "rules.S-MONOTONY.params.weights")
    assert error.problem == "2 levels but 1 weights; give one weight per level"
    two = tmp_path / "two.yaml"
    two.write_text("rules:\n  S-MONOTONY: {params: {levels: [1.5, 2.0], weights: [5, 60]}}\n")
    assert load_rulebook(two).param("S-MONOTONY", "weights") == [5, 60]


def test_what_the_code_reads_beyond_the_default_shapes_still_loads(tmp_path):
    path = tmp_path / "loose.yaml"
    path.write_text("rules:\n"
                    "  H-REST: {params: {max_hike: null}}\n"              # any hike is rest
                    "  H-GAP: {params: {gap_h: 4.5}}\n"                   # hours, whole in default
                    "  S-MONOTONY: {params: {levels: [1.2], weights: [2.5]}}\n"
                    "  P-TAPER: {params: {volume: [0.7]}}\n"              # any number of weeks
                    "  H-SESSION-SPIKE: {params: {min_step: 5}}\n")      # retired, ignored
    rulebook = load_rulebook(path)
    assert rulebook.param("H-REST", "max_hike") is None
    assert rulebook.param("H-GAP", "gap_h") == 4.5


def test_an_error_in_an_extended_file_names_that_file(tmp_path):
    (tmp_path / "base.yaml").write_text("rules:\n  H-GAP: {params: {gap_h: six}}\n")
    (tmp_path / "mine.yaml").write_text("extends: base.yaml\nrules: {}\n")
    with pytest.raises(InputError) as caught:
        load_rulebook(tmp_path / "mine.yaml")
    assert caught.value.file == str(tmp_path / "base.yaml")


@pytest.mark.parametrize("preset", preset_names())
def test_every_bundled_preset_still_loads(preset):
    assert load_rulebook(preset).rules


def test_rules_command_refuses_a_bad_param_in_one_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text('rules:\n  H-REST: {params: {min_days: "one"}}\n')
    result = CliRunner().invoke(main, ["rules", "--rules", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"error: {path}: rules.H-REST.params.min_days: expected a whole number like 1, "
        "got 'one'"]
