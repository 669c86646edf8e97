"""Periodisation: the phase and the targets of every week of a block, before any solving.

A block runs from ``athlete.start`` for ``athlete.weeks`` weeks, or up to and including the
week of ``athlete.race`` (both given: they must agree). It is split, counting from the end:

* taper - the last 2 weeks (1 in blocks under 10 weeks);
* peak  - the 2 weeks before (1 in blocks of 4-7 weeks, none under 4);
* build - half of what is left, rounded down;
* base  - the rest (so base >= build).

e.g. 12 weeks: 4 base, 4 build, 2 peak, 2 taper; 16: 6-6-2-2; 8: 3-2-2-1; 3: base, build,
taper; 1: taper. With P-TAPER (round 2) only a race brings a taper: a block given by
``weeks`` has none (its weeks go to base and build: 12 weeks 5-5-2), and a long race (a
marathon, or expected over 4 h) tapers 3 weeks in blocks of 12 weeks or more (P-TAPER off,
round 1: the split above for every block). ``athlete.phases`` (one name a week) overrides
the split.

Targets of week i (the rules and their parameters are in the rulebook, P-*; a P-* rule of
kind ``off`` is simply not applied):

* P-STRENGTH-TAPER: strength = the athlete's number (else H-STRENGTH-COUNT's target) clamped
  to the phase's range [lo, hi], base adding ``base_extra`` first, never above the athlete's
  number outside base; a peak week ``peak_less`` fewer (at least 1); the race week at most
  ``race_week`` and none when no day of it lies outside H-RACE-EVE's strength_hours; a
  recovery week ``recovery_less`` fewer (at least 1). Round 2: base and build = the number
  (never raised), peak one fewer, taper 1; round 1: base 2-3 with one extra session. An
  athlete who asked for 0 strength sessions gets none. Taper weeks are ``maintenance``.
* P-BEGINNER: a beginner's first ``weeks`` (2) weeks hold exactly ``strength`` (2) sessions,
  ``bodyweight_only``; later weeks add load (not bodyweight only). A taper week wins over it
  (maintenance, 1 session). At most ``max_runs`` runs; no quality run before week
  ``quality_from_week`` (``quality_runs`` False, no ``key_quality``), short quality runs
  after it; ``long_ratio``; the first week's volume (models/block/volume.py).
* P-VOLUME, P-TAPER: each week's running minutes (``run_minutes``), models/block/volume.py,
  never below the fewest minutes the week's runs can hold (``least_volume``) nor above the
  most they hold at the athlete's own lengths (``most_volume``, ``longest_runs``).
  Taper weeks of a race keep the runs and hold ``short_quality``; the race week no long run,
  its runs within 1 of ordinary (fewer only when its volume cannot hold them).
* P-RECOVERY: a recovery week's hiking is at most ``load`` (0.8) x the week before's (no
  P-HIKE-BASE raise; ``recovery_hiking``), its strength one session fewer (at least 1), its
  volume 0.8 x the week before.
* P-OVERLOAD: the long run grows linearly from the athlete's length (their own or the
  catalogue default) to ``long_peak_factor`` x it (within the catalogue range and the
  athlete's longest window), reached at the first peak week; taper weeks run
  ``taper_factor`` x the peak length. Every ``recovery_every``-th week of the block that is a
  base or build week is a lighter *recovery* week: long run x ``recovery_factor``, one run
  fewer (at least RECOVERY_MIN_RUNS with P-RECOVERY), no more strength than the reference
  week. The planned load of a week may exceed the last ordinary week's (the reference) by at
  most ``ramp`` (+10 %); above that the long
  run, hiking, strength and runs are cut back towards the reference (see _cut_to_ramp).
  Recovery weeks, race weeks and weeks cut by availability are not references.
* P-HIKE-BASE: weekly hiking = the athlete's hike_minutes x the phase factor (base and
  recovery weeks above 1) x (1 + ``per_1000m`` per 1000 m of race climbing, at most
  ``elevation_max``), rounded to 5 min. An athlete without a hiking target gets none.
* S-SPECIFICITY: a build or peak week's ``key_quality`` is the quality type the race asks
  for (models/block/specificity.py): hill for a hilly or trail race, else tempo; a
  recovery week asks no tempo (its one quality run is S-HILL-SPRINT's).
* The race week: no long run (P-TAPER; without it the race replaces the long run: runs -
  long). The race day holds only the race (``race_day_free`` closes it; the chain adds the
  race as a fixed session, models/block/race.py).
* Availability: the long run never exceeds the week's longest window (dated exceptions
  included); a week whose longest window cannot hold the shortest long run gets none.

The planned load of a week (P-OVERLOAD's measure) is the load of its targets if the runs
were the long run(s), one hill session (when S-HILL-SPRINT is active and the week allows
quality), a session of the week's key quality type when S-SPECIFICITY asks for one that is
not a hill (a tempo run for a flat race: the week then holds two quality runs, as the two
rules ask) and easy runs - with a volume target, easy running for the rest of the volume.
Leaving that tempo run out made the cap of a flat-race build week too low for its own
volume target: the solver had to drop the tempo run or run short. The solved week's own
load is capped from it and from the loads of the weeks before (models/block/load_ramp.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pandas as pd
from pydantic import BaseModel, ConfigDict

from models.domain.athlete import Athlete, Level
from models.domain.catalogue import Catalogue, MinuteRange
from models.domain.clock import monday_of
from models.domain.errors import InputError
from models.domain.lengths import long_range
from models.domain.rules import Rulebook
from models.domain.week import WeekTargets, default_targets
from models.block.specificity import key_quality
from models.block.volume import least_volume, most_volume, taper_fractions, week_volumes

PHASES: tuple[str, ...] = ("base", "build", "peak", "taper")
MAX_BLOCK_WEEKS = 104
STEP = 5  # minutes: lengths and hiking targets are multiples of 5


class PhaseWeek(BaseModel):
    """One week of a block: where it stands and what it should hold."""

    model_config = ConfigDict(frozen=True)

    week: int               # 1-based
    week_start: date
    phase: str
    recovery: bool = False  # P-OVERLOAD's lighter week
    race_week: bool = False
    targets: WeekTargets
    planned_load: int = 0   # rpe x minutes of the targets (see module doc)
    ramp_reference: bool = True  # P-OVERLOAD's reference (not recovery, race or cut week)
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------- block length and phases

def block_length(athlete: Athlete) -> int:
    """Weeks of the block: until the race week inclusive, else ``weeks``, else len(phases)."""
    weeks = athlete.weeks
    if athlete.race is not None:
        race_weeks = (monday_of(athlete.race.date) - athlete.start).days // 7 + 1
        if race_weeks > MAX_BLOCK_WEEKS:
            raise InputError(f"the race is {race_weeks} weeks after the start; "
                             f"plan at most {MAX_BLOCK_WEEKS}", field="race.date")
        if weeks is not None and weeks != race_weeks:
            raise InputError(f"weeks ({weeks}) disagrees with the race date "
                             f"({race_weeks} weeks up to the race week); drop one of them",
                             field="weeks")
        weeks = race_weeks
    if weeks is None and athlete.phases:
        weeks = len(athlete.phases)
    if weeks is None:
        raise InputError("no block length; give weeks: N or race: {date: YYYY-MM-DD}",
                         field="weeks")
    return weeks


def split_phases(weeks: int, taper: int | None = None) -> list[str]:
    """The default split of a block of ``weeks`` weeks (see module doc); ``taper``: that many
    taper weeks instead (0: none, P-TAPER without a race - the weeks go to base and build)."""
    if taper is None:
        taper = 2 if weeks >= 10 else 1
    peak = 2 if weeks >= 8 else 1 if weeks >= 4 else 0
    peak = min(peak, max(0, weeks - taper))
    rest = max(0, weeks - taper - peak)
    build = rest // 2
    base = rest - build
    return ["base"] * base + ["build"] * build + ["peak"] * peak + ["taper"] * taper


def taper_length(athlete: Athlete, rulebook: Rulebook, weeks: int) -> int | None:
    """P-TAPER's number of taper weeks for a block of ``weeks`` (None: the split's own).

    No race: none. A race: 2 weeks, 3 for a long race (volume.taper_fractions) in a block of
    12 weeks or more; blocks under 10 weeks keep the split's single taper week."""
    if not rulebook.applies("P-TAPER"):
        return None
    fractions = taper_fractions(athlete, rulebook)
    if not fractions:
        return 0
    if weeks < 10:
        return 1
    return len(fractions) if weeks >= 12 else min(2, len(fractions))


