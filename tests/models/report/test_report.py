"""`weekplan report`: one self-contained HTML page, checked as text and in headless Chromium."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from icalendar import Calendar

from cli import main
from models.exports.plan_writer import write_plan
from models.io.athlete_file import athlete_from_dict
from models.domain.plan import sessions_frame
from models.squad.forms import write_squad_yaml
from renderers import chrome, pdf_pages
from solver.batch.driver import run_batch
from solver.week.solve import SolveParams
from squads import C1_SQUAD

ATHLETES = [athlete_from_dict(raw) for raw in C1_SQUAD["athletes"]]
SCREENSHOT = "report-screenshot.png"


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    """A real `weekplan batch` folder of two athletes x 2 weeks (seconds to plan)."""
    out = tmp_path_factory.mktemp("batch") / "squad-run"
    run_batch(ATHLETES, out, "default", params=SolveParams(time_limit=5), workers=1,
              progress=False)
    return out


@pytest.fixture(scope="module")
def squad_file(tmp_path_factory) -> Path:
    return write_squad_yaml(ATHLETES, tmp_path_factory.mktemp("squad") / "squad.yaml")


@pytest.fixture(scope="module")
def squad_report(batch_dir, squad_file, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(main, ["report", str(batch_dir), "--squad", str(squad_file),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_squad_report_is_self_contained(squad_report):
    html = squad_report.read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()
    # nothing is fetched: no external src/href, no CSS url(), a CSP that forbids it anyway
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)
    assert "url(" not in html and "@import" not in html
    assert "default-src 'none'" in html
    assert "@media print" in html and "break-before:page" in html


def test_squad_report_content(squad_report):
    html = squad_report.read_text()
    assert "Squad overview" in html
    for athlete in ATHLETES:  # overview row links to the athlete's section
        assert f'href="#a-{athlete.id}"' in html and f'id="a-{athlete.id}"' in html
        assert f"{athlete.name} ({athlete.id})" in html
    assert html.count('<svg class="chart"') == 2  # one load chart per athlete
    assert html.count('class="load-bar"') == 4    # 2 weeks each
    assert "no hard rule broken" in html          # solver plans pass the audit
    assert "Soft penalty by rule" in html
    assert 'class="s s-long hard"' in html        # hard runs marked in the calendar
    assert "Long run" in html and "time zone: Europe/Madrid" in html


def test_report_flags_hard_violations_of_a_hand_made_plan(plan, tmp_path):
    """A coach's week with strength the day before a hill session: the report says so."""
    sessions = plan("Mon easy 06:00", "Tue strength 18:00", "Wed hill 18:00", "Sat long 08:00",
                    "Thu strength 18:00", "Fri easy 06:00")
    table = write_plan(sessions_frame("c1", sessions), tmp_path / "week.csv")
    athlete = tmp_path / "c1.yaml"
    athlete.write_text(yaml.safe_dump(C1_SQUAD["athletes"][0] | {"availability": {
        d: ["06:00-22:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}}))
    out = tmp_path / "week.html"
    result = CliRunner().invoke(main, ["report", str(table), "--athlete", str(athlete),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    html = out.read_text()
    assert "Squad overview" not in html            # one athlete: no overview
    assert "hard rule violation" in html and "H-STRENGTH-BEFORE-HARD" in html


def test_report_without_profile_marks_compliance_not_checked(plan, tmp_path):
    table = write_plan(sessions_frame("x", plan("Mon easy 06:00")), tmp_path / "x.parquet")
    out = tmp_path / "x.html"
    assert CliRunner().invoke(main, ["report", str(table), "--out", str(out)]).exit_code == 0
    assert "not checked" in out.read_text()


@pytest.mark.parametrize("args, problem", [
    (["missing.csv", "--out", "r.html"], "missing.csv: no such file or folder"),
    (["{plan}", "--out", "r.pdf"], "the report is HTML"),
    (["{plan}", "--out", "nowhere/r.html"], "does not exist"),
    (["{dir}", "--out", "r.html"], "not a batch output folder"),
])
def test_report_bad_input_exits_2(plan, tmp_path, monkeypatch, args, problem):
    monkeypatch.chdir(tmp_path)
    write_plan(sessions_frame("x", plan("Mon easy 06:00")), tmp_path / "p.csv")
    (tmp_path / "empty").mkdir()
    args = [a.replace("{plan}", "p.csv").replace("{dir}", "empty") for a in args]
    result = CliRunner().invoke(main, ["report", *args])
    assert result.exit_code == 2
    assert problem in result.stderr and "Traceback" not in result.output


def test_batch_writes_one_calendar_per_athlete(batch_dir):
    for athlete in ATHLETES:
        cal = Calendar.from_ical((batch_dir / "calendars" / f"{athlete.id}.ics").read_bytes())
        rows = (batch_dir / "athletes" / f"{athlete.id}.csv").read_text().strip().splitlines()
        events = cal.walk("VEVENT")
        assert len(events) == len(rows) - 1 > 0
        assert {str(e.decoded("DTSTART").tzinfo) for e in events} == {"Europe/Madrid"}
        assert all(str(e["UID"]).startswith(f"{athlete.id}.") for e in events)


def test_report_in_headless_chromium(squad_report, tmp_path):
    """Opens without console errors or network requests; prints one athlete per page."""
    driver = chrome(tmp_path / "chrome-profile")
    try:
        driver.get("about:blank")      # leave the new-tab page and its chrome:// traffic
        driver.get_log("performance")  # then drop what the browser did so far
        driver.get_log("browser")
        url = squad_report.resolve().as_uri()
        driver.get(url)
        assert driver.title == "Squad plan report"
        console = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert console == []
        messages = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
        requests = [m["params"]["request"]["url"] for m in messages
                    if m["method"] == "Network.requestWillBeSent"]
        assert requests == [url]
        sections = driver.find_elements("css selector", "section.athlete")
        assert len(sections) == len(ATHLETES)
        assert all(s.size["width"] > 800 for s in sections)
        chart = driver.find_element("css selector", "svg.chart")
        assert chart.size["height"] > 150  # the chart is laid out, not collapsed
        shot = squad_report.parent / SCREENSHOT
        assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 20_000
        pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True,
                                                         "preferCSSPageSize": True})
        printed = tmp_path / "report.pdf"
        printed.write_bytes(base64.b64decode(pdf["data"]))
        assert pdf_pages(printed) >= 1 + len(ATHLETES)  # overview, then a page per athlete
    finally:
        driver.quit()
