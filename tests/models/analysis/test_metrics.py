"""Load metrics (models/analysis/metrics.py) against hand-computed values.

A week of k days at load a and 7 - k rest days has mean k*a/7 and population SD
a*sqrt(k*(7-k))/7, so monotony = sqrt(k / (7 - k)): 1/sqrt(6) for one training day,
sqrt(6) for six.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import pytest

from models.domain.errors import InputError
from models.analysis.metrics import (acwr, acwr_ewma, daily_load, monotony, monotony_of, session_load,
                            strain, weekly_load, weekly_metrics)

MONDAY = date(2027, 1, 4)


def table(rows: list[tuple], athlete: str = "a") -> pd.DataFrame:
    """Plan rows (days after MONDAY, session, minutes, rpe) as docs/formats.md string cells."""
    return pd.DataFrame([{
        "athlete_id": athlete, "date": str(MONDAY + timedelta(days=day)), "session": kind,
        "start": "07:00", "end": f"{7 + minutes // 60:02d}:{minutes % 60:02d}",
        "minutes": str(minutes), "rpe": str(rpe),
    } for day, kind, minutes, rpe in rows])


def test_rest_heavy_week():
    # one long run on Sunday (140 min x 5 = 700), six rest days
    plan = table([(6, "long", 140, 5)])
    daily = daily_load(plan)
    assert list(daily) == [0, 0, 0, 0, 0, 0, 700]
    assert daily.index[0] == pd.Timestamp(MONDAY)
    assert weekly_load(daily).tolist() == [700]
    assert monotony(daily).iloc[0] == pytest.approx(1 / math.sqrt(6))
    assert strain(daily).iloc[0] == pytest.approx(700 / math.sqrt(6))  # 285.77


def test_six_equal_days_and_a_rest_day_use_the_population_sd():
    # 250 a day Mon-Sat: monotony sqrt(6) = 2.449 (a sample SD would give 6/sqrt(7) = 2.268)
    plan = table([(d, "easy", 50, 5) for d in range(6)])
    daily = daily_load(plan)
    assert monotony(daily).iloc[0] == pytest.approx(math.sqrt(6))
    assert strain(daily).iloc[0] == pytest.approx(1500 * math.sqrt(6))


def test_sessions_of_a_day_add_up_and_rest_rows_count_zero():
    plan = table([(0, "easy", 45, 3), (0, "strength", 35, 6), (2, "rest", 0, 0)])
    assert list(daily_load(plan))[:3] == [135 + 210, 0, 0]


def test_zero_deviation():
    empty = pd.Series([0] * 7)
    assert math.isnan(monotony_of(empty))       # nothing done: undefined
    assert monotony_of(pd.Series([300] * 7)) == math.inf  # the same load every day
    plan = table([(d, "easy", 60, 5) for d in range(7)])
    assert monotony(daily_load(plan)).iloc[0] == math.inf
    # a week without sessions inside a longer calendar: NaN monotony, no strain
    daily = daily_load(table([(0, "easy", 60, 5)]), end=MONDAY + timedelta(days=13))
    assert math.isnan(monotony(daily).iloc[1]) and strain(daily).iloc[1] == 0


def test_rolling_acwr_is_the_last_week_over_the_mean_week_of_four():
    # 1000 a week for 3 weeks (one 200-min session at rpe 5 each Saturday), then 2000:
    # acute 2000 / chronic (3 x 1000 + 2000) / 4 = 1250 -> 1.6 on day 28; NaN before
    rows = [(5 + 7 * w, "long", 200, 5) for w in range(3)] + [(26, "long", 200, 10)]
    daily = daily_load(table(rows))
    ratio = acwr(daily)
    assert len(daily) == 28
    assert ratio.iloc[-1] == pytest.approx(1.6)
    assert ratio.iloc[:27].isna().all()


def test_ewma_acwr_with_spans_7_and_28():
    # 100 every day for 27 days, then 800. acute = 0.25 x 800 + 0.75 x 100 = 275;
    # chronic = (2/29) x 800 + (27/29) x 100 = 4300/29; ratio = 7975/4300 = 1.8547.
    # The rolling form: (6 x 100 + 800) / ((27 x 100 + 800) / 4) = 1400 / 875 = 1.6.
    rows = [(d, "easy", 20, 5) for d in range(27)] + [(27, "long", 100, 8)]
    daily = daily_load(table(rows))
    assert daily.iloc[-1] == 800
    assert acwr_ewma(daily).iloc[-1] == pytest.approx(7975 / 4300)
    assert acwr_ewma(daily).iloc[:27].isna().all()
    assert acwr(daily).iloc[-1] == pytest.approx(1.6)


def test_weekly_metrics_of_a_squad_table_report_each_athlete():
    squad = pd.concat([table([(6, "long", 140, 5)], "ana"),
                       table([(d, "easy", 50, 5) for d in range(6)], "ben")])
    weekly = weekly_metrics(squad)
    assert weekly["athlete_id"].tolist() == ["ana", "ben"]
    assert weekly["load"].tolist() == [700, 1500]
    assert weekly["monotony"].tolist() == pytest.approx([1 / math.sqrt(6), math.sqrt(6)])
    with pytest.raises(InputError):
        daily_load(squad)


def test_imported_tables_without_rpe_or_minutes():
    plan = table([(0, "easy", 45, 3)]).drop(columns=["minutes"])
    assert session_load(plan).tolist() == [135]          # minutes from start-end
    loads = pd.DataFrame({"date": ["2027-01-04"], "session": ["easy"], "load": ["135"]})
    assert session_load(loads).tolist() == [135]         # no rpe: the load column
    with pytest.raises(InputError) as error:
        session_load(pd.DataFrame({"date": ["2027-01-04"], "minutes": ["45"]}))
    assert error.value.field == "rpe"