def phase_names(athlete: Athlete, rulebook: Rulebook | None = None) -> list[str]:
    """Each week's phase: the athlete's own list when given, else the default split (with
    ``rulebook``: P-TAPER decides the taper - none without a race)."""
    weeks = block_length(athlete)
    if not athlete.phases:
        taper = None if rulebook is None else taper_length(athlete, rulebook, weeks)
        return split_phases(weeks, taper)
    names = [str(name).strip().lower() for name in athlete.phases]
    for n, name in enumerate(names):
        if name not in PHASES:
            raise InputError(f"unknown phase '{athlete.phases[n]}'; use {', '.join(PHASES)}",
                             field=f"phases.{n}")
    if len(names) != weeks:
        raise InputError(f"{len(names)} phases for a block of {weeks} weeks; give one a week",
                         field="phases")
    return names


# ---------------------------------------------------------------- helpers

def round5(value: float) -> int:
    """Nearest multiple of 5 minutes, halves up (127.5 -> 130; 175 x 0.7 -> 125, not 120:
    the product is rounded to 6 decimals first so float noise cannot turn a half down)."""
    return STEP * math.floor(round(value / STEP, 6) + 0.5)




def _params(rulebook: Rulebook, rule_id: str) -> dict:
    return dict(rulebook[rule_id].params) if rule_id in rulebook.rules else {}


