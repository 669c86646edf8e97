"""Integer forms of the load rules S-WEEKEND-LOAD and S-MONOTONY.

The solver states these rules as integer (in)equalities and the auditor evaluates them in
plain Python; both read their parameters here as exact fractions so that they agree to the
centipoint - no float comparison decides a penalty.

* S-WEEKEND-LOAD: with max_share = p/q (0.55 = 11/20), W the Saturday + Sunday load and T the
  week's load, the load over the share is ``ceil(max(0, q*W - p*T) / q)`` load units (for
  0.55: ``ceil(max(0, 100*W - 55*T) / 100)``), each costing the rule's weight.
* S-MONOTONY: Foster's monotony is mean / population SD of the 7 daily loads. With S their
  sum and Q the sum of their squares, monotony <= m iff S^2 (1 + m^2) <= 7 m^2 Q; for
  m = p/q: S^2 (q^2 + p^2) <= 7 p^2 Q. A week without load (S = Q = 0) satisfies every
  level (its monotony is undefined: nothing to penalise); the same positive load every day
  (SD 0, monotony infinite) exceeds every level.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from models.domain.errors import InputError
from models.domain.rules import CENTI, Rule


def exact(value: Any) -> Fraction:
    """A parameter as the fraction it is written as (0.55 -> 11/20, not a binary float)."""
    return Fraction(str(value))


def weekend_share(rule: Rule) -> Fraction:
    share = exact(rule.params.get("max_share", 0.55))
    if not 0 <= share <= 1:
        raise InputError(f"max_share {float(share):g} is not a share between 0 and 1",
                         field=f"rules.{rule.id}.params.max_share")
    return share


def weekend_over(weekend: int, total: int, share: Fraction) -> int:
    """Load units of the weekend above ``share`` of the week's load, rounded up."""
    excess = share.denominator * weekend - share.numerator * total
    return -(-excess // share.denominator) if excess > 0 else 0


def monotony_levels(rule: Rule) -> list[tuple[Fraction, int]]:
    """(level, weight in centipoints) of each monotony level, from params levels/weights."""
    levels = rule.params.get("levels", [1.5, 2.0])
    weights = rule.params.get("weights", [5, 60])
    if len(levels) != len(weights):
        raise InputError(f"{len(levels)} levels but {len(weights)} weights; give one weight "
                         "per level", field=f"rules.{rule.id}.params")
    return [(exact(level), int(round(float(weight) * CENTI)))
            for level, weight in zip(levels, weights)]


def monotony_above(total: int, squares: int, level: Fraction) -> bool:
    """True when the week's monotony exceeds ``level`` (S = total, Q = squares)."""
    p, q = level.numerator, level.denominator
    return total * total * (q * q + p * p) > 7 * p * p * squares


def monotony(loads: list[int]) -> float:
    """Foster's monotony of daily loads, for messages (nan without load, inf without SD)."""
    n = len(loads)
    mean = sum(loads) / n
    sd = (sum((x - mean) ** 2 for x in loads) / n) ** 0.5
    if sd == 0:
        return float("nan") if mean == 0 else float("inf")
    return mean / sd
