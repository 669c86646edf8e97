"""What a coach checks in a generated block: the eight acceptance measures, in plain pandas.

The measures read only the plan table (docs/formats.md columns) and the athlete, never the
solver or the auditor's checks, so they judge any plan - ours under any rulebook, or a
coach's own - by one yardstick. The week structure (phase, recovery week, race week, the
volume target) comes from the periodisation of a *reference* rulebook
(``models.block.phases.block_weeks``), the same for every plan compared; the plan's own
rulebook plays no part.

The measures (a coach's acceptance of a block, round 2):

1. weekly running minutes within +-10 % of the week's volume target, counted over all weeks
   and over the weeks whose availability allows it (models/analysis/volume_capacity.py: the
   athlete's windows and the length ranges can place the week's runs with a total inside
   the band); no week-on-week rise above 20 % (a week after a lighter week excepted);
2. Foster monotony <= 2.0 every week, median <= 1.6; weekend share of the load <= 0.6;
3. low-intensity share of running minutes >= 0.75 (median over ordinary weeks);
4. the race: nothing hard in the 48 h and no strength in the 96 h before it, a ``race``
   row on race day, nothing but a walk of at most 45 min in the 2 days after it;
5. a hilly or trail race: a hill session in >= 80 % of build and peak weeks;
6. taper: race-week running minutes (race not counted) <= 60 % of the peak week's, the run
   count within 1 of an ordinary week's; no taper without a race;
7. no week under its volume target whose runs are padded with short jogs or easy runs
   while their windows had room;
8. no strength on consecutive days; a true rest day (no run, no strength, hike <= 60 min)
   every week; no run over 1.1 x the longest of the previous 30 days; the long run inside
   its level's range (beginner 40-90, intermediate 75-150, advanced 90-180 min, +30 for a
   race of 30 km or more); no hike over 60 min the day before a long or quality run.

Definitions and the decisions they need (docs/rules.md, session types):

* running minutes: easy, jog, long, tempo, hill and sprint; the ``race`` is never counted.
  Low intensity: easy, jog, long; tempo, hill and sprint count whole as high.
* daily load: the ``load`` column summed per date; a week is Monday-Sunday, days without a
  row count 0; monotony is Foster's (``models.analysis.metrics.monotony_of``).
* a week with no session at all (a week the solver found no plan for) is *not measured*:
  it is counted in the first row instead, so an infeasible week is not a "rest week".
* a lighter week (measure 1): a recovery week of the block, or one with fewer running
  minutes than the week before it.
* the race starts at ``race.start`` when the athlete gives one, else 07:00 local time; a
  session is "in the 48 h before" when it ends after race start - 48 h.
* the peak week (measure 6) is the week with the most running minutes before the taper;
  a block without a race "tapers" when each of its last 2 weeks holds at most 80 % of it.
* a filler run (measure 7) is a jog or an easy run of at most 30 min; the window "had room"
  when it could have held the run 10 min longer.
* the longest run before the plan (measure 8) is ``current.longest_min`` when the athlete
  gives it, else the level's long-run minimum; it counts for the first 30 days.

``review(blocks)`` gives one row per check: the number of cases (``count``) out of how many
(``of``), a ``value`` where the measure is a median or a share, and ``text`` for tables.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from models.analysis.metrics import monotony_of
from models.analysis.volume_capacity import WeekRuns, capacity
from models.block.phases import PhaseWeek, block_weeks
from models.block.specificity import hilly
from models.domain.athlete import Athlete, Level
from models.domain.catalogue import Catalogue
from models.domain.clock import parse_hhmm
from models.domain.errors import InputError
from models.domain.rules import Rulebook

TRAINING_RUNS = ("easy", "jog", "long", "tempo", "hill", "sprint")
LOW_INTENSITY = ("easy", "jog", "long")
QUALITY = ("tempo", "hill", "sprint")
RACE = "race"

VOLUME_BAND = 0.10          # 1: +-10 % of the target
MAX_RISE = 0.20             # 1: week-on-week rise
MAX_MONOTONY = 2.0          # 2
MAX_MEDIAN_MONOTONY = 1.6
MAX_WEEKEND_SHARE = 0.6
MIN_LOW_SHARE = 0.75        # 3
HARD_BEFORE_H = 48          # 4
STRENGTH_BEFORE_H = 96
DAYS_AFTER_RACE = 2
WALK_AFTER_MAX = 45         # minutes of the one walk allowed after the race
MIN_HILL_SHARE = 0.8        # 5
TAPER_SHARE = 0.6           # 6: race week at most this share of the peak week
RUNS_KEPT_WITHIN = 1
TAPER_WITHOUT_RACE = 0.8    # a block's last 2 weeks both this much lighter: a taper
FILLER_TYPES = ("jog", "easy")  # 7
FILLER_MAX = 30
FILLER_ROOM = 10
REST_HIKE_MAX = 60          # 8
SPIKE = 0.10
SPIKE_DAYS = 30
EVE_HIKE_MAX = 60
LONG_RANGE = {Level.beginner: (40, 90), Level.intermediate: (75, 150),
              Level.advanced: (90, 180)}
LONG_RACE_KM, LONG_RACE_EXTRA = 30, 30
DEFAULT_RACE_START = "07:00"


@dataclass
class AthleteBlock:
    """One athlete's plan rows and the weeks of their block (from the reference rulebook)."""

    athlete: Athlete
    plan: pd.DataFrame
    weeks: list[PhaseWeek]


