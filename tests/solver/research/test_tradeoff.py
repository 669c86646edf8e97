"""The epsilon-constraint front of two soft rules is the exact one (enumeration agrees)."""

from __future__ import annotations

import pytest

from builders import make_athlete, make_spec
from front_oracle import exact_front
from models.audit.week import audit_week
from models.domain.catalogue import default_catalogue
from models.domain.errors import InputError
from models.domain.plan import Status
from models.domain.rules import CENTI, load_rulebook
from solver.research.tradeoff import trace_front

CATALOGUE = default_catalogue()
# the round-1 rulebook: S-LOAD-SPREAD (the peak daily load) is soft there, and a long hike
# pays for its load, which makes a clean two-rule front
DEFAULT = load_rulebook("round1")
HIKE_VS_SPREAD = ("S-HIKE-VOLUME", "S-LOAD-SPREAD")


def weekend_hiker():
    """Two short weekday windows for the runs, two long weekend mornings for 180 min of
    hiking: a long hike costs daily-load spread, a short one costs hiking minutes."""
    athlete = make_athlete({"mon": ["18:00-19:30"], "wed": ["18:00-19:30"],
                            "sat": ["07:00-12:00"], "sun": ["07:00-12:00"]})
    return make_spec(athlete, runs=2, hike_minutes=180)


def test_front_of_a_hand_made_week_equals_the_exact_front():
    spec = weekend_hiker()
    front = trace_front(spec, DEFAULT, HIKE_VS_SPREAD, CATALOGUE)
    found = [(p.penalties_cp["S-HIKE-VOLUME"], p.penalties_cp["S-LOAD-SPREAD"])
             for p in front.points]
    assert found == exact_front(spec, DEFAULT, CATALOGUE, HIKE_VS_SPREAD)
    assert len(found) >= 3 and all(p.proven for p in front.points)


def test_each_point_plan_audits_to_its_penalties():
    spec = weekend_hiker()
    for point in trace_front(spec, DEFAULT, HIKE_VS_SPREAD, CATALOGUE).points:
        report = audit_week(spec, point.plan.sessions, DEFAULT, CATALOGUE)
        by_rule = report.penalty_by_rule()
        assert report.ok and report.penalty_cp == point.total_cp
        for rule_id, cp in point.penalties_cp.items():
            assert round(by_rule.get(rule_id, 0) * CENTI) == cp


def test_a_week_without_legal_plan_has_an_empty_front_marked_infeasible():
    athlete = make_athlete({"sat": ["07:00-08:00"]})
    front = trace_front(make_spec(athlete, runs=3), DEFAULT, HIKE_VS_SPREAD, CATALOGUE)
    assert front.points == [] and front.status is Status.infeasible


@pytest.mark.parametrize("rules, named", [(("H-GAP", "S-LOAD-SPREAD"), "H-GAP"),
                                          (("S-NOPE", "S-LOAD-SPREAD"), "S-NOPE")])
def test_a_rule_that_is_not_soft_is_refused_by_name(rules, named):
    with pytest.raises(InputError, match=named):
        trace_front(weekend_hiker(), DEFAULT, rules, CATALOGUE)


def test_a_block_has_a_front_per_week_each_that_of_the_week_the_planner_solves():
    from models.audit.week import audit_week
    from models.domain.bundled import DATA_DIR
    from models.io.athlete_file import load_athlete
    from solver.block.plan import chain
    from solver.research.tradeoff import block_fronts

    athlete = load_athlete(DATA_DIR / "examples" / "trail-mountain-race.yaml")  # 13 weeks
    fronts = block_fronts(athlete, DEFAULT, HIKE_VS_SPREAD, CATALOGUE)
    specs = [spec for _, spec, _ in chain(athlete, DEFAULT, CATALOGUE)]
    assert [f.week_start for f in fronts] == [s.week_start for s in specs]
    assert any(len(f.points) > 1 for f in fronts)  # this athlete's weeks do trade
    for front, spec in zip(fronts, specs):
        for point in front.points:
            report = audit_week(spec, point.plan.sessions, DEFAULT, CATALOGUE)
            assert report.ok and report.penalty_cp == point.total_cp
