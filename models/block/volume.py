"""P-VOLUME and P-TAPER: the running minutes each week of a block should hold.

Volume is the first thing a coach sets; the week model chooses session lengths to reach
it (S-VOLUME reads ``WeekTargets.run_minutes``). Per week, in order:

* the first week holds ``current.weekly_min`` (a beginner without it: P-BEGINNER's
  ``first_week_min``), else ``run_minutes`` (the athlete's, else P-VOLUME's level default);
* a base week rises by at most ``ramp`` over the last ordinary week, up to ``run_minutes``;
* a build or peak week rises on by at most ``ramp``, up to ``peak`` x ``run_minutes`` - the
  peak is the highest week;
* a recovery week (P-OVERLOAD's every 4th base or build week) holds P-RECOVERY's ``load`` x
  the week before; the week after it ramps from the last ordinary week, not from it;
* with a race, the taper weeks (P-TAPER) hold ``volume`` x the peak week's (week -2: 0.7,
  race week: 0.4; a 3-week taper 0.85, 0.7, 0.4), the race not counted. Without a race there
  is no taper (the split has none) and every week is ordinary.

All volumes are multiples of 5 minutes (rounded down while ramping, so 10 % is never
exceeded).

A week's volume is never below the fewest minutes its runs can hold (``least_volume``: the
long run at its level's shortest, the week's quality runs at their shortest, every other run
at the shortest run type, raised by P-BEGINNER's ``long_ratio`` - a 40-minute long run asks
for others of at least 30; quality runs only while S-INTENSITY's share allows them, as in
``most_volume``). A beginner's first week of 90 minutes with 3 runs
(40 + 30 + 30 = 100 at least) asked for a volume no plan could hold, and the solver had to
run over it; so did a taper week of 145 minutes whose 3 runs are a 90-minute long run, the
taper's short quality run (40) and a jog (20).

Nor is it above the most minutes the week's runs can hold (``most_volume``) where the
athlete fixed their own lengths (``targets.minutes`` in the athlete file): the long run at
its own length (else its level's longest), cut to ``long_ratio`` x the others; every other
run as the longest easy run or jog the athlete allows, or as one of the week's quality
runs (S-HILL-SPRINT's hill, S-SPECIFICITY's key type) at its longest while the quality
minutes stay within S-INTENSITY's share. A beginner whose easy runs last 30 minutes holds
45 + 30 + 30 = 105 minutes in 3 runs (a 45-minute hill session would be 40 % of the week),
whatever ``run_minutes`` says: asking 135 only made every week a miss. The ramp, the peak
and the taper start from the capped volume, and the week says so in its notes. Without own
lengths the most (the longest runs of every type) is far above any target.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from models.domain.athlete import Athlete, Level
from models.domain.rules import Rulebook
from models.block.race import race_minutes

STEP = 5


def _params(rulebook: Rulebook, rule_id: str) -> dict:
    return dict(rulebook[rule_id].params) if rule_id in rulebook.rules else {}


def base_volume(athlete: Athlete, rulebook: Rulebook) -> int:
    """``targets.run_minutes``, else P-VOLUME's default for the athlete's level."""
    if athlete.targets.run_minutes is not None:
        return athlete.targets.run_minutes
    defaults = _params(rulebook, "P-VOLUME").get("defaults") or {}
    return int(defaults.get(athlete.level.value, 240))


def first_volume(athlete: Athlete, rulebook: Rulebook) -> int:
    """The first week's volume (module doc)."""
    if athlete.current is not None and athlete.current.weekly_min is not None:
        return athlete.current.weekly_min
    beginner = _params(rulebook, "P-BEGINNER")
    first = beginner.get("first_week_min")
    if (athlete.level is Level.beginner and rulebook.applies("P-BEGINNER")
            and first is not None):
        return min(int(first), base_volume(athlete, rulebook))
    return base_volume(athlete, rulebook)


def taper_fractions(athlete: Athlete, rulebook: Rulebook) -> list[float]:
    """P-TAPER's volume fractions, race week last; [] without a race or with P-TAPER off."""
    if athlete.race is None or not rulebook.applies("P-TAPER"):
        return []
    params = _params(rulebook, "P-TAPER")
    race = athlete.race
    long_race = ((race.distance_km or 0) >= float(params.get("long_km", 42))
                 or race_minutes(race, athlete.level) > int(params.get("long_minutes", 240)))
    key = "long_volume" if long_race and params.get("long_volume") else "volume"
    return [float(x) for x in params[key]]


