"""Paired statistics of a comparison: the interval, the counts, and the flag."""

from __future__ import annotations

import pandas as pd

from models.analysis.bootstrap import mean_interval
from models.analysis.compare import ALL
from models.analysis.paired import paired_statistics, statistics_lines, statistics_path


def comparison(metric_rows: dict[str, list[tuple[float, float]]]) -> pd.DataFrame:
    rows = []
    for metric, pairs in metric_rows.items():
        rows.append((ALL, metric, 0.0, 0.0, 0.0, 0.0))
        for n, (a, b) in enumerate(pairs):
            rows.append((f"a{n}", metric, a, b, b - a, 0.0))
    return pd.DataFrame(rows, columns=["athlete_id", "metric", "a", "b", "diff", "rel_diff"])


def test_a_metric_identical_in_a_and_b_has_the_interval_zero_zero():
    stats = paired_statistics(comparison({"weekly_load": [(310.5, 310.5), (97.3, 97.3),
                                                          (0.1, 0.1)]}))
    row = stats.iloc[0]
    assert (row.ci_low, row.ci_high) == (0.0, 0.0)
    assert (row.b_higher, row.b_lower, row.equal) == (0, 0, 3)
    assert not row.excludes_zero


def test_a_consistent_shift_is_flagged_and_counted():
    pairs = [(10, 12), (20, 23), (5, 6), (8, 8), (9, 11), (30, 31)]
    stats = paired_statistics(comparison({"hike_minutes": pairs}))
    row = stats.iloc[0]
    assert row.athletes == 6 and (row.b_higher, row.b_lower, row.equal) == (5, 0, 1)
    assert 0 < row.ci_low <= row.mean_diff <= row.ci_high
    assert row.excludes_zero
    lines = statistics_lines(stats)
    assert any(line.startswith("  * hiking minutes: +1.5") for line in lines)


def test_the_interval_is_reproducible_for_a_seed_and_moves_with_another():
    values = [3.0, -1.0, 4.0, 1.0, -5.0, 9.0, 2.0, -6.0]
    assert mean_interval(values, seed=7) == mean_interval(values, seed=7)
    assert mean_interval(values, seed=7) != mean_interval(values, seed=8)


def test_missing_values_are_left_out_not_counted_equal():
    stats = paired_statistics(comparison({"acwr_max": [(1.0, float("nan")), (1.2, 1.4)]}))
    assert stats.iloc[0].athletes == 1 and stats.iloc[0].equal == 0


def test_statistics_file_sits_beside_the_comparison():
    assert statistics_path("out/comparison.csv") == "out/comparison.stats.csv"
    assert statistics_path("comparison") == "comparison.stats.csv"
