"""Solver faults: the time limit always returns, and a week that hits it is never reported
as optimal - it is 'feasible' (with its gap) or 'unknown', and the block summary says so."""

from __future__ import annotations

import pytest

import solver.week.solve as solve_module
from models.audit.week import audit_week
from models.domain.catalogue import default_catalogue
from models.io.athlete_file import load_athlete
from models.domain.bundled import EXAMPLES_DIR
from models.domain.plan import Status
from models.domain.rules import default_rulebook
from models.domain.week import single_week
from models.squad.generator import random_squad
from solver.block.plan import plan_block
from solver.week.solve import SolveParams, solve_week


@pytest.fixture
def two_a_day():
    return load_athlete(EXAMPLES_DIR / "advanced-two-a-day.yaml")


def test_a_tiny_time_limit_returns_unknown_with_a_message(two_a_day):
    rulebook, catalogue = default_rulebook(), default_catalogue()
    result = solve_week(single_week(two_a_day, rulebook, catalogue), rulebook, catalogue,
                        SolveParams(time_limit=1e-6))
    assert result.status in (Status.unknown, Status.feasible)
    assert result.status is not Status.optimal
    assert "time limit" in result.message


def test_a_week_stopped_early_is_feasible_with_its_gap_never_optimal(two_a_day, monkeypatch):
    real = solve_module.configured_solver

    def first_solution_only(params, **options):
        solver = real(params, **options)
        solver.parameters.stop_after_first_solution = True
        solver.parameters.cp_model_presolve = False
        return solver

    monkeypatch.setattr(solve_module, "configured_solver", first_solution_only)
    rulebook, catalogue = default_rulebook(), default_catalogue()
    spec = single_week(two_a_day, rulebook, catalogue)
    result = solve_week(spec, rulebook, catalogue)
    assert result.status is Status.feasible
    assert result.objective >= result.best_bound
    assert "not proven optimal" in result.message
    report = audit_week(spec, result.plan.sessions, rulebook, catalogue)
    assert report.ok  # a plan found early still obeys every hard rule

    # a week whose first plan already meets CP-SAT's bound (penalty 0, fewest sessions,
    # earliest starts) is proven optimal even so; the other stays feasible
    block = plan_block(two_a_day.model_copy(update={"weeks": 2}), rulebook, catalogue)
    statuses = list(block.summary()["status"])
    assert "feasible" in statuses and set(statuses) <= {"feasible", "optimal"}
    from models.io.batch_folder import block_outcome

    outcome = block_outcome(two_a_day.id, "", block.weeks, block.frame(), block.summary())
    assert outcome.status == "feasible"
    assert outcome.weeks_optimal == statuses.count("optimal")


def test_a_week_whose_time_runs_out_after_the_first_try_keeps_that_plan(monkeypatch):
    """The first solve (without the lazy rules) used the whole time limit: its plan, priced
    on the whole model, is the answer - 'feasible' with a valid bound, not 'no plan'. The
    athlete's best first week pays for monotony (tests/solver/week/test_lazy_rules.py), so the
    relaxed plan is not the answer by itself."""
    rulebook, catalogue = default_rulebook(), default_catalogue()
    spec = single_week(random_squad(1, 23, "mixed")[22], rulebook, catalogue)
    real_search = solve_module.search
    clock = {"calls": 0}

    def first_search_uses_the_time(model, params, products=False):
        clock["calls"] += 1
        outcome = real_search(model, params, products)
        if clock["calls"] == 1:
            monkeypatch.setattr(solve_module.time, "perf_counter",
                                lambda: float("inf"))  # the deadline has passed
        return outcome

    monkeypatch.setattr(solve_module, "search", first_search_uses_the_time)
    result = solve_week(spec, rulebook, catalogue)
    assert result.status is Status.feasible
    assert result.plan is not None and result.plan.sessions
    audit = audit_week(spec, result.plan.sessions, rulebook, catalogue)
    assert audit.ok
    assert round(audit.total_penalty, 2) == result.objective
    assert result.best_bound is not None and result.best_bound <= result.objective


def test_the_first_try_leaves_time_for_the_lazy_rules(monkeypatch):
    """The first solve (without the lazy rules) may use only part of the time limit: when it
    stops there with a plan that breaks S-MONOTONY, the whole model is searched from that
    plan in the time left, instead of the plan being only priced. (A hard block week used
    to spend the whole limit on the first solve: priced at 74 points, monotony 2.2, where
    the whole model finds 9 within half a second.) This athlete's first week: the plan
    without the lazy rules breaks monotony 1.5 (5 points when priced); the whole model's
    optimum costs nothing."""
    rulebook, catalogue = default_rulebook(), default_catalogue()
    spec = single_week(random_squad(1, 1, "mixed")[0], rulebook, catalogue)
    best = solve_week(spec, rulebook, catalogue)
    assert best.status is Status.optimal and best.objective == 0
    real_search, real_clock = solve_module.search, solve_module.time.perf_counter
    spent = {"seconds": 0.0, "calls": 0}

    def first_search_uses_all_it_was_given(model, params, products=False):
        spent["calls"] += 1
        code, solver = real_search(model, params, products)
        if spent["calls"] == 1:  # stopped by its limit: the relaxed optimum, not proven
            spent["seconds"] += params.time_limit
            return solve_module.cp_model.FEASIBLE, solver
        return code, solver

    monkeypatch.setattr(solve_module.time, "perf_counter",
                        lambda: real_clock() + spent["seconds"])
    monkeypatch.setattr(solve_module, "search", first_search_uses_all_it_was_given)
    result = solve_week(spec, rulebook, catalogue, SolveParams(time_limit=10.0))
    assert result.objective == best.objective  # not the first plan priced (5 points)
    assert audit_week(spec, result.plan.sessions, rulebook, catalogue).ok
