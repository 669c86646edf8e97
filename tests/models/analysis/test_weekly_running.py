"""Running minutes, their low-intensity share and the week's target, per week of a plan
(models/analysis/metrics_running.py and the block summary), against hand-computed values."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import pytest

from builders import MONDAY, make_athlete, make_session
from models.block.block_files import write_block
from models.analysis.metrics_running import weekly_running
from models.block.phases import PhaseWeek
from models.block.result import BlockResult
from models.domain.catalogue import default_catalogue
from models.domain.plan import Result, Session, Status, WeekPlan, sessions_frame
from models.domain.week import WeekTargets

CATALOGUE = default_catalogue()
NEXT = MONDAY + timedelta(days=7)

# week 1: runs easy 45 + tempo 50 + jog 30 + long 100 = 225 min, 175 of them low intensity;
# strength and the hike are not running. Daily loads (rpe x min), Mon..Sun:
# 135, 240, 350, 0, 60, 270, 500
FIRST_WEEK = ["Mon easy 07:00 45 rpe=3", "Tue strength 18:00 40 rpe=6",
              "Wed tempo 07:00 50 rpe=7", "Fri jog 07:00 30 rpe=2",
              "Sat hike 08:00 90 rpe=3", "Sun long 08:00 100 rpe=5"]
# week 2: hill 60 (high) + easy 40 (low) = 100 run min; the Saturday race is not volume.
SECOND_WEEK = ["Tue hill 07:00 60 rpe=8", "Thu easy 07:00 40 rpe=3"]
RACE = Session(date=NEXT + timedelta(days=5), type="race", start=7 * 60, minutes=200, rpe=9,
               running=True, hard=True)


def week_sessions(texts: list[str], monday: date) -> list[Session]:
    return [make_session(text, CATALOGUE, week=monday) for text in texts]


def made_up_block(first_target: int | None = 240) -> BlockResult:
    weeks = [week_sessions(FIRST_WEEK, MONDAY), week_sessions(SECOND_WEEK, NEXT) + [RACE]]
    targets = [WeekTargets(runs=4, long=1, strength=1, run_minutes=first_target),
               WeekTargets(runs=2, long=0, strength=0, race_week=True)]
    return BlockResult(
        athlete_id="a",
        weeks=[Result(athlete_id="a", week_start=monday, status=Status.optimal, objective=0,
                      plan=WeekPlan(athlete_id="a", week_start=monday, sessions=sessions))
               for monday, sessions in zip((MONDAY, NEXT), weeks)],
        phases=[PhaseWeek(week=i + 1, week_start=monday, phase=phase, targets=t)
                for i, (monday, phase, t) in enumerate(zip((MONDAY, NEXT), ("build", "taper"),
                                                           targets))],
    )


def test_running_minutes_and_low_share_by_hand():
    frame = made_up_block().frame()
    table = weekly_running(frame)
    assert table["week_start"].tolist() == [pd.Timestamp(MONDAY), pd.Timestamp(NEXT)]
    assert table["run_min"].tolist() == [225, 100]
    assert table["low_share"].tolist() == pytest.approx([175 / 225, 40 / 100])


def test_a_week_without_running_has_no_share_and_an_empty_week_is_kept():
    only_strength = sessions_frame("a", week_sessions(["Tue strength 18:00 40"], MONDAY))
    table = weekly_running(only_strength, MONDAY, NEXT + timedelta(days=6))
    assert table["run_min"].tolist() == [0, 0]
    assert table["low_share"].isna().all()


def test_block_summary_shows_volume_against_target_low_share_monotony_and_strain():
    summary = made_up_block().summary()
    first, second = summary.iloc[0], summary.iloc[1]
    assert (first["run_min"], first["run_min_target"]) == (225, 240)
    assert first["low_share"] == pytest.approx(7 / 9)
    # Foster: mean / population SD of 135, 240, 350, 0, 60, 270, 500
    total, squares = 1555, 135**2 + 240**2 + 350**2 + 60**2 + 270**2 + 500**2
    mean = total / 7
    monotony = mean / math.sqrt(squares / 7 - mean**2)
    assert monotony == pytest.approx(1.3877, abs=1e-4)
    assert first["monotony"] == pytest.approx(monotony)
    assert first["strain"] == pytest.approx(total * monotony)
    # the race week: the race is in the load but not in the running minutes; no target
    assert second["run_min"] == 100 and pd.isna(second["run_min_target"])
    assert second["low_share"] == pytest.approx(0.4)
    assert second["load"] == 60 * 8 + 40 * 3 + 200 * 9


def test_summary_csv_writes_whole_minutes_and_leaves_a_missing_target_empty(tmp_path):
    _, summary_path = write_block(made_up_block(), tmp_path / "plan.csv", None,
                                  make_athlete(id="a"), CATALOGUE)
    lines = summary_path.read_text().splitlines()
    header = lines[0].split(",")
    cells = [dict(zip(header, line.split(","))) for line in lines[1:]]
    assert [c["run_min"] for c in cells] == ["225", "100"]
    assert [c["run_min_target"] for c in cells] == ["240", ""]
    assert {"low_share", "monotony", "strain"} <= set(header)


def test_an_imported_table_of_text_cells_reads_the_same_and_leaves_the_race_out():
    rows = [("2027-01-04", "easy", "40"), ("2027-01-06", "Hill", "60"),
            ("2027-01-09", "race", "180"), ("2027-01-10", "hike", "120")]
    imported = pd.DataFrame([{"athlete_id": "a", "date": day, "session": kind,
                              "minutes": minutes, "rpe": "5"} for day, kind, minutes in rows])
    table = weekly_running(imported)
    assert table["run_min"].tolist() == [100]
    assert table["low_share"].tolist() == pytest.approx([0.4])
