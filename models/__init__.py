"""The domain language of weekplan: athletes, session types, rules, plans, metrics.

Nothing here imports ortools or click: the models are shared by the solver, the auditor,
the CLI and notebooks, and must stay importable without a solver installed.
"""
