"""The HTML report shows each week's planned running volume against the week's target.

A made-up two-week plan: week 1 runs easy 45 + tempo 50 + jog 30 + long 100 = 225 min
(175 low intensity) against a target of 240; week 2 runs hill 60 + easy 40 = 100 min (40 low)
and has no target.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from builders import MONDAY, make_athlete, make_session
from models.block.phases import block_weeks
from models.domain.catalogue import default_catalogue
from models.domain.plan import sessions_frame
from models.domain.rules import default_rulebook
from models.exports.plan_writer import write_plan
from models.report import html_data
from models.report.html_data import build_report

CATALOGUE = default_catalogue()
NEXT = MONDAY + timedelta(days=7)
TARGETS = {MONDAY: 240, NEXT: None}


@pytest.fixture
def plan_file(tmp_path):
    sessions = [make_session(text, CATALOGUE) for text in (
        "Mon easy 07:00 45", "Tue strength 18:00 40", "Wed tempo 07:00 50",
        "Fri jog 07:00 30", "Sun long 08:00 100")]
    sessions += [make_session(text, CATALOGUE, week=NEXT) for text in (
        "Tue hill 07:00 60", "Thu easy 07:00 40")]
    return write_plan(sessions_frame("v", sessions), tmp_path / "plan.csv")


@pytest.fixture
def block_with_volume(monkeypatch):
    """The athlete's real block, with P-VOLUME's targets set to TARGETS."""
    def weeks(athlete, rulebook, catalogue):
        return [w.model_copy(update={"targets": w.targets.model_copy(
                    update={"run_minutes": TARGETS.get(w.week_start)})})
                for w in block_weeks(athlete, rulebook, catalogue)]
    monkeypatch.setattr(html_data, "block_weeks", weeks)


def test_report_shows_running_minutes_against_the_block_target(plan_file, block_with_volume):
    html = build_report(plan_file, {"v": make_athlete(id="v", weeks=2)}, default_rulebook())
    # printed in the calendar, one cell a week
    assert '<th class="num">run min / target</th>' in html
    assert re.findall(r'<td class="num run-min">([^<]*)</td>', html) == ["225 / 240", "100"]
    # and drawn: a tooltip per week, one target tick (week 2 has none) above week 1's bar
    assert "week of 2027-01-04: 225 run min of 240 target (94 %), low intensity 0.78" in html
    assert "week of 2027-01-11: 100 run min (no target), low intensity 0.40" in html
    assert "<h3>Running volume against target</h3>" in html
    # the plan's figures: (225 + 100) / 2 running minutes a week, (175 + 40) / 325 low
    assert "<b>162</b><span>mean running min a week</span>" in html
    assert "<b>0.66</b><span>low-intensity share</span>" in html
    ticks = re.findall(r'<line class="target"[^>]* y1="([\d.]+)"', html)
    assert len(ticks) == 1
    first_week = html.split("week of 2027-01-04: 225")[1].split("</g>")[0]
    bar_tops = [float(y) for y in re.findall(r'<rect [^>]*y="([\d.]+)"', first_week)]
    assert float(ticks[0]) < min(bar_tops)  # 240 target drawn higher than 225 planned


def test_report_without_profile_shows_volume_without_target(plan_file):
    html = build_report(plan_file, {}, default_rulebook())
    assert re.findall(r'<td class="num run-min">([^<]*)</td>', html) == ["225", "100"]
    assert "no volume target for these weeks" in html
    assert 'class="target"' not in html
