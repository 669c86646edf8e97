"""The sides of a comparison: named after their files (or rulebooks), each audited against
its own rulebook when the athletes' profiles are known."""

from __future__ import annotations

import pandas as pd
import pytest

from models.analysis.compare import ALL, COMPARISON_COLUMNS
from models.analysis.compare_runs import compare_sides, file_sides, write_comparison
from models.domain.plan import sessions_frame
from models.domain.rules import load_rulebook
from models.exports.plan_writer import write_plan
from builders import make_athlete

TWO_WINDOWS = ["06:00-07:30", "18:00-19:30"]


@pytest.fixture
def plan_files(plan, tmp_path):
    """The same week with strength after (a.csv) and before (b.parquet) the run."""
    after = sessions_frame("ana", plan("Mon easy 06:00", "Mon strength 18:00",
                                       "Wed easy 06:00", "Wed strength 18:00"))
    first = sessions_frame("ana", plan("Mon strength 06:00", "Mon easy 18:00",
                                       "Wed strength 06:00", "Wed easy 18:00"))
    a, b = tmp_path / "a.csv", tmp_path / "b.parquet"
    write_plan(after, a)
    write_plan(first, b)
    return a, b


def metric(comparison: pd.DataFrame, name: str) -> tuple[float, float]:
    row = comparison[(comparison["athlete_id"] == ALL) & (comparison["metric"] == name)]
    return float(row["a"].iloc[0]), float(row["b"].iloc[0])


def test_file_sides_are_named_by_their_files_and_judged_by_their_rulebooks(plan_files,
                                                                          catalogue):
    books = [load_rulebook("001"), load_rulebook("002")]
    sides = file_sides(plan_files, books, catalogue)
    assert [s.label for s in sides] == ["a.csv", "b.parquet"]
    assert [s.rulebook.name for s in sides] == ["001", "002"]
    assert [len(s.source.plan) for s in sides] == [4, 4]


def test_each_side_is_audited_against_its_own_rulebook(plan_files, catalogue):
    ana = make_athlete({day: TWO_WINDOWS for day in ("mon", "wed")}, id="ana",
                       targets={"runs": 2, "long": 0, "strength": 2})
    # 002 makes strength-first hard: the 'after' plan breaks it under 002, not under 001
    under_own = file_sides(plan_files, [load_rulebook("001"), load_rulebook("002")], catalogue)
    swapped = file_sides(plan_files, [load_rulebook("002"), load_rulebook("001")], catalogue)
    own = compare_sides(*under_own, {"ana": ana}, catalogue)
    other = compare_sides(*swapped, {"ana": ana}, catalogue)
    assert metric(own, "strength_after_days") == (2, 0)
    assert metric(own, "hard_violations")[0] == 0
    assert metric(other, "hard_violations")[0] > 0


def test_without_profiles_no_plan_is_audited(plan_files, catalogue):
    sides = file_sides(plan_files, [load_rulebook("default")] * 2, catalogue)
    comparison = compare_sides(*sides, {}, catalogue)
    row = comparison[(comparison["athlete_id"] == "ana")
                     & (comparison["metric"] == "hard_violations")]
    assert row[["a", "b"]].isna().all(axis=None)


def test_the_comparison_file_has_the_documented_columns(plan_files, catalogue, tmp_path):
    sides = file_sides(plan_files, [load_rulebook("default")] * 2, catalogue)
    path = write_comparison(compare_sides(*sides, {}, catalogue), tmp_path / "c.csv")
    assert tuple(pd.read_csv(path).columns) == COMPARISON_COLUMNS