def longest_window(athlete: Athlete, days: list[date] | None = None) -> int:
    """Minutes of the longest window on the given dates (exceptions applied), else weekly."""
    if days is None:
        windows = [w for day in athlete.availability.values() for w in day]
    else:
        windows = [w for day in days for w in athlete.windows_on(day)]
    return max((w.minutes for w in windows), default=0)


def strength_for_phase(phase: str, asked: int, rulebook: Rulebook) -> int:
    """P-STRENGTH-TAPER: strength sessions of a week in ``phase`` (see module doc)."""
    if asked <= 0 or not rulebook.applies("P-STRENGTH-TAPER"):
        return max(asked, 0)
    params = _params(rulebook, "P-STRENGTH-TAPER")
    low, high = (int(x) for x in params[phase])
    if phase == "base":
        return min(max(asked + int(params.get("base_extra", 1)), low), high)
    count = min(max(asked, low), high, asked)
    if phase == "peak":
        count = min(count, max(1, asked - int(params.get("peak_less") or 0)))
    return count


def recovery_strength(count: int, rulebook: Rulebook) -> int:
    """P-RECOVERY / P-STRENGTH-TAPER: a recovery week's strength, one session fewer (at
    least 1; an athlete without strength stays without)."""
    if count <= 0:
        return count
    if rulebook.applies("P-STRENGTH-TAPER"):
        less = int(_params(rulebook, "P-STRENGTH-TAPER").get("recovery_less") or 0)
    else:
        less = 1 if rulebook.applies("P-RECOVERY") else 0
    return max(1, count - less)


