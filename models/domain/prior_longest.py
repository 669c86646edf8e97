"""The longest run before a plan begins: H-SESSION-SPIKE's reference where nothing is recorded.

A run more than 10 % longer than the longest of the previous 30 days raises the injury risk,
so even the first week of a plan needs a reference. The athlete's ``current.longest_min``
is the evidence; without it, the level's shortest long run (H-LONG-CAP's minimum: beginner
40, intermediate 75, advanced 90 minutes) - the safe assumption about an athlete of whom
nothing is known. An athlete file's own long-run length (``targets.minutes.long``) is a
wish, not evidence of what the athlete has run: the spike cap wins over it, in a lone week
as in a block (models/domain/lengths.py ``fixed_length``); a coach who knows better writes
``current.longest_min``.
"""

from __future__ import annotations

from models.domain.athlete import Athlete
from models.domain.rules import Rulebook

LEVEL_LONG_MIN = {"beginner": 40, "intermediate": 75, "advanced": 90}


def level_long_min(athlete: Athlete, rulebook: Rulebook) -> int:
    """The level's shortest long run: H-LONG-CAP's range when the rulebook gives one as
    ``{level: [min, max]}``, else LEVEL_LONG_MIN."""
    level = athlete.level.value
    rule = rulebook.rules.get("H-LONG-CAP")
    if rule is not None:
        span = rule.params.get(level)
        if isinstance(span, (list, tuple)) and span:
            return int(span[0])
    return LEVEL_LONG_MIN[level]


def before_history(athlete: Athlete, rulebook: Rulebook) -> int:
    """The longest run before the plan: current.longest_min, else the level's minimum."""
    if athlete.current is not None and athlete.current.longest_min is not None:
        return athlete.current.longest_min
    return level_long_min(athlete, rulebook)
