"""Rulebook presets (C1: 001 and 002, C2: beginner), `extends:` from user files, and
`weekplan rules`, which prints the rulebook the solver and the auditor will use."""

from __future__ import annotations

import re

import pytest
import yaml
from click.testing import CliRunner

from cli import main
from models.audit.week import audit_week
from models.domain.catalogue import default_catalogue
from models.domain.bundled import RULEBOOK_DIR
from models.domain.rules import load_rulebook
from models.domain.week import single_week
from solver.week.solve import SolveParams, solve_week

WIDE = {"COLUMNS": "250"}
C1_C2 = ("S-STRENGTH-TIMING", "S-STRENGTH-FIRST", "H-GAP")
EXPECTED = {  # preset -> kinds of the C1/C2 rules
    "001": {"S-STRENGTH-TIMING": "soft", "S-STRENGTH-FIRST": "off", "H-GAP": "hard"},
    "002": {"S-STRENGTH-TIMING": "off", "S-STRENGTH-FIRST": "hard", "H-GAP": "hard"},
    "beginner": {"S-STRENGTH-TIMING": "soft", "S-STRENGTH-FIRST": "off", "H-GAP": "soft"},
}
OVERRIDDEN = {"001": {"S-STRENGTH-TIMING", "S-STRENGTH-FIRST"},
              "002": {"S-STRENGTH-TIMING", "S-STRENGTH-FIRST"}, "beginner": {"H-GAP"}}


def rules_cli(*args: str):
    return CliRunner().invoke(main, ["rules", *args], env=WIDE)


@pytest.mark.parametrize("preset", sorted(EXPECTED))
def test_a_preset_changes_only_its_reading(preset):
    default, rulebook = load_rulebook("default"), load_rulebook(preset)
    assert {rid: rulebook[rid].kind.value for rid in C1_C2} == EXPECTED[preset]
    assert rulebook.description and rulebook.description != default.description
    for rule_id, rule in default.rules.items():
        if rule_id not in C1_C2:
            assert rulebook[rule_id] == rule, rule_id
    raw = yaml.safe_load((RULEBOOK_DIR / f"{preset}.yaml").read_text())
    assert raw["extends"] == "default"
    assert set(raw["rules"]) == OVERRIDDEN[preset]


def test_a_user_file_extends_a_preset_and_another_file_by_relative_path(tmp_path, monkeypatch):
    (tmp_path / "club").mkdir()
    (tmp_path / "club" / "base.yaml").write_text(
        'extends: "002"\nrules:\n  H-GAP: {params: {gap_h: 4}}\n')
    (tmp_path / "club" / "mine").mkdir()
    (tmp_path / "club" / "mine" / "ana.yaml").write_text(
        "extends: ../base.yaml\ndescription: Ana's club rules\n"
        "rules:\n  S-HIKE-VOLUME: {weight: 3}\n  H-HARD-SPACING: {kind: off}\n")
    monkeypatch.chdir(tmp_path)
    rulebook = load_rulebook("club/mine/ana.yaml")
    assert rulebook["H-GAP"].params == {"gap_h": 4}
    assert rulebook["H-GAP"].quote == load_rulebook("default")["H-GAP"].quote
    assert rulebook["S-STRENGTH-FIRST"].kind.value == "hard"  # from 002, two levels up
    assert rulebook["S-HIKE-VOLUME"].weight == 3
    assert rulebook["H-HARD-SPACING"].kind.value == "off"  # bare YAML off, not False
    result = rules_cli("--rules", "club/mine/ana.yaml")
    assert result.exit_code == 0, result.output
    assert re.search(r"H-GAP\s+│\s+hard\s+│\s+50\s+│\s+gap_h=4", result.output)
    assert re.search(r"S-STRENGTH-FIRST\s+│\s+hard", result.output)
    assert "Ana's club rules" in result.output


@pytest.mark.parametrize("text, field, problem", [
    ("extends: default\nrules:\n  H-FOO: {kind: soft}\n", "rules.H-FOO",
     "unknown rule id 'H-FOO'"),
    ("extends: default\nrules:\n  H-GAP: {kind: medium}\n", "rules.H-GAP.kind",
     "Input should be 'hard', 'soft' or 'off'"),
    ("extends: default\nrules:\n  S-HILL-SPRINT: {kind: hard}\n", "rules.S-HILL-SPRINT.kind",
     "cannot be hard"),
    ("extends: default\nrules:\n  H-OVERLAP: {kind: soft}\n", "rules.H-OVERLAP.kind",
     "always hard"),
    ("extends: nosuch\nrules: {}\n", "extends", "no rulebook named 'nosuch'"),
    ("extends: default\ncolour: red\n", None, "unknown key(s) ['colour']"),
])
def test_a_bad_rulebook_is_one_line_naming_file_and_field(tmp_path, text, field, problem):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    result = rules_cli("--rules", str(path))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    expected = f"error: {path}: " + (f"{field}: " if field else "")
    assert lines[0].startswith(expected), lines[0]
    assert problem in lines[0]


def test_an_unknown_preset_name_is_reported_against_the_option():
    result = rules_cli("--rules", "003")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --rules: no rulebook named '003'; use a preset")


def test_rules_prints_every_rule_with_kind_weight_params_and_source_quote():
    default = load_rulebook("default")
    result = rules_cli()
    assert result.exit_code == 0, result.output
    for rule in default.rules.values():
        line = next(l for l in result.output.splitlines() if f"│ {rule.id} " in l)
        assert f"│ {rule.kind.value} " in line
        assert rule.source in line
    assert '002: "Do strength before running if both are in the same session"' in result.output
    assert re.search(r"S-STRENGTH-TIMING\s+│\s+soft\s+│\s+20\s", result.output)
    under_002 = rules_cli("--rules", "002")
    assert re.search(r"S-STRENGTH-TIMING\s+│\s+off\s", under_002.output)
    assert re.search(r"S-STRENGTH-FIRST\s+│\s+hard\s", under_002.output)


def test_beginner_preset_trades_the_gap_for_points(athlete, plan):
    """C2: one day with two windows 2 h apart; strength and a run must share it."""
    profile = athlete({"mon": ["06:00-07:00", "09:00-10:00"]},
                      targets={"runs": 1, "long": 0, "strength": 1})
    catalogue = default_catalogue()
    results = {}
    for preset in ("default", "beginner"):
        rulebook = load_rulebook(preset)
        spec = single_week(profile, rulebook, catalogue)
        results[preset] = solve_week(spec, rulebook, catalogue, SolveParams(time_limit=5))
    assert results["default"].status.value == "infeasible"
    beginner = results["beginner"]
    assert beginner.status.has_plan
    assert beginner.penalty_by_rule()["H-GAP"] == 50
    rulebook = load_rulebook("beginner")
    report = audit_week(single_week(profile, rulebook, catalogue), beginner.plan.sessions,
                        rulebook, catalogue)
    assert report.ok
    assert [(f.rule_id, f.kind, f.penalty) for f in report.findings if f.rule_id == "H-GAP"] \
        == [("H-GAP", "soft", 50.0)]
