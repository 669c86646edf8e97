"""The coach-review measures (models/analysis/coach_review.py) on a hand-made plan table.

Two athletes, each violation placed on purpose and counted by hand:

* ria - intermediate, a hilly 42 km race on Sat 2027-01-30 at 07:00; weeks base, build,
  peak, race week (taper) with volume targets 200, 220, 300, 120 min;
* fay - beginner, no race, six weeks with no volume target: six equal 40- or 30-min easy
  runs a week (monotony sqrt(6) = 2.45), the last two planned weeks lighter (a taper
  without a race), the sixth week empty (a week without a plan: not measured).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import pytest

from models.analysis.coach_review import (AthleteBlock, markdown, measures, prepared, review,
                                         review_table)
from models.block.phases import PhaseWeek
from models.domain.athlete import Level, Race
from models.domain.week import WeekTargets
from tests.support.builders import MONDAY, make_athlete

RPE = {"easy": 3, "jog": 2, "long": 5, "tempo": 7, "hill": 8, "sprint": 9, "strength": 6,
       "hike": 3, "race": 9}
RIA = [
    # week 1 (base, target 200): strength Mon and Tue (consecutive), a 120-min hike the day
    # before the long run, no true rest day, a 100-min long run (> 1.1 x the 75 min an
    # intermediate is assumed to have run): 200 running minutes, all low intensity
    "2027-01-04 strength 18:00 35", "2027-01-05 strength 18:00 35", "2027-01-06 jog 07:00 25",
    "2027-01-07 easy 07:00 30", "2027-01-08 hike 08:00 120", "2027-01-09 long 08:00 100",
    "2027-01-10 easy 08:00 45",
    # week 2 (build, target 220): 270 min, a 35 % rise; low share 150/270; the hill session;
    # the 110-min long run is exactly 1.1 x the 100 before (allowed)
    "2027-01-12 hill 07:00 60", "2027-01-13 strength 18:00 35", "2027-01-14 tempo 07:00 60",
    "2027-01-15 jog 07:00 20", "2027-01-16 long 08:00 110", "2027-01-17 jog 08:00 20",
    # week 3 (peak, target 300): 265 min, short of 90 % with 20-min jogs in roomy windows; no
    # hill; a 185-min long run (over 180 and > 1.1 x 110); weekend share 965/1575 > 0.6
    "2027-01-18 strength 18:00 35", "2027-01-19 jog 07:00 20", "2027-01-21 sprint 07:00 40",
    "2027-01-23 long 08:00 185", "2027-01-24 jog 08:00 20",
    # week 4 (race week, target 120): 125 min (46 % of the 270-min peak), 4 runs; strength
    # Tue 18:00 (within 96 h of the race), the tempo ends Thu 06:45 (just outside 48 h), a
    # jog the day after the race
    "2027-01-25 easy 07:00 40", "2027-01-26 strength 18:00 35", "2027-01-28 tempo 06:00 45",
    "2027-01-29 jog 07:00 20", "2027-01-30 race 07:00 240", "2027-01-31 jog 08:00 20",
]
FAY_WEEKS = [40, 30, 40, 30, 30]  # minutes of each run, Monday to Saturday


def rows(texts: list[str], athlete_id: str) -> list[dict]:
    table = []
    for text in texts:
        day, session, start, minutes = text.split()
        table.append({"athlete_id": athlete_id, "date": day, "session": session,
                      "start": start, "minutes": int(minutes),
                      "load": RPE[session] * int(minutes)})
    return table


def fay_rows() -> list[dict]:
    texts = [f"{MONDAY + timedelta(weeks=w, days=d)} easy 07:00 {minutes}"
             for w, minutes in enumerate(FAY_WEEKS) for d in range(6)]
    return rows(texts, "fay")


def weeks(phases: list[str], targets: list[int | None], race_week: bool) -> list[PhaseWeek]:
    return [PhaseWeek(week=n + 1, week_start=MONDAY + timedelta(weeks=n), phase=phase,
                      race_week=race_week and n == len(phases) - 1,
                      targets=WeekTargets(runs=4, long=1, strength=2, run_minutes=target))
            for n, (phase, target) in enumerate(zip(phases, targets))]


def ria(**fields):
    return make_athlete(id="ria", level=Level.intermediate,
                        race=Race(date=date(2027, 1, 30), elevation_m=2000, distance_km=42),
                        **fields)


def blocks(ria_texts: list[str] = RIA, **ria_fields) -> list[AthleteBlock]:
    plan = prepared(pd.DataFrame(rows(ria_texts, "ria") + fay_rows()))
    fay = make_athlete(id="fay", level=Level.beginner, weeks=6)
    return [
        AthleteBlock(ria(**ria_fields), plan[plan["athlete_id"] == "ria"],
                     weeks(["base", "build", "peak", "taper"], [200, 220, 300, 120], True)),
        AthleteBlock(fay, plan[plan["athlete_id"] == "fay"],
                     weeks(["base", "base", "build", "peak", "taper", "taper"], [None] * 6,
                           False)),
    ]


def counted(found) -> dict[str, tuple]:
    return {m.check: (m.count, m.of) for m in found}


def by_start(check: str, found) -> tuple:
    rows = [(m.count, m.of) for m in found if m.check.startswith(check)]
    assert len(rows) == 1, check
    return rows[0]


def test_every_measure_counts_the_violations_placed_by_hand():
    found = measures(blocks())
    expected = {
        "weeks measured": (9, 10),
        "weekly running minutes within": (2, 4),           # weeks 1 and 4
        # the race week's 4 runs hold at least 75 + 3 x 20 = 135 > 120 + 10 %: not allowed
        "weeks whose availability allows": (1, 3),         # week 1
        "week-on-week rise": (1, 7),                       # ria 2 over 1; fay's after a lighter week
        "weeks with monotony": (5, 9),                     # fay's five planned weeks
        "median weekly monotony": (1, 2),                  # fay
        "weeks with weekend share": (1, 8),                # ria week 3; race week left out
        "low-intensity share of running": (1, 7),          # ria week 2
        "low-intensity share, each athlete's": (0, 2),     # ria's median of 4 weeks: 1.0
        "races with a hard run": (0, 1),
        "races with strength": (1, 1),
        "races without a `race` row": (0, 1),
        "races followed by more": (1, 1),
        "build and peak weeks with a hill": (1, 2),
        "hilly or trail athletes with": (1, 1),
        "race weeks with running minutes": (0, 1),
        "race weeks whose run count": (0, 1),
        "blocks without a race": (1, 1),                   # fay
        "weeks under the volume target": (1, 4),           # ria week 3
        "runs that are a jog": (26, 47),
        "strength sessions the day after": (1, 5),
        "weeks without a true rest day": (1, 9),           # ria week 1
        "runs > 1.1 x the longest": (2, 47),               # ria's 100- and 185-min long runs
        "long runs outside": (1, 3),                       # 185 > 150 + 30
        "hikes > 60 min the day before": (1, 1),
    }
    assert {check: by_start(check, found) for check in expected} == expected
    assert len(found) == len(expected)


def test_medians_and_shares():
    values = {m.check.split(",")[0].split(" (")[0]: m.value for m in measures(blocks())}
    assert values["median weekly monotony"] == pytest.approx(math.sqrt(6))
    assert values["low-intensity share of running minutes"] == 1.0
    assert values["build and peak weeks with a hill session"] == 0.5


def test_an_athlete_below_the_intensity_share_counts_though_the_squads_median_passes():
    # ria's base week: tempo and hill in place of her two easy runs -> low share 125/200;
    # her ordinary weeks 0.63, 0.56, 0.85: median 0.63. fay's all-easy weeks keep the median
    # of every week pooled at 1.0, which alone would hide her.
    harder = [t.replace("easy 07:00 30", "tempo 07:00 30")
              .replace("easy 08:00 45", "hill 08:00 45") for t in RIA]
    found = measures(blocks(harder))
    pooled = next(m for m in found if m.check.startswith("low-intensity share of running"))
    assert pooled.value == 1.0
    assert by_start("low-intensity share, each athlete's", found) == (1, 2)


def test_a_hard_run_ending_inside_the_48_hours_counts():
    later = [t.replace("2027-01-28 tempo 06:00", "2027-01-28 tempo 07:30") for t in RIA]
    assert by_start("races with a hard run", measures(blocks(later))) == (1, 1)


def test_a_race_row_missing_and_a_short_walk_after_it():
    texts = [t for t in RIA if " race " not in t and not t.startswith("2027-01-31")]
    found = measures(blocks(texts + ["2027-01-31 hike 09:00 45"]))
    assert by_start("races without a `race` row", found) == (1, 1)
    assert by_start("races followed by more", found) == (0, 1)


def test_a_short_run_filling_its_window_is_not_padding():
    tight = {date(2027, 1, 19): ["07:00-07:20"], date(2027, 1, 24): ["08:00-08:20"]}
    assert by_start("weeks under the volume target", measures(blocks(exceptions=tight))) \
        == (0, 4)


def test_no_volume_target_reads_not_available():
    found = measures(blocks()[1:])
    text = {m.check: m.text for m in found}
    assert text["weekly running minutes within +-10 % of the volume target"] == \
        "n/a (no volume target)"


def test_groups_side_by_side():
    one = review(blocks())
    table = review_table({"before": one, "after": one})
    assert list(table.columns) == ["measure", "check", "before", "after"]
    assert table.loc[table["check"].str.startswith("strength sessions"), "after"].item() == \
        "1 of 5 strength sessions"
    lines = markdown(table).splitlines()
    assert lines[0] == "| measure | check | before | after |"
    assert lines[1] == "| --- | --- | --- | --- |"
    assert len(lines) == 2 + len(one)
