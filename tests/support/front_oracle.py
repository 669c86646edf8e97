"""The exact Pareto front of two soft rules on a small week, by enumeration (no ortools).

The oracle (oracle.py) visits every plan of the solver's model structure; given an
``evaluate`` that records each legal plan's per-rule penalties (the auditor's) and answers
"not legal", it never finds a best plan, so its branch and bound never cuts and every plan
is seen. The front is then the set of (A, B) pairs no other legal plan beats on both rules.

Exact for rules whose value the oracle's start-time search does not trade away: it places
sessions to minimise the soft H-GAP / H-STRENGTH-BEFORE-HARD pairs, so those two rules,
when soft, are not a fair pair for this front (the tests use others).
"""

from __future__ import annotations

from dataclasses import dataclass

from models.audit.week import audit_week
from models.domain.catalogue import Catalogue
from models.domain.rules import CENTI, Rulebook
from models.domain.week import WeekSpec
from oracle import optimise


@dataclass(frozen=True)
class _NotLegal:
    ok: bool = False
    penalty_cp: int = 0


def pareto(pairs) -> list[tuple[int, int]]:
    """The non-dominated (a, b) pairs, ascending in a."""
    front = []
    for a, b in sorted(set(pairs)):
        if not front or b < front[-1][1]:
            front.append((a, b))
    return front


def exact_front(spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue,
                rules: tuple[str, str]) -> list[tuple[int, int]]:
    """Every legal plan's (penalty of rules[0], penalty of rules[1]) in centipoints -> front."""
    seen: list[tuple[int, int]] = []

    def record(spec, sessions, rulebook, catalogue):
        report = audit_week(spec, sessions, rulebook, catalogue)
        if report.ok:
            by_rule = report.penalty_by_rule()
            seen.append(tuple(int(round(by_rule.get(r, 0) * CENTI)) for r in rules))
        return _NotLegal()

    optimise(spec, rulebook, catalogue, evaluate=record)
    return pareto(seen)
