"""`weekplan batch --activities`: one folder of activity files per athlete id; each athlete
with one is judged against their block plan and re-planned from --today, the compliance
tables are written per athlete and for the squad, and the HTML report colours by band."""

from __future__ import annotations

import shutil

import pandas as pd
import yaml
from click.testing import CliRunner

from cli import main
from completed_example import TODAY
from models.activities.compliance import COMPLIANCE_COLUMNS
from models.domain.bundled import EXAMPLES_DIR

EXAMPLE = EXAMPLES_DIR / "completed"


def test_a_squad_is_judged_and_replanned_from_its_activity_folders(tmp_path):
    ana = yaml.safe_load((EXAMPLE / "athlete.yaml").read_text())
    squad = tmp_path / "squad.yaml"
    squad.write_text(yaml.safe_dump({"athletes": [ana, {**ana, "id": "ben", "name": "Ben"}]}))
    shutil.copytree(EXAMPLE / "activities", tmp_path / "act" / "ana")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "batch", str(squad), "--out", str(out), "--activities", str(tmp_path / "act"),
        "--today", TODAY, "--workers", "1", "--quiet", "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    assert "1 athletes re-planned from their activities, 1 without a folder" in result.output
    assert [l for l in result.stderr.splitlines() if l.startswith("skipped: ")] == [
        f"skipped: {tmp_path / 'act' / 'ana' / 'planned-course.gpx'}: a GPX route (a planned "
        "course), not a recorded track"]
    table = pd.read_csv(out / "compliance.csv", keep_default_na=False)
    assert tuple(table.columns) == COMPLIANCE_COLUMNS and set(table["athlete_id"]) == {"ana"}
    assert set(table["status"]) >= {"done", "missed", "unplanned"}
    assert (table["date"] < TODAY).all()
    assert (out / "compliance" / "ana.csv").is_file()
    assert (out / "compliance" / "ana.weekly.csv").is_file()
    replanned = pd.read_csv(out / "replanned" / "ana.csv")
    assert (replanned["date"] >= TODAY).any() and not (out / "replanned" / "ben.csv").exists()
    report = tmp_path / "report.html"
    made = CliRunner().invoke(main, ["report", str(out), "--out", str(report)])
    assert made.exit_code == 0, made.output
    html = report.read_text()
    assert "Planned vs completed" in html and "Weekly planned vs actual load" in html
    assert html.count('<tr class="band-') == len(table)


def test_today_without_activities_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["batch", str(tmp_path), "--out", str(tmp_path / "o"),
                                       "--today", TODAY])
    assert result.exit_code == 2 and "--today" in result.stderr
