"""Research runs: parameter sweeps over a squad and trade-off fronts of two soft rules."""
