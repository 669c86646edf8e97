"""The CP-SAT side of weekplan: one model per athlete-week, chains, batches, explanations.

The names below are the public API for notebooks and scripts (``from solver import
solve_week, SolveParams``); each is loaded on first use, so ``import solver`` does not load
OR-Tools until something is solved.
"""

from __future__ import annotations

from models.domain.lazy_exports import lazy_exports

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "SolveParams": "solver.week.solve",
    "solve_week": "solver.week.solve",
    "plan_block": "solver.block.plan",
    "replan": "solver.block.replan",
    "SquadActuals": "solver.batch.squad_actuals",
    "explain_week": "solver.explain.explain",
    "run_batch": "solver.batch.driver",
    "plan_under": "solver.batch.rulebook_runs",
    "shortened": "solver.batch.rulebook_runs",
    "plan_greedy": "solver.baseline",
    "run_sweep": "solver.research.sweep",
    "trace_front": "solver.research.tradeoff",
    "front_rows": "solver.research.tradeoff",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
