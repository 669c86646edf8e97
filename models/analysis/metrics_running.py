"""Running volume and intensity of each week of a plan table: what a coach reads first.

The load metrics (models/analysis/metrics.py) mix runs, strength and hikes into one number;
a coach prescribes running minutes and checks how much of them is easy. Definitions:

* running minutes (``run_min``): the minutes of the week's runs - easy, jog and long (low
  intensity) and tempo, hill and sprint (high intensity). The race is not training volume
  and is left out, as S-VOLUME and P-TAPER leave it out; strength, hikes and rest are not
  running.
* low-intensity share (``low_share``): low-intensity running minutes / running minutes. A
  quality session counts whole as high intensity, warm-up and cool-down included (stricter
  than time in zone, as S-INTENSITY counts). NaN for a week without running: there is no
  share of nothing.

Weeks run Monday to Sunday over the same calendar as ``weekly_metrics`` (the Monday of the
first session, or ``start``, to the week of the last, or ``end``), so the two tables join
on ``week_start``.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from models.analysis.metrics import per_athlete, session_minutes
from models.domain.errors import InputError

LOW_INTENSITY = ("easy", "jog", "long")
HIGH_INTENSITY = ("tempo", "hill", "sprint")
RUNNING_COLUMNS = ("week_start", "run_min", "low_share")


def _mondays(dates: pd.Series, start: date | None, end: date | None) -> pd.DatetimeIndex:
    if (start is None or end is None) and dates.empty:
        raise InputError("an empty plan table has no weeks; give start and end", field="date")
    first = pd.Timestamp(start) if start is not None else dates.min()
    last = pd.Timestamp(end) if end is not None else dates.max()
    first -= pd.Timedelta(days=first.weekday())
    return pd.date_range(first, last, freq="7D")


def _weekly_one(frame: pd.DataFrame, start: date | None, end: date | None) -> pd.DataFrame:
    dates = (pd.to_datetime(frame["date"]).dt.normalize() if len(frame)
             else pd.Series([], dtype="datetime64[ns]"))
    mondays = _mondays(dates, start, end)
    low = high = pd.Series(0.0, index=mondays)
    if len(frame):
        kind = frame["session"].astype(str).str.strip().str.lower()
        minutes = session_minutes(frame).astype(float)
        monday = (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).to_numpy()

        def per_week(types: tuple[str, ...]) -> pd.Series:
            return (minutes.where(kind.isin(types), 0.0).groupby(monday).sum()
                    .reindex(mondays, fill_value=0.0))
        low, high = per_week(LOW_INTENSITY), per_week(HIGH_INTENSITY)
    running = (low + high).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(running > 0, low.to_numpy() / running, np.nan)
    return pd.DataFrame({"week_start": mondays.rename(None),
                         "run_min": running.round().astype("int64"), "low_share": share})


def weekly_running(frame: pd.DataFrame, start: date | None = None,
                   end: date | None = None) -> pd.DataFrame:
    """One row per athlete-week: running minutes (race left out) and their low-intensity
    share; with an ``athlete_id`` column when the table has one."""
    return per_athlete(frame, _weekly_one, RUNNING_COLUMNS, start, end)