@dataclass
class Measure:
    """One row of the review: ``count`` cases of ``of``, or a ``value`` (median, share)."""

    measure: str
    check: str
    count: int | None = None
    of: int | None = None
    value: float | None = None
    unit: str = "weeks"
    note: str = ""

    @property
    def text(self) -> str:
        if self.note and self.count is None and self.value is None:
            return self.note
        parts = []
        if self.value is not None:
            parts.append("n/a" if math.isnan(self.value) else f"{self.value:.2f}")
        if self.count is not None:
            counted = f"{self.count} of {self.of} {self.unit}"
            parts.append(f"({counted})" if parts else counted)
        if self.note:
            parts.append(self.note)
        return " ".join(parts)


# ---------------------------------------------------------------- input

def prepared(plan: pd.DataFrame) -> pd.DataFrame:
    """The columns the measures use, typed (text cells parsed), in time order."""
    frame = plan[["athlete_id", "date", "session", "start", "minutes", "load"]].copy()
    frame["athlete_id"] = frame["athlete_id"].astype(str)
    frame["date"] = pd.to_datetime(frame["date"]).dt.normalize().astype("datetime64[ns]")
    frame["session"] = frame["session"].astype(str).str.strip().str.lower()
    frame["start"] = frame["start"].astype(str)
    frame["minutes"] = pd.to_numeric(frame["minutes"]).astype(int)
    frame["load"] = pd.to_numeric(frame["load"]).astype(int)
    frame["monday"] = frame["date"] - pd.to_timedelta(frame["date"].dt.day_of_week, unit="D")
    frame["begins"] = frame["date"] + pd.to_timedelta(frame["start"].map(parse_hhmm), unit="m")
    frame["ends"] = frame["begins"] + pd.to_timedelta(frame["minutes"], unit="m")
    return frame.sort_values(["date", "begins"]).reset_index(drop=True)


def athlete_blocks(plan: pd.DataFrame, athletes: Iterable[Athlete], rulebook: Rulebook,
                   catalogue: Catalogue) -> tuple[list[AthleteBlock], list[str]]:
    """Each athlete with a block and their plan rows; the ids left out, with why."""
    frame = prepared(plan)
    blocks, skipped = [], []
    for athlete in athletes:
        try:
            weeks = block_weeks(athlete, rulebook, catalogue)
        except InputError as error:
            skipped.append(f"{athlete.id}: {error}")
            continue
        rows = frame[frame["athlete_id"] == athlete.id].reset_index(drop=True)
        blocks.append(AthleteBlock(athlete, rows, weeks))
    return blocks, skipped


# ---------------------------------------------------------------- one row per week

