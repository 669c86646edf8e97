"""Solve one athlete-week: build the model, run CP-SAT deterministically, read the Result."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.details import annotate
from models.domain.plan import PenaltyItem, Result, Session, Status, WeekPlan
from models.domain.rules import CENTI, Rulebook
from models.domain.week import WeekSpec

from solver.week.constraints import add_rule_ids, add_rules
from solver.week.lazy_rules import breaks_lazy_rules, lazy_rule_ids
from solver.week.model import WeekModel
from solver.week.relaxed_optimum import at_relaxed_optimum

DEFAULT_TIME_LIMIT = 10.0
DEFAULT_SEED = 1

STATUS_OF = {  # CP-SAT's status code -> ours
    cp_model.OPTIMAL: Status.optimal,
    cp_model.FEASIBLE: Status.feasible,
    cp_model.INFEASIBLE: Status.infeasible,
    cp_model.UNKNOWN: Status.unknown,
    cp_model.MODEL_INVALID: Status.invalid,
}


@dataclass(frozen=True)
class SolveParams:
    """Defaults for one small model: 1 worker and a fixed seed make results reproducible."""

    time_limit: float = DEFAULT_TIME_LIMIT
    workers: int = 1
    seed: int = DEFAULT_SEED


def build(spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue | None = None,
          explain: bool = False) -> WeekModel:
    model = WeekModel(spec, rulebook, catalogue or default_catalogue(), explain=explain)
    add_rules(model)
    return model


def configured_solver(params: SolveParams, small_model: bool = False) -> cp_model.CpSolver:
    """A deterministic CP-SAT solver; ``small_model`` adds the tuning for one athlete-week.

    A week model is a few hundred variables, where CP-SAT's repeated presolve, symmetry
    detection and in-search SAT simplification cost more than they save: the tuning keeps
    PRESOLVE_ROUNDS presolve rounds with probing, no symmetry search, no SAT inprocessing,
    and the LP relaxation of every constraint (linearization level 2), which bounds the
    volume and share rules well once run lengths are decisions, without cutting planes
    (CUT_LEVEL). Each setting was measured on the benchmark's weeks with every status and
    optimum unchanged (tests/solver/week/test_oracle.py agrees); docs/performance.md has
    the figures, and what was slower (linearization level 0, core-based search, the LB
    tree). Joint (group) models keep CP-SAT's defaults (without their cuts the road unit's
    joint first week took the same time)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = params.time_limit
    solver.parameters.num_workers = params.workers
    solver.parameters.random_seed = params.seed
    if small_model:
        solver.parameters.max_presolve_iterations = PRESOLVE_ROUNDS
        solver.parameters.cp_model_probing_level = 2
        solver.parameters.symmetry_level = 0
        solver.parameters.use_sat_inprocessing = False
        solver.parameters.linearization_level = 2
        solver.parameters.cut_level = CUT_LEVEL
    return solver


def hint_from(model: cp_model.CpModel, solver: cp_model.CpSolver) -> None:
    """Start the model's next search from the solver's plan: every variable the solved model
    had takes its value as the hint (variables added since stay unhinted)."""
    model.clear_hints()
    values = list(solver.response_proto.solution)
    model.proto.solution_hint.vars.extend(range(len(values)))
    model.proto.solution_hint.values.extend(values)


def search(model: cp_model.CpModel, params: SolveParams,
           products: bool = False) -> tuple[int, cp_model.CpSolver]:
    """Solve a week model with the small-model settings (configured_solver). ``products``:
    the model holds S-MONOTONY's products (its lazy rules added); the search then keeps the
    LP relaxation only for PRODUCTS_LP_EFFORT (see there).

    A quick try first (the light settings under a small deterministic effort, then the
    thorough one from its plan) paid while presolve ran three rounds: most lone weeks were
    settled by it, and a thorough try cost 58-67 ms at the median. With one round (see
    PRESOLVE_ROUNDS) the quick try only delays the weeks it does not settle - four in five
    of a block's. Dropping it, CPU time on one core, two runs each with the cores swapped,
    every penalty the same: the benchmark batch's 640 weeks 147.8 / 152.5 -> 128.4 / 135.2 s
    (median week 72 / 78 -> 54 / 58 ms); the example squad's units 69.5 / 69.9 -> 53.3 /
    55.0 s; 200 lone first weeks 9.2 -> 8.5 s, median 36 -> 38 ms, p95 123 -> 93 ms.
    """
    started = time.perf_counter()
    solver = configured_solver(params, small_model=True)
    if not products:
        return solver.solve(model), solver
    solver.parameters.max_deterministic_time = PRODUCTS_LP_EFFORT
    code = solver.solve(model)
    remaining = params.time_limit - (time.perf_counter() - started)
    if code not in (cp_model.UNKNOWN, cp_model.FEASIBLE) or remaining <= 0:
        return code, solver
    if code == cp_model.FEASIBLE:
        hint_from(model, solver)
    without_lp = configured_solver(replace(params, time_limit=remaining), small_model=True)
    without_lp.parameters.linearization_level = 0
    last = without_lp.solve(model)
    if last == cp_model.UNKNOWN and code == cp_model.FEASIBLE:
        return code, solver  # no plan in the time left: the plan found with the LP
    return last, without_lp


