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


def test_batch_format_fit_writes_each_athletes_runs_as_watch_workouts(tmp_path):
    import io

    import fitdecode

    from models.domain.athlete import Zones
    from models.domain.catalogue import default_catalogue

    athletes = [a.model_copy(update={"weeks": 2}) for a in random_squad(seed=3, count=2)]
    athletes[0] = athletes[0].model_copy(update={"zones": Zones(threshold_pace="4:30")})
    squad = write_squad_yaml(athletes, tmp_path / "squad.yaml")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(squad), "--out", str(out), "--workers", "1",
                                       "--quiet", "--time-limit", "5", "--format", "fit"])
    assert result.exit_code == 0, result.output
    running = {name for name in default_catalogue().schedulable
               if default_catalogue()[name].running}
    for athlete in athletes:
        plan = pd.read_csv(out / "athletes" / f"{athlete.id}.csv", keep_default_na=False)
        runs = plan[plan["session"].isin(running)]
        folder = out / "workouts" / athlete.id
        assert len(list(folder.glob("*.fit"))) == len(runs) > 0
        assert all(runs["details"].str.len() > 0)  # the plan says what the watch does
        targets = set()
        for path in folder.glob("*.fit"):
            with fitdecode.FitReader(io.BytesIO(path.read_bytes()),
                                     check_crc=fitdecode.CrcCheck.RAISE) as reader:
                targets |= {f.get_value("target_type") for f in reader
                            if isinstance(f, fitdecode.FitDataMessage)
                            and f.name == "workout_step" and f.get_value("duration_type") == "time"}
        assert ("speed" in targets) == (athlete.zones is not None)
        assert (folder / "intervals.txt").read_text().count("\n20") + 1 == len(runs)
