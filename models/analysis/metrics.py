"""Training-load metrics of a plan table, in plain pandas (Foster 1998; Hulin/Williams ACWR).

Usable on any plan table with the docs/formats.md columns - a solver plan, a block, an imported
CSV (string cells are parsed) - for one athlete; ``weekly_metrics`` also takes a squad table
and works athlete by athlete. Definitions and the decisions they need:

* session load = rpe x minutes (session-RPE, Foster 2001); ``minutes`` may be derived from
  start/end, and a table without rpe falls back to its ``load`` column. ``rest`` rows are 0.
* daily load: the sum of a date's sessions over a full calendar - every day from the Monday
  of the first session (or ``start``) to the Sunday of the last (or ``end``), rest days 0.
* weekly load: the sum of the 7 daily loads of a Monday-Sunday week.
* monotony = mean / standard deviation of the week's 7 daily loads. The deviation is the
  population one (ddof=0): the 7 days are the whole week, not a sample of it, and Foster 1998
  defines the SD of the daily loads of the week without a small-sample correction (a sample
  SD, ddof=1, would give sqrt(6/7) = 0.926 times our monotony). Zero deviation: a week
  without load has monotony NaN (undefined: nothing was done) and strain 0; a week with the
  same positive load every day has monotony +inf (the most monotonous week there is), strain
  +inf. A solver plan never hits the second case (H-REST leaves a day free).
* strain = weekly load x monotony.
* ACWR, rolling (coupled, Hulin 2014): on each day, acute = the load of the last 7 days,
  chronic = the mean weekly load of the last 28 days (their sum / 4); ratio = acute /
  chronic. NaN before 28 days of calendar (the plan knows nothing of the weeks before it)
  and when chronic is 0.
* ACWR, EWMA (Williams 2017): exponentially weighted means of the daily load with spans 7
  (acute, decay 2/(7+1) = 0.25) and 28 days (chronic, decay 2/(28+1) = 0.069), seeded with
  the first day's load (pandas ``adjust=False``); ratio = acute / chronic, masked like the
  rolling form (NaN before day 28 or when chronic is 0) so the two read alike.

Weekly tables report the ACWR of the week's Sunday (the end of the week).
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from models.domain.errors import InputError

DDOF = 0            # population standard deviation (see module doc)
ACUTE_DAYS = 7
CHRONIC_DAYS = 28
ACUTE_SPAN = 7      # EWMA spans: decay = 2 / (span + 1)
CHRONIC_SPAN = 28


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(frame[column].replace("", np.nan), errors="coerce")


def session_minutes(frame: pd.DataFrame) -> pd.Series:
    """Minutes of every row: the ``minutes`` column, else (or where empty) end - start."""
    if "minutes" in frame.columns:
        minutes = _numbers(frame, "minutes")
        if not minutes.isna().any():
            return minutes
    if {"start", "end"} <= set(frame.columns):
        def clock(text: pd.Series) -> pd.Series:
            parts = text.astype(str).str.strip().str.split(":", expand=True)
            return pd.to_numeric(parts[0]) * 60 + pd.to_numeric(parts[1])
        derived = clock(frame["end"]) - clock(frame["start"])
        if "minutes" in frame.columns:
            return _numbers(frame, "minutes").fillna(derived)
        return derived
    raise InputError("the plan table needs a 'minutes' column or 'start' and 'end'",
                     field="minutes")


def session_load(frame: pd.DataFrame) -> pd.Series:
    """rpe x minutes of every row (int); rows of type 'rest' count 0."""
    if "rpe" in frame.columns and not _numbers(frame, "rpe").isna().all():
        load = _numbers(frame, "rpe") * session_minutes(frame)
        if "load" in frame.columns:
            load = load.fillna(_numbers(frame, "load"))
    elif "load" in frame.columns:
        load = _numbers(frame, "load")
    else:
        raise InputError("the plan table needs an 'rpe' (or a 'load') column", field="rpe")
    if load.isna().any():
        row = int(np.flatnonzero(load.isna().to_numpy())[0]) + 1
        raise InputError("no rpe x minutes can be read", field=f"row {row}")
    if "session" in frame.columns:
        load = load.where(frame["session"].astype(str).str.strip().str.lower() != "rest", 0)
    return load.round().astype("int64").rename("load")


def _one_athlete(frame: pd.DataFrame) -> None:
    if "athlete_id" in frame.columns and frame["athlete_id"].nunique() > 1:
        raise InputError("the table holds several athletes; use weekly_metrics or filter by "
                         "athlete_id", field="athlete_id")


def daily_load(frame: pd.DataFrame, start: date | None = None,
               end: date | None = None) -> pd.Series:
    """Load per calendar day (rest days 0), Monday of the first week to Sunday of the last."""
    _one_athlete(frame)
    dates = pd.to_datetime(frame["date"]).dt.normalize() if len(frame) else pd.Series(
        [], dtype="datetime64[ns]")
    if start is None and dates.empty:
        raise InputError("an empty plan table has no days; give start and end", field="date")
    first = pd.Timestamp(start) if start is not None else dates.min()
    last = pd.Timestamp(end) if end is not None else dates.max()
    first -= pd.Timedelta(days=first.weekday())
    last += pd.Timedelta(days=6 - last.weekday())
    loads = session_load(frame) if len(frame) else pd.Series([], dtype="int64")
    per_day = loads.groupby(dates.to_numpy()).sum() if len(frame) else loads
    calendar = pd.date_range(first, last, freq="D", name="date")
    return per_day.reindex(calendar, fill_value=0).astype("int64").rename("load")


def _weeks(daily: pd.Series):
    return daily.groupby(daily.index - pd.to_timedelta(daily.index.day_of_week, unit="D"))


def weekly_load(daily: pd.Series) -> pd.Series:
    """Sum of each Monday-Sunday week's daily loads, indexed by the Monday."""
    return _weeks(daily).sum().rename("weekly_load").rename_axis("week_start")


