"""`weekplan batch --format`: the whole squad in one more file beside the per-athlete ones."""

from __future__ import annotations

import openpyxl
import pandas as pd
from click.testing import CliRunner
from icalendar import Calendar

from cli import main
from models.squad.generator import random_squad
from models.squad.forms import write_squad_yaml


def test_batch_format_writes_a_squad_workbook_and_calendar(tmp_path):
    athletes = [a.model_copy(update={"weeks": 2}) for a in random_squad(seed=3, count=3)]
    squad = write_squad_yaml(athletes, tmp_path / "squad.yaml")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(squad), "--out", str(out), "--workers", "1",
                                       "--quiet", "--time-limit", "5",
                                       "--format", "xlsx", "--format", "ics"])
    assert result.exit_code == 0, result.output
    plans = pd.read_parquet(out / "plans.parquet")
    book = openpyxl.load_workbook(out / "plans.xlsx")
    assert len(book.sheetnames) >= len(athletes) + 1  # a week grid per athlete, the plan table
    assert len(pd.read_excel(out / "plans.xlsx", sheet_name="plan")) == len(plans)
    events = Calendar.from_ical((out / "plans.ics").read_bytes()).walk("VEVENT")
    assert len(events) == len(plans)


def test_batch_unknown_format_is_refused_before_planning(tmp_path):
    squad = write_squad_yaml(random_squad(seed=3, count=1), tmp_path / "squad.yaml")
    result = CliRunner().invoke(main, ["batch", str(squad), "--out", str(tmp_path / "out"),
                                       "--format", "docx"])
    assert result.exit_code == 2
    assert "unknown format 'docx'" in result.output
    assert not (tmp_path / "out").exists()