def daily_table(block: AthleteBlock) -> pd.DataFrame:
    """One row per day of the block: load, and whether it was a true rest day (no run, no
    strength, at most a short hike)."""
    plan = block.plan
    first = pd.Timestamp(block.weeks[0].week_start)
    days = pd.date_range(first, periods=7 * len(block.weeks), freq="D")
    busy = plan["session"].isin((*TRAINING_RUNS, RACE, "strength"))
    hike = plan["minutes"].where(plan["session"] == "hike", 0)
    per_day = (plan.assign(busy=busy, hike=hike).groupby("date")
               .agg(load=("load", "sum"), busy=("busy", "any"), hike=("hike", "sum"))
               .reindex(days).fillna({"load": 0, "busy": False, "hike": 0}))
    per_day["rest"] = ~per_day["busy"].astype(bool) & (per_day["hike"] <= REST_HIKE_MAX)
    return per_day


def week_table(block: AthleteBlock) -> pd.DataFrame:
    """One row per week of the block: what the measures read of it."""
    plan, athlete = block.plan, block.athlete
    per_day = daily_table(block)
    loads = per_day["load"].to_numpy(dtype=float).reshape(-1, 7)
    rest = per_day["rest"].to_numpy().reshape(-1, 7)
    runs = plan[plan["session"].isin(TRAINING_RUNS)]
    filler = runs.apply(lambda row: _filler_with_room(athlete, row), axis=1) \
        if len(runs) else pd.Series(dtype=bool)
    by_week = pd.DataFrame({
        "sessions": plan.groupby("monday").size(),
        "run_minutes": runs.groupby("monday")["minutes"].sum(),
        "runs": runs.groupby("monday").size(),
        "low_minutes": runs[runs["session"].isin(LOW_INTENSITY)]
        .groupby("monday")["minutes"].sum(),
        "hills": plan[plan["session"] == "hill"].groupby("monday").size(),
        "fillers_with_room": runs[filler.astype(bool)].groupby("monday").size()
        if len(runs) else pd.Series(dtype=int),
    })
    mondays = [pd.Timestamp(w.week_start) for w in block.weeks]
    by_week = by_week.reindex(mondays).fillna(0).astype(int)
    return pd.DataFrame({
        "week": [w.week for w in block.weeks], "week_start": mondays,
        "phase": [w.phase for w in block.weeks],
        "recovery": [w.recovery for w in block.weeks],
        "race_week": [w.race_week for w in block.weeks],
        "target": [w.targets.run_minutes for w in block.weeks],
        "planned": by_week["sessions"].to_numpy() > 0,
        "run_minutes": by_week["run_minutes"].to_numpy(),
        "runs": by_week["runs"].to_numpy(),
        "low_minutes": by_week["low_minutes"].to_numpy(),
        "load": loads.sum(axis=1).astype(int),
        "monotony": [monotony_of(week) for week in loads],
        "weekend_load": loads[:, 5:].sum(axis=1).astype(int),
        "rest_days": rest.sum(axis=1),
        "hills": by_week["hills"].to_numpy(),
        "fillers_with_room": by_week["fillers_with_room"].to_numpy(),
        "volume_allowed": [volume_allowed(athlete, w) for w in block.weeks],
    })


def volume_allowed(athlete: Athlete, week: PhaseWeek) -> bool:
    """The athlete's windows and the length ranges let the week reach +-10 % of its volume
    target (False without a target)."""
    target = week.targets.run_minutes
    if target is None:
        return False
    race = athlete.race
    closed = race.date if race is not None and week.race_week else None
    runs = WeekRuns(monday=week.week_start, runs=week.targets.runs, long=week.targets.long,
                    target=target, long_ratio=week.targets.long_ratio, closed=closed)
    return capacity(athlete, runs, long_range(athlete)).allows(target)


def is_filler(session: str, minutes: int) -> bool:
    return session in FILLER_TYPES and minutes <= FILLER_MAX


def _filler_with_room(athlete: Athlete, row) -> bool:
    """A short jog or easy run in a window that could have held it 10 min longer."""
    if not is_filler(row.session, row.minutes):
        return False
    start = parse_hhmm(row.start)
    for window in athlete.windows_on(row.date.date()):
        if window.start <= start < window.end:
            return window.minutes >= row.minutes + FILLER_ROOM
    return False