def least_volume(runs: int, long: int, long_min: int, shortest_run: int,
                 long_ratio: float | None = None, quality: Sequence[int] = (),
                 min_low: float = 0.0) -> int:
    """The fewest running minutes ``runs`` runs (``long`` of them long runs of at least
    ``long_min``) can hold: the others at ``shortest_run``, or at the length the long run's
    ``long_ratio`` asks of them (rounded up to 5 minutes), of which the week's quality runs
    at their shortest (``quality``, in order) as long as their minutes stay within
    ``1 - min_low`` of the week's (S-INTENSITY, as ``most_volume``)."""
    others = max(0, runs - long)
    other = shortest_run
    if long and long_ratio:
        other = max(other, STEP * math.ceil(round(long_min / long_ratio / STEP, 6)))
    return _with_quality(long * long_min + others * other, other, quality, others, min_low)


def most_volume(runs: int, long: int, long_max: int, other_max: int,
                long_ratio: float | None = None, quality: Sequence[int] = (),
                min_low: float = 0.0) -> int:
    """The most running minutes ``runs`` runs can hold: ``long`` long runs of at most
    ``long_max`` (and at most ``long_ratio`` x the others, rounded down to 5 minutes), the
    others at ``other_max``, of which the week's quality runs (their longest, in order) as
    long as their minutes stay within ``1 - min_low`` of the week's (S-INTENSITY)."""
    others = max(0, runs - long)
    if long and others and long_ratio:
        long_max = min(long_max, _down5(long_ratio * other_max))
    total = long * long_max + others * other_max
    return _with_quality(total, other_max, quality, others, min_low)


def _with_quality(total: int, other: int, quality: Sequence[int], others: int,
                  min_low: float) -> int:
    """``total`` with other runs of ``other`` minutes made quality runs of the ``quality``
    lengths, in order, while the quality minutes stay within ``1 - min_low`` of the week's; a
    quality run no longer than ``other`` changes nothing."""
    hard = 0
    for length in list(quality)[:others]:
        gain = length - other
        if gain <= 0:
            continue
        if hard + length > (1 - min_low) * (total + gain):
            break
        total, hard = total + gain, hard + length
    return total


def _down5(value: float) -> int:
    return STEP * int(round(value / STEP, 6) // 1)


def week_volumes(athlete: Athlete, rulebook: Rulebook, phases: list[str],
                 recovery: list[bool], most: int | None = None) -> list[int | None]:
    """Each week's running minutes (module doc); None everywhere with P-VOLUME off.
    ``most``: the most an ordinary week's runs hold (``most_volume``), None for no limit."""
    if not rulebook.applies("P-VOLUME"):
        return [None] * len(phases)
    params = _params(rulebook, "P-VOLUME")
    ramp = float(params.get("ramp", 0.1))
    target = base_volume(athlete, rulebook)
    ceiling = _down5(float(params.get("peak", 1.3)) * target)
    if most is not None:
        target, ceiling = min(target, most), min(ceiling, most)
    load = float(_params(rulebook, "P-RECOVERY").get("load", 0.8))
    fractions = taper_fractions(athlete, rulebook)
    taper_weeks = sum(1 for p in phases if p == "taper") if fractions else 0
    volumes: list[int | None] = []
    last: int | None = None      # the last ordinary week's volume
    previous: int | None = None  # the week before's
    for i, phase in enumerate(phases):
        left = len(phases) - i   # this week and the ones after it
        if fractions and phase == "taper" and left <= taper_weeks:
            peak = max((v for v in volumes if v is not None), default=target)
            fraction = fractions[len(fractions) - left] if left <= len(fractions) else fractions[0]
            volume = _down5(fraction * peak)
        elif last is None:
            volume = min(_down5(first_volume(athlete, rulebook)), ceiling)
        else:
            top = target if phase == "base" else ceiling
            volume = max(min(_down5(last * (1 + ramp)), top), min(last, top))
        if recovery[i] and previous is not None and rulebook.applies("P-RECOVERY"):
            volume = min(volume, _down5(load * previous))
        elif not (fractions and phase == "taper"):
            last = volume
        volumes.append(volume)
        previous = volume
    return volumes
