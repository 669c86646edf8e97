"""How hard solve_week searches changes the time, never the plan's penalty: the quick try,
the thorough one (full presolve and probing) and the thorough one started from the quick
try's plan all reach the same proven optimum."""

from __future__ import annotations

import pytest

import solver.week.solve as solve_module
from models.domain.catalogue import default_catalogue
from models.domain.plan import Status
from models.domain.rules import default_rulebook
from models.domain.week import single_week
from models.squad.generator import random_squad
from solver.week.solve import solve_week


@pytest.fixture(scope="module")
def weeks():
    rulebook, catalogue = default_rulebook(), default_catalogue()
    return rulebook, catalogue, [single_week(a, rulebook, catalogue)
                                 for a in random_squad(5, 12, "mixed")]


@pytest.mark.parametrize("effort", [0, 1e-9, 0.002])
def test_every_effort_of_the_quick_try_reaches_the_same_optimum(weeks, monkeypatch, effort):
    rulebook, catalogue, specs = weeks
    usual = [solve_week(spec, rulebook, catalogue) for spec in specs]
    monkeypatch.setattr(solve_module, "QUICK_EFFORT", effort)
    other = [solve_week(spec, rulebook, catalogue) for spec in specs]
    assert all(r.status is Status.optimal for r in usual)
    assert [(r.status, r.objective) for r in other] == [(r.status, r.objective) for r in usual]