def monotony_of(loads) -> float:
    """Foster's monotony of one week's daily loads (zero deviation: see module doc)."""
    values = np.asarray(loads, dtype=float)
    mean, sd = values.mean(), values.std(ddof=DDOF)
    if sd == 0:
        return math.nan if mean == 0 else math.inf
    return float(mean / sd)


def monotony(daily: pd.Series) -> pd.Series:
    """Monotony of each Monday-Sunday week, indexed by the Monday."""
    return _weeks(daily).apply(monotony_of).rename("monotony").rename_axis("week_start")


def strain(daily: pd.Series) -> pd.Series:
    """Weekly load x monotony (0 for a week without load)."""
    load, mono = weekly_load(daily), monotony(daily)
    return (load * mono).where(load > 0, 0.0).rename("strain")


def acwr(daily: pd.Series) -> pd.Series:
    """Rolling acute:chronic ratio on each day: last 7 days / (last 28 days / 4)."""
    acute = daily.rolling(ACUTE_DAYS, min_periods=ACUTE_DAYS).sum()
    chronic = daily.rolling(CHRONIC_DAYS, min_periods=CHRONIC_DAYS).sum() / (
        CHRONIC_DAYS / ACUTE_DAYS)
    return (acute / chronic.where(chronic > 0)).rename("acwr")


def acwr_ewma(daily: pd.Series) -> pd.Series:
    """EWMA acute:chronic ratio on each day (spans 7 and 28, see module doc)."""
    values = daily.astype(float)
    acute = values.ewm(span=ACUTE_SPAN, adjust=False).mean()
    chronic = values.ewm(span=CHRONIC_SPAN, adjust=False).mean()
    ratio = acute / chronic.where(chronic > 0)
    ratio.iloc[: CHRONIC_DAYS - 1] = np.nan
    return ratio.rename("acwr_ewma")


WEEKLY_COLUMNS = ("week_start", "load", "monotony", "strain", "acwr", "acwr_ewma")


def _weekly_one(frame: pd.DataFrame, start: date | None, end: date | None) -> pd.DataFrame:
    """The weekly table of one athlete. The calendar runs Monday to Sunday, so the week
    figures come from a (weeks x 7) array at once; the same definitions as weekly_load,
    monotony and strain above (tests/test_metrics.py checks both against hand values)."""
    daily = daily_load(frame, start, end)
    days = daily.to_numpy(dtype=float).reshape(-1, 7)
    load = days.sum(axis=1)
    mean, sd = days.mean(axis=1), days.std(axis=1, ddof=DDOF)
    with np.errstate(divide="ignore", invalid="ignore"):
        mono = np.where(sd == 0, np.where(mean == 0, np.nan, np.inf), mean / sd)
    strain_values = np.where(load > 0, load * mono, 0.0)
    sundays = daily.index[6::7]
    table = pd.DataFrame({
        "week_start": daily.index[::7].rename(None), "load": load.astype("int64"),
        "monotony": mono, "strain": strain_values,
        "acwr": acwr(daily).reindex(sundays).to_numpy(),
        "acwr_ewma": acwr_ewma(daily).reindex(sundays).to_numpy(),
    })
    return table


def per_athlete(frame: pd.DataFrame, one, columns, start: date | None = None,
                end: date | None = None) -> pd.DataFrame:
    """``one(rows, start, end)`` for each athlete of the table, with an ``athlete_id``
    column first when the table has one (a one-athlete table is not split)."""
    if "athlete_id" not in frame.columns or frame["athlete_id"].nunique() <= 1:
        table = one(frame, start, end)
        if "athlete_id" in frame.columns and len(frame):
            table.insert(0, "athlete_id", str(frame["athlete_id"].iloc[0]))
        return table
    parts = [one(group, start, end).assign(athlete_id=str(athlete))
             for athlete, group in frame.groupby("athlete_id", sort=True)]
    return pd.concat(parts, ignore_index=True)[["athlete_id", *columns]]


def weekly_metrics(frame: pd.DataFrame, start: date | None = None,
                   end: date | None = None) -> pd.DataFrame:
    """One row per athlete-week: load, monotony, strain, ACWR (rolling and EWMA) on Sunday."""
    return per_athlete(frame, _weekly_one, WEEKLY_COLUMNS, start, end)

