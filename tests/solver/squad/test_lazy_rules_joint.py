"""Squad weeks leave S-MONOTONY out of each athlete's model until a plan breaks it
(solver/week/lazy_rules.py); no plan may pay for it unseen, and no penalty may change."""

from __future__ import annotations

import random
import time

import pytest

import solver.squad.joint_week as joint_module
from squads import ALL_OPEN, setup_of
from models.audit.week import audit_week
from models.domain.catalogue import default_catalogue
from models.domain.plan import Status
from models.domain.rules import default_rulebook
from models.domain.week import single_week
from models.squad.generator import random_athlete
from ortools.sat.python import cp_model
from solver.squad.joint_week import GroupWeekModel, solve_group_week
from solver.week.solve import SolveParams, read_plan

# athletes of random_squad(1, ...) whose best first week pays for monotony under the levels
# of RULES.md (as in tests/solver/week/test_lazy_rules.py), and two whose best week does not
PAYS_MONOTONY = (22, 30)
TWO_LEVELS = default_rulebook().with_rule("S-MONOTONY", params={"levels": [1.5, 2.0],
                                                                "weights": [5, 60]})
PAYS_NOTHING = (0, 1)
GYM = [{"id": "gym", "capacity": 1, "hours": ALL_OPEN}]


def squad_of(numbers):
    return [random_athlete(random.Random(f"weekplan:1:{i}"), f"a{i:05d}", "mixed")
            .model_copy(update={"group": "club"}) for i in numbers]


def monotony_cp(spec, sessions):
    audit = audit_week(spec, sessions, TWO_LEVELS, default_catalogue())
    return round(audit.penalty_by_rule().get("S-MONOTONY", 0) * 100)


def test_the_lazy_check_finds_exactly_the_plans_the_auditor_charges_for_monotony():
    rulebook, catalogue = TWO_LEVELS, default_catalogue()
    squad = squad_of(PAYS_MONOTONY + PAYS_NOTHING)
    specs = [single_week(a, rulebook, catalogue) for a in squad]
    gm = GroupWeekModel(specs, setup_of(squad), rulebook, catalogue)
    assert gm.relaxed == {a.id for a in squad}  # nobody's monotony in the model yet
    gm.model.minimize(gm.total_penalty())
    solver = cp_model.CpSolver()
    # one worker, one seed: which of several equal plans is found does not depend on how
    # CP-SAT's parallel workers race (with all cores, a00000's plan sometimes broke it too)
    solver.parameters.num_workers, solver.parameters.random_seed = 1, 1
    assert solver.solve(gm.model) == cp_model.OPTIMAL
    charged = {spec.athlete.id for spec in specs
               if monotony_cp(spec, read_plan(gm.weeks[spec.athlete.id], solver).sessions)}
    # the relaxed optimum breaks it for those who must pay (others may, among equal plans)
    assert {f"a{i:05d}" for i in PAYS_MONOTONY} <= charged < {a.id for a in squad}
    assert gm.breaking_lazy(solver) == charged


@pytest.mark.parametrize("mode", ["auto", "joint"])
def test_a_joint_week_whose_plans_pay_for_monotony_is_charged_exactly(mode, monkeypatch):
    rulebook, catalogue = TWO_LEVELS, default_catalogue()
    squad = squad_of(PAYS_MONOTONY + PAYS_NOTHING[:1])
    setup = setup_of(squad, facilities=GYM, requires={"strength": "gym"})
    specs = [single_week(a, rulebook, catalogue) for a in squad]
    params = SolveParams(time_limit=30)
    week = solve_group_week(specs, setup, rulebook, catalogue, params, mode=mode)
    for spec in specs:
        result = week.results[spec.athlete.id]
        assert result.status.name == "optimal", result.message
        audit = audit_week(spec, result.plan.sessions, rulebook, catalogue)
        assert audit.ok and audit.penalty_cp == round(result.objective * 100)
        assert monotony_cp(spec, result.plan.sessions) == round(sum(
            i.penalty for i in result.breakdown if i.rule_id == "S-MONOTONY") * 100)
    assert any(i.rule_id == "S-MONOTONY" for r in week.results.values() for i in r.breakdown)
    # the same week with every rule in every model from the start: the same optimum
    monkeypatch.setattr(joint_module, "lazy_rule_ids", lambda rulebook: ())
    whole = solve_group_week(specs, setup, rulebook, catalogue, params, mode=mode)
    assert all(r.status.name == "optimal" for r in whole.results.values())
    assert whole.objective_cp == week.objective_cp


def test_a_squad_athlete_whose_time_runs_out_after_the_relaxed_optimum_keeps_that_plan(
        monkeypatch):
    """The athlete's relaxed optimum breaks S-MONOTONY, and then the time limit is spent:
    that plan, charged for monotony on the whole model, is the answer - 'feasible', at the
    penalty the auditor finds - never 'no plan' (as solve_week does: one function serves
    both)."""
    rulebook, catalogue = TWO_LEVELS, default_catalogue()
    squad = squad_of(PAYS_MONOTONY[:1])
    specs = [single_week(a, rulebook, catalogue) for a in squad]
    real_search_relaxed, real_clock = joint_module.search_relaxed, time.perf_counter

    def relaxed_search_uses_the_time(model, params, breaks):
        outcome = real_search_relaxed(model, params, breaks)
        assert outcome[0] == cp_model.OPTIMAL and breaks(outcome[1])
        monkeypatch.setattr(time, "perf_counter", lambda: real_clock() + 1e6)  # limit passed
        return outcome

    monkeypatch.setattr(joint_module, "search_relaxed", relaxed_search_uses_the_time)
    week = solve_group_week(specs, setup_of(squad), rulebook, catalogue,
                            SolveParams(time_limit=30))
    result = week.results[squad[0].id]
    assert result.status is Status.feasible, result.message
    audit = audit_week(specs[0], result.plan.sessions, rulebook, catalogue)
    assert audit.ok and audit.penalty_cp == round(result.objective * 100)
    assert monotony_cp(specs[0], result.plan.sessions) > 0
