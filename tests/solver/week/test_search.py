"""How hard solve_week searches changes the time, never the plan's penalty: any number of
presolve rounds, and the re-solve with S-MONOTONY's products with the LP throughout, never
or for its usual effort, all reach the same proven optimum."""

from __future__ import annotations

import pytest

import solver.week.solve as solve_module
from models.domain.catalogue import default_catalogue
from models.domain.plan import Status
from models.domain.rules import default_rulebook
from models.domain.week import single_week
from models.squad.generator import random_squad
from solver.week.solve import solve_week

# athletes of random_squad(1, ...) whose first week needs the re-solve with the products:
# the relaxed plan breaks S-MONOTONY and no plan of the same cost avoids it - under the
# levels of RULES.md (1.5 and 2.0 at 5 and 60 points; the default's level 1.6 at 10 makes
# them avoid it)
RESOLVED = (22, 30)
TWO_LEVELS = default_rulebook().with_rule("S-MONOTONY", params={"levels": [1.5, 2.0],
                                                                "weights": [5, 60]})


@pytest.fixture(scope="module")
def weeks():
    rulebook, catalogue = TWO_LEVELS, default_catalogue()
    athletes = random_squad(5, 12, "mixed") + [random_squad(1, 31, "mixed")[i] for i in RESOLVED]
    specs = [single_week(a, rulebook, catalogue) for a in athletes]
    return rulebook, catalogue, specs, [solve_week(spec, rulebook, catalogue) for spec in specs]


@pytest.mark.parametrize("setting, value", [
    ("PRESOLVE_ROUNDS", 0), ("PRESOLVE_ROUNDS", 3),
    ("PRODUCTS_LP_EFFORT", 0), ("PRODUCTS_LP_EFFORT", 1e9),
])
def test_every_search_setting_reaches_the_same_optimum(weeks, monkeypatch, setting, value):
    rulebook, catalogue, specs, usual = weeks
    monkeypatch.setattr(solve_module, setting, value)
    other = [solve_week(spec, rulebook, catalogue) for spec in specs]
    assert all(r.status is Status.optimal for r in usual)
    assert [(r.status, r.objective) for r in other] == [(r.status, r.objective) for r in usual]
    resolved = [r for r in usual[-len(RESOLVED):]]
    assert all(any(i.rule_id == "S-MONOTONY" for i in r.breakdown) for r in resolved)