# Presolve rounds of a week's search (each with probing). An ordinary block week spent
# most of its search in presolve (bench00004's week 11: 30 of 54 ms in three rounds, the
# search 10 ms), and the second and third rounds rarely pay for themselves. CPU time on
# one core, two runs each with the cores swapped, 3 rounds -> 1 round, every penalty the same
# (measured with the quick try of the time, see search):
# - the benchmark batch's 640 weeks (40 athletes x 16): 148.6 / 153.7 -> 141.8 / 143.6 s,
#   median week 83 / 88 -> 68 / 82 ms (1 round only where the products are not in the model);
# - its 164 weeks that need the re-solve with the products: 126.0 / 133.1 -> 119.1 / 127.9 s,
#   median 170 / 182 -> 132 / 142 ms (1 round everywhere);
# - 200 lone first weeks: 10.7 / 10.1 -> 10.4 / 9.8 s (noise);
# - on a third of the batch's weeks: 0 rounds (the one pass every solve makes) 52.9 s,
#   1 round 36.5 / 41.9 s, 2 rounds 45.2 / 46.2 s, 3 rounds 41.2 / 46.7 s.
# Before that, against the light settings alone (no probing, 80.5 s on 163 block weeks),
# presolve with probing had cut a block's weeks by 40 %.
PRESOLVE_ROUNDS = 1


# CP-SAT's cutting planes on a week's LP relaxation: 0, none. The LP of a week model is its
# bound (linearization level 2); the cuts CP-SAT adds to it at the root and in the search
# (MIR, Chvatal-Gomory, zero-half, ...) cost each solve more than the bound they add. Side
# by side on the two cores, then swapped, CPU time on one core each (2026-12-01):
# - 280 relaxed week models (100 lone first weeks, 180 block weeks), one solve each:
#   8.16 -> 5.68 s, median 17.9 -> 13.9 ms, every status and objective the same;
# - the benchmark batch's 640 block weeks, each from the same spec (solve_week, the lazy
#   re-solves included): 89.3 -> 54.4 s; every week proven before has the same penalty
#   (and the same whole objective, tie-break included, on the 320 compared), the plans
#   differing only where the objective ties (run lengths, which the tie-break leaves
#   free); the two weeks that ended at the 10 s limit are proven (2.2 s and 0.1 s, one
#   5 points cheaper);
# - those blocks walked through the chain: 96.4 / 108.2 -> 75.7 / 88.5 s, median week
#   41 / 46 -> 27 / 36 ms;
# - the example squad's road unit (20 athletes, joint weeks) 19.9 -> 14.0 s, the trail
#   athletes' blocks alone 26.2 -> 12.8 s.
# Without the MIR or Chvatal-Gomory cuts alone: 8.16 -> 7.26 / 6.92 s on the 280 models.
# An earlier try without cuts (before the load unit of S-MONOTONY and one presolve round)
# had found no gain. Probing level 0 and the LP's constraints all added up front were
# measured on top: faster on lone first weeks, slower on block weeks (67.2 -> 72.8 s and
# 59.0 -> 64.5 s on the 640), so they stay.
CUT_LEVEL = 0

# The deterministic effort for which a model with S-MONOTONY's products is searched with
# the LP relaxation (linearization level 2); after it, without (level 0), hinted with the
# best plan found. The products' LP relaxation (McCormick bounds of a square over a day's
# whole load range) is too loose to prune, yet costs each search node most of its time:
# proving that no plan avoids a monotony level more cheaply took 20,874 conflicts in 17 s
# with the LP and 51,661 in 2.6 s without it (a two-a-day base week). Without the LP
# throughout, the 164 weeks of the benchmark batch whose relaxed plan broke S-MONOTONY took
# 153.0 -> 98.0 s; but the example squad's athletes, whose whole models need the LP bound
# for their other rules, took longer (one week alone 1.5 s -> 10 s, unproven). CPU time of
# the batch's 640 weeks (40 athletes x 16, one core) and the example squad's wall time (2
# processes), for: the LP throughout / none / 1.0 without then with / 1.5 with then without:
# batch 185.7 / 132.9 / 141.5 / 160.1 s, squad 50.2 / 75.0 / 57.4 / 45.6 s. The last is
# faster on both, every optimum unchanged. The effort with the LP first, 0.75 / 1.5 / 3.0:
# batch 142.3 / 160.1 / 155.4 s, squad 47.6 (one week left unproven) / 45.6 / 44.5 s.
# Those figures are with CP-SAT's cuts; without them (CUT_LEVEL) the LP stage is the faster
# of the two on the batch's hardest re-solves as well (each stage alone to the end: 20.9 s
# against 25.0 s, docs/performance.md), and the effort stays.
PRODUCTS_LP_EFFORT = 1.5

