"""The metrics of a block take the actual load where it exists: the worked example's first
week is what the watch recorded (the unplanned ride in, the shortened run at its length),
and the weeks after the judged day are the plan's."""

from __future__ import annotations

from datetime import date

import pandas as pd
from completed_example import TODAY as TODAY_TEXT

from models.activities.collect import read_activities
from models.activities.compliance import judge
from models.analysis.completed import completed_frame, completed_metrics
from models.analysis.metrics import weekly_metrics
from models.block.replan_inputs import old_plan_of
from models.domain.bundled import EXAMPLES_DIR
from models.domain.catalogue import default_catalogue
from models.domain.rules import default_rulebook
from models.io.athlete_file import load_athlete
from models.io.plan_table import read_plan_file

EXAMPLE = EXAMPLES_DIR / "completed"
TODAY = date.fromisoformat(TODAY_TEXT)


def example():
    athlete = load_athlete(EXAMPLE / "athlete.yaml")
    sessions = old_plan_of(EXAMPLE / "plan.csv", athlete.id, default_catalogue())
    activities = read_activities([EXAMPLE / "activities"], athlete).activities
    compliance = judge(athlete.id, sessions, activities, default_rulebook().compliance, TODAY)
    return read_plan_file(EXAMPLE / "plan.csv"), compliance


def test_the_completed_weeks_carry_the_actual_load_and_the_rest_the_plan():
    plan, compliance = example()
    def by_week(frame, column):
        weeks = pd.to_datetime(frame["week_start"].astype(str)).dt.strftime("%Y-%m-%d")
        return frame.set_index(weeks)[column]

    actual = by_week(completed_metrics(plan, compliance), "load")
    planned = by_week(weekly_metrics(plan), "load")
    done = by_week(compliance.weekly(), "actual_load")
    first, second, third = sorted(actual.index)[:3]
    assert actual[first] == done[first] != planned[first]
    assert actual[third] == planned[third]
    rest = plan[(plan["date"] >= str(TODAY)) & (plan["week_start"] == second)]["load"]
    assert actual[second] == done[second] + rest.astype(int).sum()


def test_missed_sessions_are_gone_and_unplanned_activities_are_in():
    plan, compliance = example()
    frame = completed_frame(plan, compliance)
    past = frame[frame["date"] < TODAY]
    assert "ride" in set(past["session"])
    assert not ((past["date"] == date(2027, 1, 14)) & (past["session"] == "hill")).any()
    assert len(past) == sum(r.activity is not None for r in compliance.rows)
