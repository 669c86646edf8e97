"""Rules added lazily (solve_week leaves S-MONOTONY out, then adds it when the plan would pay)
change no result: every week gets the optimum of the whole model, and a week whose best plan
pays for monotony still pays exactly that."""

from __future__ import annotations

import pytest

import solver.week.lazy_rules as lazy_module
from models.audit.week import audit_week
from models.domain.catalogue import default_catalogue
from models.domain.rules import default_rulebook
from models.domain.week import single_week
from models.squad.generator import random_squad
from solver.week.solve import solve_week

# athletes of random_squad(1, 200) whose best first week pays for monotony (a00022 ...), and
# the first 25 (which do not): both paths of the lazy solve. They pay under the levels of
# RULES.md (1.5 and 2.0 at 5 and 60 points); the default rulebook's third level (1.6 at 10)
# makes every one of the 200 avoid monotony 1.6, and none of them then pays at all.
PAYS_MONOTONY = (22, 30, 109, 151, 191)
CHECKED = tuple(range(25)) + PAYS_MONOTONY
TWO_LEVELS = default_rulebook().with_rule("S-MONOTONY", params={"levels": [1.5, 2.0],
                                                                "weights": [5, 60]})


@pytest.fixture(scope="module")
def weeks():
    rulebook, catalogue = TWO_LEVELS, default_catalogue()
    athletes = random_squad(1, 200, "mixed")
    return rulebook, catalogue, [single_week(athletes[i], rulebook, catalogue) for i in CHECKED]


def test_the_lazy_solve_reaches_the_whole_models_optimum(weeks, monkeypatch):
    rulebook, catalogue, specs = weeks
    lazy = [solve_week(spec, rulebook, catalogue) for spec in specs]
    monkeypatch.setattr(lazy_module, "LAZY_RULES", ())
    whole = [solve_week(spec, rulebook, catalogue) for spec in specs]
    assert [(r.status, r.objective) for r in lazy] == [(r.status, r.objective) for r in whole]


def test_a_week_that_pays_for_monotony_is_charged_exactly(weeks):
    rulebook, catalogue, specs = weeks
    paying = specs[len(CHECKED) - len(PAYS_MONOTONY):]
    for spec in paying:
        result = solve_week(spec, rulebook, catalogue)
        charged = sum(i.penalty for i in result.breakdown if i.rule_id == "S-MONOTONY")
        audit = audit_week(spec, result.plan.sessions, rulebook, catalogue)
        assert charged > 0
        assert charged == audit.penalty_by_rule().get("S-MONOTONY")
        assert round(audit.total_penalty, 2) == result.objective
