"""The workbook as a coach prints it: LibreOffice (headless) renders every sheet to PDF."""

from __future__ import annotations

from datetime import date

import pandas as pd

from models.exports.plan_writer import write_plan
from models.domain.plan import sessions_frame
from builders import make_athlete
from renderers import pdf_pages, pdf_text, pdf_to_png, soffice_to_pdf


def test_libreoffice_renders_grid_plan_and_summary(plan, tmp_path):
    weeks = [date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 18)]
    sessions = [s for monday in weeks for s in plan(
        "Tue sprint 18:00", "Wed strength 06:00", "Wed hike 19:00 90", "Thu strength 18:00",
        "Sat long 07:00", "Sun easy 17:00", week=monday)]
    frame = pd.concat([sessions_frame("ana", sessions), sessions_frame("bo", sessions[:6])])
    summary = pd.DataFrame({"athlete_id": ["ana"] * 3, "week_start": pd.to_datetime(weeks),
                            "load": [2110, 2110, 2110], "monotony": [1.44, 1.44, 1.44]})
    athletes = {"ana": make_athlete(id="ana", name="Ana Example", timezone="Europe/Madrid")}
    book = write_plan(frame, tmp_path / "squad.xlsx", athletes=athletes, summary=summary)

    pdf = soffice_to_pdf(book, tmp_path)
    text = pdf_text(pdf)
    pages = text.split("\f")
    assert pdf_pages(pdf) >= 4  # ana, bo, plan, summary: each sheet starts a page
    first = next(p for p in pages if "Ana Example (ana)" in p)  # print header: the athlete
    for word in ("week", "Mon", "Sun", "load", "Sprint intervals 50 min", "18:00-18:50 *",
                 "rest"):
        assert word in first, word  # the whole week fits one page width
    assert any("athlete_id" in p and "details" in p and "TRUE" in p for p in pages)
    assert any("monotony" in p and "1.44" in p for p in pages)
    assert pdf_to_png(pdf, tmp_path / "page")  # rendered pages, for a human look
