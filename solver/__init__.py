"""The CP-SAT side of weekplan: one model per athlete-week, chains, batches, explanations."""
