"""Squad batch runs with squad sessions: one task per unit of coupled training groups.

``solver.batch.run_batch`` hands a squad over to ``run_group_batch`` when the squad has
group data (models/groups.py: ``groups.yaml`` in its folder, or the sections in its YAML).
Units (training groups coupled by a facility or a group session, or one athlete alone) are
independent, so each is one task on the same engines as the plain batch (in-process, local
processes, Dask). The worker plans the unit's blocks (solver/group_block.py) and renders each
athlete's tables and calendar, as ``plan_chunk`` does.

The output folder is the plain batch's (models/batchdir.py) plus:

    rosters.csv    one row per group-session occurrence: who attends (models/rosters.py)
    groups.csv     one row per unit: its athletes, how it was solved (joint, sequential,
                   mixed, alone), attendance, squad-rule findings
    rosters.xlsx   the rosters and the units as two sheets (the coach's copy; the plan table
                   of any athlete exports to XLSX as ever, ``weekplan plan --out``)
    units/*.json   each unit's row, written before its athletes' markers (resume)

The plan tables carry the ``group_session`` and ``facility`` columns. Every athlete of a
unit is hashed with the whole unit and the group data, so ``--resume`` redoes a unit when
anything it depends on changed. A unit whose worker dies is retried once, then reported
``crashed`` (``--resume`` tries again).
"""

from __future__ import annotations

import io
import json
import re
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook

from models.domain.athlete import Athlete
from models.io.batch_folder import (CRASHED, ERROR, AthleteOutcome, BatchDir, atomic_write,
                             block_outcome, failed_outcome, input_hash)
from models.domain.catalogue import default_catalogue
from models.domain.errors import InputError
from models.exports.ics import calendar, ics_bytes
from models.exports.xlsx import ROSTER_SHEET, frame_sheet
from models.squad.groups import SquadGroups, SquadSetup, resolve
from models.block.phases import race_day_free
from models.domain.plan import PLAN_COLUMNS, SQUAD_COLUMNS, sessions_frame
from models.squad.rosters import roster_frame
from models.domain.rules import Rulebook
from models.squad.forms import athlete_yaml_dict, write_squad_yaml
from models.squad.problems import SquadProblem
from models.audit.squad import audit_squad, plans_from_frame

from solver.batch.driver import (BatchInterrupted, BatchReport, _colliding_ids, _package_version,
                    _progress, _rulebook_from, _rulebook_json, run_engine)
from solver.week.solve import SolveParams

UNITS = "units"
UNIT_COLUMNS: tuple[str, ...] = (
    "unit", "athletes", "training_groups", "mode", "weeks", "weeks_joint", "weeks_sequential",
    "invited", "attending", "attend_penalty", "squad_hard_findings", "wall_time", "note",
)


@dataclass
class GroupBatchReport(BatchReport):
    """BatchReport plus one row per unit (UNIT_COLUMNS)."""

    units: list[dict[str, Any]] = field(default_factory=list)

    def summary_line(self) -> str:
        shown = [u for u in self.units if u["mode"] != "alone"]
        alone = len(self.units) - len(shown)
        parts = [f"{u['unit']} {u['mode']}" for u in shown[:6]]
        if len(shown) > 6:
            parts.append(f"{len(shown) - 6} more")
        if alone:
            parts.append(f"{alone} athlete{'s' if alone != 1 else ''} alone")
        hard = sum(int(u.get("squad_hard_findings") or 0) for u in self.units)
        warning = f"; {hard} SQUAD RULE VIOLATIONS (see groups.csv)" if hard else ""
        plural = "s" if len(self.units) != 1 else ""
        return (f"{super().summary_line()}; {len(self.units)} unit{plural}: {', '.join(parts)}"
                f"{warning}; rosters in {self.out_dir / 'rosters.csv'}")


# ------------------------------------------------------------------------ worker side

def _empty_plan_csv() -> str:
    return ",".join((*PLAN_COLUMNS, *SQUAD_COLUMNS)) + "\n"


