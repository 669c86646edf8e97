"""A batch writes as it goes and keeps no tables: the outputs are those of writing whole."""

from __future__ import annotations

import gc
import io
import re

import pandas as pd
import pyarrow.parquet as pq
import pytest

from models.domain.athlete import Athlete
from models.domain.bundled import EXAMPLES_DIR
from models.exports.ics import calendar, ics_bytes
from models.io import batch_folder
from models.io.athlete_file import load_athlete
from models.io.batch_folder import BatchDir
from models.squad.forms import load_squad, write_squad_yaml
from models.squad.generator import random_squad
from models.squad.spreadsheet import write_squad_folder
from solver.batch import driver
from solver.batch.driver import run_batch
from solver.week.solve import SolveParams

PARAMS = SolveParams(time_limit=30.0)  # no week reaches it: the plans depend on no clock
DTSTAMP = re.compile(rb"^DTSTAMP:\d{8}T\d{6}Z\r\n", re.MULTILINE)


def short_squad(count: int):
    """Generated athletes planned over 2 weeks (no race, no dated exceptions)."""
    return [a.model_copy(update={"weeks": 2, "race": None, "exceptions": {}})
            for a in random_squad(seed=11, count=count, difficulty="loose")]


def impossible():
    return load_athlete(EXAMPLES_DIR / "impossible.yaml").model_copy(update={"weeks": 2})


def test_streamed_outputs_equal_the_tables_written_whole(tmp_path, monkeypatch):
    squad = [*short_squad(4), impossible()]
    odd = squad[1].model_copy(update={"preferences": {"yoga": ["mon"]}})  # an error row
    squad[1] = odd
    monkeypatch.setattr(batch_folder, "PARQUET_ATHLETES", 2)
    out = tmp_path / "out"
    report = run_batch(squad, out, params=PARAMS, workers=1, progress=False)
    assert report.counts["error"] == 1 and report.counts["infeasible"] == 1
    # what the run keeps per athlete is its summary row, not its tables
    assert all(not (o.plan_csv or o.weeks_csv or o.calendar_ics) for o in report.outcomes)

    streamed = out / "plans.parquet"
    assert pq.ParquetFile(streamed).metadata.num_row_groups > 1
    monkeypatch.setattr(batch_folder, "PARQUET_ATHLETES", 10_000)  # one part: the whole table
    whole = tmp_path / "whole"
    (whole / "athletes").mkdir(parents=True)
    for athlete in squad:
        (whole / "athletes" / f"{athlete.id}.csv").write_bytes(
            (out / "athletes" / f"{athlete.id}.csv").read_bytes())
    BatchDir(whole).write_plans_parquet([a.id for a in squad])
    assert pq.ParquetFile(whole / "plans.parquet").metadata.num_row_groups == 1
    expected = pd.read_parquet(whole / "plans.parquet")
    assert len(expected) > 20 and expected["athlete_id"].nunique() == 3
    pd.testing.assert_frame_equal(pd.read_parquet(streamed), expected)
    assert pq.read_schema(streamed) == pq.read_schema(whole / "plans.parquet")

    for athlete in squad:  # the calendars are icalendar's, DTSTAMP aside
        path = out / "calendars" / f"{athlete.id}.ics"
        table = pd.read_csv(out / "athletes" / f"{athlete.id}.csv", keep_default_na=False)
        if athlete is odd:  # no plan at all: no calendar
            assert not path.exists()
            continue
        reference = ics_bytes(calendar(table, {athlete.id: athlete}))
        assert DTSTAMP.sub(b"", path.read_bytes()) == DTSTAMP.sub(b"", reference)


def test_a_resume_rebuilds_the_same_squad_files(tmp_path):
    squad = short_squad(3)
    out = tmp_path / "out"
    run_batch(squad, out, params=PARAMS, workers=1, progress=False)
    first = {name: (out / name).read_bytes() for name in ("summary.csv", "errors.csv")}
    plans = pd.read_parquet(out / "plans.parquet")
    (out / "done" / f"{squad[1].id}.json").unlink()  # as if killed before its marker
    (out / "plans.parquet").unlink()
    again = run_batch(squad, out, params=PARAMS, workers=1, progress=False, resume=True)
    assert (again.computed, again.resumed) == (1, 2)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "plans.parquet"), plans)
    summary = pd.read_csv(out / "summary.csv", keep_default_na=False).drop(columns="wall_time")
    before = pd.read_csv(io.BytesIO(first["summary.csv"]),
                         keep_default_na=False).drop(columns="wall_time")
    pd.testing.assert_frame_equal(summary, before)
    assert (out / "errors.csv").read_bytes() == first["errors.csv"]


@pytest.mark.parametrize("form", ["csv", "yaml"])
def test_the_parent_never_holds_the_squad_whole(tmp_path, monkeypatch, form):
    """A squad of thousands must not stand in the parent's memory for the whole run: the
    athletes are read from disk as the tasks are made, a chunk at a time."""
    squad = [a.model_copy(update={"weeks": 1}) for a in short_squad(16)]
    path = (write_squad_folder(squad, tmp_path / "squad") if form == "csv"
            else write_squad_yaml(squad, tmp_path / "squad.yaml"))
    del squad  # the test's own copy would be counted

    def athletes_alive() -> int:  # other tests' athletes may be alive too: counted before
        gc.collect()
        return sum(type(o) is Athlete for o in gc.get_objects())

    before = athletes_alive()
    alive: list[int] = []
    record = driver._record

    def counting(*args):
        alive.append(athletes_alive() - before)
        record(*args)

    monkeypatch.setattr(driver, "_record", counting)
    report = run_batch(path, tmp_path / "out", params=PARAMS, workers=1, progress=False)
    assert report.computed == 16 and len(alive) >= 4  # one-week athletes: 4 a task
    assert max(alive) <= 8  # the task in hand and the next one, never the 16
    assert load_squad(tmp_path / "out" / "squad.yaml") == load_squad(path)
