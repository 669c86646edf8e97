"""The kinds of planning task: what a worker runs, and what it sends back (a re-plan from
activities is solver/batch/replan_task.py's ``ReplanTask``).

An ``AthleteTask`` plans whole athletes one after another (a chunk, see ``make_chunks``); a
``UnitTask`` plans one unit of coupled training groups together (squad sessions). Both carry
plain data only - athletes in their YAML form, the rulebook as JSON, the solve parameters -
and the worker builds the models itself (CP-SAT models do not pickle). Both answer with a
``TaskAnswer``: one outcome per athlete (its tables already rendered as CSV text, so the
parent only writes bytes) and, for a unit, its row of groups.csv. Two helpers of the
UnitTask write nothing and answer a unit's athletes' weeks solved alone, for the unit to
take: ``UnitProbeTask`` (the unit's first week: do its plans alone fit together?) and
``UnitAloneTask`` (some of its athletes' blocks alone; solver/batch/driver.py, AloneAhead).
The driver treats them all alike; what differs is asked of the task:

* ``alone()`` - the tasks to rerun one at a time when its worker died: each athlete of a
  chunk on its own, a unit as a whole (its athletes are planned together or not at all);
* ``crashed(problem)`` - the answer recorded when it cannot be run;
* ``digest_for(athlete)`` - the input hash an athlete's marker gets (per athlete, or the
  unit's: a unit is complete only when all of its athletes are).

Chunks: a task holds whole athletes, in squad order, adding athletes until it carries at
least ``TASK_WEEKS`` (24) athlete-weeks, but never so many that there would be fewer than 4
tasks per worker (so short squads still spread and the progress bar moves). An athlete-week
takes 10-50 ms to solve and a Dask task costs about 1 ms, so 24 weeks keep the overhead
under 1 %; a typical 12-16 week athlete goes in pairs, a 24-week one alone.

Same answers everywhere: each athlete-week is solved with one CP-SAT worker and a fixed
seed, whatever the engine and the chunking, so plans are identical as long as no week hits
its time limit.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Iterator

from models.audit.squad import audit_squad
from models.block.phases import block_length, race_day_free
from models.domain.athlete import Athlete
from models.domain.catalogue import default_catalogue
from models.domain.errors import InputError
from models.domain.plan import PLAN_COLUMNS, SQUAD_COLUMNS, sessions_frame
from models.domain.rules import Rulebook
from models.exports.ics_text import calendar_bytes
from models.io.batch_folder import CRASHED, ERROR, block_outcome, failed_outcome
from models.io.batch_hooks import run_fault_hooks
from models.squad.groups import SquadSetup

from solver.block.plan import plan_block
from solver.squad.joint_week import AloneCache
from solver.squad.unit_block import plan_unit
from solver.week.solve import SolveParams

TASK_WEEKS = 24
TASKS_PER_WORKER = 4

# {"outcomes": [AthleteOutcome as a dict, ...], "unit": a groups.csv row or None}
TaskAnswer = dict[str, Any]


@dataclass(frozen=True)
class Shared:
    """What every task of a run needs: the rulebook (as JSON), the solve settings, hooks."""

    rulebook_json: str
    time_limit: float
    seed: int
    hooks: dict[str, Any]

    def params(self) -> SolveParams:
        return SolveParams(time_limit=self.time_limit, workers=1, seed=self.seed)


def rulebook_json(rulebook: Rulebook) -> str:
    """The rulebook for the workers; rule order is kept: it decides ties between equal plans."""
    return json.dumps(rulebook.model_dump(mode="json"))


@lru_cache(maxsize=4)
def rulebook_from(text: str) -> Rulebook:
    """The rulebook a worker was sent, built once per worker process and rulebook."""
    return Rulebook.model_validate(json.loads(text))


def run_task(task: Any, shared: Shared) -> TaskAnswer:
    """The worker's entry point, whatever the kind of task (these two, or a ReplanTask of
    solver/batch/replan_task.py)."""
    return task.run(shared)


def _crashed_outcomes(athletes: tuple[dict[str, Any], ...], problem: str) -> list[dict]:
    return [failed_outcome(raw["id"], raw.get("name") or "", CRASHED, "worker",
                           problem).model_dump() for raw in athletes]


# ------------------------------------------------------------------------ athletes

@dataclass(frozen=True)
class AthleteTask:
    """Consecutive athletes of the squad, each planned on its own (``plan_block``)."""

    athletes: tuple[dict[str, Any], ...]   # YAML form, in squad order
    digests: tuple[str, ...]               # each athlete's input hash, same order
    subject = "this athlete"

    def run(self, shared: Shared) -> TaskAnswer:
        return {"outcomes": plan_athletes(list(self.athletes), shared), "unit": None}

    def alone(self) -> list[AthleteTask]:
        return [AthleteTask((raw,), (digest,)) for raw, digest in zip(self.athletes, self.digests)]

    def crashed(self, problem: str) -> TaskAnswer:
        return {"outcomes": _crashed_outcomes(self.athletes, problem), "unit": None}

    def digest_for(self, athlete_id: str) -> str:
        return self.digests[[raw["id"] for raw in self.athletes].index(athlete_id)]


def plan_athletes(athletes: list[dict[str, Any]], shared: Shared) -> list[dict[str, Any]]:
    """Plan each athlete; every athlete gets an outcome, whatever goes wrong."""
    rulebook = rulebook_from(shared.rulebook_json)
    catalogue = default_catalogue()
    params = shared.params()
    outcomes = []
    for raw in athletes:
        athlete = Athlete.model_validate(raw)
        run_fault_hooks(athlete.id, shared.hooks)
        started = time.perf_counter()
        try:
            block = plan_block(athlete, rulebook, catalogue, params)
            frame = block.frame()
            outcome = block_outcome(athlete.id, athlete.name, block.weeks, frame,
                                    block.summary(frame))
            try:  # the calendar is derived: failing to render it must not cost the plan
                outcome.calendar_ics = calendar_bytes(frame, {athlete.id: athlete},
                                                      catalogue=catalogue).decode("utf-8")
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


def block_weeks(athlete: Athlete) -> int:
    """The athlete's block length as the chunking counts it."""
    try:
        return max(1, block_length(athlete))
    except Exception:  # the planner will report it; any estimate does for chunking
        return athlete.weeks or 1