def plan_unit_task(name: str, athletes: list[dict[str, Any]], setup: SquadSetup,
                   rulebook_json: str, time_limit: float, seed: int) -> dict[str, Any]:
    """Plan one unit; every athlete gets an outcome, and the unit its row."""
    from solver.squad.unit_block import plan_unit

    rulebook = _rulebook_from(rulebook_json)
    catalogue = default_catalogue()
    params = SolveParams(time_limit=time_limit, workers=1, seed=seed)
    profiles = [Athlete.model_validate(raw) for raw in athletes]
    started = time.perf_counter()
    outcomes = []
    row: dict[str, Any] = {"unit": name, "athletes": len(profiles),
                           "training_groups": " ".join(sorted(
                               {setup.group_of.get(a.id, "") for a in profiles} - {""}))}
    try:
        unit = plan_unit(name, profiles, setup, rulebook, catalogue, params)
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
        outcome.calendar_ics = ics_bytes(calendar(frame, {athlete.id: athlete},
                                                  catalogue=catalogue,
                                                  group_sessions=setup.sessions)).decode("utf-8")
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


# ------------------------------------------------------------------------ parent side

def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80] or "unit"


def run_group_batch(athletes: list[Athlete], problems: list[SquadProblem], groups: SquadGroups,
                    out_dir: Path | str, rulebook: Rulebook, params: SolveParams,
                    executor: str = "local", workers: int | None = None,
                    scheduler: str | None = None, dask_local: int | None = None,
                    resume: bool = False, progress: bool = True) -> GroupBatchReport:
    """Plan every unit of the squad into ``out_dir`` (the module doc); see run_batch."""
    started = time.perf_counter()
    setup = resolve(groups, athletes, unplanned=[p.athlete for p in problems])
    athletes, collided = _colliding_ids(athletes)
    bad = [AthleteOutcome(athlete=p.athlete, status="bad_input", message=p.line(),
                          errors=[("input", p.line())]) for p in problems] + collided
    by_id = {a.id: a for a in athletes}
    units = setup.units([a.id for a in athletes])
    out = BatchDir(out_dir)
    out.prepare()
    (Path(out_dir) / UNITS).mkdir(exist_ok=True)
    rulebook_data = rulebook.model_dump(mode="json")
    common = {"rulebook": rulebook_data, "catalogue": default_catalogue().model_dump(mode="json"),
              "solve": {"time_limit": params.time_limit, "seed": params.seed},
              "groups": groups.model_dump(mode="json", exclude={"file"}),
              "version": _package_version()}
    raw = {a.id: athlete_yaml_dict(a) for a in athletes}
    digests = {}
    for unit in units:
        digests[unit.name] = input_hash({**common, "unit": [raw[a] for a in unit.athletes],
                                         "group_of": {a: setup.group_of[a]
                                                      for a in unit.athletes}})
    finished: dict[str, AthleteOutcome] = {}
    rows: dict[str, dict[str, Any]] = {}
    todo = []
    for unit in units:
        row = _unit_row(out_dir, unit.name, digests[unit.name]) if resume else None
        found = [out.complete(a, digests[unit.name]) for a in unit.athletes] if row else []
        if row is not None and all(o is not None for o in found):
            rows[unit.name] = row
            finished.update({o.athlete: o for o in found})
        else:
            todo.append(unit)
    resumed = len(finished)
    report = GroupBatchReport(out_dir=Path(out_dir), outcomes=[], resumed=resumed)
    if todo:
        from solver.batch.executors import make_engine

        engine = make_engine(executor, workers, scheduler, dask_local)
        report.engine = engine.describe()
        task = (_rulebook_json(rulebook_data), params.time_limit, params.seed)
        with _progress(progress, len(athletes), resumed) as bar:
            def record(unit, answer: dict[str, Any] | None, problem: str = "") -> None:
                if answer is None:
                    for athlete_id in unit.athletes:
                        athlete = by_id[athlete_id]
                        finished[athlete_id] = failed_outcome(athlete_id, athlete.name,
                                                              CRASHED, "worker", problem)
                        bar.advance(0)
                    rows[unit.name] = {"unit": unit.name, "athletes": len(unit.athletes),
                                       "mode": CRASHED, "note": problem}
                    return
                row = {**answer["unit"], "digest": digests[unit.name]}
                atomic_write(_unit_path(out_dir, unit.name),
                             json.dumps(row, indent=1).encode("utf-8"))
                rows[unit.name] = row
                for data in answer["outcomes"]:
                    outcome = AthleteOutcome.model_validate(data)
                    out.write(outcome, digests[unit.name])
                    finished[outcome.athlete] = outcome
                    report.computed += 1
                    report.athlete_weeks += outcome.weeks
                    bar.advance(outcome.weeks)

            run_engine(engine, lambda: _drive(engine, todo, raw, setup, task, record),
                       lambda: BatchInterrupted(len(finished), len(athletes) + len(bad),
                                                Path(out_dir)))
    report.outcomes = [finished[a.id] for a in athletes] + bad
    out.finish(report.outcomes)
    # the profiles beside the plans: `weekplan report DIR` and `compare` audit without --squad
    write_squad_yaml(athletes, Path(out_dir) / "squad.yaml")
    report.units = [{c: rows.get(u.name, {}).get(c, "") for c in UNIT_COLUMNS} for u in units]
    _squad_files(out, report, setup, by_id)
    report.counts = Counter(o.status for o in report.outcomes)
    report.elapsed = time.perf_counter() - started
    return report


