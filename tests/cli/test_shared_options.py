"""The options every command shares behave the same in every command.

--rules: an unknown preset name is reported against --rules, a broken rulebook file by
its file and field - in every command, before any solving. --time-limit: a non-positive
limit is a usage error (exit 2) wherever the option exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from models.domain.bundled import EXAMPLES_DIR

ATHLETE = str(EXAMPLES_DIR / "athlete.yaml")
SQUAD = str(EXAMPLES_DIR / "squad")


def command_lines(tmp_path: Path) -> dict[str, list[str]]:
    """Each command that takes --rules, with the other arguments it needs."""
    plan = str(tmp_path / "plan.csv")  # not read: the rulebook is refused first
    return {
        "phases": ["phases", ATHLETE],
        "plan": ["plan", ATHLETE],
        "rules": ["rules"],
        "check": ["check", plan, "--athlete", ATHLETE],
        "explain": ["explain", ATHLETE],
        "solve": ["solve", ATHLETE],
        "report": ["report", plan, "--out", str(tmp_path / "report.html")],
        "replan": ["replan", plan, "--athlete", ATHLETE, "--today", "2027-01-06"],
        "batch": ["batch", SQUAD, "--out", str(tmp_path / "out")],
        "compare": ["compare", plan, plan],
        "sweep": ["sweep", SQUAD, "--set", "H-GAP.gap_h=0,4", "--out", str(tmp_path / "out")],
        "tradeoff": ["tradeoff", ATHLETE, "--between", "S-HIKE-VOLUME", "S-MONOTONY"],
    }


COMMANDS = ["phases", "plan", "rules", "check", "explain", "solve", "report", "replan", "batch",
            "compare", "sweep", "tradeoff"]
TIMED = ["plan", "explain", "solve", "replan", "batch", "compare", "sweep", "tradeoff"]


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output + result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_rulebook_name_is_reported_against_rules(command, tmp_path):
    args = command_lines(tmp_path)[command]
    result = CliRunner().invoke(main, [*args, "--rules", "nope"])
    line = one_error_line(result)
    assert line.startswith("error: --rules: no rulebook named 'nope'; use a preset"), line
    assert not (tmp_path / "out").exists()  # batch refused before writing anything


@pytest.mark.parametrize("command", COMMANDS)
def test_a_broken_rulebook_file_is_reported_by_its_file_and_field(command, tmp_path):
    broken = tmp_path / "club.yaml"
    broken.write_text("extends: default\nrules:\n  H-OVERLAP: {kind: soft}\n")
    args = command_lines(tmp_path)[command]
    line = one_error_line(CliRunner().invoke(main, [*args, "--rules", str(broken)]))
    assert line.startswith(f"error: {broken}: rules.H-OVERLAP.kind: "), line


@pytest.mark.parametrize("command", TIMED)
def test_a_time_limit_must_be_positive(command, tmp_path):
    args = command_lines(tmp_path)[command]
    result = CliRunner().invoke(main, [*args, "--time-limit", "0"])
    assert result.exit_code == 2
    assert "--time-limit" in result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
