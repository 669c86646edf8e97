"""`weekplan phases` and `weekplan plan`: every example athlete's block, and the exit codes.

The plan table written by `plan` is read back and audited with the targets each week was
planned under, so a block that broke a rule across a week boundary would fail here too.
"""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main
from models.audit.week import audit_plan
from models.domain.catalogue import default_catalogue
from models.io.athlete_file import load_athlete
from models.domain.bundled import EXAMPLES_DIR
from models.block.phases import block_length
from models.domain.rules import default_rulebook
from solver.block.plan import plan_block
from solver.week.solve import SolveParams

IMPOSSIBLE = EXAMPLES_DIR / "impossible.yaml"
FEASIBLE = sorted(p for p in EXAMPLES_DIR.glob("*.yaml") if p != IMPOSSIBLE)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_phases_prints_every_week_before_solving():
    result = run("phases", str(EXAMPLES_DIR / "trail-mountain-race.yaml"))
    assert result.exit_code == 0, result.output
    assert "17 weeks from 2027-03-01" in result.output
    assert "race week: no" in result.output  # P-TAPER (the notes column wraps)
    assert "350'" in result.output  # the peak volume: 1.3 x run_minutes 270 = 351 -> 350
    for phase in ("base~", "build", "peak", "taper"):
        assert phase in result.output


def test_phases_names_each_weeks_key_session():
    """S-SPECIFICITY's key type per week: tempo in a flat race's build and peak weeks, none
    in its recovery week or in base; the trail race's hill in its recovery week too."""
    rows = {}
    for example in ("athlete.yaml", "trail-mountain-race.yaml"):
        result = run("phases", str(EXAMPLES_DIR / example))
        assert result.exit_code == 0, result.output
        rows[example] = [line.split()[3:6] for line in result.output.splitlines()
                         if line.split()[:1] and line.split()[0].isdigit()]
    assert ["build~", "3", "-"] in rows["athlete.yaml"]
    assert {key for phase, _, key in rows["athlete.yaml"] if phase in ("build", "peak")} \
        == {"tempo"}
    assert {key for phase, _, key in rows["athlete.yaml"] if phase.startswith("base")} == {"-"}
    assert {key for phase, _, key in rows["trail-mountain-race.yaml"]
            if phase.startswith(("build", "peak"))} == {"hill"}
    assert any(phase == "build~" for phase, _, _ in rows["trail-mountain-race.yaml"])


@pytest.mark.parametrize("example", FEASIBLE, ids=lambda p: p.stem)
def test_plan_writes_the_block_and_its_summary(example, tmp_path):
    out = tmp_path / "block.csv"
    # the plan is compared with a second plan_block below: a ceiling no week reaches on a
    # busy machine, so both runs prove the same optima (a week stopped early could differ)
    result = run("plan", str(example), "--time-limit", "60", "--out", str(out))
    assert result.exit_code == 0, result.output + result.stderr
    athlete = load_athlete(example)
    weeks = block_length(athlete)
    assert f"{athlete.id} - {weeks} weeks" in result.output
    # every week planned; proving optimality is a matter of time (a loaded machine may stop
    # a slow week at the limit with its best plan), so "feasible" counts as planned too
    assert "weeks: " in result.output and "infeasible" not in result.output

    summary = pd.read_csv(tmp_path / "block.summary.csv")
    assert summary["week"].tolist() == list(range(1, weeks + 1))
    assert set(summary["status"]) <= {"optimal", "feasible"}
    assert {"monotony", "strain", "acwr", "acwr_ewma", "hike_min", "hill_sprint",
            "protein", "run_min", "run_min_target", "low_share"} <= set(summary.columns)
    assert "run/tgt" in result.output

    frame = pd.read_csv(out, keep_default_na=False)
    runs = frame[frame["session"].isin(["easy", "jog", "long", "tempo", "hill", "sprint"])]
    run_min = runs.groupby("week_start")["minutes"].sum()
    assert summary["run_min"].tolist() == [int(run_min.get(w, 0)) for w in summary["week_start"]]
    block = plan_block(athlete, default_rulebook(), params=SolveParams(time_limit=60))
    assert len(frame) == len(block.frame())
    report = audit_plan(frame, athlete, default_rulebook(), default_catalogue(),
                        block.targets_by_week)
    assert report.ok, report.hard_findings
    assert report.total_penalty == pytest.approx(sum(r.objective for r in block.weeks))
    assert report.total_penalty == pytest.approx(summary["objective"].sum())


SUNDAY_HIKER = """\
id: eve
level: intermediate
start: 2027-01-04
weeks: 3
targets: {runs: 2, long: 1, strength: 0, hike_minutes: 120, run_minutes: 130}
availability:
  mon: ["18:00-19:30"]
  sat: ["07:00-10:00", "15:00-18:00"]
  sun: ["08:00-12:00"]
preferences: {long: [sat], hike: [sun]}
"""


def test_plan_prints_the_weeks_planned_again_after_the_next(tmp_path):
    """Weeks 1 and 2 hike on Sunday before a Monday sprint unless planned again knowing it
    (models/block/eve_repair.py); the summary says which weeks were."""
    athlete = tmp_path / "eve.yaml"
    athlete.write_text(SUNDAY_HIKER)
    result = run("plan", str(athlete), "--out", str(tmp_path / "eve.csv"))
    assert result.exit_code == 0, result.output
    noted = [line for line in result.output.splitlines() if "planned again" in line]
    assert [line.split(":")[0] for line in noted] == ["wk 1 (04 Jan)", "wk 2 (11 Jan)"]


def test_an_impossible_block_exits_1_and_names_each_week(tmp_path):
    result = run("plan", str(IMPOSSIBLE), "--time-limit", "5", "--out",
                 str(tmp_path / "p.csv"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(": ")[0] for line in lines] == ["infeasible"] * 4
    assert "week of 2027-01-04" in lines[0] and "week of 2027-01-25" in lines[-1]
    assert (tmp_path / "p.summary.csv").exists()


@pytest.mark.parametrize("args, field", [
    (["--out", "plan.txt"], "--out"),
    (["--rules", "no-such-preset"], "--rules"),
])
def test_bad_options_exit_2_with_one_line(args, field):
    result = run("plan", str(EXAMPLES_DIR / "athlete.yaml"), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {field}: ")
    assert "Traceback" not in result.output + result.stderr


def test_a_block_without_a_length_exits_2(tmp_path):
    athlete = tmp_path / "a.yaml"
    athlete.write_text("id: x\nstart: 2027-01-04\navailability: {mon: ['07:00-08:00']}\n",
                       encoding="utf-8")
    for command in ("phases", "plan"):
        result = run(command, str(athlete))
        assert result.exit_code == 2
        assert result.stderr.strip() == f"error: {athlete}: weeks: no block length; give " \
                                        "weeks: N or race: {date: YYYY-MM-DD}"