def race_week_strength(count: int, athlete: Athlete, rulebook: Rulebook) -> int:
    """P-STRENGTH-TAPER's race week: at most ``race_week`` (1) sessions, and none when no
    whole day of the race week lies before H-RACE-EVE's strength_hours (a race before
    Saturday)."""
    if not rulebook.applies("P-STRENGTH-TAPER") or athlete.race is None:
        return count
    most = _params(rulebook, "P-STRENGTH-TAPER").get("race_week")
    if most is None:
        return count
    count = min(count, int(most))
    if rulebook.applies("H-RACE-EVE"):
        hours = float(rulebook.param("H-RACE-EVE", "strength_hours"))
        free_days = athlete.race.date.weekday() - math.ceil(hours / 24)  # Mondays onwards
        if free_days < 1:
            count = 0
    return count


# With P-RECOVERY a recovery week runs one run fewer, but never fewer than this (nor more
# than the week would; round 1 went down to the long run alone): a beginner's two-run week
# cut to one long run could not hold its 0.8 x volume where H-SESSION-SPIKE capped that run
# (60 minutes asked, 50 allowed), and halving a novice's running days is a break, not a
# lighter week.
RECOVERY_MIN_RUNS = 2


def recovery_share(rulebook: Rulebook) -> float:
    """P-RECOVERY's ``load``: the share of the last ordinary week a recovery week holds at
    most (P-OVERLOAD's cap, the hiking it keeps); 1.0 with the rule off - no heavier, as in
    round 1."""
    if not rulebook.applies("P-RECOVERY"):
        return 1.0
    return float(rulebook["P-RECOVERY"].params.get("load", 0.8))


def recovery_hiking(before: int, rulebook: Rulebook) -> int:
    """The most hiking a recovery week holds after a week of ``before`` minutes: P-RECOVERY's
    ``load`` x it, rounded down to 5 minutes. "Not raised" kept a week's 180 minutes of
    hiking whole under a cap of 0.8 x that week's load, so the runs took the whole cut (two
    recovery weeks of the example squad 11 % short of their volume)."""
    return STEP * math.floor(round(before * recovery_share(rulebook) / STEP, 6))


def hike_factor(phase: str, recovery: bool, athlete: Athlete, rulebook: Rulebook) -> float:
    """P-HIKE-BASE: the multiplier of the athlete's weekly hiking target."""
    if not rulebook.applies("P-HIKE-BASE"):
        return 1.0
    params = _params(rulebook, "P-HIKE-BASE")
    raised = recovery and not rulebook.applies("P-RECOVERY")  # P-RECOVERY: not raised
    factor = float(params["recovery"] if raised else params[phase])
    if athlete.race is not None and athlete.race.elevation_m:
        extra = float(params["per_1000m"]) * athlete.race.elevation_m / 1000
        factor *= 1 + min(extra, float(params["elevation_max"]))
    return factor


def planned_load(targets: WeekTargets, catalogue: Catalogue, rulebook: Rulebook) -> int:
    """rpe x minutes of a week holding these targets: the quality runs its rules ask for (a
    hill session, and S-SPECIFICITY's key type when that is not a hill), the rest of the
    volume easy - or, in a week without an easy run, on the long run. (Left out, it priced a
    recovery week of a long run and a sprint at their planned lengths only, and P-OVERLOAD's
    cap, which is never above the planned load, held that week to 140 of its 165 minutes.)"""
    minutes = targets.minutes

    def load(name: str, count: int = 1, length: int | None = None) -> int:
        kind = catalogue[name]
        return count * kind.rpe * (minutes.get(name, kind.minutes.default)
                                   if length is None else length)

    others = targets.runs - targets.long
    quality = (1 if others >= 1 and rulebook.applies("S-HILL-SPRINT") and targets.quality_runs
               else 0)
    key = targets.key_quality
    second = (1 if key is not None and key != "hill" and others - quality >= 1
              and rulebook.applies("S-SPECIFICITY") else 0)
    easy_runs = others - quality - second
    rest_load = load("easy", easy_runs)  # the rest of the volume
    if targets.run_minutes is not None:
        rest = (targets.run_minutes - targets.long * minutes.get("long", 0)
                - quality * minutes.get("hill", catalogue["hill"].minutes.default)
                - (minutes.get(key, catalogue[key].minutes.default) if second else 0))
        if easy_runs > 0:  # as easy runs
            rest_load = catalogue["easy"].rpe * max(rest,
                                                    easy_runs * catalogue["easy"].minutes.min)
        elif targets.long and rest > 0:  # no easy run: on the long run
            rest_load = catalogue["long"].rpe * rest
    return (load("long", targets.long) + load("hill", quality)
            + (load(key, second) if second else 0) + rest_load
            + load("strength", targets.strength) + load("hike", 1, targets.hike_minutes))


