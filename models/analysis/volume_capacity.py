"""Whether an athlete's availability lets a week reach its volume target (coach measure 1).

The coach's measure 1 asks for weekly running minutes within +-10 % of the target "wherever
availability allows". This module says where it allows, from the athlete's windows and the
length ranges alone - never the solver, the plan's own history or the athlete's preferred
lengths - so any plan of the athlete is judged by the same yardstick:

* the week's runs: its run count and long runs from the block's targets (the race week
  holds no long run and its race day no training: that day's windows do not count);
* lengths: a long run inside its level's range (``long_range``), any other run between
  the shortest and the longest any other run type of the catalogue allows (a jog's 20 and
  an easy run's 90 minutes in sessions.yaml);
* placing: a run lies inside one window and a window holds one run; a day holds at most
  2 runs (H-OVERLAP) and at least one day of the week holds none (H-REST);
* the most minutes: the long run in each window that can hold it in turn, then the other
  runs in the windows that hold most of theirs (greedy under the day limits: a placing that
  exists, so never above the exact best; only when the rest day binds can it fall a little
  short of it); the fewest: every run at its shortest,
  the others at least the long run's shortest / ``long_ratio`` when the targets set one
  (P-BEGINNER), on the 5-minute grid;
* the week *allows* its target when its windows can place the runs at all and
  [fewest, most] meets [target - 10 %, target + 10 %].

A week whose windows allow it and whose plan still misses the band is the plan's miss; a
week they do not allow is the availability's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from models.block.volume import least_volume
from models.domain.athlete import Athlete
from models.domain.catalogue import RACE, default_catalogue


def _other_runs() -> tuple[int, int]:
    """The shortest and longest minutes of a run that is neither the long run nor a race."""
    kinds = [t for name, t in default_catalogue().types.items()
             if t.running and name not in ("long", RACE)]
    return min(t.minutes.min for t in kinds), max(t.minutes.max for t in kinds)


SHORTEST_RUN, LONGEST_RUN = _other_runs()
RUNS_PER_DAY = 2    # H-OVERLAP's max_per_day
REST_DAYS = 1       # H-REST's min_days
BAND = 0.10


@dataclass(frozen=True)
class WeekRuns:
    """What the capacity test reads of a week: its Monday, runs and volume target."""

    monday: date
    runs: int
    long: int
    target: int | None
    long_ratio: float | None = None
    closed: date | None = None   # a day without training (race day)


@dataclass(frozen=True)
class Capacity:
    """The fewest and most running minutes the week's windows and lengths allow; ``most``
    is None when the windows cannot place the week's runs at all."""

    least: int
    most: int | None

    def allows(self, target: int) -> bool:
        """[least, most] meets the +-10 % band around ``target``."""
        if self.most is None:
            return False
        low, high = math.ceil((1 - BAND) * target - 1e-9), math.floor((1 + BAND) * target + 1e-9)
        return self.least <= high and self.most >= low


def least_minutes(week: WeekRuns, long_min: int) -> int:
    """Every run at its shortest: the long run at its level's, the others at a jog's (or at
    the long run's shortest / long_ratio when the week sets one) - what P-VOLUME's floor
    counts (models/block/volume.py)."""
    return least_volume(week.runs, week.long, long_min, SHORTEST_RUN, week.long_ratio)


def most_minutes(week: WeekRuns, windows_on: Callable[[date], list[int]],
                 long_range: tuple[int, int]) -> int | None:
    """The most running minutes the windows hold (module doc); None: the runs do not fit."""
    long_min, long_max = long_range
    days = [week.monday + timedelta(days=d) for d in range(7)]
    slots = [(day, minutes) for day in days if day != week.closed
             for minutes in windows_on(day)]
    best: int | None = None
    long_choices = [i for i, (_, m) in enumerate(slots) if m >= long_min] if week.long else [None]
    for chosen in long_choices:
        total, used, per_day = 0, set(), {}
        if chosen is not None:
            day, minutes = slots[chosen]
            total += min(minutes, long_max)
            used.add(chosen)
            per_day[day] = 1
        others = sorted((i for i, (_, m) in enumerate(slots)
                         if i not in used and m >= SHORTEST_RUN),
                        key=lambda i: -min(slots[i][1], LONGEST_RUN))
        placed = 0
        for i in others:
            if placed == week.runs - week.long:
                break
            day, minutes = slots[i]
            if per_day.get(day, 0) >= RUNS_PER_DAY:
                continue
            if day not in per_day and len(per_day) >= 7 - REST_DAYS:
                continue
            per_day[day] = per_day.get(day, 0) + 1
            total += min(minutes, LONGEST_RUN)
            placed += 1
        if placed == week.runs - week.long and (best is None or total > best):
            best = total
    return best


def capacity(athlete: Athlete, week: WeekRuns, long_range: tuple[int, int]) -> Capacity:
    """The week's fewest and most running minutes (module doc)."""
    def windows_on(day: date) -> list[int]:
        return [w.minutes for w in athlete.windows_on(day)]

    return Capacity(least_minutes(week, long_range[0]),
                    most_minutes(week, windows_on, long_range))
