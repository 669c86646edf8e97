"""`weekplan compare` in the terminal: the overall metrics of A and B side by side."""

from __future__ import annotations

import math

import pandas as pd
from rich.table import Table
from rich.text import Text

from models.analysis.compare import ALL, describe


def _value(value: float) -> str:
    if value is None or math.isnan(value):
        return "-"
    if math.isinf(value):
        return "inf"
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:.2f}"


def comparison_table(comparison: pd.DataFrame, label_a: str = "A", label_b: str = "B") -> Table:
    """One row per metric over all athletes; changed metrics in bold."""
    table = Table(title=Text(f"{label_a} vs {label_b} (all athletes)"))
    table.add_column("metric")
    table.add_column(label_a, justify="right")
    table.add_column(label_b, justify="right")
    table.add_column("B - A", justify="right")
    overall = comparison[comparison["athlete_id"] == ALL]
    for row in overall.itertuples():
        changed = not math.isnan(row.diff) and abs(row.diff) > 1e-9
        style = "bold" if changed else ""
        diff = "" if math.isnan(row.diff) else (f"{row.diff:+,.2f}".rstrip("0").rstrip(".")
                                                if changed else "0")
        table.add_row(describe(row.metric), _value(row.a), _value(row.b), diff, style=style)
    return table