def make_chunks(athletes: list[Athlete], slots: int) -> list[list[Athlete]]:
    """Consecutive athletes grouped per task (the rule is in the module doc)."""
    target = task_weeks(sum(block_weeks(a) for a in athletes), slots)
    return list(chunked(athletes, target))


def task_weeks(total_weeks: int, slots: int) -> int:
    """The athlete-weeks a task gathers, for a squad of ``total_weeks`` on ``slots`` workers."""
    return max(1, min(TASK_WEEKS, total_weeks // (TASKS_PER_WORKER * max(1, slots))))


def chunked(athletes: Iterable[Athlete], target: int) -> Iterator[list[Athlete]]:
    """Consecutive athletes, a chunk as soon as it carries ``target`` athlete-weeks; read
    as they come, so a squad streamed from disk is never held whole."""
    current: list[Athlete] = []
    carried = 0
    for athlete in athletes:
        current.append(athlete)
        carried += block_weeks(athlete)
        if carried >= target:
            yield current
            current, carried = [], 0
    if current:
        yield current


# ------------------------------------------------------------------------ squad units

@dataclass(frozen=True)
class UnitTask:
    """One unit of coupled training groups, planned together (``plan_unit``)."""

    name: str
    athletes: tuple[dict[str, Any], ...]   # YAML form, in squad order
    setup: SquadSetup
    digest: str                            # the unit's input hash, shared by its athletes
    # its athletes' weeks solved alone ahead of it (UnitProbeTask, UnitAloneTask), or None
    cache: AloneCache | None = field(default=None, compare=False, hash=False, repr=False)
    subject = "this unit"

    def run(self, shared: Shared) -> TaskAnswer:
        return plan_unit_task(self.name, list(self.athletes), self.setup, shared, self.cache)

    def alone(self) -> list[UnitTask]:
        return [self]

    def crashed(self, problem: str) -> TaskAnswer:
        return {"outcomes": _crashed_outcomes(self.athletes, problem),
                "unit": {"unit": self.name, "athletes": len(self.athletes), "mode": CRASHED,
                         "note": problem}}

    def digest_for(self, athlete_id: str) -> str:
        return self.digest


@dataclass(frozen=True)
class UnitProbeTask:
    """A unit's first week, its athletes each solved alone (as the unit would solve them):
    do their plans alone fit together? If they do, the unit's athletes are worth planning
    alone through their blocks on every worker (UnitAloneTask) before the unit takes their
    solves; if not, the unit is planned at once. Answers ``{"alone": AloneCache, "fits":
    bool}`` and writes nothing: a unit is complete when its UnitTask is."""

    unit: str
    athletes: tuple[dict[str, Any], ...]   # YAML form, in squad order
    setup: SquadSetup
    subject = "the first week of a unit"

    def run(self, shared: Shared) -> TaskAnswer:
        cache: AloneCache = {}
        try:
            result = plan_unit(self.unit, [Athlete.model_validate(raw) for raw in self.athletes],
                               self.setup, rulebook_from(shared.rulebook_json),
                               default_catalogue(), shared.params(), cache=cache, first_weeks=1)
        except Exception:  # the unit's own task plans it again and reports what is wrong
            return self.crashed("")
        fits = not result.errors and all(w.own_optima_fit for w in result.weeks)
        return {"outcomes": [], "alone": cache, "fits": fits}

    def alone(self) -> list[UnitProbeTask]:
        return [self]

    def crashed(self, problem: str) -> TaskAnswer:
        return {"outcomes": [], "alone": {}, "fits": False}  # the unit goes ahead at once


@dataclass(frozen=True)
class UnitAloneTask:
    """Some athletes of one unit, each planned alone through their block as the unit would
    solve them alone (their own rules, the group sessions' attendance, the opening hours).
    Answers their solves (``{"alone": AloneCache}``) for the unit's UnitTask to take, so a
    unit's athletes spread over every worker; writes nothing."""

    unit: str
    athletes: tuple[dict[str, Any], ...]   # YAML form
    setup: SquadSetup
    cache: AloneCache = field(default_factory=dict, compare=False, hash=False, repr=False)
    subject = "athletes of a unit, alone"

    def run(self, shared: Shared) -> TaskAnswer:
        rulebook = rulebook_from(shared.rulebook_json)
        catalogue = default_catalogue()
        cache: AloneCache = dict(self.cache)  # the probe's first week: not solved again
        for raw in self.athletes:
            try:
                plan_unit(self.unit, [Athlete.model_validate(raw)], self.setup, rulebook,
                          catalogue, shared.params(), cache=cache)
            except Exception:  # the unit's own task plans them again and reports it
                continue
        return {"outcomes": [], "alone": cache}

    def alone(self) -> list[UnitAloneTask]:
        return [self]

    def crashed(self, problem: str) -> TaskAnswer:
        return {"outcomes": [], "alone": {}}  # the unit's task solves them itself


def _empty_plan_csv() -> str:
    return ",".join((*PLAN_COLUMNS, *SQUAD_COLUMNS)) + "\n"


def plan_unit_task(name: str, athletes: list[dict[str, Any]], setup: SquadSetup,
                   shared: Shared, cache: AloneCache | None = None) -> TaskAnswer:
    """Plan one unit; every athlete gets an outcome, and the unit its row."""
    rulebook = rulebook_from(shared.rulebook_json)
    catalogue = default_catalogue()
    profiles = [Athlete.model_validate(raw) for raw in athletes]
    for athlete in profiles:
        run_fault_hooks(athlete.id, shared.hooks)
    started = time.perf_counter()
    outcomes = []
    row: dict[str, Any] = {"unit": name, "athletes": len(profiles),
                           "training_groups": " ".join(sorted(
                               {setup.group_of.get(a.id, "") for a in profiles} - {""}))}
    try:
        unit = plan_unit(name, profiles, setup, rulebook, catalogue, shared.params(),
                         cache=cache)
    except Exception as error:  # a bug must not cost the other units their plans
        problem = (error.line() if isinstance(error, InputError)
                   else f"internal error: {type(error).__name__}: {error}")
        for athlete in profiles:
            outcome = failed_outcome(athlete.id, athlete.name, ERROR, "plan", problem)
            outcome.plan_csv = _empty_plan_csv()
            outcomes.append(outcome.model_dump())
        row.update(mode="error", note=problem, wall_time=round(time.perf_counter() - started, 3))
        return {"outcomes": outcomes, "unit": row}
    plans = {}
    for athlete in profiles:
        if athlete.id in unit.errors:
            outcome = failed_outcome(athlete.id, athlete.name, ERROR, "plan",
                                     unit.errors[athlete.id])
            outcome.plan_csv = _empty_plan_csv()
            outcomes.append(outcome.model_dump())
            continue
        block = unit.blocks[athlete.id]
        frame = sessions_frame(athlete.id, block.sessions, squad_columns=True)
        outcome = block_outcome(athlete.id, athlete.name, block.weeks, frame,
                                block.summary(frame))
        outcome.calendar_ics = calendar_bytes(frame, {athlete.id: athlete}, catalogue=catalogue,
                                              group_sessions=setup.sessions).decode("utf-8")
        outcome.wall_time = round(block.wall_time, 3)
        outcomes.append(outcome.model_dump())
        plans[athlete.id] = block.sessions
    planned = {a.id: race_day_free(a) for a in profiles if a.id in plans}
    weeks_of = {a: [r.week_start for r in unit.blocks[a].weeks if r.status.has_plan]
                for a in plans}
    audit = audit_squad(plans, planned, setup, rulebook, weeks_of)
    row.update(
        mode=unit.mode, weeks=len(unit.weeks),
        weeks_joint=sum(1 for w in unit.weeks if w.mode == "joint"),
        weeks_sequential=sum(1 for w in unit.weeks if w.mode == "sequential"),
        invited=sum(w.invited for w in unit.weeks),
        attending=sum(w.attending for w in unit.weeks),
        attend_penalty=round(sum(w.attend_penalty_cp for w in unit.weeks) / 100, 2),
        squad_hard_findings=len(audit.hard_findings),
        wall_time=round(unit.wall_time, 3), note=unit.notes,
    )
    return {"outcomes": outcomes, "unit": row}


__all__ = ["AthleteTask", "UnitTask", "Shared", "TaskAnswer", "run_task", "make_chunks",
           "plan_athletes", "plan_unit_task", "rulebook_json", "rulebook_from"]
