"""Squad batch runs: every athlete's block planned on local cores or a Dask cluster, resumably.

The unit of work is one athlete's whole block (``solver.horizon.plan_block``). Tasks carry
plain data - athletes in their YAML form, the rulebook as a dict, the solve parameters - and
the worker builds the models itself (CP-SAT models do not pickle). The worker also renders
the athlete's tables as CSV text, so the parent only writes bytes; the parent writes each
athlete (models/batchdir.py: atomic, marker last) as soon as its task returns, so a killed
run loses at most the tasks in flight.

Chunks: a task holds whole athletes, in squad order, adding athletes until it carries at
least ``TASK_WEEKS`` (24) athlete-weeks, but never so many that there would be fewer than 4
tasks per worker (so short squads still spread and the progress bar moves). An athlete-week
takes 10-50 ms to solve and a Dask task costs about 1 ms, so 24 weeks keep the overhead
under 1 %; a typical 12-16 week athlete goes in pairs, a 24-week one alone.

A dying worker: when a task's worker dies (``BrokenProcessPool``, Dask's ``KilledWorker``)
its unfinished athletes become suspects (with the local pool, also those of the tasks queued
behind the running ones, which the broken pool fails unstarted), the pool is rebuilt, and
each suspect is rerun alone (nothing else in flight). A suspect whose worker dies again is reported in errors.csv
(stage ``worker``) and not retried; the others' results are kept. Same answers everywhere:
each athlete-week is solved with one CP-SAT worker and a fixed seed, whatever the engine
and the chunking, so plans are identical as long as no week hits its time limit.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable, Iterable

from models.domain.athlete import Athlete
from models.io.batch_folder import (CRASHED, ERROR, AthleteOutcome, BatchDir, block_outcome,
                             failed_outcome, input_hash)
from models.domain.catalogue import default_catalogue
from models.domain.errors import InputError
from models.exports.ics import calendar, ics_bytes
from models.domain.rules import Rulebook, default_rulebook, load_rulebook
from models.squad.forms import athlete_yaml_dict, load_squad, write_squad_yaml
from models.squad.problems import SquadProblem

from solver.block.plan import plan_block
from solver.batch.progress import batch_progress
from solver.batch.progress import batch_progress as _progress  # noqa: F401 - solver/group_batch.py uses it
from solver.week.solve import SolveParams

TASK_WEEKS = 24
TASKS_PER_WORKER = 4
HOOK_KILL, HOOK_HOLD = "WEEKPLAN_TEST_KILL_WORKER", "WEEKPLAN_TEST_HOLD"


class BatchInterrupted(Exception):
    """Ctrl-C: the athletes written so far are complete; ``--resume`` finishes the rest."""

    def __init__(self, complete: int, total: int, out_dir: Path):
        self.complete, self.total, self.out_dir = complete, total, out_dir
        super().__init__(f"interrupted: {complete} of {total} athletes are complete in {out_dir}")


@dataclass
class BatchReport:
    out_dir: Path
    outcomes: list[AthleteOutcome]
    computed: int = 0        # athletes planned by this run
    resumed: int = 0         # athletes found complete and skipped
    athlete_weeks: int = 0   # weeks planned by this run
    elapsed: float = 0.0
    engine: str = ""
    counts: Counter = field(default_factory=Counter)

    @property
    def weeks_per_second(self) -> float:
        return self.athlete_weeks / self.elapsed if self.elapsed > 0 else 0.0

    def summary_line(self) -> str:
        """'30 athletes: 26 optimal, 4 infeasible; planned 30 (...) in 17.7 s on ...; see ...'."""
        by_status = ", ".join(f"{n} {status}" for status, n in _ordered(self.counts))
        work = f"planned {self.computed}"
        if self.computed:
            work += (f" ({self.athlete_weeks} athlete-weeks, {self.weeks_per_second:.1f}/s) "
                     f"on {self.engine}")
        return (f"{len(self.outcomes)} athletes: {by_status}; {work}, {self.resumed} already "
                f"complete, in {self.elapsed:.1f} s; see {self.out_dir / 'summary.csv'} and "
                f"{self.out_dir / 'errors.csv'}")


def _ordered(counts: Counter) -> list[tuple[str, int]]:
    order = ("optimal", "feasible", "infeasible", "unknown", "invalid", ERROR, CRASHED, "bad_input")
    return sorted(counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)


# ------------------------------------------------------------------------ worker side

@lru_cache(maxsize=4)
def _rulebook_from(text: str) -> Rulebook:
    import json

    return Rulebook.model_validate(json.loads(text))


def _test_hooks(athlete_id: str, hooks: dict[str, Any]) -> None:
    """Test-only fault injection, active only when the WEEKPLAN_TEST_* variables are set."""
    kill = hooks.get("kill")
    if kill and kill[0] == athlete_id:
        flag = kill[1]
        if not flag or not os.path.exists(flag):
            if flag:
                open(flag, "w").close()
            os._exit(70)
    hold = hooks.get("hold")
    if hold and hold[0] == athlete_id:
        deadline = time.monotonic() + 120
        while not os.path.exists(hold[1]) and time.monotonic() < deadline:
            time.sleep(0.05)


def plan_chunk(athletes: list[dict[str, Any]], rulebook_json: str, time_limit: float, seed: int,
               hooks: dict[str, Any]) -> list[dict[str, Any]]:
    """Plan each athlete of a task; every athlete gets an outcome, whatever goes wrong."""
    rulebook = _rulebook_from(rulebook_json)
    catalogue = default_catalogue()
    params = SolveParams(time_limit=time_limit, workers=1, seed=seed)
    outcomes = []
    for raw in athletes:
        athlete = Athlete.model_validate(raw)
        _test_hooks(athlete.id, hooks)
        started = time.perf_counter()
        try:
            block = plan_block(athlete, rulebook, catalogue, params)
            frame = block.frame()
            outcome = block_outcome(athlete.id, athlete.name, block.weeks, frame,
                                    block.summary(frame))
            try:  # the calendar is derived: failing to render it must not cost the plan
                outcome.calendar_ics = ics_bytes(calendar(frame, {athlete.id: athlete},
                                                          catalogue=catalogue)).decode("utf-8")
            except Exception as error:
                outcome.errors.append(("calendar", f"{type(error).__name__}: {error}"))
        except InputError as error:
            outcome = failed_outcome(athlete.id, athlete.name, ERROR, "plan", error.line())
        except Exception as error:  # a bug must not cost the other athletes their plans
            outcome = failed_outcome(athlete.id, athlete.name, ERROR, "plan",
                                     f"internal error: {type(error).__name__}: {error}")
        outcome.wall_time = round(time.perf_counter() - started, 3)
        outcomes.append(outcome.model_dump())
    return outcomes


# ------------------------------------------------------------------------ parent side

def _block_weeks(athlete: Athlete) -> int:
    try:
        from models.block.phases import block_length

        return max(1, block_length(athlete))
    except Exception:  # the planner will report it; any estimate does for chunking
        return athlete.weeks or 1


def make_chunks(athletes: list[Athlete], slots: int) -> list[list[Athlete]]:
    """Consecutive athletes grouped per task (the rule is in the module doc)."""
    weeks = [_block_weeks(a) for a in athletes]
    target = max(1, min(TASK_WEEKS, sum(weeks) // (TASKS_PER_WORKER * max(1, slots))))
    chunks: list[list[Athlete]] = []
    current: list[Athlete] = []
    carried = 0
    for athlete, n in zip(athletes, weeks):
        current.append(athlete)
        carried += n
        if carried >= target:
            chunks.append(current)
            current, carried = [], 0
    if current:
        chunks.append(current)
    return chunks


def _hooks() -> dict[str, Any]:
    hooks: dict[str, Any] = {}
    for key, variable in (("kill", HOOK_KILL), ("hold", HOOK_HOLD)):
        value = os.environ.get(variable)
        if value:
            athlete_id, _, path = value.partition(":")
            hooks[key] = (athlete_id, path)
    return hooks


def _package_version() -> str:
    try:
        return version("weekplan")
    except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        return "unknown"


def _squad(squad: Path | str | Iterable[Athlete]) -> tuple[list[Athlete], list[SquadProblem]]:
    if isinstance(squad, (str, Path)):
        return load_squad(squad)
    return list(squad), []


def _colliding_ids(athletes: list[Athlete]) -> tuple[list[Athlete], list[AthleteOutcome]]:
    """Ids equal but for case would share files on case-insensitive disks: plan neither."""
    seen = Counter(a.id.casefold() for a in athletes)
    keep = [a for a in athletes if seen[a.id.casefold()] == 1]
    dropped = [
        AthleteOutcome(athlete=a.id, name=a.name, status="bad_input",
                       message="another athlete's id differs only in case; rename one",
                       errors=[("input", f"id '{a.id}': another athlete's id differs only in "
                                         "case (their files would collide); rename one")])
        for a in athletes if seen[a.id.casefold()] > 1
    ]
    return keep, dropped


def run_engine(engine, drive: Callable[[], None],
               stopped: Callable[[], BaseException]) -> None:
    """Run ``drive`` on ``engine`` and close it. Ctrl-C cancels what is left and raises
    ``stopped()`` (a BatchInterrupted that says how to resume); any other error cancels too
    and propagates. Shared by the athlete batch and the squad-session batch."""
    try:
        drive()
    except KeyboardInterrupt:
        engine.close(cancel=True)
        raise stopped() from None
    except BaseException:
        engine.close(cancel=True)
        raise
    engine.close()


def run_batch(squad: Path | str | Iterable[Athlete], out_dir: Path | str,
              rulebook: Rulebook | str | Path | None = None,
              params: SolveParams = SolveParams(), executor: str = "local",
              workers: int | None = None, scheduler: str | None = None,
              dask_local: int | None = None, resume: bool = False,
              progress: bool = True) -> BatchReport:
    """Plan every athlete of ``squad`` into ``out_dir`` (layout: models/batchdir.py).

    ``executor`` is ``local`` (a process pool of ``workers``, default all cores; 1 = in this
    process), ``sequential`` or ``dask`` (``scheduler`` address, or a LocalCluster of
    ``dask_local`` workers). Raises InputError for an unreadable squad or rulebook and
    BatchInterrupted on Ctrl-C (after stopping the workers).
    """
    started = time.perf_counter()
    athletes, problems = _squad(squad)
    if not isinstance(rulebook, Rulebook):
        rulebook = load_rulebook(rulebook) if rulebook else default_rulebook()
    from solver.batch.units import load_groups_for, run_group_batch

    groups = load_groups_for(squad)
    if groups is not None:  # squad sessions: one task per unit of coupled groups
        return run_group_batch(athletes, problems, groups, out_dir, rulebook, params, executor,
                               workers, scheduler, dask_local, resume, progress)
    athletes, collided = _colliding_ids(athletes)
    bad = [AthleteOutcome(athlete=p.athlete, status="bad_input", message=p.line(),
                          errors=[("input", p.line())]) for p in problems] + collided
    out = BatchDir(out_dir)
    out.prepare()
    rulebook_data = rulebook.model_dump(mode="json")
    common = {"rulebook": rulebook_data, "catalogue": default_catalogue().model_dump(mode="json"),
              "solve": {"time_limit": params.time_limit, "seed": params.seed},
              "version": _package_version()}
    raw = {a.id: athlete_yaml_dict(a) for a in athletes}
    digests = {a.id: input_hash({**common, "athlete": raw[a.id]}) for a in athletes}
    finished: dict[str, AthleteOutcome] = {}
    if resume:
        for a in athletes:
            outcome = out.complete(a.id, digests[a.id])
            if outcome is not None:
                finished[a.id] = outcome
    resumed = len(finished)
    todo = [a for a in athletes if a.id not in finished]
    report = BatchReport(out_dir=Path(out_dir), outcomes=[], resumed=resumed)
    if todo:
        from solver.batch.executors import make_engine

        engine = make_engine(executor, workers, scheduler, dask_local)
        report.engine = engine.describe()
        task = (_rulebook_json(rulebook_data), params.time_limit, params.seed, _hooks())
        with batch_progress(progress, len(athletes), resumed) as bar:
            def record(outcome: AthleteOutcome) -> None:
                if outcome.status != CRASHED:
                    out.write(outcome, digests[outcome.athlete])
                finished[outcome.athlete] = outcome
                report.computed += 1
                report.athlete_weeks += outcome.weeks
                bar.advance(outcome.weeks)

            run_engine(engine,
                       lambda: _drive(engine, make_chunks(todo, engine.slots), raw, task, record),
                       lambda: BatchInterrupted(len(finished), len(athletes) + len(bad),
                                                Path(out_dir)))
    report.outcomes = [finished[a.id] for a in athletes] + bad
    out.finish(report.outcomes)
    # the profiles beside the plans: `weekplan report DIR` and `compare` audit without --squad
    write_squad_yaml(athletes, Path(out_dir) / "squad.yaml")
    report.counts = Counter(o.status for o in report.outcomes)
    report.elapsed = time.perf_counter() - started
    return report


def _rulebook_json(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data)  # rule order kept: it decides ties between equal plans


def _drive(engine, chunks: list[list[Athlete]], raw: dict[str, dict], task: tuple,
           record) -> None:
    """Keep ``engine.in_flight`` tasks submitted; survive dying workers (see the module doc)."""
    pending = deque(chunks)
    suspects: deque[Athlete] = deque()
    inflight: dict = {}

    def submit(chunk: list[Athlete]) -> None:
        inflight[engine.submit(plan_chunk, [raw[a.id] for a in chunk], *task)] = chunk

    def take(future, chunk) -> bool:
        """Record a finished task; False when its worker died."""
        try:
            results = future.result()
        except engine.crash_errors:
            suspects.extend(chunk)
            return False
        except Exception as error:  # the task itself failed (e.g. could not be sent)
            for athlete in chunk:
                record(failed_outcome(athlete.id, athlete.name, CRASHED, "worker",
                                      f"the task failed to run: {type(error).__name__}: "
                                      f"{error}; --resume tries it again"))
            return True
        for result in results:
            record(AthleteOutcome.model_validate(result))
        return True

    while pending or suspects or inflight:
        if suspects and not inflight:
            athlete = suspects.popleft()
            future = engine.submit(plan_chunk, [raw[athlete.id]], *task)
            wait([future])
            try:
                for result in future.result():
                    record(AthleteOutcome.model_validate(result))
            except engine.crash_errors:
                record(failed_outcome(athlete.id, athlete.name, CRASHED, "worker",
                                      "the worker process died twice while planning this "
                                      "athlete (killed, or out of memory); not retried"))
                engine.restart()
            except Exception as error:
                record(failed_outcome(athlete.id, athlete.name, CRASHED, "worker",
                                      f"the task failed to run: {type(error).__name__}: "
                                      f"{error}; --resume tries it again"))
            continue
        died = False
        while not suspects and pending and len(inflight) < engine.in_flight:
            try:
                submit(pending[0])
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


__all__ = ["run_batch", "BatchReport", "BatchInterrupted", "make_chunks", "plan_chunk"]
