"""Compliance: each planned session done / partial / moved / missed, each other activity
unplanned, coloured by the rulebook's bands; the weekly planned-vs-actual table."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from builders import MONDAY, make_session
from models.activities.activity import Activity
from models.activities.compliance import judge
from models.domain.catalogue import default_catalogue
from models.domain.errors import InputError
from models.domain.rules import default_rulebook, load_rulebook

CATALOGUE = default_catalogue()
BANDS = default_rulebook().compliance


def activity(day: int, hour: int, minutes: float, sport: str = "run", rpe=None) -> Activity:
    start = datetime.combine(MONDAY + timedelta(days=day), datetime.min.time(),
                             tzinfo=timezone.utc) + timedelta(hours=hour)
    return Activity("ana", f"a{day}-{hour}", "x.fit", sport, start, minutes, "moving",
                    rpe=rpe, rpe_used=rpe or 4)


@pytest.mark.parametrize("ratio, band", [(1.0, "green"), (0.8, "green"), (1.2, "green"),
                                         (0.79, "yellow"), (0.5, "yellow"), (1.21, "yellow"),
                                         (1.5, "yellow"), (0.49, "red"), (1.51, "red"),
                                         (0.0, "red")])
def test_the_default_bands_are_trainingpeaks(ratio, band):
    assert BANDS.band(ratio) == band


def test_each_case_is_named_and_coloured():
    plan = [make_session(text, CATALOGUE) for text in (
        "Mon easy 07:00 45", "Tue hill 18:00 60", "Wed strength 18:00 35",
        "Thu tempo 18:00 60", "Sat long 08:00 120")]
    done = [activity(0, 7, 44), activity(1, 18, 40), activity(4, 18, 62),   # tempo on Fri
            activity(5, 8, 185), activity(5, 15, 90, "ride")]
    result = judge("ana", plan, done, BANDS, today=MONDAY + timedelta(days=7))
    got = {(r.session.type if r.session else r.activity.sport): (r.status, r.band)
           for r in result.rows}
    assert got == {"easy": ("done", "green"), "hill": ("partial", "yellow"),
                   "strength": ("missed", "red"), "tempo": ("moved", "green"),
                   "long": ("done", "red"), "ride": ("unplanned", "")}
    [week] = result.weekly().to_dict("records")
    assert week["planned_minutes"] == 45 + 60 + 35 + 60 + 120
    # min(actual, planned) per session: the 185-min long run does not hide the missed strength
    assert week["compliance_pct"] == round(100 * (44 + 40 + 0 + 60 + 120) / 320)
    assert (week["done"], week["partial"], week["moved"], week["missed"],
            week["unplanned"]) == (2, 1, 1, 1, 1)
    # actual load: the planned RPE x actual minutes; the ride its own estimate (4 x 90)
    assert week["actual_load"] == 3 * 44 + 8 * 40 + 7 * 62 + 5 * 185 + 4 * 90


def test_only_the_past_is_judged():
    plan = [make_session("Mon easy 07:00 45", CATALOGUE), make_session("Fri easy 07:00 45",
                                                                      CATALOGUE)]
    result = judge("ana", plan, [activity(0, 7, 45)], BANDS)
    assert result.today == MONDAY + timedelta(days=1)
    assert [r.status for r in result.rows] == ["done"]


def test_the_bands_come_from_the_rulebook(tmp_path: Path):
    strict = tmp_path / "strict.yaml"
    strict.write_text("extends: default\ncompliance: {green: [0.9, 1.1], done_from: 0.9}\n")
    bands = load_rulebook(str(strict)).compliance
    assert bands.yellow == (0.5, 1.5) and bands.band(0.85) == "yellow"
    result = judge("ana", [make_session("Mon easy 07:00 40", CATALOGUE)],
                   [activity(0, 7, 34)], bands, today=date(2027, 1, 11))
    assert [(r.status, r.band) for r in result.rows] == [("partial", "yellow")]


def test_bands_that_do_not_nest_are_a_one_line_error(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("compliance: {green: [0.4, 1.2]}\n")
    with pytest.raises(InputError) as error:
        load_rulebook(str(bad))
    assert error.value.file == str(bad) and error.value.field == "compliance"
