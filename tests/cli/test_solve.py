"""`weekplan solve`: what a coach sees and gets for every shipped example, and its exit codes.

Plans written by the command are checked by the plain-Python auditor (no hard finding, the
printed objective equals the auditor's penalty), not just for being there.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main
from models.audit.week import audit_plan
from models.domain.catalogue import default_catalogue
from models.io.athlete_file import load_athlete
from checkout import REPO_ROOT
from models.domain.bundled import EXAMPLES_DIR
from models.domain.plan import PLAN_COLUMNS, Result
from models.domain.rules import default_rulebook

IMPOSSIBLE = EXAMPLES_DIR / "impossible.yaml"
FEASIBLE = sorted(p for p in EXAMPLES_DIR.glob("*.yaml") if p != IMPOSSIBLE)
WIDE = {"COLUMNS": "200"}  # one line per grid cell, so a session reads "18:00 strength"


def solve(*args: str):
    return CliRunner().invoke(main, ["solve", *args, "--time-limit", "5"], env=WIDE)


def one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output + result.stderr
    return lines[0]


def test_examples_are_there():
    names = {p.name for p in FEASIBLE}
    assert {"athlete.yaml", "beginner-little-time.yaml", "trail-mountain-race.yaml",
            "advanced-two-a-day.yaml"} <= names
    assert IMPOSSIBLE.exists()


@pytest.mark.parametrize("example", FEASIBLE, ids=lambda p: p.stem)
def test_solve_prints_the_week_and_writes_an_audited_csv(example, tmp_path):
    out = tmp_path / "plan.csv"
    result = solve(str(example), "--out", str(out))
    assert result.exit_code == 0, result.output + result.stderr
    for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        assert day in result.output
    assert "status optimal" in result.output
    assert "penalty breakdown" in result.output

    frame = pd.read_csv(out)
    assert list(frame.columns) == list(PLAN_COLUMNS)
    assert len(frame) > 0
    assert frame["hard"].dtype == bool
    for row in frame.itertuples():
        mark = "*" if row.hard else ""
        assert f"{row.start} {row.session}{mark}" in result.output
        assert f"{row.minutes} min" in result.output

    report = audit_plan(frame, load_athlete(example), default_rulebook(), default_catalogue())
    assert report.ok, report.hard_findings
    printed = float(re.search(r"objective ([\d.]+) pts", result.output).group(1))
    assert printed == report.total_penalty
    for rule_id, points in report.penalty_by_rule().items():
        assert re.search(rf"{rule_id}\s.*\s{points:g}\s", result.output), rule_id


def test_json_out_is_the_whole_result(tmp_path):
    csv_out, json_out = tmp_path / "plan.csv", tmp_path / "plan.json"
    assert solve(str(FEASIBLE[0]), "--out", str(csv_out)).exit_code == 0
    assert solve(str(FEASIBLE[0]), "--out", str(json_out)).exit_code == 0
    data = json.loads(json_out.read_text())
    assert {"status", "objective", "best_bound", "wall_time", "plan", "breakdown"} <= set(data)
    result = Result.model_validate(data)
    assert result.status.value == "optimal"
    frame = pd.read_csv(csv_out, keep_default_na=False)
    assert len(result.plan.sessions) == len(frame)
    assert sum(item.penalty for item in result.breakdown) == pytest.approx(result.objective)


def test_same_input_gives_the_same_plan(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    example = EXAMPLES_DIR / "advanced-two-a-day.yaml"
    assert solve(str(example), "--out", str(first)).exit_code == 0
    assert solve(str(example), "--out", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_impossible_week_exits_1_with_a_message(tmp_path):
    out = tmp_path / "plan.csv"
    result = solve(str(IMPOSSIBLE), "--out", str(out))
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "infeasible" in line and "impossible.yaml" in line
    assert not out.exists()


def test_malformed_yaml_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: ana\navailability: {mon: [06:00-07:00\n")
    result = solve(str(bad))
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "broken.yaml" in line and "YAML" in line


@pytest.mark.parametrize("change, field, words", [
    ({"start": "2027-01-05"}, "start", "Monday"),
    ({"timezone": "Mars/Olympus"}, "timezone", "Mars/Olympus"),
], ids=["start-not-monday", "unknown-timezone"])
def test_bad_field_exits_2_naming_file_and_field(tmp_path, change, field, words):
    text = (EXAMPLES_DIR / "athlete.yaml").read_text()
    for key, value in change.items():
        text = re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text)
    bad = tmp_path / "coach.yaml"
    bad.write_text(text)
    result = solve(str(bad))
    assert result.exit_code == 2
    line = one_error_line(result)
    assert f"coach.yaml: {field}:" in line and words in line


@pytest.mark.parametrize("args, words", [
    (["--week", "2027-01-06"], "--week: 2027-01-06 is a Wednesday"),
    (["--week", "next monday"], "--week"),
    (["--out", "plan.txt"], "--out: unknown output format"),
    (["--rules", "no-such-preset"], "--rules: no rulebook named"),
], ids=["week-not-monday", "week-not-a-date", "unknown-extension", "unknown-rulebook"])
def test_bad_options_exit_2_with_one_line(tmp_path, args, words):
    result = solve(str(FEASIBLE[0]), *args)
    assert result.exit_code == 2
    assert words in one_error_line(result)


def test_missing_athlete_file_exits_2(tmp_path):
    result = solve(str(tmp_path / "nobody.yaml"))
    assert result.exit_code == 2
    assert "nobody.yaml: file not found" in one_error_line(result)


def test_another_week_can_be_planned(tmp_path):
    out = tmp_path / "plan.csv"
    result = solve(str(EXAMPLES_DIR / "athlete.yaml"), "--week", "2027-02-08", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    frame = pd.read_csv(out)
    assert set(frame["week_start"]) == {"2027-02-08"}
    # 2027-02-14 (Sunday) is an exception with no availability
    assert "2027-02-14" not in set(frame["date"])


def test_python_cli_py_runs_as_a_script(tmp_path):
    """`python cli.py solve ...` works from a checkout, exit codes included."""
    out = tmp_path / "plan.csv"
    done = subprocess.run(
        [sys.executable, "cli.py", "solve", "data/examples/athlete.yaml", "--out", str(out)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Sun" in done.stdout and "status optimal" in done.stdout
    reference = tmp_path / "reference.csv"
    assert solve(str(EXAMPLES_DIR / "athlete.yaml"), "--out", str(reference)).exit_code == 0
    assert out.read_bytes() == reference.read_bytes()

    failed = subprocess.run(
        [sys.executable, "cli.py", "solve", str(IMPOSSIBLE)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert failed.returncode == 1
    assert len(failed.stderr.strip().splitlines()) == 1 and "Traceback" not in failed.stderr