# The share of a week's time limit the search without the lazy rules leaves for them
LAZY_SHARE = 0.25


def search_relaxed(model: cp_model.CpModel, params: SolveParams,
                   breaks: Callable[[cp_model.CpSolver], bool]) -> tuple[int, cp_model.CpSolver]:
    """search() on a model whose lazy rules are left out, leaving LAZY_SHARE of the time limit
    for adding them when its plan breaks one (``breaks``).

    A hard block week can spend its whole time limit on the relaxed model; its plan, when
    it broke S-MONOTONY, was then only priced (generated athlete a00025's recovery week of
    2027-01-25 at 2 s: 9 points relaxed, 74 priced, monotony 2.20; the whole model, hinted
    from the relaxed plan, finds a 9-point plan within 0.5 s, monotony 1.44). A relaxed plan
    at the time limit that breaks none keeps being improved, hinted, in the time left (a
    better plan that breaks one is not taken: the plan found first is exact), and a search
    that found no plan yet goes on.
    """
    started = time.perf_counter()
    code, solver = search(model, replace(params, time_limit=params.time_limit * (1 - LAZY_SHARE)))
    found = code == cp_model.FEASIBLE
    # optimal or infeasible: done; a plan breaking a lazy rule: the caller adds them
    goes_on = code == cp_model.UNKNOWN or (found and not breaks(solver))
    if not goes_on:
        return code, solver
    remaining = params.time_limit - (time.perf_counter() - started)
    if remaining <= 0:
        return code, solver
    if found:
        hint_from(model, solver)
    more_code, more = search(model, replace(params, time_limit=remaining))
    if not found or more_code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and not breaks(more):
        return more_code, more
    return code, solver


def settle_at_relaxed_optimum(model: cp_model.CpModel, relaxed: cp_model.CpSolver,
                              params: SolveParams) -> cp_model.CpSolver | None:
    """The lazy rules just added to ``model``, whose relaxation ``relaxed`` solved to
    optimality: a solver holding a plan of the whole model at the relaxed optimum (then
    optimal), found by a short pinned search with the small-model presolve and probing
    but no LP (see PRODUCTS_LP_EFFORT: within the same deterministic effort it searches
    further; on the 164 weeks there, all else without the LP: 109.8 -> 98.0 s), or None
    (solver/week/relaxed_optimum.py)."""
    pinned = configured_solver(params, small_model=True)
    pinned.parameters.linearization_level = 0
    optimum = int(round(relaxed.objective_value))
    return pinned if at_relaxed_optimum(model, optimum, pinned) else None


