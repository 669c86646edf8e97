"""Squad units and athletes are two kinds of task of one batch driver: one retry policy for a
dying worker, one resume logic. Squads here have two units of two athletes over 2 weeks."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pandas as pd
import yaml

from models.domain.athlete import Athlete
from models.io.batch_folder import CRASHED
from solver.batch.driver import DIED_TWICE, drive, run_batch
from solver.batch.tasks import AthleteTask, Shared, UnitTask
from solver.week.solve import SolveParams
from squads import ALL_OPEN, setup_of

PARAMS = SolveParams(time_limit=30.0)  # no week reaches it: the plans depend on no clock
EVENINGS = {day: ["06:00-08:00", "17:00-21:00"] for day in ALL_OPEN}


def two_unit_squad(folder: Path) -> Path:
    """road (ra, rb) meet for Tuesday hills, trail (ta, tb) for a Saturday long run."""
    athletes = [{"id": who, "name": who.upper(), "start": "2027-01-04", "weeks": 2,
                 "group": group, "targets": {"runs": 3, "long": 1, "strength": 1},
                 "availability": EVENINGS}
                for who, group in (("ra", "road"), ("ta", "trail"), ("rb", "road"),
                                   ("tb", "trail"))]
    sections = {
        "training_groups": {"road": ["ra", "rb"], "trail": ["ta", "tb"]},
        "group_sessions": [
            {"id": "tue-hills", "weekday": "tue", "start": "18:30", "end": "19:30",
             "session": "hill", "invite": ["road"]},
            {"id": "sat-long", "weekday": "sat", "start": "17:00", "end": "19:00",
             "session": "long", "invite": ["trail"]},
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "squad.yaml"
    path.write_text(yaml.safe_dump({"athletes": athletes, **sections}, sort_keys=False))
    return path


class Died(Exception):
    """What a broken pool raises for a task whose worker died."""


class KillingEngine:
    """Runs nothing: a task holding the victim 'dies', any other answers 'optimal'."""

    crash_errors = (Died,)
    breaks_all = False
    slots = in_flight = 2

    def __init__(self, victim: str):
        self.victim, self.attempts = victim, []

    def submit(self, fn, task, shared) -> Future:
        ids = [raw["id"] for raw in task.athletes]
        self.attempts.append(ids)
        future: Future = Future()
        if self.victim in ids:
            future.set_exception(Died())
        else:
            future.set_result({"outcomes": [{"athlete": a, "status": "optimal"} for a in ids],
                               "unit": {"unit": getattr(task, "name", ""), "mode": "joint"}})
        return future

    def restart(self) -> None:
        pass


def test_a_crashed_unit_is_retried_exactly_like_a_crashed_athlete():
    raw = [{"id": a, "start": "2027-01-04", "availability": ALL_OPEN} for a in ("v", "w", "x")]
    setup = setup_of([Athlete.model_validate(r) for r in raw],
                     training_groups={"club": ["v", "w"]})
    shared = Shared("{}", 5.0, 1, {})
    tasks = {"athletes": AthleteTask((raw[0], raw[2]), ("d0", "d2")),
             "unit": UnitTask("club", (raw[0], raw[1]), setup, "du")}
    answers = {}
    for kind, task in tasks.items():
        engine = KillingEngine("v")
        recorded = []
        drive(engine, [task], shared, lambda t, answer: recorded.append(answer))
        answers[kind] = {o["athlete"]: o for answer in recorded for o in answer["outcomes"]}
        answers[kind]["tries"] = sum("v" in ids for ids in engine.attempts)
        answers[kind]["submitted"] = engine.attempts
    assert answers["athletes"]["tries"] == answers["unit"]["tries"] == 2
    # the chunk's other athlete is rerun on its own, the unit as a whole
    assert answers["athletes"]["submitted"] == [["v", "x"], ["v"], ["x"]]
    assert answers["unit"]["submitted"] == [["v", "w"], ["v", "w"]]
    assert answers["athletes"]["x"]["status"] == "optimal"
    for victim in (answers["athletes"]["v"], answers["unit"]["v"], answers["unit"]["w"]):
        assert victim["status"] == CRASHED
        assert victim["errors"] == [("worker", victim["message"])]
    assert answers["athletes"]["v"]["message"] == DIED_TWICE.format(subject="this athlete")
    assert answers["unit"]["v"]["message"] == DIED_TWICE.format(subject="this unit")


def _stamps(out: Path, athletes: list[str]) -> dict[Path, int]:
    paths = [out / folder / f"{a}.{ext}" for a in athletes
             for folder, ext in (("done", "json"), ("athletes", "csv"), ("calendars", "ics"))]
    return {path: path.stat().st_mtime_ns for path in paths}


def test_a_unit_whose_worker_dies_twice_is_crashed_and_resume_reruns_only_that_unit(
        tmp_path, monkeypatch):
    squad = two_unit_squad(tmp_path)
    out = tmp_path / "out"
    monkeypatch.setenv("WEEKPLAN_TEST_KILL_WORKER", "rb")  # dies every time
    first = run_batch(squad, out, params=PARAMS, workers=2, progress=False)
    assert first.counts == {"optimal": 2, "crashed": 2}
    units = pd.read_csv(out / "groups.csv", keep_default_na=False).set_index("unit")
    assert units.loc["road", "mode"] == CRASHED and units.loc["trail", "mode"] == "joint"
    assert "died twice" in units.loc["road", "note"]
    problems = pd.read_csv(out / "errors.csv", keep_default_na=False)
    assert sorted(problems["athlete"]) == ["ra", "rb"] and set(problems["stage"]) == {"worker"}
    assert not (out / "units" / "road.json").exists()
    assert not (out / "done" / "ra.json").exists() and not (out / "done" / "rb.json").exists()
    trail = _stamps(out, ["ta", "tb"])

    flag = tmp_path / "killed-once"
    monkeypatch.setenv("WEEKPLAN_TEST_KILL_WORKER", f"rb:{flag}")  # dies the first time only
    again = run_batch(squad, out, params=PARAMS, workers=2, progress=False, resume=True)
    assert flag.exists()  # the road unit's worker really died, and the unit was rerun
    assert (again.computed, again.resumed) == (2, 2)
    assert again.counts == {"optimal": 4}
    assert _stamps(out, ["ta", "tb"]) == trail  # the finished unit was not run again
    assert [u["mode"] for u in again.units] == ["joint", "joint"]
    assert pd.read_csv(out / "errors.csv").empty
    assert sorted(pd.read_parquet(out / "plans.parquet")["athlete_id"].unique()) == [
        "ra", "rb", "ta", "tb"]


class InlineEngine:
    """Runs each task at once in this process, but offers two slots as a pool of two would,
    and records what kinds of task it was given."""

    crash_errors = ()
    breaks_all = False
    slots = in_flight = 2

    def __init__(self):
        self.kinds: list[str] = []

    def submit(self, fn, task, shared) -> Future:
        self.kinds.append(type(task).__name__)
        future: Future = Future()
        future.set_result(fn(task, shared))
        return future

    def restart(self) -> None:
        pass

    def close(self, cancel: bool = False) -> None:
        pass

    def describe(self) -> str:
        return "2 inline slots"


def test_with_several_workers_a_unit_whose_plans_alone_fit_spreads_its_athletes(
        tmp_path, monkeypatch):
    """A unit's first week is a probe; its athletes' plans alone fit together, so their
    blocks are planned alone as tasks of their own, and the unit then takes those solves:
    the same plans and unit rows as the unit planned on one worker alone."""
    squad = two_unit_squad(tmp_path)
    one = run_batch(squad, tmp_path / "one", params=PARAMS, workers=1, progress=False)
    engine = InlineEngine()
    monkeypatch.setattr("solver.batch.driver.make_engine", lambda *options: engine)
    two = run_batch(squad, tmp_path / "two", params=PARAMS, progress=False)
    assert engine.kinds.count("UnitProbeTask") == 2  # one a unit
    assert engine.kinds.count("UnitAloneTask") >= 2 and engine.kinds.count("UnitTask") == 2
    assert engine.kinds.index("UnitTask") > engine.kinds.index("UnitAloneTask")
    assert one.counts == two.counts and one.counts["optimal"] == 4
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "one" / "plans.parquet"),
                                  pd.read_parquet(tmp_path / "two" / "plans.parquet"))
    rows = [pd.read_csv(tmp_path / out / "groups.csv").drop(columns="wall_time")
            for out in ("one", "two")]
    pd.testing.assert_frame_equal(*rows)
    assert (rows[1]["note"].isna() | (rows[1]["note"] == "")).all()
