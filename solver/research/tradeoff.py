"""The trade-off between two soft rules of one athlete-week, by the epsilon-constraint method.

Every penalty term of the week model is registered with its rule id (solver/week/model.py),
so one rule's penalty is a linear expression over its terms and a bound on it is one linear
constraint. Each point of the front takes three solves of the week model, built afresh each
time (a week builds in milliseconds, and a fresh model needs no hook in the week model):

1. minimise B's penalty with A's penalty <= epsilon (no bound the first time);
2. minimise A's penalty with B's penalty <= that minimum: the point (A*, B*) is then
   Pareto-optimal, not just weakly so;
3. the ordinary objective (every rule, then early starts) with A <= A* and B <= B*: the plan
   a coach would get at that point.

Then epsilon = A* - 1 centipoint, until no plan keeps A that low. A point is ``proven`` when
all three solves proved optimality; one that hit the time limit is kept, marked not proven.
``block_fronts`` does this for every week of an athlete's block along the block planner's
chain of weeks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.errors import InputError
from models.domain.plan import Status, WeekPlan
from models.domain.rules import CENTI, Rulebook
from models.domain.week import WeekSpec

from solver.block.plan import chain
from solver.week.model import WeekModel
from solver.week.solve import STATUS_OF, SolveParams, build, configured_solver, read_plan

MAX_POINTS = 200  # a guard: a front of two weighted rules of one week has a handful


@dataclass(frozen=True)
class FrontPoint:
    """One point of the front: each of the two rules' penalty (centipoints) and its plan."""

    penalties_cp: dict[str, int]   # rule id -> centipoints, for the two rules
    total_cp: int                  # the plan's penalty over every rule
    proven: bool                   # every solve behind the point proved optimality
    plan: WeekPlan


@dataclass
class Front:
    """The front of one athlete-week, ordered by the first rule's penalty (ascending)."""

    athlete_id: str
    week_start: object
    rules: tuple[str, str]
    points: list[FrontPoint] = field(default_factory=list)
    status: Status = Status.optimal   # infeasible: no legal plan at all
    message: str = ""


def rule_penalty(model: WeekModel, rule_id: str) -> cp_model.LinearExprT:
    """The rule's penalty in centipoints: the sum of its registered terms (0 if none)."""
    return sum((term.weight_cp * term.var for term in model.penalties
                if term.rule_id == rule_id), 0)


def check_soft_pair(rulebook: Rulebook, rules: tuple[str, str]) -> None:
    """Both rules exist, are soft and differ; an InputError naming --between otherwise."""
    if len(set(rules)) != 2:
        raise InputError("give two different soft rules", field="--between")
    for rule_id in rules:
        if rule_id not in rulebook.rules:
            raise InputError(f"unknown rule id '{rule_id}'; `weekplan rules` lists them",
                             field="--between")
        if not rulebook[rule_id].is_soft:
            raise InputError(f"{rule_id} is {rulebook[rule_id].kind.value} in rulebook "
                             f"'{rulebook.name}'; a trade-off needs two soft rules",
                             field="--between")


@dataclass
class _Solved:
    code: int
    values: dict[str, int]
    total: int
    plan: WeekPlan | None

    @property
    def has_plan(self) -> bool:
        return self.code in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    @property
    def optimal(self) -> bool:
        return self.code == cp_model.OPTIMAL