def _planned(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["planned"]] if len(table) else table


# ---------------------------------------------------------------- the measures

def coverage(blocks: list[AthleteBlock], tables: list[pd.DataFrame]) -> list[Measure]:
    weeks = sum(len(t) for t in tables)
    planned = sum(int(t["planned"].sum()) for t in tables if len(t))
    return [Measure("0", "weeks measured (weeks without any session left out)",
                    planned, weeks, unit=f"weeks, {len(blocks)} athletes")]


def volume(blocks: list[AthleteBlock], tables: list[pd.DataFrame]) -> list[Measure]:
    """1: running minutes inside +-10 % of the volume target; rises above 20 %."""
    with_target = [t[t["target"].notna()] for t in map(_planned, tables)]
    n = sum(len(t) for t in with_target)
    inside = sum(int(_in_band(t).sum()) for t in with_target)
    allowed = sum(int(t["volume_allowed"].sum()) for t in with_target)
    inside_allowed = sum(int((_in_band(t) & t["volume_allowed"]).sum()) for t in with_target)
    rises = pairs = 0
    for table in tables:
        minutes, planned = table["run_minutes"], table["planned"]
        before, earlier = minutes.shift(1), minutes.shift(2)
        both = planned & planned.shift(1, fill_value=False)
        lighter = (table["recovery"].shift(1, fill_value=False) | (before == 0)
                   | (before < earlier))
        pairs += int(both.sum())
        rises += int((both & ~lighter & (minutes > (1 + MAX_RISE) * before)).sum())
    band = Measure("1", "weekly running minutes within +-10 % of the volume target",
                   inside, n) if n else Measure(
        "1", "weekly running minutes within +-10 % of the volume target",
        note="n/a (no volume target)")
    check = ("weeks whose availability allows +-10 % of the volume target: running minutes "
             "within it")
    possible = Measure("1", check, inside_allowed, allowed) if n else Measure(
        "1", check, note="n/a (no volume target)")
    return [band, possible,
            Measure("1", "week-on-week rise > 20 % (not after a lighter week)", rises, pairs,
                    unit="week pairs")]


def _in_band(table: pd.DataFrame) -> pd.Series:
    return (table["run_minutes"] - table["target"]).abs() <= VOLUME_BAND * table["target"]


def monotony_and_weekend(blocks: list[AthleteBlock],
                         tables: list[pd.DataFrame]) -> list[Measure]:
    """2: monotony <= 2.0 every week, median <= 1.6; weekend share of load <= 0.6."""
    planned = [t for t in map(_planned, tables) if len(t)]
    values = [m for t in planned for m in t["monotony"] if not math.isnan(m)]
    medians = [statistics.median(ms) for t in planned
               if (ms := [m for m in t["monotony"] if not math.isnan(m)])]
    weekend = [t[(~t["race_week"]) & (t["load"] > 0)] for t in planned]
    shares = [s for t in weekend for s in t["weekend_load"] / t["load"]]
    return [
        Measure("2", "weeks with monotony > 2.0", sum(m > MAX_MONOTONY for m in values),
                len(values)),
        Measure("2", "median weekly monotony (<= 1.6); athletes whose median is above",
                sum(m > MAX_MEDIAN_MONOTONY for m in medians), len(medians),
                value=statistics.median(values) if values else math.nan, unit="athletes"),
        Measure("2", "weeks with weekend share of load > 0.6 (race weeks left out)",
                sum(s > MAX_WEEKEND_SHARE for s in shares), len(shares),
                value=statistics.median(shares) if shares else math.nan),
    ]


