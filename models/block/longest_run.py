"""H-SESSION-SPIKE's reference: the longest run of the 30 days before a week's runs.

A run more than 10 % longer than the longest of the previous 30 days raises the injury risk
(Frandsen et al. 2025), so each week of a block is told a longest run
(``WeekTargets.longest_run``) that holds for every day of it: the longest of the 24 days
before its Monday, which lie within the 30 days before each of its days. (A 95-minute run
26 days before a Monday no longer counts for that week's Sunday; with the 30 days before
the Monday as the reference, a Sunday run of 100 minutes passed where the rule allows 99.)
The runs earlier in the same week are left out: they could only raise a later run's cap,
so the reference is on the safe side.

The block's chain (models/block/chain.py) knows the runs of the weeks it recorded - planned,
or in re-planning done; the race is no reference. Before the first recorded week the
athlete's ``current.longest_min`` stands in for the unknown past, else the level's shortest
long run (models/domain/prior_longest.py, which a lone week uses alone). Weeks
after a break without runs never go below the smaller of the two: a month off leaves the
athlete a short run, not none.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from models.domain.plan import Session
from models.block.race import is_race

WINDOW_DAYS = 30
# The days before a Monday that lie in the WINDOW_DAYS before every day of its week: a run
# of the 25th to 30th day before the Monday has left the window by the week's Sunday.
WEEK_WINDOW_DAYS = WINDOW_DAYS - 6


def run_lengths(sessions: Iterable[Session]) -> list[tuple[date, int]]:
    """(date, minutes) of the runs among ``sessions``, the race left out."""
    return [(s.date, s.minutes) for s in sessions if s.running and not is_race(s)]


def longest_before(monday: date, runs: Iterable[tuple[date, int]], first_recorded: date | None,
                   before: int, floor: int = 0) -> int:
    """The week of ``monday``'s reference: the longest run of the WEEK_WINDOW_DAYS days
    before it (module doc); ``before`` counts while that window reaches back past
    ``first_recorded`` (the first day the chain knows); never below ``floor``."""
    first = monday - timedelta(days=WEEK_WINDOW_DAYS)
    longest = max((minutes for day, minutes in runs if first <= day < monday), default=0)
    if first_recorded is None or first < first_recorded:
        longest = max(longest, before)
    return max(longest, floor)