def _unit_path(out_dir: Path | str, name: str) -> Path:
    return Path(out_dir) / UNITS / f"{_slug(name)}.json"


def _unit_row(out_dir: Path | str, name: str, digest: str) -> dict[str, Any] | None:
    try:
        row = json.loads(_unit_path(out_dir, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return row if row.get("digest") == digest and row.get("unit") == name else None


def _drive(engine, units, raw, setup, task, record) -> None:
    """Keep ``engine.slots`` units in flight; a unit whose worker dies is retried once."""
    pending = deque(units)
    attempts: Counter = Counter()
    inflight: dict = {}
    while pending or inflight:
        while pending and len(inflight) < engine.slots:
            unit = pending.popleft()
            attempts[unit.name] += 1
            future = engine.submit(plan_unit_task, unit.name, [raw[a] for a in unit.athletes],
                                   setup, *task)
            inflight[future] = unit
        done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
        died = False
        for future in done:
            unit = inflight.pop(future)
            try:
                record(unit, future.result())
            except engine.crash_errors:
                died = True
                if attempts[unit.name] < 2:
                    pending.append(unit)
                else:
                    record(unit, None, "the worker process died twice while planning this "
                                       "unit (killed, or out of memory); --resume tries again")
            except InputError:
                raise
            except Exception as error:
                record(unit, None, f"the task failed to run: {type(error).__name__}: {error}; "
                                   "--resume tries it again")
        if died and engine.breaks_all:
            wait(list(inflight))
            for future in list(inflight):
                unit = inflight.pop(future)
                try:
                    record(unit, future.result())
                except engine.crash_errors:
                    pending.append(unit)
            engine.restart()


def _squad_files(out: BatchDir, report: GroupBatchReport, setup: SquadSetup,
                 by_id: dict[str, Athlete]) -> None:
    """rosters.csv, groups.csv and rosters.xlsx from what the folder holds now."""
    catalogue = default_catalogue()
    table = out.read_plans([o.athlete for o in report.outcomes
                            if o.athlete in by_id and o.status not in ("bad_input", CRASHED)])
    if table is None:
        table = pd.DataFrame(columns=[*PLAN_COLUMNS, *SQUAD_COLUMNS])
    for column in SQUAD_COLUMNS:
        if column not in table.columns:
            table[column] = ""
        table[column] = table[column].fillna("").astype(str)
    plans = plans_from_frame(table, catalogue)
    planned = {a: race_day_free(by_id[a]) for a in plans}
    rosters = roster_frame(plans, planned, setup)
    atomic_write(out.root / "rosters.csv", rosters.to_csv(index=False).encode("utf-8"))
    units = pd.DataFrame(report.units, columns=list(UNIT_COLUMNS))
    atomic_write(out.root / "groups.csv", units.to_csv(index=False).encode("utf-8"))
    book = Workbook()
    book.remove(book.active)
    frame_sheet(book.create_sheet(ROSTER_SHEET), rosters, "group session rosters")
    frame_sheet(book.create_sheet("units"), units, "units of training groups")
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(out.root / "rosters.xlsx", buffer.getvalue())


def load_groups_for(squad: Any) -> SquadGroups | None:
    """The squad's group data when ``squad`` is a path that has some, else None."""
    if not isinstance(squad, (str, Path)):
        return None
    from models.squad.groups import load_groups

    groups = load_groups(squad)
    return None if groups is None or groups.empty else groups


__all__ = ["run_group_batch", "plan_unit_task", "GroupBatchReport", "load_groups_for",
           "UNIT_COLUMNS"]