def intensity(blocks: list[AthleteBlock], tables: list[pd.DataFrame]) -> list[Measure]:
    """3: low-intensity share of running minutes, median over ordinary weeks >= 0.75.

    The measure is a block's: each athlete's median over their ordinary weeks is judged
    (as measure 2's median monotony is). The share over every athlete's weeks at once, and
    its median, are shown beside it; that median alone can sit at 0.75 while a third of
    the athletes are below it."""
    shares, medians = [], []
    for table in map(_planned, tables):
        if not len(table):
            continue
        ordinary = table[table["phase"].isin(("base", "build", "peak")) & ~table["recovery"]
                         & ~table["race_week"] & (table["run_minutes"] > 0)]
        own = list(ordinary["low_minutes"] / ordinary["run_minutes"])
        shares += own
        if own:
            medians.append(statistics.median(own))
    return [Measure("3", "low-intensity share of running minutes, median of ordinary weeks "
                         "(>= 0.75); weeks below 0.75",
                    sum(s < MIN_LOW_SHARE for s in shares), len(shares),
                    value=statistics.median(shares) if shares else math.nan),
            Measure("3", "low-intensity share, each athlete's median of ordinary weeks; "
                         "athletes whose median is below 0.75",
                    sum(m < MIN_LOW_SHARE for m in medians), len(medians), unit="athletes")]


def race_start(athlete: Athlete) -> pd.Timestamp:
    """The race's start: its date at ``race.start`` when given, else at 07:00."""
    start = getattr(athlete.race, "start", None) or DEFAULT_RACE_START
    if isinstance(start, int):  # minutes after midnight
        minutes = start
    else:
        minutes = parse_hhmm(start.strftime("%H:%M") if hasattr(start, "strftime")
                             else str(start))
    return pd.Timestamp(athlete.race.date) + pd.Timedelta(minutes=minutes)


def _raced(blocks: list[AthleteBlock]) -> list[AthleteBlock]:
    return [b for b in blocks if b.athlete.race is not None]


def race_days(blocks: list[AthleteBlock], tables: list[pd.DataFrame]) -> list[Measure]:
    """4: nothing hard 48 h and no strength 96 h before the race; a race row; 2 quiet days."""
    raced = _raced(blocks)
    hard = strength = missing = after = 0
    for block in raced:
        plan, start = block.plan, race_start(block.athlete)
        before = plan[(plan["begins"] < start) & (plan["session"] != RACE)]
        hard += bool((before["session"].isin(("long", *QUALITY))
                      & (before["ends"] > start - pd.Timedelta(hours=HARD_BEFORE_H))).any())
        strength += bool(((before["session"] == "strength")
                          & (before["ends"] > start - pd.Timedelta(hours=STRENGTH_BEFORE_H)))
                         .any())
        day = pd.Timestamp(block.athlete.race.date)
        missing += not ((plan["date"] == day) & (plan["session"] == RACE)).any()
        later = plan[(plan["date"] > day)
                     & (plan["date"] <= day + pd.Timedelta(days=DAYS_AFTER_RACE))]
        walk = (later["session"] == "hike") & (later["minutes"] <= WALK_AFTER_MAX)
        after += bool((~walk).any())
    n = len(raced)
    return [
        Measure("4", "races with a hard run in the 48 h before", hard, n, unit="races"),
        Measure("4", "races with strength in the 96 h before", strength, n, unit="races"),
        Measure("4", "races without a `race` row on race day", missing, n, unit="races"),
        Measure("4", "races followed by more than a walk <= 45 min in the 2 days after",
                after, n, unit="races"),
    ]


def hills(blocks: list[AthleteBlock], tables: list[pd.DataFrame]) -> list[Measure]:
    """5: a hilly or trail race asks for a hill session in >= 80 % of build and peak weeks."""
    weeks = with_hill = below = athletes = 0
    for block, table in zip(blocks, tables):
        if not hilly(block.athlete) or not len(table):
            continue
        key = _planned(table)
        key = key[key["phase"].isin(("build", "peak"))]
        if not len(key):
            continue
        athletes += 1
        weeks += len(key)
        hit = int((key["hills"] > 0).sum())
        with_hill += hit
        below += hit < MIN_HILL_SHARE * len(key)
    return [
        Measure("5", "build and peak weeks with a hill session, hilly or trail athletes",
                with_hill, weeks, value=with_hill / weeks if weeks else math.nan),
        Measure("5", "hilly or trail athletes with a hill session in < 80 % of those weeks",
                below, athletes, unit="athletes"),
    ]


