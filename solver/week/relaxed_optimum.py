"""The lazy re-solve's first try: a plan of the whole model that costs the relaxed optimum.

A model without its lazy rules (solver/week/lazy_rules.py) relaxes the whole model, so its
optimum is a lower bound on the whole model's objective; a plan of the whole model that
reaches it is optimal without further proof. In most weeks whose relaxed plan breaks
S-MONOTONY another plan of the same cost avoids it (20 of the 29 such weeks among the 163 of
12 random athletes' 16-week blocks), but CP-SAT's search on the whole model, whose LP sees
the monotony products only loosely, takes up to seconds to meet it. Pinning the objective to
that bound turns the search into a small feasibility problem that finds such a plan in a
fraction of the time or fails quickly; then the usual search runs, having lost little.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

# CP-SAT's deterministic effort for the pinned try: reproducible, unlike a time limit. On
# the 29 weeks above (CPU time, one core, interleaved with the plain re-solve: 33.4 s in
# total): 0.03 with the light settings 31.1 s, 0.03 with presolve and probing 31.3 s,
# 0.08 with them 30.8 s; the plans of equal cost are found below 0.03 in most weeks,
# proving there is none takes 0.05 to 0.8. With S-MONOTONY's load unit (constraints.py):
# no pinned try 28.2 s, 0.03: 26.2 s, 0.08: 27.1 s, 0.2: 27.5 s - alike within the noise
# of the search (a second run moves a week by up to a second); 0.08 settles more of the
# lone first weeks (random_squad(1, 200): 29 of the 39 that need a re-solve).
PINNED_EFFORT = 0.08


def at_relaxed_optimum(model: cp_model.CpModel, optimum: int,
                       solver: cp_model.CpSolver) -> bool:
    """Search, with ``solver`` (configured by the caller) and at most PINNED_EFFORT, for a
    plan whose objective equals ``optimum``, a lower bound of the model's objective: True
    when the solver holds one (then it is optimal). The model is left as it was."""
    if not PINNED_EFFORT:
        return False
    objective = model.proto.objective
    target = optimum - int(round(objective.offset))  # the domain leaves the offset out
    objective.domain.clear()
    objective.domain.extend([target, target])
    try:
        solver.parameters.max_deterministic_time = PINNED_EFFORT
        return solver.solve(model) == cp_model.OPTIMAL
    finally:
        objective.domain.clear()
