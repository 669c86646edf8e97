"""`weekplan sweep` and `weekplan tradeoff`: the researcher's commands, end to end."""

from __future__ import annotations

import json

import pandas as pd
import yaml
from click.testing import CliRunner

from cli import main
from squads import C1_SQUAD

FRONT_ATHLETE = {
    "id": "hiker", "start": "2027-01-04", "weeks": 1,
    "targets": {"runs": 2, "long": 0, "strength": 0, "hike_minutes": 180},
    "availability": {"mon": ["18:00-19:30"], "wed": ["18:00-19:30"],
                     "sat": ["07:00-12:00"], "sun": ["07:00-12:00"]},
}


def test_tradeoff_writes_one_column_per_rule_and_a_figure(tmp_path):
    athlete = tmp_path / "hiker.yaml"
    athlete.write_text(yaml.safe_dump(FRONT_ATHLETE))
    out, plot = tmp_path / "front.csv", tmp_path / "front.png"
    result = CliRunner().invoke(main, ["tradeoff", str(athlete), "--between", "S-HIKE-VOLUME",
                                       "S-LOAD-SPREAD", "--rules", "round1", "--out", str(out),
                                       "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    front = pd.read_csv(out)
    assert list(front.columns[:5]) == ["athlete_id", "week_start", "point", "S-HIKE-VOLUME",
                                       "S-LOAD-SPREAD"]
    assert len(front) >= 2 and front["proven"].all()
    assert front["S-HIKE-VOLUME"].is_monotonic_increasing
    assert front["S-LOAD-SPREAD"].is_monotonic_decreasing
    assert plot.read_bytes()[:4] == b"\x89PNG"


def test_tradeoff_of_a_hard_rule_is_one_line_and_exit_2(tmp_path):
    athlete = tmp_path / "hiker.yaml"
    athlete.write_text(yaml.safe_dump(FRONT_ATHLETE))
    result = CliRunner().invoke(main, ["tradeoff", str(athlete), "--between", "H-GAP",
                                       "S-LOAD-SPREAD", "--rules", "round1"])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: --between: H-GAP is hard in rulebook 'round1'; "
                                     "a trade-off needs two soft rules")


def test_sweep_writes_the_table_the_manifest_and_the_figure(tmp_path):
    squad = tmp_path / "squad.yaml"
    squad.write_text(yaml.safe_dump(C1_SQUAD, sort_keys=False))
    out, plot = tmp_path / "sweep", tmp_path / "gap.png"
    args = ["sweep", str(squad), "--set", "H-GAP.gap_h=0,6", "--weeks", "1", "--workers", "1",
            "--out", str(out), "--plot", str(plot), "--quiet", "--time-limit", "5"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "cell-001 H-GAP.gap_h=0: feasible 100%" in result.output
    table = pd.read_parquet(out / "cells.parquet")
    assert list(table.columns) == ["cell", "parameters", "H-GAP.gap_h", "athlete", "week",
                                   "metric", "value"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert [c["parameters"] for c in manifest["cells"]] == [{"H-GAP.gap_h": 0},
                                                            {"H-GAP.gap_h": 6}]
    assert manifest["command"] == ["weekplan", "sweep", str(squad), "--set", "H-GAP.gap_h=0,6",
                                   "--out", str(out), "--rules", "default",
                                   "--time-limit", "5", "--weeks", "1"]
    assert plot.read_bytes()[:4] == b"\x89PNG"
    again = CliRunner().invoke(main, args)
    assert "2 cells (0 run, 2 already finished)" in again.output


def test_sweep_with_a_bad_setting_is_one_line_and_exit_2(tmp_path):
    squad = tmp_path / "squad.yaml"
    squad.write_text(yaml.safe_dump(C1_SQUAD, sort_keys=False))
    result = CliRunner().invoke(main, ["sweep", str(squad), "--set", "H-GAP.hours=1,2",
                                       "--out", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --set: H-GAP has no parameter 'hours'")
    assert not (tmp_path / "s").exists()


def test_tradeoff_without_any_legal_week_exits_1_and_says_why(tmp_path):
    from models.domain.bundled import DATA_DIR

    out = tmp_path / "front.csv"
    result = CliRunner().invoke(main, ["tradeoff", str(DATA_DIR / "examples" / "impossible.yaml"),
                                       "--between", "S-HIKE-VOLUME", "S-MONOTONY",
                                       "--out", str(out)])
    assert result.exit_code == 1
    assert "infeasible: no plan satisfies the hard rules" in result.output
    front = pd.read_csv(out)
    assert list(front["status"]) == ["infeasible"] and front["S-HIKE-VOLUME"].isna().all()
