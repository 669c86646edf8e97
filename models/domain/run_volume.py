"""Integer forms of the volume rules S-VOLUME, S-INTENSITY and S-LONG-SHARE.

Like models/domain/load_limits.py for the load rules: the solver states these as integer
(in)equalities and the auditor evaluates them in plain Python from the same exact fractions,
so both agree to the centipoint. Running minutes never count the race (it is not training
volume) nor anything that is not a run.

* S-VOLUME: with V the week's target, nothing is owed between ceil((1 - tolerance) V) and
  floor((1 + over_tolerance) V); each minute below costs the rule's weight, each minute
  above costs ``over`` points (excess volume is what injures, so at least as much). In a
  block the upper end is also at most max(V, M), M the week's ramp limit from the minutes
  the last reference week ran (``WeekTargets.max_run_minutes``, P-OVERLOAD): the band over
  the target is a tolerance for reaching the target, not room to rise past the ramp.
* S-INTENSITY: with min_low = p/q, L the low-intensity minutes (easy, jog, long) and R all
  running minutes, the minutes short are ceil(max(0, p R - q L) / q).
* S-LONG-SHARE: with max_share = p/q and G the long-run minutes, the minutes over are
  ceil(max(0, q G - p R) / q).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Iterable

from models.domain.load_limits import exact
from models.domain.plan import Session
from models.domain.rules import CENTI, Rule

LOW_INTENSITY = ("easy", "jog", "long")
RACE = "race"


def counts_as_volume(type_name: str, running: bool) -> bool:
    return running and type_name != RACE


def running_minutes(sessions: Iterable[Session]) -> int:
    return sum(s.minutes for s in sessions if counts_as_volume(s.type, s.running))


def low_minutes(sessions: Iterable[Session]) -> int:
    return sum(s.minutes for s in sessions
               if counts_as_volume(s.type, s.running) and s.type in LOW_INTENSITY)


def volume_band(target: int, rule: Rule, ramp_limit: int | None = None) -> tuple[int, int]:
    """(the fewest minutes owed nothing, the most minutes owed nothing); ``ramp_limit``:
    the week's ``max_run_minutes`` (module doc)."""
    low = math.ceil(Fraction(target) * (1 - exact(rule.params.get("tolerance", 0.05))))
    high = math.floor(Fraction(target) * (1 + exact(rule.params.get("over_tolerance", 0.10))))
    if ramp_limit is not None:
        high = min(high, max(target, ramp_limit))
    return low, high


def over_weight_cp(rule: Rule) -> int:
    """Centipoints per minute over the band (``over``, default the rule's own weight)."""
    return int(round(float(rule.params.get("over", rule.weight)) * CENTI))


def volume_off(minutes: int, target: int, rule: Rule,
               ramp_limit: int | None = None) -> tuple[int, int]:
    """(minutes short of the band, minutes over it)."""
    low, high = volume_band(target, rule, ramp_limit)
    return max(0, low - minutes), max(0, minutes - high)


def min_low_share(rule: Rule) -> Fraction:
    return exact(rule.params.get("min_low", 0.75))


def intensity_short(low: int, total: int, share: Fraction) -> int:
    p, q = share.numerator, share.denominator
    return max(0, -(-(p * total - q * low) // q))


def long_share(rule: Rule, runs_target: int) -> Fraction:
    """The most of the week's running minutes the long run may take."""
    if runs_target <= 3:
        return exact(rule.params.get("max_share_3", 0.45))
    return exact(rule.params.get("max_share", 0.40))


def long_over(long: int, total: int, share: Fraction) -> int:
    p, q = share.numerator, share.denominator
    return max(0, -(-(q * long - p * total) // q))


def intensity_applies(targets) -> bool:
    """S-INTENSITY asks only weeks with a volume target (their run lengths are chosen; with
    planned lengths the share is fixed by the types alone) and leaves recovery, taper and
    race weeks out."""
    return targets.run_minutes is not None and not (
        targets.recovery or targets.race_week or targets.phase == "taper")


def long_share_applies(targets) -> bool:
    """S-LONG-SHARE asks only weeks with a volume target, and not recovery weeks."""
    return targets.run_minutes is not None and not targets.recovery
