"""Squad batch runs: the whole squad planned on local cores or a Dask cluster, resumably.

One driver for every kind of task (solver/batch/tasks.py): a squad without group sessions
is cut into ``AthleteTask`` chunks, a squad with group sessions into one ``UnitTask`` per
unit of coupled training groups (with more than one worker, a unit's athletes may first be
planned alone on every worker: ``AloneAhead``); with ``--activities``, one ``ReplanTask``
per athlete with an activity folder follows on the same workers
(solver/batch/replan_task.py, solver/batch/squad_actuals.py). Whatever the kind:

* Workers are kept fed: ``engine.in_flight`` tasks stay submitted (solver/batch/executors.py);
  an answer may bring tasks that follow from it, and they go next.
* Results are written as soon as a task returns, through the batch folder
  (models/io/batch_folder.py: atomic, marker last), so a killed run loses at most the tasks
  in flight. An athlete that crashed is not marked complete.
* Resume: an athlete (a unit, a re-plan) already complete in the folder for the same input
  is not run again; the squad-wide files are rebuilt from the folder at the end of every run.
* A dying worker (``BrokenProcessPool``, Dask's ``KilledWorker``): the task's work becomes
  suspects (with the local pool, also the tasks queued behind the running ones, which the
  broken pool fails unstarted), the pool is rebuilt, and each suspect is rerun alone with
  nothing else in flight - an athlete of a chunk on its own, a unit as a whole. A suspect
  whose worker dies again is reported in errors.csv (stage ``worker``, status crashed) and
  not retried in this run; the others' results are kept.
* Ctrl-C stops the workers and raises ``BatchInterrupted`` (the CLI exits 130 and says how
  to resume); what was written is complete.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field, replace
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from models.activities.squad_files import athlete_folders
from models.domain.athlete import Athlete
from models.domain.catalogue import default_catalogue
from models.domain.rules import Rulebook, default_rulebook, load_rulebook
from models.io.batch_folder import CRASHED, AthleteOutcome, BatchDir, input_hash
from models.io.batch_hooks import fault_hooks
from models.io.batch_rosters import UNIT_COLUMNS, write_squad_files
from models.squad.forms import athlete_yaml_dict, read_squad, write_squad_yaml
from models.squad.groups import SquadGroups, SquadSetup, load_groups, resolve
from models.squad.problems import SquadProblem
from models.squad.store import SquadStore

from solver.batch.executors import make_engine
from solver.batch.progress import batch_progress
from solver.batch.replan_task import ReplanTask
from solver.batch.report import BatchInterrupted, BatchReport
from solver.batch.squad_actuals import (ReplanWork, SquadActuals, record_replan, replan_work,
                                        squad_actuals)
from solver.batch.tasks import (AthleteTask, Shared, TaskAnswer, UnitAloneTask, UnitProbeTask,
                                UnitTask, block_weeks, chunked, rulebook_json, run_task,
                                task_weeks)
from solver.squad.joint_week import AloneCache
from solver.week.solve import SolveParams

Task = AthleteTask | UnitTask | UnitProbeTask | UnitAloneTask | ReplanTask
DIED_TWICE = ("the worker process died twice while planning {subject} (killed, or out of "
              "memory); not retried in this run, --resume tries it again")
FAILED_TO_RUN = "the task failed to run: {error}; --resume tries it again"


def run_batch(squad: Path | str | Iterable[Athlete], out_dir: Path | str,
              rulebook: Rulebook | str | Path | None = None,
              params: SolveParams = SolveParams(), executor: str = "local",
              workers: int | None = None, scheduler: str | None = None,
              dask_local: int | None = None, resume: bool = False,
              progress: bool = True, activities: Path | str | None = None,
              today: date | None = None) -> BatchReport:
    """Plan every athlete of ``squad`` into ``out_dir`` (layout: models/io/batch_folder.py).

    ``executor`` is ``local`` (a process pool of ``workers``, default all cores; 1 = in this
    process), ``sequential`` or ``dask`` (``scheduler`` address, or a LocalCluster of
    ``dask_local`` workers). A squad given as a path with group sessions is planned unit by
    unit. With ``activities`` (one folder per athlete id), each planned athlete with a
    folder is then judged and re-planned from ``today`` (default: the system date) by
    ReplanTasks on the same workers; ``report.actuals`` says what became of them. Raises
    InputError for an unreadable squad, rulebook or activities folder and BatchInterrupted
    on Ctrl-C (after stopping the workers).
    """
    started = time.perf_counter()
    if activities is not None:
        athlete_folders(activities)  # a wrong folder is refused before any solving
    store, problems = _squad(squad)
    with store:  # the athletes wait on disk (SquadStore), read as the tasks are made
        if not isinstance(rulebook, Rulebook):
            rulebook = load_rulebook(rulebook) if rulebook else default_rulebook()
        groups = _groups_of(squad)
        # units plan their athletes together: a squad with group sessions is held whole,
        # read from the store once
        whole = list(store) if groups is not None else None
        setup = (resolve(groups, whole, unplanned=[p.athlete for p in problems])
                 if groups is not None else None)
        collided = _colliding_ids(store)
        if whole is not None and collided:
            gone = {outcome.athlete for outcome in collided}
            whole = [a for a in whole if a.id not in gone]
        bad = [AthleteOutcome(athlete=p.athlete, status="bad_input", message=p.line(),
                              errors=[("input", p.line())]) for p in problems] + collided
        folder = BatchDir(out_dir)
        folder.prepare(units=setup is not None)
        common = {"rulebook": rulebook.model_dump(mode="json"),
                  "catalogue": default_catalogue().model_dump(mode="json"),
                  "solve": {"time_limit": params.time_limit, "seed": params.seed}}
        if groups is not None:
            common["groups"] = groups.model_dump(mode="json", exclude={"file"})
        common["version"] = _package_version()
        work = (_athlete_work(folder, store, common, resume) if setup is None
                else _unit_work(folder, whole, common, setup, resume))
        count = len(store)
        report = BatchReport(out_dir=Path(out_dir), outcomes=[], resumed=len(work.finished))
        engines = Engines(executor, workers, scheduler, dask_local)
        shared = Shared(rulebook_json(rulebook), params.time_limit, params.seed, fault_hooks())
        try:
            if work.left:
                engine = engines.get()
                report.engine = engine.describe()
                with batch_progress(progress, count, report.resumed) as bar:
                    def record(task: Task, answer: TaskAnswer) -> list[Task]:
                        if isinstance(task, (UnitProbeTask, UnitAloneTask)):
                            return work.ahead.follow(task, answer, engine.slots)
                        _record(folder, task, answer, work, report)
                        for athlete_id in _athlete_ids(answer):
                            bar.advance(work.finished[athlete_id].weeks)
                        return []

                    run_engine(engine,
                               lambda: drive(engine, work.tasks(engine.slots), shared, record),
                               lambda: BatchInterrupted(len(work.finished),
                                                        count + len(bad), Path(out_dir)),
                               close=False)
            if activities is None:
                # the squad-wide files are the parent's alone: the idle workers' memory (~90 MiB
                # each, the fork server's too) would otherwise stand on top of its peak
                engines.close()
            _finish(folder, work, report, store, bad, setup, out_dir, whole)
            report.counts = Counter(o.status for o in report.outcomes)
            report.elapsed = time.perf_counter() - started  # the planning's (its rate's) time
            if activities is not None and count:
                replans = replan_work(store, common, out_dir, activities,
                                      today or date.today(), resume)
                report.actuals = _replan(engines, report, shared, replans, progress)
        except BaseException:
            engines.close(cancel=True)  # Ctrl-C or an error: stop the workers now
            raise
        engines.close()
        return report


def _finish(folder: BatchDir, work: Work, report: BatchReport, store: SquadStore,
            bad: list[AthleteOutcome], setup: SquadSetup | None, out_dir: Path | str,
            whole: list[Athlete] | None) -> None:
    """The squad-wide files, rebuilt from the folder: the whole squad, resumed or not
    (``whole``: the athletes of a squad with group sessions, held for its rosters)."""
    report.outcomes = [work.finished[athlete_id] for athlete_id in store.ids()] + bad
    folder.finish(report.outcomes)
    # the profiles beside the plans: `weekplan report DIR` and `compare` audit without --squad
    write_squad_yaml(store, Path(out_dir) / "squad.yaml")
    if setup is not None:
        report.units = [{c: work.rows.get(name, {}).get(c, "") for c in UNIT_COLUMNS}
                        for name in work.unit_names]
        write_squad_files(folder, report.outcomes, report.units, setup,
                          {a.id: a for a in whole or ()})


def _replan(engines: Engines, report: BatchReport, shared: Shared, work: ReplanWork,
            progress: bool) -> SquadActuals:
    """The re-plans from activities: ReplanTasks through the same loop, after the plans."""
    if work.tasks:
        engine = engines.get()
        report.engine = report.engine or engine.describe()
        with batch_progress(progress, len(work.order), len(work.finished),
                            label="re-planning") as bar:
            def record(task: Task, answer: TaskAnswer) -> None:
                bar.advance(record_replan(work, task, answer).weeks)

            run_engine(engine, lambda: drive(engine, work.tasks, shared, record),
                       lambda: BatchInterrupted(len(work.finished), len(work.order),
                                                report.out_dir, what="re-plans"),
                       close=False)
    return squad_actuals(work)


class Engines:
    """The run's engine, made when first needed and shared by the planning and the
    re-planning tasks (a Dask cluster or a process pool is started once per run)."""

    def __init__(self, executor: str, workers: int | None, scheduler: str | None,
                 dask_local: int | None):
        self.options = (executor, workers, scheduler, dask_local)
        self.engine = None

    def get(self):
        if self.engine is None:
            self.engine = make_engine(*self.options)
        return self.engine

    def close(self, cancel: bool = False) -> None:
        if self.engine is not None:
            self.engine.close(cancel=cancel)
            self.engine = None


# ------------------------------------------------------------------------ the work to do

@dataclass
class Work:
    """What is left to do, and what the folder already holds, for one run."""

    left: int                                   # athletes or units to run
    tasks: Callable[[int], Iterable[Task]]      # the tasks, for an engine of so many slots
    finished: dict[str, AthleteOutcome] = field(default_factory=dict)  # by athlete id
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)       # units' rows by name
    unit_names: list[str] = field(default_factory=list)                 # every unit, in order
    ahead: AloneAhead | None = None   # units: their athletes planned alone first, or not


def _athlete_work(folder: BatchDir, store: SquadStore, common: dict[str, Any],
                  resume: bool) -> Work:
    """Athletes planned each on their own, in chunks; complete ones skipped on resume. The
    athletes are read from the store as the tasks are sent, never held whole."""
    def digest(raw: dict[str, Any]) -> str:
        return input_hash({**common, "athlete": raw})

    finished: dict[str, AthleteOutcome] = {}
    weeks = 0
    for athlete in store:
        outcome = folder.complete(athlete.id, digest(athlete_yaml_dict(athlete))) if resume \
            else None
        if outcome is not None:
            finished[athlete.id] = outcome
        else:
            weeks += block_weeks(athlete)

    def tasks(slots: int) -> Iterator[Task]:
        todo = (a for a in store if a.id not in finished)
        for chunk in chunked(todo, task_weeks(weeks, slots)):
            raws = tuple(athlete_yaml_dict(a) for a in chunk)
            yield AthleteTask(raws, tuple(digest(raw) for raw in raws))

    return Work(left=len(store) - len(finished), tasks=tasks, finished=finished)


def _unit_work(folder: BatchDir, athletes: list[Athlete], common: dict[str, Any],
               setup: SquadSetup, resume: bool) -> Work:
    """One task per unit of coupled groups; complete units skipped on resume. Units need
    their athletes together, so a squad with group sessions is held whole (a club's size)."""
    raw = {a.id: athlete_yaml_dict(a) for a in athletes}
    units = setup.units([a.id for a in athletes])
    finished: dict[str, AthleteOutcome] = {}
    rows: dict[str, dict[str, Any]] = {}
    todo: list[Task] = []
    for unit in units:
        digest = input_hash({**common, "unit": [raw[a] for a in unit.athletes],
                             "group_of": {a: setup.group_of[a] for a in unit.athletes}})
        found = folder.unit_complete(unit.name, unit.athletes, digest) if resume else None
        if found is not None:
            rows[unit.name] = found[0]
            finished.update({o.athlete: o for o in found[1]})
        else:
            todo.append(UnitTask(unit.name, tuple(raw[a] for a in unit.athletes), setup, digest))
    ahead = AloneAhead(todo, {a.id: a for a in athletes}, setup)
    return Work(left=len(todo), tasks=ahead.tasks, finished=finished, rows=rows,
                unit_names=[u.name for u in units], ahead=ahead)


class AloneAhead:
    """A unit's athletes planned alone on every worker before the unit itself, where that
    can pay: more than one worker, a unit of several athletes (one athlete is alone already)
    within joint.max_athletes (beyond it, athletes are solved in sequence, each seeing the
    places the others took - not alone).

    The first week of such a unit is a probe (UnitProbeTask). If its athletes' plans alone
    clash, the unit follows the probe at once: its chains leave the plans alone from the
    first week, so solving them ahead would be lost work. If they fit together, their whole
    blocks alone follow (UnitAloneTask, in chunks as athletes are, the slowest first week
    first), and the unit (UnitTask) after them takes every solve whose week it would solve
    the same way (joint_week.AloneCache): its plans are its own either way. The blocks alone
    wait until every probe has answered, so that a unit that must be planned whole - the
    long task - is never queued behind them. The example squad's trail unit takes 0.1 s
    instead of 32 s once its athletes' blocks are solved.
    """

    def __init__(self, units: list[UnitTask], athletes: dict[str, Athlete], setup: SquadSetup):
        self.units = {u.name: u for u in units}
        self.athletes, self.setup = athletes, setup
        self.caches: dict[str, AloneCache] = {}
        self.waiting: Counter[str] = Counter()  # unit -> its UnitAloneTasks not answered
        self.probing = 0                        # probes not answered
        self.held: list[Task] = []              # blocks alone, until every probe answered

    def _probed(self, unit: UnitTask) -> bool:
        return 1 < len(unit.athletes) <= self.setup.groups.max_joint

    def tasks(self, slots: int) -> list[Task]:
        if slots <= 1:
            return list(self.units.values())
        tasks: list[Task] = [UnitProbeTask(u.name, u.athletes, self.setup)
                             for u in self.units.values() if self._probed(u)]
        self.probing = len(tasks)
        return tasks + [u for u in self.units.values() if not self._probed(u)]

    def follow(self, task: UnitProbeTask | UnitAloneTask, answer: TaskAnswer,
               slots: int) -> list[Task]:
        """The tasks that follow an answer: the unit's athletes alone, or the unit."""
        cache = self.caches.setdefault(task.unit, {})
        cache.update(answer.get("alone", {}))
        unit = self.units[task.unit]
        if isinstance(task, UnitProbeTask):
            self.probing -= 1
            now: list[Task] = []
            if answer.get("fits"):
                self.held += self._alone(unit, cache, slots)
            else:
                now.append(replace(unit, cache=self.caches.pop(unit.name)))
            if self.probing == 0:
                now, self.held = now + self.held, []
            return now
        self.waiting[unit.name] -= 1
        if self.waiting[unit.name] > 0:
            return []
        return [replace(unit, cache=self.caches.pop(unit.name))]

    def _alone(self, unit: UnitTask, cache: AloneCache, slots: int) -> list[UnitAloneTask]:
        raw = {athlete["id"]: athlete for athlete in unit.athletes}
        probe_time: Counter[str] = Counter()  # each athlete's first week: the likely cost
        for (athlete_id, _), solves in cache.items():
            probe_time[athlete_id] += sum(s.results[athlete_id].wall_time for _, s in solves)
        profiles = sorted((self.athletes[athlete_id] for athlete_id in raw),
                          key=lambda a: probe_time[a.id], reverse=True)
        tasks = []
        for chunk in chunked(profiles, task_weeks(sum(block_weeks(a) for a in profiles), slots)):
            ids = {a.id for a in chunk}
            tasks.append(UnitAloneTask(unit.name, tuple(raw[a.id] for a in chunk), self.setup,
                                       {key: solves for key, solves in cache.items()
                                        if key[0] in ids}))
        self.waiting[unit.name] = len(tasks)
        return tasks


def _record(folder: BatchDir, task: Task, answer: TaskAnswer, work: Work,
            report: BatchReport) -> None:
    """Write a task's answer: the unit's row first, then each athlete (marker last)."""
    row = answer.get("unit")
    if isinstance(task, UnitTask) and row is not None:
        work.rows[task.name] = row if row.get("mode") == CRASHED else folder.write_unit(row,
                                                                                    task.digest)
    for data in answer["outcomes"]:
        outcome = AthleteOutcome.model_validate(data)
        if outcome.status != CRASHED:  # not marked complete: --resume tries it again
            folder.write(outcome, task.digest_for(outcome.athlete))
        work.finished[outcome.athlete] = outcome.without_tables()  # they are on disk now
        report.computed += 1
        report.athlete_weeks += outcome.weeks


def _athlete_ids(answer: TaskAnswer) -> list[str]:
    return [data["athlete"] for data in answer["outcomes"]]


# ------------------------------------------------------------------------ the one loop

def run_engine(engine, drive_all: Callable[[], None],
               stopped: Callable[[], BaseException], close: bool = True) -> None:
    """Run ``drive_all`` on ``engine`` and close it. Ctrl-C cancels what is left and raises
    ``stopped()`` (a BatchInterrupted that says how to resume); any other error cancels too
    and propagates. With ``close`` False the caller closes the engine, on success and on
    error alike (more tasks may follow on it)."""
    try:
        drive_all()
    except KeyboardInterrupt:
        if close:
            engine.close(cancel=True)
        raise stopped() from None
    except BaseException:
        if close:
            engine.close(cancel=True)
        raise
    if close:
        engine.close()


def drive(engine, tasks: Iterable[Task], shared: Shared,
          record: Callable[[Task, TaskAnswer], Iterable[Task] | None]) -> None:
    """Keep ``engine.in_flight`` tasks submitted; survive dying workers (see the module doc).
    ``tasks`` is read as they are sent: a squad's tasks are made from disk on demand. What
    ``record`` returns for an answer are tasks that follow from it; they go next, before
    any follow-up already waiting (a unit that waited on a probe starts at once)."""
    source = iter(tasks)
    pending: deque[Task] = deque()  # follow-ups, then the source's next; not yet sent
    suspects: deque[Task] = deque()
    inflight: dict = {}

    def more() -> bool:
        if not pending:
            pending.extend(itertools.islice(source, 1))
        return bool(pending)

    def take(future, task: Task) -> bool:
        """Record a finished task; False when its worker died."""
        try:
            answer = future.result()
        except engine.crash_errors:
            suspects.extend(task.alone())
            return False
        except Exception as error:  # the task itself failed (e.g. could not be sent)
            answer = task.crashed(_failed_to_run(error))
        pending.extendleft(reversed(list(record(task, answer) or ())))
        return True

    while more() or suspects or inflight:
        if suspects and not inflight:  # a suspect runs alone: its death is its own
            task = suspects.popleft()
            future = engine.submit(run_task, task, shared)
            wait([future])
            try:
                answer = future.result()
            except engine.crash_errors:
                answer = task.crashed(DIED_TWICE.format(subject=task.subject))
                engine.restart()
            except Exception as error:
                answer = task.crashed(_failed_to_run(error))
            pending.extendleft(reversed(list(record(task, answer) or ())))
            continue
        died = False
        while not suspects and len(inflight) < engine.in_flight and more():
            try:
                inflight[engine.submit(run_task, pending[0], shared)] = pending[0]
            except engine.crash_errors:  # the pool broke before a failed task told us
                died = True
                break
            pending.popleft()
        if not died:
            done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            for future in done:
                died |= not take(future, inflight.pop(future))
        if died and engine.breaks_all:
            wait(list(inflight))  # the pool fails every pending task; keep what did finish
            for future in list(inflight):
                take(future, inflight.pop(future))
            engine.restart()


def _failed_to_run(error: Exception) -> str:
    return FAILED_TO_RUN.format(error=f"{type(error).__name__}: {error}")


# ------------------------------------------------------------------------ the squad

def _squad(squad: Path | str | Iterable[Athlete]) -> tuple[SquadStore, list[SquadProblem]]:
    if isinstance(squad, (str, Path)):
        return read_squad(squad)
    return SquadStore(squad), []


def _groups_of(squad: Any) -> SquadGroups | None:
    """The squad's group data when ``squad`` is a path that has some, else None."""
    if not isinstance(squad, (str, Path)):
        return None
    groups = load_groups(squad)
    return None if groups is None or groups.empty else groups


def _colliding_ids(store: SquadStore) -> list[AthleteOutcome]:
    """Ids equal but for case would share files on case-insensitive disks: plan neither
    (they leave the store)."""
    seen = Counter(athlete_id.casefold() for athlete_id in store.ids())
    if all(count == 1 for count in seen.values()):
        return []
    dropped = [
        AthleteOutcome(athlete=a.id, name=a.name, status="bad_input",
                       message="another athlete's id differs only in case; rename one",
                       errors=[("input", f"id '{a.id}': another athlete's id differs only in "
                                         "case (their files would collide); rename one")])
        for a in store if seen[a.id.casefold()] > 1
    ]
    store.remove(outcome.athlete for outcome in dropped)
    return dropped


def _package_version() -> str:
    try:
        return version("weekplan")
    except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        return "unknown"


__all__ = ["run_batch", "drive", "run_engine", "DIED_TWICE"]
