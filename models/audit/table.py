"""Audit a plan read back from a file (weekplan check) with the targets it was planned under.

The plan table does not record each week's targets, and they matter: a block's base weeks
ask for more strength than its taper (P-STRENGTH-TAPER), the hiking due in the second week
of a fortnight depends on what the first delivered (S-HIKE-VOLUME), and each week's load cap
on the loads before it (P-OVERLOAD). Which weeks are audited, and against what:

* Weeks come from the athlete's dates, not only from the rows present: every week of the
  athlete's block (or, without a block, every week from the athlete's start) up to the
  table's last row is audited, so a week without any session - an empty plan, a plan of
  rest rows only - fails its counts instead of passing unseen. A table whose rows all lie in
  one week is a lone week (what ``weekplan solve`` writes) and is audited as that week with
  the athlete's own targets, unless that week is the whole block.
* ``block`` targets (the default): each week of the block gets the targets plan_block would
  have solved it with, walked over the table's own sessions by the walker plan_block uses
  (models/block/chain.py: the same targets, history and relaxation).
* ``ordinary`` targets: every week gets the athlete's own targets, with no periodisation
  imposed (a coach's plan that never used phases); so does a lone week, and every week of an
  athlete without a block. H-SESSION-SPIKE's reference is still walked: the longest run of
  the 30 days before each week in the table itself (before it, the athlete's
  ``current.longest_min``, else the level's shortest long run).
* What happened: with ``today``, the rows before it are facts, as replan writes them (the
  sessions done, at their real times and lengths): they count in every rule that counts
  sessions or load, but the rules about where and how long a *planned* session may be
  (H-AVAIL, the length ranges) do not judge them - the athlete ran when they ran.
* Training outside the rows (``extra``: an unplanned ride, read from activity files by
  models/activities/actuals.py) counts as the re-planner counted it: in its week's load,
  against that week's cap and in the next week's ramp reference, and in the hiking done.
  Without it, a re-plan whose next week was allowed more after a ride would fail its cap.
* The race: a ``race`` row on the athlete's race day is the race itself, not a session the
  plan is judged by (no availability, count or overlap finding for it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd

from models.audit.checks import session_key
from models.audit.week import AuditReport, audit_plan, audit_week
from models.block.chain import AthleteChain
from models.block.extra_training import ExtraTraining
from models.block.phases import block_weeks
from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.domain.clock import monday_of
from models.domain.errors import InputError
from models.domain.plan import Session
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec, WeekTargets
from models.io.plan_rows import numbered_dates, row_dates, row_numbers, sessions_from_frame

BLOCK, ORDINARY = "block", "ordinary"
TARGET_MODES = (BLOCK, ORDINARY)
RACE = "race"  # the session type of the race itself
OVERLOAD = "P-OVERLOAD"


def block_targets(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                  catalogue: Catalogue) -> dict[date, WeekTargets]:
    """Monday -> the targets plan_block would have solved that week with, given the table."""
    walk = AthleteChain.start(athlete, rulebook, catalogue)
    return {spec.week_start: spec.targets
            for spec, _ in walk.replay(sessions_from_frame(frame, catalogue))
            if spec.week_start in walk.block}


def has_block(athlete: Athlete) -> bool:
    """The athlete file sets a block (weeks, a race or phases); else it has only a start."""
    return athlete.race is not None or athlete.weeks is not None or bool(athlete.phases)


def block_mondays(athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue) -> list[date]:
    """The Mondays of the athlete's block ([] without one). Raises the athlete file's
    InputError for a block that cannot be made - call it where errors name that file."""
    if not has_block(athlete):
        return []
    return [week.week_start for week in block_weeks(athlete, rulebook, catalogue)]


def athlete_rows(frame: pd.DataFrame, athlete: Athlete) -> pd.DataFrame:
    """The rows of ``athlete`` (those with a blank athlete_id too); all rows without the column."""
    if "athlete_id" not in frame.columns or not len(frame):
        return frame
    ids = frame["athlete_id"].fillna("").astype(str).str.strip()
    if not (ids == athlete.id).any():
        raise InputError(f"the table holds no rows of athlete '{athlete.id}'",
                         field="athlete_id")
    return frame[(ids == athlete.id) | (ids == "")]


def check_race_rows(rows: pd.DataFrame, athlete: Athlete) -> None:
    """A race row off race day is an error naming the row: the athlete file holds one race,
    and a row that is no race of theirs would be audited as a session of nobody's plan (at
    best an availability finding, at worst a phantom hard run beside the real race). The row
    on race day is the race: the walker takes it for the block's race
    (AthleteChain.replay), so it is judged as the race and nothing else."""
    if "session" not in rows.columns or not len(rows):
        return
    for position, (number, session) in enumerate(zip(row_numbers(rows), rows["session"])):
        if not (isinstance(session, str) and session.strip().lower() == RACE):
            continue
        day = row_dates(rows.iloc[[position]])
        if athlete.race is not None and day == [athlete.race.date]:
            continue
        when = (f"the athlete's race is on {athlete.race.date}" if athlete.race is not None
                else "the athlete file has no race")
        raise InputError(f"a race row on {day[0] if day else 'no date'}, but {when}; a "
                         "race row belongs on race day", field=f"row {number}, column 'session'")


# How far before the athlete's start, or after the end of their block (or their start, without
# one), a row may lie: a coach's plan may run on past the block, but a row years away is a
# mistyped year (2099 for 2027), and auditing every week up to it took minutes and printed
# thousands of empty-week findings (a date near the calendar's end overflowed).
PLAUSIBLE_SPAN = timedelta(days=2 * 366)


def check_row_dates(rows: pd.DataFrame, athlete: Athlete, block: list[date]) -> None:
    """An error naming the first row dated outside PLAUSIBLE_SPAN of the athlete's dates."""
    first = min([athlete.start, *block])
    last = max([athlete.start, *block]) + timedelta(days=6)
    for number, day in numbered_dates(rows):
        if not first - PLAUSIBLE_SPAN <= day <= last + PLAUSIBLE_SPAN:
            raise InputError(
                f"{day} is more than two years from the athlete's dates ({first} to {last}); "
                "check the year", field=f"row {number}, column 'date'")


