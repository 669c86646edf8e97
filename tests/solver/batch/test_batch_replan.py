"""`batch --activities`: the re-plans are tasks of the one batch driver - the same files on
a local pool as in one process, and a resumed run does not redo a finished re-plan."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import yaml

from completed_example import TODAY
from models.domain.bundled import EXAMPLES_DIR
from solver.batch.driver import run_batch
from solver.week.solve import SolveParams

EXAMPLE = EXAMPLES_DIR / "completed"
# No week may reach the time limit: only then are the files of one process and of a pool
# the same (a plan cut off by the clock depends on the machine's load). The example's plan
# and re-plan take about 2 s of CPU in all; the limit leaves ample room for the
# suite's load on two cores.
PARAMS = SolveParams(time_limit=30.0)
DAY = date.fromisoformat(TODAY)
REPLAN_FILES = ("compliance.csv", "compliance.weekly.csv", "compliance.problems.csv")


def squad_with_activities(root: Path) -> tuple[Path, Path]:
    """Ana's example three times over (ana, ben with her files; cy without a folder)."""
    ana = yaml.safe_load((EXAMPLE / "athlete.yaml").read_text())
    squad = root / "squad.yaml"
    squad.write_text(yaml.safe_dump({"athletes": [
        ana, {**ana, "id": "ben", "name": "Ben"}, {**ana, "id": "cy", "name": "Cy"}]}))
    for athlete_id in ("ana", "ben"):
        shutil.copytree(EXAMPLE / "activities", root / "act" / athlete_id)
    return squad, root / "act"


def replan_files(out: Path) -> dict[str, bytes]:
    """Every file the re-plans wrote, by path in the batch folder."""
    found = {name: (out / name).read_bytes() for name in REPLAN_FILES}
    for folder in ("compliance", "replanned"):
        found.update({f"{folder}/{p.name}": p.read_bytes() for p in (out / folder).iterdir()})
    return found


def test_replans_on_a_local_pool_give_the_files_of_one_process(tmp_path):
    squad, activities = squad_with_activities(tmp_path)
    runs = {}
    for workers in (1, 2):
        report = run_batch(squad, tmp_path / f"w{workers}", params=PARAMS, workers=workers,
                           progress=False, activities=activities, today=DAY)
        assert report.actuals.replanned == ["ana", "ben"]
        assert report.actuals.without_files == ["cy"] and report.actuals.computed == 2
        runs[workers] = replan_files(tmp_path / f"w{workers}")
    assert report.engine == "2 local processes"
    assert set(runs[2]) == set(runs[1]) >= {"replanned/ana.csv", "replanned/ben.csv",
                                            "compliance/ben.weekly.csv"}
    assert runs[2] == runs[1]
    assert b"ben" in runs[2]["compliance.csv"] and b"ana" in runs[2]["compliance.csv"]


def test_resume_skips_finished_replans_and_redoes_a_changed_one(tmp_path):
    squad, activities = squad_with_activities(tmp_path)
    out = tmp_path / "out"
    first = run_batch(squad, out, params=PARAMS, workers=1, progress=False,
                      activities=activities, today=DAY)
    written = replan_files(out)
    markers = {p.name: p.stat().st_mtime_ns for p in (out / "replan_done").iterdir()}
    assert set(markers) == {"ana.json", "ben.json"}

    again = run_batch(squad, out, params=PARAMS, workers=2, progress=False,
                      activities=activities, today=DAY, resume=True)
    assert again.computed == 0 and again.actuals.computed == 0
    assert again.actuals.resumed == 2 and again.actuals.replanned == ["ana", "ben"]
    assert {p.name: p.stat().st_mtime_ns for p in (out / "replan_done").iterdir()} == markers
    assert replan_files(out) == written  # the squad tables rebuilt from the kept files
    assert again.actuals.summary_line() == first.actuals.summary_line()

    (activities / "ben" / "2027-01-13-easy.tcx").unlink()  # Ben's past changed
    changed = run_batch(squad, out, params=PARAMS, workers=1, progress=False,
                        activities=activities, today=DAY, resume=True)
    assert changed.actuals.computed == 1 and changed.actuals.resumed == 1
    assert (out / "replan_done" / "ana.json").stat().st_mtime_ns == markers["ana.json"]
    assert (out / "compliance" / "ben.csv").read_bytes() != written["compliance/ben.csv"]

    other_day = run_batch(squad, out, params=PARAMS, workers=1, progress=False,
                          activities=activities, today=date(2027, 1, 13), resume=True)
    assert other_day.actuals.computed == 2  # another today is another re-plan


def test_a_replan_whose_worker_dies_twice_is_reported_and_redone_on_resume(tmp_path,
                                                                             monkeypatch):
    squad, activities = squad_with_activities(tmp_path)
    out = tmp_path / "out"
    run_batch(squad, out, params=PARAMS, workers=1, progress=False)  # the plans, no re-plans
    monkeypatch.setenv("WEEKPLAN_TEST_KILL_WORKER", "ben")  # every worker re-planning Ben dies
    killed = run_batch(squad, out, params=PARAMS, workers=2, progress=False,
                       activities=activities, today=DAY, resume=True)
    assert killed.computed == 0 and killed.actuals.replanned == ["ana"]
    [(athlete, why)] = killed.actuals.failed
    assert athlete == "ben" and "died twice" in why and "--resume" in why
    assert not (out / "replan_done" / "ben.json").exists()
    assert not (out / "replanned" / "ben.csv").exists()

    monkeypatch.delenv("WEEKPLAN_TEST_KILL_WORKER")
    again = run_batch(squad, out, params=PARAMS, workers=2, progress=False,
                      activities=activities, today=DAY, resume=True)
    assert again.actuals.computed == 1 and again.actuals.resumed == 1
    assert again.actuals.replanned == ["ana", "ben"] and again.actuals.failed == []
