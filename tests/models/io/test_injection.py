"""No export runs a formula: text from a squad file stays text in every spreadsheet we write.

An athlete id, name or session details like ``=cmd|' /C calc'!A0`` would run on the coach's
machine when a spreadsheet opens the export (CSV injection). CSV cells get a leading quote,
workbook cells are string cells, numbers stay numbers, and reading back keeps the text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from cli import main
from models.domain.plan import sessions_frame
from models.exports.plan_writer import write_plan
from models.io.cells import csv_bytes, neutralise, restore
from models.io.plan_table import read_plan_file, typed_from_file
from models.squad.forms import athlete_yaml_dict, load_squad, write_squad_yaml
from models.squad.generator import random_squad
from models.squad.spreadsheet import write_squad_folder

HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3", "\t=1+1", "\r=1+1"]
ATTACK = HOSTILE[0]
IN_XML = sorted(t.replace("\r", "\n") for t in HOSTILE)  # XML reads a bare CR as LF


def formula_cells(path: Path) -> list[str]:
    """Every cell of the workbook that a spreadsheet would evaluate, as 'sheet!A1'."""
    book = openpyxl.load_workbook(path)
    found = [f"{sheet.title}!{cell.coordinate}" for sheet in book for row in sheet.iter_rows()
             for cell in row
             if cell.data_type == "f" or (isinstance(cell.value, str)
                                          and cell.value.startswith("=")
                                          and cell.data_type != "s")]
    with zipfile.ZipFile(path) as archive:  # the XML itself: no <f> element anywhere
        found += [name for name in archive.namelist()
                  if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)]
    return found


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


@pytest.fixture
def hostile_table(plan) -> pd.DataFrame:
    """One athlete per hostile text, its id that text and its sessions' details too."""
    frames = []
    for text in HOSTILE:
        sessions = [s.model_copy(update={"details": text})
                    for s in plan("Mon easy 07:00", "Wed strength 18:00")]
        frames.append(sessions_frame(text, sessions))
    return pd.concat(frames, ignore_index=True)


def test_the_workbook_holds_no_formula_cell(hostile_table, tmp_path):
    summary = pd.DataFrame({"athlete": HOSTILE, "name": HOSTILE,
                            "objective": [-3.5] * len(HOSTILE), "delta": [-2] * len(HOSTILE)})
    path = write_plan(hostile_table, tmp_path / "plan.xlsx", summary=summary)
    assert formula_cells(path) == []
    book = openpyxl.load_workbook(path)
    ids = [cell.value for cell in book["plan"]["A"][1:]]
    assert sorted(set(ids)) == IN_XML  # the text itself, shown as it was written
    attack = next(c for c in book["plan"]["A"] if c.value == ATTACK)
    assert attack.data_type == "s" and attack.quotePrefix  # Excel keeps it text when edited
    rows = list(book["summary"].iter_rows(min_row=2, values_only=True))
    assert [row[2:] for row in rows] == [(-3.5, -2)] * len(HOSTILE)  # numbers stay numbers


def test_pandas_reads_the_workbook_text_back_unchanged(hostile_table, tmp_path):
    path = write_plan(hostile_table, tmp_path / "plan.xlsx")
    back = typed_from_file(read_plan_file(path))
    assert sorted(set(back["details"])) == sorted(set(back["athlete_id"])) == IN_XML


def test_the_csv_plan_table_quotes_every_hostile_cell(hostile_table, tmp_path):
    path = write_plan(hostile_table, tmp_path / "plan.csv")
    rows = csv_rows(path.read_bytes())
    header, body = rows[0], rows[1:]
    for row in body:
        cells = dict(zip(header, row))
        assert cells["athlete_id"].startswith("'") and cells["details"].startswith("'")
        assert cells["minutes"].isdigit()
    assert {dict(zip(header, r))["athlete_id"] for r in body} == {"'" + t for t in HOSTILE}


def test_reading_the_csv_back_keeps_the_text(hostile_table, tmp_path):
    path = write_plan(hostile_table, tmp_path / "plan.csv")
    back = typed_from_file(read_plan_file(path))
    pd.testing.assert_frame_equal(back, hostile_table)


def test_csv_bytes_quotes_text_and_leaves_numbers_alone():
    frame = pd.DataFrame({"athlete": [ATTACK, "ana", "-2+3"], "delta": [-2, 3, -1],
                          "ratio": [-0.5, 1.0, 2.5], "note": ["-", "'kept'", "@x"]})
    rows = csv_rows(csv_bytes(frame))
    assert rows[0] == ["athlete", "delta", "ratio", "note"]
    assert rows[1:] == [["'" + ATTACK, "-2", "-0.5", "'-"],
                        ["ana", "3", "1.0", "'kept'"],
                        ["'-2+3", "-1", "2.5", "'@x"]]


@pytest.mark.parametrize("text", [*HOSTILE, "ana", "'quoted", "", "o'neil"])
def test_restore_undoes_neutralise_and_nothing_else(text):
    assert restore(neutralise(text)) == text
    assert neutralise(-2) == -2 and neutralise(1.5) == 1.5


def test_the_squad_spreadsheet_writer_quotes_names_and_reads_them_back(tmp_path):
    athletes = [a.model_copy(update={"name": text})
                for a, text in zip(random_squad(seed=5, count=4), [ATTACK, "+1+1", "@SUM(A1)",
                                                                      "-2+3"])]
    folder = write_squad_folder(athletes, tmp_path / "squad")
    rows = csv_rows((folder / "athletes.csv").read_bytes())
    names = [dict(zip(rows[0], row))["name"] for row in rows[1:]]
    assert names == ["'" + a.name for a in athletes]
    loaded, problems = load_squad(folder)
    assert problems == [] and [a.name for a in loaded] == [a.name for a in athletes]


def test_batch_with_a_hostile_athlete_id_writes_no_formula(tmp_path):
    """The whole CLI: a squad YAML with an athlete id that is an attack, planned by
    `weekplan batch --format xlsx`: the workbook has no formula cell and errors.csv names the
    athlete with the quote that keeps spreadsheets from running it."""
    good = random_squad(seed=3, count=1)[0].model_copy(update={"weeks": 1, "name": "@SUM(A1)"})
    squad = write_squad_yaml([good], tmp_path / "squad.yaml")
    raw = yaml.safe_load(squad.read_text())
    raw["athletes"].append({**athlete_yaml_dict(good), "id": ATTACK, "name": "+1+1"})
    squad.write_text(yaml.safe_dump(raw, sort_keys=False))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(squad), "--out", str(out), "--workers", "1",
                                       "--quiet", "--time-limit", "5", "--format", "xlsx"])
    assert result.exit_code in (0, 1), result.output
    assert formula_cells(out / "plans.xlsx") == []
    errors = csv_rows((out / "errors.csv").read_bytes())
    athletes = [dict(zip(errors[0], row))["athlete"] for row in errors[1:]]
    assert "'" + ATTACK in athletes
    assert ATTACK not in athletes