def audited_mondays(rows: pd.DataFrame, athlete: Athlete,
                    block: list[date]) -> tuple[set[date], bool]:
    """(the Mondays to audit, whether the table is a lone week) - see the module doc."""
    written = {monday_of(day) for day in row_dates(rows)}
    if len(written) == 1 and sorted(written) != block:
        return written, True
    first = block or [monday_of(athlete.start)]
    mondays = {*first, *written}
    last = max(mondays)
    monday = min(mondays)
    while monday <= last:
        mondays.add(monday)
        monday += timedelta(days=7)
    return mondays, False


def table_walk(athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue, mondays: set[date],
               lone: bool, block: list[date], targets: str,
               extra: tuple[ExtraTraining, ...] = ()) -> AthleteChain:
    """The walker that gives each audited week its spec (module doc); ``extra`` counts in
    the weeks' loads and hiking as the re-planner counted it."""
    if targets not in TARGET_MODES:
        raise InputError(f"unknown targets '{targets}'; use {' or '.join(TARGET_MODES)}",
                         field="--targets")
    if targets == BLOCK and block and not lone:
        return AthleteChain.start(athlete, rulebook, catalogue, extra)
    return AthleteChain.ordinary(athlete, rulebook, catalogue, extra=extra, weeks=mondays)


def audit_table(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                catalogue: Catalogue, targets: str = BLOCK,
                today: date | None = None,
                extra: tuple[ExtraTraining, ...] = ()) -> AuditReport:
    """A plan table as read from a file (weekplan check): the athlete's rows, every week of
    the athlete's dates audited against the ``targets`` (block or ordinary; module doc).
    Rows before ``today`` are facts, ``extra`` the training done outside them (module doc)."""
    block = block_mondays(athlete, rulebook, catalogue)
    rows = athlete_rows(frame, athlete)
    check_race_rows(rows, athlete)
    check_row_dates(rows, athlete, block)
    mondays, lone = audited_mondays(rows, athlete, block)
    walk = table_walk(athlete, rulebook, catalogue, mondays, lone, block, targets, extra)
    report = AuditReport()
    for spec, week in walk.replay(sessions_from_frame(rows, catalogue)):
        reason = cap_reason(walk, spec)
        spec = with_past_as_facts(spec, week, today)
        report.findings += [
            replace(f, message=f"{f.message}; here {reason}")
            if f.rule_id == OVERLOAD and reason else f
            for f in audit_week(spec, week, rulebook, catalogue).findings]
    return report


def with_past_as_facts(spec: WeekSpec, week: list[Session], today: date | None) -> WeekSpec:
    """``spec`` with the week's sessions before ``today`` as fixed facts, as replan solved
    the week: the rules still count them, but no longer judge where or how long they were."""
    if today is None:
        return spec
    past = [s for s in week if s.date < today]
    if not past:
        return spec
    known = {session_key(s) for s in spec.fixed}
    fixed = [*spec.fixed, *(s for s in past if session_key(s) not in known)]
    return spec.model_copy(update={"fixed": tuple(sorted(fixed, key=lambda s: (s.date, s.start)))})


def cap_reason(walk: AthleteChain, spec: WeekSpec) -> str | None:
    """Which of P-OVERLOAD's limits set the week's cap (models/block/load_ramp.py), in words;
    read while the walker stands at the week, before it takes the week's load."""
    week = walk.block.get(spec.week_start)
    cap = spec.targets.max_load
    if week is None or cap is None:
        return None
    reference = walk.ramp.reference
    ramped = walk.ramp.ramp_limit(week)
    if ramped is not None and cap == ramped and ramped <= week.planned_load:
        if week.recovery and walk.ramp.recovery < 1:
            return (f"the cap is {walk.ramp.recovery:.0%} of {reference}, the load of the last "
                    "ordinary week (P-RECOVERY: a recovery week is lighter)")
        if week.recovery:
            return (f"the cap is {reference}, the load of the last ordinary week (a recovery "
                    "week is no heavier)")
        return (f"the cap is +{walk.ramp.ramp:.0%} over {reference}, the load of the last "
                "ordinary week")
    if cap == week.planned_load:
        return f"the cap is the week's planned load, {cap}"
    below = week.planned_load if ramped is None else min(week.planned_load, ramped)
    return (f"the cap is the lightest week the targets allow ({cap}; the ramp alone would "
            f"allow {below})")


def audit_athlete(frame: pd.DataFrame, athlete: Athlete, rulebook: Rulebook,
                  catalogue: Catalogue) -> AuditReport:
    """The athlete's rows of a typed plan table, audited week by week (see module doc)."""
    rows = frame[frame["athlete_id"] == athlete.id]
    weeks = pd.to_datetime(rows["week_start"]).dt.date.nunique()
    return audit_plan(rows, athlete, rulebook, catalogue, block=weeks > 1)
