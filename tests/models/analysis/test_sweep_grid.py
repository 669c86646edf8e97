"""The sweep grid: --set parsing, the cartesian cells, and the edits each cell makes."""

from __future__ import annotations

import pytest

from builders import make_athlete
from models.analysis.sweep_grid import (cell_athletes, cell_rulebook, grid, parse_setting,
                                        parse_values)
from models.domain.errors import InputError
from models.domain.rules import default_rulebook

DEFAULT = default_rulebook()


def test_values_are_a_list_or_an_inclusive_range():
    assert parse_values("0,2,4") == (0, 2, 4)
    assert parse_values("0:8:2") == (0, 2, 4, 6, 8)
    assert parse_values("0:1:0.5") == (0, 0.5, 1)
    assert parse_values("soft,hard") == ("soft", "hard")
    assert parse_values("off,soft") == ("off", "soft")  # not YAML 1.1's False
    assert parse_values("[2,3],[1,2]") == ([2, 3], [1, 2])


def test_the_grid_is_the_cartesian_product_with_stable_ids():
    cells = grid([parse_setting("H-GAP.gap_h=0,6", DEFAULT),
                  parse_setting("targets.strength=1,2,3", DEFAULT)])
    assert len(cells) == 6 and cells[0].id == "cell-001"
    assert cells[1].label == "H-GAP.gap_h=0 targets.strength=2"


def test_a_cell_edits_rule_parameters_weights_kinds_and_targets():
    cell = grid([parse_setting("H-GAP.gap_h=3", DEFAULT),
                 parse_setting("S-HIKE-VOLUME.weight=2.5", DEFAULT),
                 parse_setting("S-STRENGTH-FIRST.kind=hard", DEFAULT),
                 parse_setting("targets.strength=1", DEFAULT)])[0]
    rulebook = cell_rulebook(cell, DEFAULT)
    assert rulebook.param("H-GAP", "gap_h") == 3
    assert rulebook["S-HIKE-VOLUME"].weight == 2.5 and rulebook["S-STRENGTH-FIRST"].is_hard
    assert rulebook["H-GAP"].params == {**DEFAULT["H-GAP"].params, "gap_h": 3}
    athlete = make_athlete(targets={"runs": 3, "strength": 2})
    assert cell_athletes(cell, [athlete])[0].targets.strength == 1


def test_a_list_parameter_and_the_kind_off_are_set_as_written():
    cell = grid([parse_setting("P-STRENGTH-TAPER.base=[1,2]", DEFAULT),
                 parse_setting("S-HIKE-RECOVERY.kind=off", DEFAULT)])[0]
    rulebook = cell_rulebook(cell, DEFAULT)
    assert rulebook.param("P-STRENGTH-TAPER", "base") == [1, 2]
    assert not rulebook["S-HIKE-RECOVERY"].is_active


@pytest.mark.parametrize("text, problem", [
    ("H-NOPE.gap_h=1", "unknown rule id 'H-NOPE'"),
    ("H-GAP.hours=1", "H-GAP has no parameter 'hours'; use kind, weight, gap_h"),
    ("targets.speed=1", "unknown target 'speed'"),
    ("H-GAP.gap_h=", "no value"),
    ("H-GAP", "write RULE.param=v1,v2"),
    ("H-GAP.gap_h=8:0:2", "start <= stop"),
])
def test_a_bad_setting_is_one_line_naming_set(text, problem):
    with pytest.raises(InputError, match=problem) as caught:
        parse_setting(text, DEFAULT)
    assert caught.value.field == "--set"


@pytest.mark.parametrize("text, problem", [
    ("S-HILL-SPRINT.kind=hard", "S-HILL-SPRINT cannot be hard"),
    ("H-AVAIL.kind=soft", "H-AVAIL cannot be soft"),
    ("S-HIKE-VOLUME.weight=-1", "greater than or equal to 0"),
    ("H-REST.min_days=1.5", "H-REST.min_days=1.5: expected a whole number like 1, got 1.5"),
])
def test_an_edit_a_rulebook_file_could_not_make_is_refused(text, problem):
    with pytest.raises(InputError, match=problem):
        cell_rulebook(grid([parse_setting(text, DEFAULT)])[0], DEFAULT)