def _solve(spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue, params: SolveParams,
           rules: tuple[str, str], bounds: dict[str, int], minimise: str | None) -> _Solved:
    """One solve: ``bounds`` on rules' penalties; minimise one rule, or the usual objective."""
    model = build(spec, rulebook, catalogue)
    penalty = {rule_id: rule_penalty(model, rule_id) for rule_id in rules}
    for rule_id, bound in bounds.items():
        model.model.add(penalty[rule_id] <= bound)
    if minimise is None:
        model.set_objective()
    else:
        model.model.minimize(penalty[minimise])
    solver = configured_solver(params, small_model=True)
    code = solver.solve(model.model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _Solved(code, {}, 0, None)
    values = {rule_id: int(solver.value(expr)) for rule_id, expr in penalty.items()}
    total = sum(term.weight_cp * (term.var if isinstance(term.var, int)
                                  else int(solver.value(term.var)))
                for term in model.penalties)
    return _Solved(code, values, total, read_plan(model, solver))


def trace_front(spec: WeekSpec, rulebook: Rulebook, rules: tuple[str, str],
                catalogue: Catalogue | None = None,
                params: SolveParams = SolveParams()) -> Front:
    """The Pareto front of ``rules`` (A, B) on one week; see the module doc for the method."""
    check_soft_pair(rulebook, rules)
    catalogue = catalogue or default_catalogue()
    first, second = rules
    front = Front(spec.athlete.id, spec.week_start, rules)
    epsilon: int | None = None
    while len(front.points) < MAX_POINTS:
        bound = {} if epsilon is None else {first: epsilon}
        least_b = _solve(spec, rulebook, catalogue, params, rules, bound, second)
        if not least_b.has_plan:
            if not front.points:
                front.status = STATUS_OF.get(least_b.code, Status.unknown)
                front.message = ("no plan satisfies the hard rules for this week"
                                 if front.status is Status.infeasible
                                 else f"no plan found within {params.time_limit:g} s")
            elif least_b.code != cp_model.INFEASIBLE:
                front.message = (f"stopped: no plan found within {params.time_limit:g} s "
                                 f"for {first} <= {epsilon / 100:g}")
            break
        least_a = _solve(spec, rulebook, catalogue, params, rules,
                         {**bound, second: least_b.values[second]}, first)
        if not least_a.has_plan:  # the time limit hit between two solves: keep stage 1
            least_a = least_b
        corner = {first: least_a.values[first], second: least_a.values[second]}
        best = _solve(spec, rulebook, catalogue, params, rules, corner, None)
        if not best.has_plan:
            best = least_a
        front.points.append(FrontPoint(
            penalties_cp=best.values, total_cp=best.total,
            proven=least_b.optimal and least_a.optimal and best.optimal, plan=best.plan))
        if best.values[first] == 0:
            break
        epsilon = best.values[first] - 1
    front.points.sort(key=lambda p: (p.penalties_cp[first], p.penalties_cp[second]))
    return front


def block_fronts(athlete: Athlete, rulebook: Rulebook, rules: tuple[str, str],
                 catalogue: Catalogue | None = None,
                 params: SolveParams = SolveParams()) -> list[Front]:
    """The front of every week of the athlete's block, in order.

    Each week is the one the block planner solves (solver/block/plan.py's chain: its phase's
    targets, hiking still due, load cap, the last days of the week before), given the
    ordinary plan of the weeks before it - so a week's front shows what that week could
    trade, not a joint front over the block's totals (weeks interact through the chain).
    """
    check_soft_pair(rulebook, rules)
    catalogue = catalogue or default_catalogue()
    return [trace_front(spec, rulebook, rules, catalogue, params)
            for _, spec, _ in chain(athlete, rulebook, catalogue, params)]


def front_rows(front: Front) -> list[dict]:
    """The front as plain rows (models/analysis/front_table.py makes the table): one per
    point, each rule's penalty in points under its id; a week without plan gets one row
    with its status and no penalties."""
    base = {"athlete_id": front.athlete_id, "week_start": str(front.week_start)}
    if not front.points:
        return [{**base, "point": 0, "status": front.status.value, "proven": False,
                 "message": front.message}]
    return [{**base, "point": n,
             **{rule_id: point.penalties_cp[rule_id] / CENTI for rule_id in front.rules},
             "total_penalty": point.total_cp / CENTI, "sessions": len(point.plan.sessions),
             "status": "optimal" if point.proven else "feasible", "proven": point.proven,
             "message": "" if point.proven else "time limit hit: not proven optimal"}
            for n, point in enumerate(front.points, start=1)]


__all__ = ["Front", "FrontPoint", "trace_front", "block_fronts", "front_rows", "rule_penalty",
           "check_soft_pair"]
