"""Rules a week model leaves out until its plan would break them (lazy rules).

S-MONOTONY's products of daily loads cost most of a week's search, and the best plan pays
for them in about one week in forty. So solve_week (solver/week/solve.py) and the squad's
models (solver/squad/joint_week.py, per athlete) solve without them first. Leaving a soft
rule out relaxes the model, so a relaxed optimum whose plan breaks none of the left-out
rules is the optimum of the whole model; a plan that would break one has the rule added and
is solved again. The test below is exact, in integers: the same inequalities as the rule's
own constraints and as models/audit/week.py.
"""

from __future__ import annotations

from typing import Callable

from ortools.sat.python import cp_model

from models.domain.load_limits import monotony_above, monotony_levels
from models.domain.rules import Rulebook

from solver.week.model import WeekModel

Breaks = Callable[[WeekModel, cp_model.CpSolver], bool]


def lazy_rule_ids(rulebook: Rulebook) -> tuple[str, ...]:
    """The active rules of the rulebook that week models add only when needed."""
    return tuple(rule_id for rule_id in LAZY_RULES
                 if rulebook.applies(rule_id) and rule_id in BREAKS)


def breaks_lazy_rules(week: WeekModel, rule_ids, solver: cp_model.CpSolver) -> bool:
    """Whether the solver's plan for this athlete breaks (pays for) any of the rules."""
    return any(BREAKS[rule_id](week, solver) for rule_id in rule_ids)


def _value(solver: cp_model.CpSolver, expression) -> int:
    return expression if isinstance(expression, int) else int(solver.value(expression))


def _breaks_monotony(week: WeekModel, solver: cp_model.CpSolver) -> bool:
    """Any monotony level of S-MONOTONY exceeded by the plan's daily loads."""
    loads = [_value(solver, week.day_load(day)[0]) for day in range(7)]
    total, squares = sum(loads), sum(load * load for load in loads)
    rule = week.rulebook.rules["S-MONOTONY"]
    return any(monotony_above(total, squares, level) for level, _ in monotony_levels(rule))


BREAKS: dict[str, Breaks] = {"S-MONOTONY": _breaks_monotony}

# the rules left out first, in rulebook terms (each has its exact test in BREAKS)
LAZY_RULES = ("S-MONOTONY",)