def taper(blocks: list[AthleteBlock], tables: list[pd.DataFrame]) -> list[Measure]:
    """6: race week <= 60 % of the peak week's running minutes, runs kept within 1; no
    taper without a race."""
    deep = runs_changed = races = false_tapers = unraced = 0
    for block, table in zip(blocks, tables):
        planned = _planned(table)
        if not len(planned):
            continue
        before_taper = planned[planned["phase"] != "taper"]
        peak = before_taper["run_minutes"].max() if len(before_taper) else 0
        if block.athlete.race is None:
            unraced += 1
            last = planned.iloc[-2:]
            false_tapers += bool(len(planned) > 2 and peak and
                                 (last["run_minutes"] <= TAPER_WITHOUT_RACE * peak).all())
            continue
        race_week = planned[planned["race_week"]]
        if not len(race_week) or not peak:
            continue
        races += 1
        week = race_week.iloc[0]
        deep += week["run_minutes"] > TAPER_SHARE * peak
        ordinary = planned[planned["phase"].isin(("base", "build", "peak"))
                           & ~planned["recovery"]]
        if len(ordinary):
            usual = statistics.median(ordinary["runs"])
            runs_changed += abs(week["runs"] - usual) > RUNS_KEPT_WITHIN
    return [
        Measure("6", "race weeks with running minutes (race not counted) > 60 % of the peak "
                     "week's", deep, races, unit="races"),
        Measure("6", "race weeks whose run count is not within 1 of an ordinary week's",
                runs_changed, races, unit="races"),
        Measure("6", "blocks without a race whose last 2 weeks are each <= 80 % of the peak "
                     "week's running minutes (a taper)", false_tapers, unraced, unit="blocks"),
    ]


def fillers(blocks: list[AthleteBlock], tables: list[pd.DataFrame]) -> list[Measure]:
    """7: weeks below the volume target that still hold short runs in roomy windows."""
    with_target = [t[t["target"].notna()] for t in map(_planned, tables)]
    n = sum(len(t) for t in with_target)
    padded = sum(int(((t["run_minutes"] < (1 - VOLUME_BAND) * t["target"])
                      & (t["fillers_with_room"] > 0)).sum()) for t in with_target)
    runs = [b.plan[b.plan["session"].isin(TRAINING_RUNS)] for b in blocks]
    total = sum(len(r) for r in runs)
    short = sum(int((r["session"].isin(FILLER_TYPES) & (r["minutes"] <= FILLER_MAX)).sum())
                for r in runs)
    check = "weeks under the volume target with a jog/easy run <= 30 min in a roomier window"
    return [
        Measure("7", check, padded, n) if n else Measure("7", check,
                                                         note="n/a (no volume target)"),
        Measure("7", "runs that are a jog or an easy run <= 30 min", short, total,
                value=short / total if total else math.nan, unit="runs"),
    ]


def longest_before(athlete: Athlete) -> int:
    """The longest run before the plan: ``current.longest_min``, else the level's minimum."""
    current = getattr(athlete, "current", None)
    given = getattr(current, "longest_min", None)
    return int(given) if given else LONG_RANGE[athlete.level][0]


def long_range(athlete: Athlete) -> tuple[int, int]:
    low, high = LONG_RANGE[athlete.level]
    race = athlete.race
    if race is not None and (race.distance_km or 0) >= LONG_RACE_KM:
        high += LONG_RACE_EXTRA
    return low, high


def _spikes(runs: pd.DataFrame, athlete: Athlete, weeks: list[PhaseWeek]) -> int:
    """Runs longer than (1 + SPIKE) x the longest run of the 30 days before them."""
    if not len(runs):
        return 0
    first = min(pd.Timestamp(weeks[0].week_start), runs["date"].min())
    before = pd.Timedelta(days=SPIKE_DAYS)
    days = pd.date_range(first - before, runs["date"].max(), freq="D")
    longest = runs.groupby("date")["minutes"].max().reindex(days, fill_value=0)
    history = longest.rolling(SPIKE_DAYS, min_periods=1).max().shift(1, fill_value=0)
    start = pd.Timestamp(athlete.start)
    earlier = history.reindex(runs["date"]).to_numpy()
    opening = (runs["date"] - before < start).to_numpy() * longest_before(athlete)
    cap = pd.Series(earlier).combine(pd.Series(opening), max).to_numpy()
    return int(((cap > 0) & (runs["minutes"].to_numpy() > (1 + SPIKE) * cap)).sum())


