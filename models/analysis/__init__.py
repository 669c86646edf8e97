"""Load metrics (Foster, ACWR) and comparisons of two sets of plans, in plain pandas."""