# ---------------------------------------------------------------- the weeks

@dataclass
class _Draft:
    """A week's targets while they are being worked out (mutable, then frozen)."""

    runs: int
    long: int
    long_min: int
    strength: int
    hike: int
    notes: list[str] = field(default_factory=list)

    def targets(self, base: WeekTargets, **flags) -> WeekTargets:
        minutes = {**base.minutes, "long": self.long_min}
        return WeekTargets(runs=self.runs, long=self.long, strength=self.strength,
                           hike_minutes=self.hike, minutes=minutes, **flags)


def own_longest(athlete: Athlete, name: str, low: int, high: int) -> int:
    """The longest a session of type ``name`` may last in the range ``low``-``high``: the
    athlete's own length fixes it when inside (as the week model's ``run_lengths`` does)."""
    length = athlete.targets.minutes.get(name)
    return length if length is not None and low <= length <= high else high


def longest_runs(athlete: Athlete, catalogue: Catalogue,
                 allowed: MinuteRange) -> tuple[int, int]:
    """The longest long run (``allowed``: its level's range) and the longest other easy run
    or jog the athlete allows."""
    others = [own_longest(athlete, n, catalogue[n].minutes.min, catalogue[n].minutes.max)
              for n in catalogue.schedulable
              if catalogue[n].running and not catalogue[n].hard and n != "long"]
    return own_longest(athlete, "long", allowed.min, allowed.max), max(others, default=0)


def quality_longest(athlete: Athlete, catalogue: Catalogue, rulebook: Rulebook,
                    key: str | None, short: bool) -> list[int]:
    """The longest each quality run a week plans lasts (as ``planned_load`` counts them:
    S-HILL-SPRINT's hill, then S-SPECIFICITY's key type when it is not a hill); at the short
    end of its range in ``short`` weeks."""
    names = ["hill"] if rulebook.applies("S-HILL-SPRINT") else []
    if key is not None and key != "hill" and rulebook.applies("S-SPECIFICITY"):
        names.append(key)
    lengths = []
    for name in names:
        kind = catalogue[name].minutes
        lengths.append(own_longest(athlete, name, kind.min, kind.min if short else kind.max))
    return lengths


def quality_shortest(catalogue: Catalogue, rulebook: Rulebook, key: str | None) -> list[int]:
    """The shortest each quality run a week plans can last: S-HILL-SPRINT's session (a
    hill, or a sprint when the week has no hill key), S-SPECIFICITY's key type."""
    lengths = []
    if rulebook.applies("S-HILL-SPRINT"):
        names = ("hill",) if key == "hill" else ("hill", "sprint")
        lengths.append(min(catalogue[n].minutes.min for n in names))
    if key is not None and key != "hill" and rulebook.applies("S-SPECIFICITY"):
        lengths.append(catalogue[key].minutes.min)
    return lengths


def low_share(rulebook: Rulebook) -> float:
    """S-INTENSITY's ``min_low`` (0 with the rule off)."""
    if not rulebook.applies("S-INTENSITY"):
        return 0.0
    return float(_params(rulebook, "S-INTENSITY").get("min_low", 0.75))