def solve_week(spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue | None = None,
               params: SolveParams = SolveParams()) -> Result:
    started = time.perf_counter()
    catalogue = catalogue or default_catalogue()
    lazy = lazy_rule_ids(rulebook)  # left out first (solver/week/lazy_rules.py)
    model = WeekModel(spec, rulebook, catalogue)
    add_rules(model, skip=frozenset(lazy))
    scale = model.set_objective()
    built = time.perf_counter()
    if lazy:
        code, solver = search_relaxed(model.model, params,
                                      lambda plan: breaks_lazy_rules(model, lazy, plan))
    else:
        code, solver = search(model.model, params)
    bound = solver.best_objective_bound
    has_plan = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if lazy and (code == cp_model.UNKNOWN or has_plan and breaks_lazy_rules(model, lazy, solver)):
        def add_lazy() -> None:
            add_rule_ids(model, lazy)
            model.set_objective()

        code, solver, bound = solve_with_lazy_rules(model.model, solver, code, add_lazy, params,
                                                    deadline=built + params.time_limit)
    finished = time.perf_counter()
    status = STATUS_OF.get(code, Status.unknown)
    result = Result(
        athlete_id=spec.athlete.id, week_start=spec.week_start, status=status,
        wall_time=finished - started, build_time=built - started, solve_time=finished - built,
    )
    if status.has_plan:
        penalty_cp = int(round(solver.objective_value)) // scale
        bound_cp = -(-int(round(bound)) // scale)
        result.objective = penalty_cp / CENTI
        result.best_bound = min(bound_cp, penalty_cp) / CENTI
        result.plan = read_plan(model, solver)
        result.breakdown = read_breakdown(model, solver)
        if status is Status.feasible:
            result.message = (
                f"time limit of {params.time_limit:g} s hit: best plan found, not proven "
                f"optimal (gap {result.objective - result.best_bound:.2f} points)")
    elif status is Status.infeasible:
        result.message = (
            "no plan satisfies the hard rules for this week; "
            "run `weekplan explain` to see which rules and windows conflict"
        )
    elif status is Status.unknown:
        result.message = f"no plan found within the time limit of {params.time_limit:g} s"
    else:
        result.message = f"the model was rejected by CP-SAT: {model.model.validate()}"
    return result


# The time a solve without search (every variable fixed by the hint) may take, whatever is
# left of the week's time limit: a few milliseconds in practice
PRICE_SECONDS = 1.0


def solve_with_lazy_rules(model: cp_model.CpModel, relaxed: cp_model.CpSolver, code: int,
                          add_lazy: Callable[[], None], params: SolveParams, deadline: float
                          ) -> tuple[int, cp_model.CpSolver, float]:
    """The lazy rules left out of ``model`` are needed: its relaxed solve (``relaxed``,
    status ``code``) found a plan that breaks one, or no plan in its share of the time.
    ``add_lazy`` adds them (and sets the objective again); the whole model is then solved
    from the relaxed plan until ``deadline`` (time.perf_counter()). Returns the status, the
    solver holding the plan and the best objective bound known. Used by solve_week and by a
    squad athlete's own solve (solver/squad/joint_week.py), so both plan a week alike.

    The relaxation bounds the whole model from below (a penalty is never negative): a plan
    of the whole model at the relaxed optimum, when a short pinned search finds one
    (solver/week/relaxed_optimum.py), is the answer. When no time is left, the relaxed plan
    priced on the whole model by CP-SAT itself (every earlier variable fixed to it: a solve
    without search) is the answer - 'feasible', bounded by the relaxation - never no plan.
    """
    has_plan = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    bound = relaxed.objective_value if code == cp_model.OPTIMAL else relaxed.best_objective_bound
    add_lazy()
    if has_plan:
        hint_from(model, relaxed)
    remaining = deadline - time.perf_counter()
    if code == cp_model.OPTIMAL and remaining > 0:
        pinned = settle_at_relaxed_optimum(model, relaxed, replace(params, time_limit=remaining))
        if pinned is not None:
            return cp_model.OPTIMAL, pinned, bound
        remaining = deadline - time.perf_counter()
    if remaining > 0:
        whole_code, whole = search(model, replace(params, time_limit=remaining), products=True)
        if whole_code != cp_model.UNKNOWN or not has_plan:
            return whole_code, whole, max(bound, whole.best_objective_bound)
    if has_plan:
        priced = configured_solver(replace(params, time_limit=PRICE_SECONDS), small_model=True)
        priced.parameters.fix_variables_to_their_hinted_value = True
        if priced.solve(model) == cp_model.OPTIMAL:
            return cp_model.FEASIBLE, priced, bound
    return cp_model.UNKNOWN, relaxed, bound


def read_plan(model: WeekModel, solver: cp_model.CpSolver) -> WeekPlan:
    sessions = []
    for c in model.candidates:
        if not c.in_week:
            continue
        if c.is_fixed:
            sessions.append(c.fixed)
        elif solver.boolean_value(c.present):
            sessions.append(Session(
                date=c.date, type=c.type, start=int(solver.value(c.start)),
                minutes=int(solver.value(c.duration)),
                rpe=c.rpe, running=c.running, hard=c.hard,
            ))
    targets = model.spec.targets
    sessions = annotate(sessions, targets.bodyweight_only, targets.maintenance,
                        model.spec.athlete.bodyweight_kg)
    return WeekPlan(athlete_id=model.spec.athlete.id, week_start=model.spec.week_start,
                    sessions=sorted(sessions, key=lambda s: (s.date, s.start)))


def read_breakdown(model: WeekModel, solver: cp_model.CpSolver) -> list[PenaltyItem]:
    """Each penalty term that costs something in the solution, grouped by rule and day."""
    grouped: dict[tuple, PenaltyItem] = {}
    for term in model.penalties:
        value = term.var if isinstance(term.var, int) else int(solver.value(term.var))
        if not value:
            continue
        key = (term.rule_id, term.day, term.detail)
        cost = term.weight_cp * value
        if key in grouped:
            item = grouped[key]
            grouped[key] = item.model_copy(update={
                "violations": item.violations + value,
                "penalty": round(item.penalty + cost / CENTI, 2),
            })
        else:
            grouped[key] = PenaltyItem(rule_id=term.rule_id, date=term.day, violations=value,
                                       penalty=round(cost / CENTI, 2), detail=term.detail)
    return sorted(grouped.values(), key=lambda i: (i.rule_id, str(i.date or ""), i.detail))
