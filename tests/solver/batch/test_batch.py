"""Squad batch runs: same plans on every engine, bad athletes reported, nothing lost or redone.

Squads here are a few generated athletes cut to 2 weeks, so each run takes seconds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from models.squad.generator import random_squad
from checkout import REPO_ROOT
from models.domain.bundled import EXAMPLES_DIR
from models.squad.forms import load_squad, write_squad_yaml
from models.squad.spreadsheet import write_squad_folder
from solver.batch.driver import run_batch
from solver.batch.tasks import make_chunks
from solver.week.solve import SolveParams

# a limit no week here reaches even on a busy machine (they take well under a second
# each): the tests compare plans between runs, and a week cut short by a wall-clock limit
# would make them differ for a reason that is not the code's
PARAMS = SolveParams(time_limit=60.0)


def short_squad(count: int, weeks: int = 2, seed: int = 11, difficulty: str = "loose"):
    """Generated athletes planned over ``weeks`` weeks only (no race, no dated exceptions)."""
    return [a.model_copy(update={"weeks": weeks, "race": None, "exceptions": {}})
            for a in random_squad(seed=seed, count=count, difficulty=difficulty)]


def impossible(weeks: int = 2):
    from models.io.athlete_file import load_athlete

    return load_athlete(EXAMPLES_DIR / "impossible.yaml").model_copy(update={"weeks": weeks})


def plans(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "plans.parquet")


def summary(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "summary.csv", keep_default_na=False)


def errors(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "errors.csv", keep_default_na=False)


def test_process_pool_dask_and_sequential_give_identical_plans(tmp_path):
    distributed = pytest.importorskip("distributed")
    squad = short_squad(4)
    # what the README's `dask scheduler` + `dask worker` give: a scheduler address
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        runs = {
            "sequential": dict(workers=1),
            "pool": dict(workers=2),
            "dask-local": dict(dask_local=2),
            "scheduler": dict(scheduler=cluster.scheduler_address),
        }
        for name, options in runs.items():
            report = run_batch(squad, tmp_path / name, params=PARAMS, progress=False, **options)
            assert report.computed == 4
    assert "tcp://" in report.engine
    reference = plans(tmp_path / "sequential")
    assert sorted(reference["athlete_id"].unique()) == sorted(a.id for a in squad)
    assert len(reference) > 4 * 2 * 3  # real plans: several sessions a week
    for name in ("pool", "dask-local", "scheduler"):
        pd.testing.assert_frame_equal(plans(tmp_path / name), reference)
        for athlete in squad:
            assert ((tmp_path / name / "athletes" / f"{athlete.id}.csv").read_text()
                    == (tmp_path / "sequential" / "athletes" / f"{athlete.id}.csv").read_text())
        columns = ["athlete", "status", "weeks_solved", "objective", "sessions", "load"]
        pd.testing.assert_frame_equal(summary(tmp_path / name)[columns],
                                      summary(tmp_path / "sequential")[columns])


def test_batch_plans_equal_the_single_athlete_planner_and_pass_the_auditor(tmp_path):
    from models.audit.week import audit_plan
    from models.domain.catalogue import default_catalogue
    from models.domain.rules import default_rulebook
    from solver.block.plan import plan_block

    squad = short_squad(2, weeks=3, seed=5)
    run_batch(squad, tmp_path, params=PARAMS, workers=1, progress=False)
    rulebook, catalogue = default_rulebook(), default_catalogue()
    for athlete in squad:
        table = pd.read_csv(tmp_path / "athletes" / f"{athlete.id}.csv", keep_default_na=False)
        block = plan_block(athlete, rulebook, catalogue, PARAMS)
        direct = block.frame()
        assert len(table) == len(direct) > 0
        assert list(table["session"]) == list(direct["session"])
        assert list(table["start"]) == list(direct["start"])
        report = audit_plan(table, athlete, rulebook, catalogue, block.targets_by_week)
        assert report.ok, [f.message for f in report.hard_findings]
        assert report.penalty_cp == round(100 * sum(r.objective for r in block.weeks))
        row = summary(tmp_path).set_index("athlete").loc[athlete.id]
        assert row["objective"] == pytest.approx(sum(r.objective for r in block.weeks))


def test_malformed_and_infeasible_athletes_are_reported_and_the_rest_complete(tmp_path):
    from click.testing import CliRunner

    from cli import main

    folder = tmp_path / "squad"
    good = short_squad(3)
    write_squad_folder([*good[:2], impossible(), good[2]], folder)
    with open(folder / "athletes.csv", "a", encoding="utf-8") as handle:
        handle.write("broken,Bad Row,intermediate,,Europe/Madrid,2027-01-04,2,,,runs=lots,\n")
    with open(folder / "availability.csv", "a", encoding="utf-8") as handle:
        handle.write("broken,mon,06:00,07:00\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), "--workers", "2",
                                       "--quiet", "--time-limit", "60"])
    assert result.exit_code == 0, result.output
    assert "5 athletes: 3 optimal, 1 infeasible, 1 bad_input" in result.output
    table = summary(out).set_index("athlete")
    assert table.loc["ivy", "status"] == "infeasible"
    assert table.loc["ivy", "weeks_infeasible"] == 2
    assert table.loc["broken", "status"] == "bad_input"
    assert all(table.loc[a.id, "status"] == "optimal" for a in good)
    problems = errors(out)
    assert set(problems["athlete"]) == {"ivy", "broken"}
    broken = problems[problems["athlete"] == "broken"].iloc[0]
    assert broken["stage"] == "input" and "row 6" in broken["message"]
    assert "targets.runs" in broken["message"]
    assert set(problems[problems["athlete"] == "ivy"]["stage"]) == {"solve"}
    assert set(plans(out)["athlete_id"]) == {a.id for a in good}
    for athlete in good:
        assert (out / "athletes" / f"{athlete.id}.csv").exists()


def test_an_athlete_the_planner_rejects_is_an_error_row_and_not_replanned_on_resume(tmp_path):
    good, odd = short_squad(2)
    odd = odd.model_copy(update={"preferences": {"yoga": ["mon"]}})  # not a session type
    report = run_batch([good, odd], tmp_path, params=PARAMS, workers=1, progress=False)
    assert report.counts == {"optimal": 1, "error": 1}
    (row,) = errors(tmp_path).itertuples()
    assert (row.athlete, row.stage) == (odd.id, "plan")
    assert "preferences.yoga" in row.message and "unknown session type 'yoga'" in row.message
    again = run_batch([good, odd], tmp_path, params=PARAMS, workers=1, progress=False,
                      resume=True)
    assert (again.computed, again.resumed) == (0, 2)
    assert list(errors(tmp_path)["athlete"]) == [odd.id]


def test_a_changed_athlete_or_rulebook_is_recomputed_on_resume_and_nothing_else(tmp_path):
    from models.domain.rules import default_rulebook

    squad = short_squad(3)
    first = run_batch(squad, tmp_path, params=PARAMS, workers=1, progress=False)
    assert (first.computed, first.resumed) == (3, 0)
    again = run_batch(squad, tmp_path, params=PARAMS, workers=1, progress=False, resume=True)
    assert (again.computed, again.resumed) == (0, 3)
    squad[1] = squad[1].model_copy(update={"name": "Renamed Runner"})
    changed = run_batch(squad, tmp_path, params=PARAMS, workers=1, progress=False, resume=True)
    assert (changed.computed, changed.resumed) == (1, 2)
    assert summary(tmp_path).set_index("athlete").loc[squad[1].id, "name"] == "Renamed Runner"
    rules = default_rulebook().with_rule("S-LOAD-SPREAD", weight=0.1)
    other = run_batch(squad, tmp_path, rulebook=rules, params=PARAMS, workers=1, progress=False,
                      resume=True)
    assert (other.computed, other.resumed) == (3, 0)


def test_a_worker_killed_mid_run_is_survived_and_its_athletes_rerun(tmp_path, monkeypatch):
    squad = short_squad(5)
    victim = squad[2].id
    flag = tmp_path / "killed-once"
    monkeypatch.setenv("WEEKPLAN_TEST_KILL_WORKER", f"{victim}:{flag}")  # dies the first time
    report = run_batch(squad, tmp_path / "out", params=PARAMS, workers=2, progress=False)
    assert flag.exists()  # the worker really died
    planned = report.counts["optimal"] + report.counts["feasible"]  # a slow week may stop early
    assert planned == 5
    assert sorted(plans(tmp_path / "out")["athlete_id"].unique()) == sorted(a.id for a in squad)
    assert errors(tmp_path / "out").empty


def test_an_athlete_that_kills_its_worker_twice_is_reported_not_retried(tmp_path, monkeypatch):
    squad = short_squad(4)
    victim = squad[1].id
    monkeypatch.setenv("WEEKPLAN_TEST_KILL_WORKER", victim)  # dies every time
    report = run_batch(squad, tmp_path, params=PARAMS, workers=2, progress=False)
    assert report.counts["crashed"] == 1
    assert report.counts["optimal"] + report.counts["feasible"] == 3  # planned, if not proven
    problems = errors(tmp_path)
    assert list(problems["athlete"]) == [victim] and list(problems["stage"]) == ["worker"]
    assert "died twice" in problems["message"][0]
    assert not (tmp_path / "done" / f"{victim}.json").exists()  # a resume tries it again
    assert set(plans(tmp_path)["athlete_id"]) == {a.id for a in squad} - {victim}


def _batch_process(squad: Path, out: Path, env: dict[str, str]) -> subprocess.Popen:
    command = [sys.executable, str(REPO_ROOT / "cli.py"), "batch", str(squad), "--out", str(out),
               "--workers", "2", "--quiet", "--time-limit", "5"]
    return subprocess.Popen(command, cwd=REPO_ROOT, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _wait_for(condition, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the batch run made no progress"
        time.sleep(0.05)


def test_sigkill_part_way_then_resume_plans_every_athlete_once_and_redoes_nothing(tmp_path):
    squad = short_squad(6)
    held = squad[3].id  # its worker waits until the test has killed the run
    write_squad_yaml(squad, tmp_path / "squad.yaml")
    out = tmp_path / "out"
    process = _batch_process(tmp_path / "squad.yaml", out,
                             {"WEEKPLAN_TEST_HOLD": f"{held}:{tmp_path / 'never'}"})
    others = [a.id for a in squad if a.id != held]
    _wait_for(lambda: all((out / "done" / f"{i}.json").exists() for i in others), process)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not (out / "done" / f"{held}.json").exists() and not (out / "summary.csv").exists()
    stamps = {path: path.stat().st_mtime_ns
              for i in others for path in (out / "done" / f"{i}.json", out / "athletes" / f"{i}.csv")}
    # what a torn write would leave: a half file without marker, a stray temporary file
    (out / "athletes" / f"{held}.csv").write_text("athlete_id,week_start,da")
    (out / "done" / f"{held}.json.tmp-1234").write_text("{")

    resumed = subprocess.run(
        [sys.executable, str(REPO_ROOT / "cli.py"), "batch", str(tmp_path / "squad.yaml"),
         "--out", str(out), "--resume", "--quiet", "--workers", "2", "--time-limit", "5"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "planned 1 " in resumed.stdout and "5 already complete" in resumed.stdout
    assert {path: path.stat().st_mtime_ns for path in stamps} == stamps  # nothing recomputed
    table = plans(out)
    assert sorted(table["athlete_id"].unique()) == sorted(a.id for a in squad)
    for athlete in squad:  # every athlete exactly once: its rows equal its own table
        own = pd.read_csv(out / "athletes" / f"{athlete.id}.csv", keep_default_na=False)
        assert (table["athlete_id"] == athlete.id).sum() == len(own) > 0
    assert json.loads((out / "done" / f"{held}.json").read_text())["athlete"] == held
    assert not list(out.rglob("*.tmp-*")) and not list(out.rglob(".*.tmp"))
    assert list(summary(out)["athlete"]) == [a.id for a in squad]


def test_ctrl_c_stops_cleanly_and_says_how_to_resume(tmp_path):
    squad = short_squad(3)
    write_squad_yaml(squad, tmp_path / "squad.yaml")
    out = tmp_path / "out"
    process = _batch_process(tmp_path / "squad.yaml", out,
                             {"WEEKPLAN_TEST_HOLD": f"{squad[0].id}:{tmp_path / 'never'}"})
    _wait_for(lambda: (out / "done" / f"{squad[1].id}.json").exists(), process)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted:" in stderr and "--resume" in stderr and "Traceback" not in stderr
    assert not (out / "done" / f"{squad[0].id}.json").exists()


def test_the_workers_are_stopped_before_the_squad_wide_files_are_written(tmp_path, monkeypatch):
    """summary.csv, errors.csv and plans.parquet are the parent's work alone (its peak
    memory, reading every plan back): the idle workers must not stand on top of it. (With
    activities to re-plan from, the workers stay for the re-plans: test_batch_replan.py
    runs that path.)"""
    import solver.batch.driver as driver
    from solver.batch.executors import SequentialEngine

    events: list[str] = []

    class Recorded(SequentialEngine):
        def close(self, cancel: bool = False) -> None:
            events.append("workers stopped")

    finish = driver._finish

    def recorded_finish(*args, **kwargs):
        events.append("squad files")
        return finish(*args, **kwargs)

    monkeypatch.setattr(driver, "make_engine", lambda *options: Recorded())
    monkeypatch.setattr(driver, "_finish", recorded_finish)
    report = run_batch(short_squad(2, weeks=1), tmp_path / "out", params=PARAMS, workers=2,
                       progress=False)
    assert report.counts and (tmp_path / "out" / "plans.parquet").exists()
    assert events[:2] == ["workers stopped", "squad files"]


def test_chunks_hold_whole_athletes_and_enough_weeks():
    squad = short_squad(40, weeks=2)
    chunks = make_chunks(squad, slots=2)  # 80 weeks, 4 tasks a worker: 10 weeks a task
    assert [a for chunk in chunks for a in chunk] == squad
    assert {len(chunk) for chunk in chunks} == {5}
    long = [a.model_copy(update={"weeks": 30}) for a in squad]
    assert {len(chunk) for chunk in make_chunks(long, slots=2)} == {1}


def test_unreadable_squad_and_conflicting_options_exit_2(tmp_path):
    from click.testing import CliRunner

    from cli import main

    runner = CliRunner()
    missing = runner.invoke(main, ["batch", str(tmp_path / "nope.yaml"), "--out", str(tmp_path)])
    assert missing.exit_code == 2 and "file not found" in missing.output
    both = runner.invoke(main, ["batch", str(tmp_path), "--out", str(tmp_path),
                                "--scheduler", "tcp://127.0.0.1:1", "--dask-local", "2"])
    assert both.exit_code == 2 and "not both" in both.output


def test_shipped_example_squad_loads_and_chunks():
    athletes, problems = load_squad(EXAMPLES_DIR / "squad")
    assert problems == []
    assert sum(len(c) for c in make_chunks(athletes, slots=2)) == len(athletes)


def test_plan_tables_are_read_back_in_order_whatever_their_columns(tmp_path):
    """finish() and the rosters read every athlete's CSV in one parse per run of equal
    headers: rows keep the squad's order, a quoted newline stays inside its cell, and an
    athlete without the squad columns gets empty cells there."""
    from models.io.batch_folder import BatchDir

    out = BatchDir(tmp_path)
    out.prepare()
    tables = {
        "b": "athlete_id,session,details\nb,easy,\"two\nlines\"\nb,long,\n",
        "a": "athlete_id,session,details\na,hill,\n",
        "c": "athlete_id,session,details,group_session\nc,tempo,,club-tue\n",
        "d": "athlete_id,session,details\n",  # no plan: the header alone
        "e": "athlete_id,session,details\ne,jog,x",  # no final newline
    }
    for athlete, text in tables.items():
        out.plan_path(athlete).write_text(text, encoding="utf-8")
    plans = out.read_plans(list(tables))
    assert plans["athlete_id"].tolist() == ["b", "b", "a", "c", "e"]
    assert plans["details"].tolist() == ["two\nlines", "", "", "", "x"]
    assert plans["group_session"].fillna("").tolist() == ["", "", "", "club-tue", ""]
    assert out.read_plans([]) is None


def test_a_local_dask_cluster_keeps_its_bookkeeping_off_the_terminal(tmp_path):
    """A LocalCluster's scheduler and nannies run in the batch's process and log every start
    and stop (and at shutdown sometimes a closed-stream traceback): none of it reaches the
    terminal of a `--dask-local` batch, which prints its own progress and summary only."""
    pytest.importorskip("distributed")
    squad = short_squad(2, weeks=1)
    write_squad_yaml(squad, tmp_path / "squad.yaml")
    run = subprocess.run(
        [sys.executable, str(REPO_ROOT / "cli.py"), "batch", str(tmp_path / "squad.yaml"),
         "--out", str(tmp_path / "out"), "--dask-local", "2", "--time-limit", "30"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "2 athletes: 2 optimal" in run.stdout
    assert "Scheduler at" not in run.stderr and "Nanny" not in run.stderr, run.stderr
    assert "Traceback" not in run.stderr, run.stderr


def test_a_local_dask_cluster_that_fails_to_start_gives_the_log_level_back(monkeypatch):
    """The engine quiets Dask's logger while a LocalCluster runs; a cluster that cannot start
    must not leave the caller's logging changed (a notebook that retries, a test run)."""
    import logging

    import distributed

    from solver.batch.executors import DASK_LOGGER, DaskEngine

    def cannot_start(*args, **kwargs):
        raise OSError("no free port")

    monkeypatch.setattr(distributed, "LocalCluster", cannot_start)
    logger = logging.getLogger(DASK_LOGGER)
    monkeypatch.setattr(logger, "level", logging.INFO)
    with pytest.raises(OSError):
        DaskEngine(local=1)
    assert logger.level == logging.INFO
