"""The lazy re-solve's pinned try (solver/week/relaxed_optimum.py) and the monotony loads in a
common unit change the time, never the result: a week whose relaxed plan breaks S-MONOTONY
gets the same status and penalty with and without them, and the pinned try claims a plan
only when it costs exactly the bound it was given."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

import solver.week.constraints as constraints_module
import solver.week.relaxed_optimum as pinned_module
import solver.week.solve as solve_module
from models.audit.week import audit_week
from models.domain.catalogue import default_catalogue
from models.domain.plan import Status
from models.domain.rules import default_rulebook
from models.domain.week import single_week
from models.squad.generator import random_squad
from solver.week.constraints import load_unit
from solver.week.model import WeekModel
from solver.week.relaxed_optimum import at_relaxed_optimum
from solver.week.solve import solve_week

# athletes of random_squad(1, 200) whose first week's relaxed plan breaks S-MONOTONY: the
# best plan pays for it (22, 30) or another plan of the relaxed optimum avoids it (WEEKS_EQUAL:
# which plan of the relaxed optimum CP-SAT finds first, and so whether it breaks the rule,
# can change with the search settings; the paying weeks cannot)
WEEKS_PAYING = (22, 30)
WEEKS_EQUAL = (0, 25)
POOL = 70  # the first athletes of random_squad(1, ...) whose weeks the pinned try is spied on


@pytest.fixture(scope="module")
def weeks():
    rulebook, catalogue = default_rulebook(), default_catalogue()
    athletes = random_squad(1, 200, "mixed")
    return rulebook, catalogue, [single_week(athletes[i], rulebook, catalogue)
                                 for i in WEEKS_PAYING + WEEKS_EQUAL]


def test_the_pinned_try_and_the_load_unit_keep_every_result(weeks, monkeypatch):
    rulebook, catalogue, specs = weeks
    usual = [solve_week(spec, rulebook, catalogue) for spec in specs]
    monkeypatch.setattr(pinned_module, "PINNED_EFFORT", 0)
    monkeypatch.setattr(constraints_module, "load_unit", lambda m: 1)
    plain = [solve_week(spec, rulebook, catalogue) for spec in specs]
    assert all(r.status is Status.optimal for r in usual)
    assert [(r.status, r.objective) for r in usual] == [(r.status, r.objective) for r in plain]
    for spec, result in zip(specs, usual):
        audit = audit_week(spec, result.plan.sessions, rulebook, catalogue)
        assert round(audit.total_penalty, 2) == result.objective


def test_the_pinned_try_settles_the_weeks_where_another_plan_avoids_monotony(monkeypatch):
    """Of the pool's first weeks whose relaxed plan breaks S-MONOTONY, the pinned try never
    claims one whose best plan pays for monotony, claims several, and each plan it claims
    pays nothing for monotony."""
    rulebook, catalogue = default_rulebook(), default_catalogue()
    calls = []

    def spy(model, optimum, solver):
        calls.append(at_relaxed_optimum(model, optimum, solver))
        return calls[-1]

    monkeypatch.setattr(solve_module, "at_relaxed_optimum", spy)
    settled = {}
    for number, athlete in enumerate(random_squad(1, POOL, "mixed")):
        calls.clear()
        result = solve_week(single_week(athlete, rulebook, catalogue), rulebook, catalogue)
        if not calls:
            continue  # the relaxed plan broke no lazy rule
        settled[number] = calls[0]
        assert result.status is Status.optimal
        if calls[0]:
            assert not any(item.rule_id == "S-MONOTONY" for item in result.breakdown)
    assert [settled[number] for number in WEEKS_PAYING] == [False] * len(WEEKS_PAYING)
    assert sum(settled.values()) >= 3


def test_loads_are_counted_in_the_largest_unit_that_divides_every_session_load(weeks):
    rulebook, catalogue, specs = weeks
    for spec in specs:
        model = WeekModel(spec, rulebook, catalogue)
        unit = load_unit(model)
        assert unit >= 5  # runs in 5-minute steps
        for c in model.week:
            assert c.rpe * c.minutes % unit == 0 and c.rpe * c.longest % unit == 0


def _small_model() -> tuple[cp_model.CpModel, cp_model.IntVar, cp_model.IntVar]:
    """min 2x + 2y + 1 with x + y >= 3: optimum 7, and every cost odd (none is 8)."""
    model = cp_model.CpModel()
    x, y = model.new_int_var(0, 10, "x"), model.new_int_var(0, 10, "y")
    model.add(x + y >= 3)
    model.minimize(2 * x + 2 * y + 1)
    return model, x, y


def test_the_pinned_try_finds_a_plan_at_the_bound_and_leaves_the_model_as_it_was():
    model, x, y = _small_model()
    solver = cp_model.CpSolver()
    assert at_relaxed_optimum(model, 7, solver)
    assert solver.objective_value == 7 and solver.value(x) + solver.value(y) == 3
    assert list(model.proto.objective.domain) == []


def test_the_pinned_try_claims_nothing_below_the_optimum_or_between_costs():
    model, _, _ = _small_model()
    for bound in (6, 8):  # below the optimum; a cost no plan has
        assert not at_relaxed_optimum(model, bound, cp_model.CpSolver())
    assert list(model.proto.objective.domain) == []
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL and solver.objective_value == 7
