"""`run_sweep`: a grid of rulebook edits over a small squad, measured into one tidy table."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import solver.research.sweep as sweep_module
from models.analysis.sweep_grid import parse_setting
from models.domain.bundled import DATA_DIR
from models.domain.rules import default_rulebook
from models.squad.forms import load_squad
from solver.research.sweep import run_sweep
from solver.week.solve import SolveParams

DEFAULT = default_rulebook()
PARAMS = SolveParams(time_limit=30)  # a ceiling for a busy machine: cells are compared plan for plan
VALUE_COLUMNS = ["athlete", "week", "metric", "value"]


@pytest.fixture(scope="module")
def squad():
    athletes, _ = load_squad(DATA_DIR / "examples" / "squad")
    return athletes[:3]


def sweep(squad, out, *sets, **options):
    settings = [parse_setting(text, DEFAULT) for text in sets]
    return run_sweep(squad, DEFAULT, settings, out, weeks=2, params=PARAMS, workers=1,
                     **options)


def cell(table: pd.DataFrame, cell_id: str) -> pd.DataFrame:
    rows = table[table["cell"] == cell_id][VALUE_COLUMNS]
    return rows.sort_values(VALUE_COLUMNS[:3]).reset_index(drop=True)


def test_a_parameter_that_changes_nothing_gives_identical_cells(squad, tmp_path):
    # S-STABILITY only prices moves against an old plan: a fresh plan never pays it
    report = sweep(squad, tmp_path, "S-STABILITY.weight=25,60")
    table = pd.read_parquet(report.table)
    assert sorted(set(table["cell"])) == ["cell-001", "cell-002"]
    pd.testing.assert_frame_equal(cell(table, "cell-001"), cell(table, "cell-002"))
    assert set(table["S-STABILITY.weight"]) == {25, 60}
    assert {"feasible", "load", "hill_sprint", "penalty:S-HILL-SPRINT"} <= set(table["metric"])
    assert set(table["athlete"]) == {a.id for a in squad}
    # the auditor's points per rule add up to the solver's objective of every planned week
    keys = ["cell", "athlete", "week"]
    penalties = table[table["metric"].str.startswith("penalty:")].groupby(keys)["value"].sum()
    objective = table[table["metric"] == "objective"].set_index(keys)["value"]
    assert len(objective) == 12
    pd.testing.assert_series_equal(penalties.sort_index(), objective.sort_index(),
                                   check_names=False)


def test_a_parameter_that_makes_every_week_infeasible_shows_zero_feasibility(squad, tmp_path):
    # seven rest days leave no day for a run: no week of any athlete has a plan
    report = sweep(squad, tmp_path, "H-REST.min_days=1,7")
    table = pd.read_parquet(report.table)
    feasible = table[table["metric"] == "feasible"].groupby("H-REST.min_days")["value"].mean()
    assert feasible[7] == 0.0 and feasible[1] > 0.5
    assert set(table[table["H-REST.min_days"] == 7]["metric"]) == {"feasible"}


def test_resume_after_an_interrupted_sweep_reruns_only_the_unfinished_cells(squad, tmp_path,
                                                                              monkeypatch):
    real = sweep_module.run_batch
    planned = []

    def interrupted(athletes, out_dir, *args, **kwargs):
        planned.append(out_dir.name)
        if out_dir.name == "cell-002":
            raise KeyboardInterrupt  # Ctrl-C during the second cell
        return real(athletes, out_dir, *args, **kwargs)

    monkeypatch.setattr(sweep_module, "run_batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        sweep(squad, tmp_path, "H-GAP.gap_h=0,4,8")
    monkeypatch.setattr(sweep_module, "run_batch", lambda *a, **k: (planned.append(a[1].name),
                                                                    real(*a, **k))[1])
    report = sweep(squad, tmp_path, "H-GAP.gap_h=0,4,8")
    assert planned == ["cell-001", "cell-002", "cell-002", "cell-003"]
    assert (report.reused, report.ran) == (["cell-001"], ["cell-002", "cell-003"])
    assert sorted(set(pd.read_parquet(report.table)["cell"])) == ["cell-001", "cell-002",
                                                                  "cell-003"]
    again = sweep(squad, tmp_path, "H-GAP.gap_h=0,4,8")
    assert again.ran == [] and len(again.reused) == 3


def test_the_manifest_pins_versions_hashes_seeds_and_time_limit(squad, tmp_path):
    report = sweep(squad, tmp_path, "targets.strength=1,2", command=["weekplan", "sweep"])
    manifest = json.loads(report.manifest.read_text())
    assert manifest["versions"]["ortools"] != "unknown"
    assert manifest["solve"] == {"seed": PARAMS.seed, "time_limit": PARAMS.time_limit,
                                 "workers_per_week": 1}
    assert len({c["rulebook_hash"] for c in manifest["cells"]}) == 1  # targets, not rules
    assert len({c["input_hash"] for c in manifest["cells"]}) == 2
    assert manifest["squad"]["athletes"] == 3 and manifest["squad"]["weeks"] == 2
    assert manifest["command"] == ["weekplan", "sweep"]