def spacing_and_lengths(blocks: list[AthleteBlock],
                        tables: list[pd.DataFrame]) -> list[Measure]:
    """8: strength spacing, a true rest day, single-run spikes, long-run range, heavy eves."""
    consecutive = strength_total = no_rest = weeks = 0
    spikes = runs_total = outside = longs = eves = big_hikes = 0
    for block, table in zip(blocks, tables):
        plan, athlete = block.plan, block.athlete
        days = plan.loc[plan["session"] == "strength", "date"].sort_values()
        strength_total += len(days)
        consecutive += int((days.diff() <= pd.Timedelta(days=1)).sum())
        planned = _planned(table)
        weeks += len(planned)
        no_rest += int((planned["rest_days"] == 0).sum()) if len(planned) else 0
        runs = plan[plan["session"].isin(TRAINING_RUNS)]
        runs_total += len(runs)
        spikes += _spikes(runs, athlete, block.weeks)
        low, high = long_range(athlete)
        long_minutes = runs.loc[runs["session"] == "long", "minutes"]
        longs += len(long_minutes)
        outside += int(((long_minutes < low) | (long_minutes > high)).sum())
        key_days = set(plan.loc[plan["session"].isin(("long", *QUALITY)), "date"])
        hikes = plan[(plan["session"] == "hike") & (plan["minutes"] > EVE_HIKE_MAX)]
        big_hikes += len(hikes)
        eves += sum(day + pd.Timedelta(days=1) in key_days for day in hikes["date"])
    return [
        Measure("8", "strength sessions the day after another", consecutive, strength_total,
                unit="strength sessions"),
        Measure("8", "weeks without a true rest day (no run, no strength, hike <= 60 min)",
                no_rest, weeks),
        Measure("8", "runs > 1.1 x the longest of the previous 30 days", spikes, runs_total,
                unit="runs"),
        Measure("8", "long runs outside the level's range", outside, longs,
                unit="long runs"),
        Measure("8", "hikes > 60 min the day before a long or quality run", eves, big_hikes,
                unit="hikes > 60 min"),
    ]


MEASURES: tuple[Callable[[list[AthleteBlock], list[pd.DataFrame]], list[Measure]], ...] = (
    coverage, volume, monotony_and_weekend, intensity, race_days, hills, taper, fillers,
    spacing_and_lengths,
)


def measures(blocks: list[AthleteBlock]) -> list[Measure]:
    """Every check of every measure, in order."""
    tables = [week_table(block) for block in blocks]
    return [row for measure in MEASURES for row in measure(blocks, tables)]


def review(blocks: list[AthleteBlock]) -> pd.DataFrame:
    """One row per check: measure, check, count, of, value, text."""
    rows = [{"measure": m.measure, "check": m.check, "count": m.count, "of": m.of,
             "value": m.value, "text": m.text} for m in measures(blocks)]
    return pd.DataFrame(rows, columns=["measure", "check", "count", "of", "value", "text"])


def review_table(groups: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Several groups' reviews side by side: measure, check, then one text column a group."""
    first = next(iter(groups.values()))
    table = first[["measure", "check"]].copy()
    for name, frame in groups.items():
        table[name] = frame["text"].to_numpy()
    return table


def markdown(table: pd.DataFrame) -> str:
    """A pipe table (the README's form), without a dependency on tabulate."""
    def cells(values) -> str:
        return "| " + " | ".join(str(v).replace("|", "\\|") for v in values) + " |"

    lines = [cells(table.columns), cells(["---"] * len(table.columns))]
    lines += [cells(row) for row in table.itertuples(index=False)]
    return "\n".join(lines)