def _long_lengths(athlete: Athlete, phases: list[str], start: int, longest: int,
                  catalogue: Catalogue, rulebook: Rulebook) -> list[int]:
    """Each week's long-run length before recovery and availability cuts."""
    allowed = long_range(athlete, rulebook, catalogue)
    if not rulebook.applies("P-OVERLOAD"):
        return [start] * len(phases)
    params = _params(rulebook, "P-OVERLOAD")
    peak = min(round5(start * float(params["long_peak_factor"])), allowed.max)
    if longest >= allowed.min:
        peak = min(peak, longest // STEP * STEP)
    if "peak" in phases:
        top = phases.index("peak")
    else:
        top = max((i for i, p in enumerate(phases) if p != "taper"), default=0)
    peak = max(peak, start) if top > 0 else start  # no weeks to grow in: keep the length
    taper = max(round5(peak * float(params["taper_factor"])), allowed.min)
    lengths = []
    for i, phase in enumerate(phases):
        if phase == "taper":
            lengths.append(min(taper, peak))
        elif i >= top:
            lengths.append(peak)
        else:
            lengths.append(round5(start + (peak - start) * i / top))
    return lengths


def _cut_to_ramp(draft: _Draft, reference: _Draft, cap: int, load) -> None:
    """P-OVERLOAD: cut the week back towards the reference week until its load fits ``cap``.

    Cuts go in order - long run (5 min steps), hiking (5 min), strength, runs - never below
    the reference week's value; then the cuts are given back, last first, wherever the week
    still fits, so a single big step (one more strength session) does not also cost the
    long run its progression.
    """
    before = load(draft)
    cuts: list[tuple[str, int]] = []
    for name, step in (("long_min", STEP), ("hike", STEP), ("strength", 1), ("runs", 1)):
        floor = min(getattr(draft, name), getattr(reference, name))
        while load(draft) > cap and getattr(draft, name) - step >= floor:
            setattr(draft, name, getattr(draft, name) - step)
            cuts.append((name, step))
    for name, step in reversed(cuts):
        setattr(draft, name, getattr(draft, name) + step)
        if load(draft) > cap:
            setattr(draft, name, getattr(draft, name) - step)
    draft.long = min(draft.long, draft.runs)
    if load(draft) != before:
        draft.notes.append(f"ramp: planned load {before} cut to {load(draft)} (cap {cap})")


def block_weeks(athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue) -> list[PhaseWeek]:
    """The phase, targets and planned load of every week of the athlete's block."""
    phases = phase_names(athlete, rulebook)
    base = default_targets(athlete, rulebook, catalogue)
    asked = base.strength
    allowed = long_range(athlete, rulebook, catalogue)  # H-LONG-CAP's range for the level
    lengths = _long_lengths(athlete, phases, base.minutes["long"], longest_window(athlete),
                            catalogue, rulebook)
    overload = _params(rulebook, "P-OVERLOAD") if rulebook.applies("P-OVERLOAD") else None
    beginner = (_params(rulebook, "P-BEGINNER")
                if athlete.level is Level.beginner and rulebook.applies("P-BEGINNER") else None)

    def load(d: _Draft) -> int:
        return planned_load(d.targets(base), catalogue, rulebook)

    race_weeks = [athlete.race is not None and i == len(phases) - 1 for i in range(len(phases))]
    recoveries = [overload is not None and phase in ("base", "build")
                  and (i + 1) % int(overload["recovery_every"]) == 0 and not race_weeks[i]
                  for i, phase in enumerate(phases)]
    long_max, other_max = longest_runs(athlete, catalogue, allowed)
    ratio = float(beginner["long_ratio"]) if beginner and beginner.get("long_ratio") else None
    runs = min(base.runs, int(beginner["max_runs"])) \
        if beginner and beginner.get("max_runs") is not None else base.runs
    ordinary_most = most_volume(  # an ordinary build week's
        runs, min(base.long, runs), long_max, other_max, ratio,
        quality_longest(athlete, catalogue, rulebook, key_quality(athlete, "build", rulebook),
                        short=bool(beginner and int(beginner.get("quality_from_week") or 1) > 1)),
        low_share(rulebook))
    volumes = week_volumes(athlete, rulebook, phases, recoveries, ordinary_most)
    wanted = week_volumes(athlete, rulebook, phases, recoveries)  # before the most
    tapering = bool(taper_fractions(athlete, rulebook))  # P-TAPER with a race
    shortest_run = min((catalogue[n].minutes.min for n in catalogue.schedulable
                        if catalogue[n].running and n != "long"), default=STEP)
    weeks: list[PhaseWeek] = []
    reference: _Draft | None = None
    previous: _Draft | None = None
    for i, phase in enumerate(phases):
        monday = athlete.start + timedelta(weeks=i)
        number = i + 1
        race_week, recovery = race_weeks[i], recoveries[i]
        draft = _Draft(runs=base.runs, long=base.long, long_min=lengths[i],
                       strength=strength_for_phase(phase, asked, rulebook),
                       hike=round5(base.hike_minutes * hike_factor(phase, recovery, athlete,
                                                                    rulebook)))
        bodyweight_only = base.bodyweight_only
        quality_runs, short_quality, long_ratio = True, False, None
        if beginner is not None:
            bodyweight_only = number <= int(beginner["weeks"]) and phase != "taper"
            if bodyweight_only and asked > 0:
                draft.strength = int(beginner["strength"])
            if beginner.get("max_runs") is not None and draft.runs > int(beginner["max_runs"]):
                draft.runs = int(beginner["max_runs"])
                draft.long = min(draft.long, draft.runs)
            quality_from = int(beginner.get("quality_from_week") or 1)
            quality_runs = number >= quality_from
            short_quality = quality_from > 1  # round 1 (1): quality from the start, any length
            if beginner.get("long_ratio") is not None:
                long_ratio = float(beginner["long_ratio"])
        ordinary_runs, ordinary_long = draft.runs, draft.long
        if recovery:
            draft.long_min = max(round5(lengths[i] * float(overload["recovery_factor"])),
                                 allowed.min)
            fewest = (min(draft.runs, RECOVERY_MIN_RUNS) if rulebook.applies("P-RECOVERY")
                      else draft.long)
            draft.runs = max(fewest, draft.runs - 1)
            if reference is not None:  # a lighter week adds no strength session
                draft.strength = min(draft.strength, reference.strength)
            if rulebook.applies("P-RECOVERY"):
                draft.strength = recovery_strength(draft.strength, rulebook)
                if previous is not None:
                    draft.hike = min(draft.hike, recovery_hiking(previous.hike, rulebook))
        if tapering and phase == "taper":
            short_quality = True
        if race_week:
            draft.strength = race_week_strength(draft.strength, athlete, rulebook)
            if tapering and volumes[i] is not None:  # P-TAPER: frequency kept (within 1)
                fit = volumes[i] // shortest_run
                draft.runs = max(ordinary_runs - 1, min(ordinary_runs, fit), 0)
                draft.long = 0
                draft.notes.append("race week: no long run; the race is the week's key session")
            else:
                draft.runs, draft.long = max(0, ordinary_runs - ordinary_long), 0
                draft.notes.append("race week: the race replaces the long run")
        fits = longest_window(athlete, [monday + timedelta(days=d) for d in range(7)])
        fits = fits // STEP * STEP
        limited = bool(draft.long) and draft.long_min > fits
        if limited and fits < allowed.min:
            draft.notes.append(f"no window of {allowed.min} min for a long run")
            draft.long = 0
        elif limited:
            draft.notes.append(f"long run cut to the longest window ({fits} min)")
            draft.long_min = fits
        if overload is not None and reference is not None:
            cap = int((1 + float(overload["ramp"])) * load(reference))
            _cut_to_ramp(draft, reference, cap, load)
        if not recovery and not race_week and not limited:
            reference = replace(draft, notes=[])
        previous = replace(draft, notes=[])
        volume = volumes[i]
        key = key_quality(athlete, phase, rulebook, recovery) if quality_runs else None
        if volume is not None:
            quality = (quality_longest(athlete, catalogue, rulebook, key, short_quality)
                       if quality_runs else [])
            ordinary = not (recovery or race_week or phase == "taper")
            min_low = low_share(rulebook) if ordinary else 0.0
            most = most_volume(draft.runs, draft.long, long_max, other_max, long_ratio, quality,
                               min_low)
            least = least_volume(draft.runs, draft.long, allowed.min, shortest_run, long_ratio,
                                 quality_shortest(catalogue, rulebook, key) if quality_runs
                                 else [],
                                 min_low)
            volume = max(min(volume, most), least)
            if wanted[i] is not None and wanted[i] > volume == most:
                draft.notes.append(f"volume cut {wanted[i]} -> {most} min: the most "
                                   f"{draft.runs} runs hold at the athlete's lengths")
        targets = draft.targets(base, bodyweight_only=bodyweight_only,
                                maintenance=phase == "taper"
                                and rulebook.applies("P-STRENGTH-TAPER"),
                                phase=phase,
                                key_quality=key,
                                run_minutes=volume, recovery=recovery,
                                race_week=race_week, short_quality=short_quality,
                                long_ratio=long_ratio, quality_runs=quality_runs)
        weeks.append(PhaseWeek(
            week=number, week_start=monday, phase=phase, recovery=recovery,
            race_week=race_week, targets=targets,
            planned_load=planned_load(targets, catalogue, rulebook),
            ramp_reference=not recovery and not race_week and not limited,
            notes=tuple(draft.notes),
        ))
    return weeks


# ---------------------------------------------------------------- hiking per period

def hike_due(weekly: list[int], delivered: list[int], index: int, period_weeks: int) -> int:
    """S-HIKE-VOLUME over periods: hiking minutes still due by the end of week ``index``.

    Weeks are grouped into periods of ``period_weeks`` (2: fortnights) counted from the start
    of the block. The first week of a period is due its own weekly target; a later week is
    due the period's targets so far minus what the period's earlier weeks delivered (never
    below 0). With ``period_weeks`` 2: week 1 of a fortnight is due T1, week 2 is due
    max(0, T1 + T2 - hiked in week 1). ``delivered`` holds each earlier week's hiking minutes.
    """
    period = max(1, int(period_weeks))
    first = index - index % period
    due = sum(weekly[first:index + 1]) - sum(delivered[first:index])
    return max(0, due)


def hike_period(rulebook: Rulebook) -> int:
    """S-HIKE-VOLUME's period in weeks (1 when the rule is off or has no period)."""
    rule = rulebook.rules.get("S-HIKE-VOLUME")
    if rule is None or not rule.is_active:
        return 1
    return max(1, int(rule.params.get("period_weeks", 1)))


def race_day_free(athlete: Athlete) -> Athlete:
    """The athlete as a block is planned: the race date holds no session (the race is the
    session) unless the athlete gave that date an exception of their own."""
    race = athlete.race
    if race is None or race.date in athlete.exceptions:
        return athlete
    return athlete.model_copy(update={"exceptions": {**athlete.exceptions, race.date: []}})


def targets_frame(weeks: list[PhaseWeek]) -> pd.DataFrame:
    """The targets as a table (one row a week), e.g. for ``weekplan phases``."""
    rows = [{
        "week": w.week, "week_start": w.week_start, "phase": w.phase,
        "recovery": w.recovery, "race_week": w.race_week, "runs": w.targets.runs,
        "run_minutes": w.targets.run_minutes, "long": w.targets.long,
        "long_min": w.targets.minutes.get("long", 0) if w.targets.long else 0,
        "strength": w.targets.strength, "bodyweight_only": w.targets.bodyweight_only,
        "maintenance": w.targets.maintenance, "hike_min": w.targets.hike_minutes,
        "planned_load": w.planned_load, "key_quality": w.targets.key_quality or "",
        "notes": "; ".join(w.notes),
    } for w in weeks]
    return pd.DataFrame(rows)
