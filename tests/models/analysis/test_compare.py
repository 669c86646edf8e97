"""`weekplan compare`: two sets of schedules side by side, and the C1 difference it must show."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from cli import main
from squads import C1_SQUAD
from models.analysis.compare import (ALL, athlete_metrics, compare, same_day_order, side_metrics,
                            summary_lines)
from models.analysis.metrics import weekly_metrics
from models.domain.plan import sessions_frame
from models.domain.rules import load_rulebook
from builders import make_athlete

# Two athletes whose weeks force strength and a run onto the same days (docs/rules.md C1):
# four two-window weekdays hold the easy runs and both strength sessions.


def value(comparison: pd.DataFrame, metric: str, athlete: str = ALL) -> tuple[float, float]:
    row = comparison[(comparison["athlete_id"] == athlete) & (comparison["metric"] == metric)]
    assert len(row) == 1, (athlete, metric)
    return float(row["a"].iloc[0]), float(row["b"].iloc[0])


@pytest.fixture
def strength_after(plan):
    """Run in the morning, strength in the evening (001's 'after an easy run')."""
    return sessions_frame("ana", plan("Mon easy 06:00", "Mon strength 18:00", "Wed easy 06:00",
                                      "Wed strength 18:00", "Sat long 08:00"))


@pytest.fixture
def strength_first(plan):
    """Strength in the morning, the run in the evening (002's 'strength first')."""
    return sessions_frame("ana", plan("Mon strength 06:00", "Mon easy 18:00",
                                      "Wed strength 06:00", "Wed easy 18:00", "Sat long 08:00"))


def test_same_day_order_classifies_first_after_and_between(plan):
    frame = sessions_frame("ana", plan(
        "Mon strength 06:00", "Mon easy 18:00",             # first
        "Tue easy 06:00", "Tue strength 18:00",             # after
        "Wed easy 06:00 30", "Wed strength 12:00", "Wed jog 19:00",  # between
        "Thu strength 06:00", "Fri easy 06:00"))            # not shared
    order = same_day_order(frame).set_index("date")["order"]
    assert order.to_dict() == {pd.Timestamp("2027-01-04"): "first",
                               pd.Timestamp("2027-01-05"): "after",
                               pd.Timestamp("2027-01-06"): "between"}


def test_compare_reports_per_athlete_and_overall(strength_after, strength_first):
    side_a = athlete_metrics(strength_after, weekly_metrics(strength_after))
    side_b = athlete_metrics(strength_first, weekly_metrics(strength_first))
    comparison = compare(side_a, side_b)
    assert list(comparison.columns) == ["athlete_id", "metric", "a", "b", "diff", "rel_diff"]
    assert set(comparison["athlete_id"]) == {ALL, "ana"}
    assert value(comparison, "strength_after_days") == (2, 0)
    assert value(comparison, "strength_first_days") == (0, 2)
    assert value(comparison, "shared_days") == (2, 2)
    assert value(comparison, "weekly_load") == (value(comparison, "weekly_load", "ana"))
    load = strength_after["load"].sum()
    assert value(comparison, "weekly_load") == (load, load)
    assert value(comparison, "strength_sessions") == (2, 2)
    assert value(comparison, "hill_sprint_weeks") == (0, 0)
    assert math.isnan(value(comparison, "hard_violations")[0])  # no profile: not audited
    lines = summary_lines(comparison, "001", "002")
    assert "strength before the run(s): 0 -> 2" in "\n".join(lines)


def test_compare_reports_what_a_coach_reads_first(plan):
    """Running minutes a week (the race left out), their low-intensity share, the share of
    runs that are jogs, and the quality sessions by type."""
    jogs = sessions_frame("ana", plan("Mon jog 06:00 25", "Tue jog 06:00 25", "Wed jog 06:00 25",
                                      "Thu hill 18:00 45", "Sat long 08:00 90",
                                      "Sun strength 10:00"))
    coached = sessions_frame("ana", plan("Mon easy 06:00 50", "Tue tempo 18:00 45",
                                         "Thu hill 18:00 45", "Sat long 08:00 100",
                                         "Sun race 09:00 120"))
    comparison = compare(athlete_metrics(jogs, weekly_metrics(jogs)),
                         athlete_metrics(coached, weekly_metrics(coached)))
    assert value(comparison, "run_minutes") == (210, 240)  # the race is no training volume
    assert value(comparison, "low_share") == (165 / 210, 150 / 240)
    assert value(comparison, "jog_share") == (3 / 5, 0)
    assert value(comparison, "hill_sessions") == (1, 1)
    assert value(comparison, "tempo_sessions") == (0, 1)
    assert value(comparison, "sprint_sessions") == (0, 0)
    lines = "\n".join(summary_lines(comparison, "round1", "default"))
    assert "share of runs that are jogs" in lines


def test_audited_sides_carry_hard_findings_and_penalty_per_rule(strength_after, strength_first):
    athlete = make_athlete(id="ana")
    book_001, book_002 = load_rulebook("001"), load_rulebook("002")
    from models.domain.catalogue import default_catalogue

    catalogue = default_catalogue()
    # each plan judged by the other preset: 002 forbids strength after the run (hard)
    under_002 = side_metrics(strength_after, {"ana": athlete}, book_002, catalogue)
    under_001 = side_metrics(strength_first, {"ana": athlete}, book_001, catalogue)
    comparison = compare(under_002, under_001)
    hard_a, hard_b = value(comparison, "hard_violations")
    assert hard_a > hard_b  # S-STRENGTH-FIRST breaks in A under 002
    assert value(comparison, "penalty:S-STRENGTH-TIMING")[1] == 40  # 2 days x 20 under 001


def test_compare_cli_on_two_plan_files(strength_after, strength_first, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.parquet"
    from models.exports.plan_writer import write_plan

    write_plan(strength_after, a)
    write_plan(strength_first, b)
    out = tmp_path / "comparison.csv"
    result = CliRunner().invoke(main, ["compare", str(a), str(b), "--out", str(out)],
                                env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "a.csv vs b.parquet" in result.output
    assert "shared days with strength before the run(s): 0 -> 2" in result.output
    written = pd.read_csv(out)
    assert {"ALL", "ana"} == set(written["athlete_id"])
    # the paired statistics: one athlete moved 2 shared days to strength-first
    assert "Paired differences (b.parquet - a.csv per athlete, 95% bootstrap" in result.output
    statistics = pd.read_csv(tmp_path / "comparison.stats.csv").set_index("metric")
    first = statistics.loc["strength_first_days"]
    assert (first.mean_diff, first.ci_low, first.ci_high, first.b_higher) == (2, 2, 2, 1)
    assert statistics.loc["weeks", "equal"] == 1


@pytest.mark.parametrize("args, problem", [
    (["only-one.csv"], "give two plans A B (got 1)"),
    ([], "give two plans A B, or --squad S with --rules twice"),
    (["--squad", "x.yaml", "--rules", "001"], "--rules twice"),
])
def test_compare_usage_errors_exit_2(args, problem):
    result = CliRunner().invoke(main, ["compare", *args])
    assert result.exit_code == 2
    assert problem in result.stderr and "Traceback" not in result.output


def test_missing_plan_file_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["compare", str(tmp_path / "a.csv"), str(tmp_path / "b.csv")])
    assert result.exit_code == 2
    assert "a.csv" in result.stderr


def test_squad_under_001_and_002_shows_the_c1_difference(tmp_path):
    """docs/rules.md C1: 001 puts strength after the easy run on a shared day, 002 before it.

    The first athlete has only the eight windows of Monday-Thursday for 5 runs and 2
    strength sessions on non-consecutive days, so a strength day always holds a run too (with
    Saturday open as well the plans may, at equal cost, keep strength alone). Each athlete's
    morning and evening windows last the same, so the order never costs a run its minutes
    (S-VOLUME would outweigh the order rule's 20 points for a longer evening run)."""
    forced = C1_SQUAD["athletes"][0] | {"availability": {
        day: ["05:30-07:30", "18:00-20:00"] for day in ("mon", "tue", "wed", "thu")}}
    evening = C1_SQUAD["athletes"][1]
    evening = evening | {"availability": {
        **evening["availability"],
        **{day: ["06:00-07:30", "18:30-20:00"] for day in ("mon", "wed", "fri")}}}
    squad = tmp_path / "squad.yaml"
    squad.write_text(yaml.safe_dump({"athletes": [forced, evening, *C1_SQUAD["athletes"][2:]]},
                                     sort_keys=False))
    out = tmp_path / "comparison.csv"
    result = CliRunner().invoke(main, [
        "compare", "--squad", str(squad), "--rules", "001", "--rules", "002",
        "--workers", "1", "--time-limit", "5", "--keep", str(tmp_path / "runs"),
        "--out", str(out)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    comparison = pd.read_csv(out)
    after_a, after_b = value(comparison, "strength_after_days")
    first_a, first_b = value(comparison, "strength_first_days")
    assert after_a > 0 and first_a == 0   # 001: strength after the run
    assert first_b > 0 and after_b == 0   # 002: strength first
    assert value(comparison, "strength_hard_days") == (0, 0)  # never with a hard run (both)
    assert value(comparison, "hard_violations") == (0, 0)     # each plan legal under its rules
    assert value(comparison, "strength_sessions")[0] == value(comparison, "strength_sessions")[1]
    summary = result.output[result.output.index("Largest differences"):]
    assert "strength before the run(s)" in summary and "strength after the run(s)" in summary
    # the two batch folders are kept, with the (shortened) squad for `weekplan report`
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["1-001", "2-002"]
    assert (tmp_path / "runs" / "1-001" / "squad.yaml").is_file()
