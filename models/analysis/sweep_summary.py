"""A sweep's tidy table summarised per cell: a metric's mean over athletes, with its interval.

Athletes are the unit: each athlete's weeks are first averaged (a share of feasible weeks,
a mean penalty per planned week, the share of weeks with a hill or sprint session), then
the cell's value is the mean over athletes with a seeded bootstrap interval over athletes
(models/analysis/bootstrap.py). Athletes without a value for the metric (no planned week)
are left out of it; ``athletes`` says how many count.
"""

from __future__ import annotations

import pandas as pd

from models.analysis.bootstrap import LEVEL, RESAMPLES, SEED, mean_interval
from models.analysis.sweep_table import FEASIBLE, PENALTY_PREFIX

SUMMARY_COLUMNS = ("cell", "parameters", "metric", "value", "ci_low", "ci_high", "athletes")


def setting_names(table: pd.DataFrame) -> list[str]:
    """The setting columns of a cells table (those between 'parameters' and 'athlete')."""
    columns = list(table.columns)
    return columns[columns.index("parameters") + 1:columns.index("athlete")]


def cell_summary(table: pd.DataFrame, metrics: list[str] | None = None, seed: int = SEED,
                 resamples: int = RESAMPLES, level: float = LEVEL) -> pd.DataFrame:
    """One row per (cell, metric), plus the cell's setting values (SUMMARY_COLUMNS + those)."""
    metrics = metrics or list(dict.fromkeys(table["metric"]))
    names = setting_names(table)
    chosen = table[table["metric"].isin(metrics)]
    per_athlete = chosen.groupby(["cell", "metric", "athlete"], sort=False)["value"].mean()
    rows = []
    for (cell_id, metric), values in per_athlete.groupby(level=[0, 1], sort=False):
        first = table[table["cell"] == cell_id].iloc[0]
        low, high = mean_interval(values.to_numpy(), seed, resamples, level)
        clean = values.dropna()
        rows.append({"cell": cell_id, "parameters": first["parameters"],
                     **{name: first[name] for name in names}, "metric": metric,
                     "value": float(clean.mean()) if len(clean) else float("nan"),
                     "ci_low": low, "ci_high": high, "athletes": int(len(clean))})
    return pd.DataFrame(rows, columns=[*SUMMARY_COLUMNS[:2], *names, *SUMMARY_COLUMNS[2:]])


def penalty_metrics(table: pd.DataFrame) -> list[str]:
    """The penalty:RULE metrics that cost something in some cell."""
    penalties = table[table["metric"].str.startswith(PENALTY_PREFIX)]
    costly = penalties.groupby("metric")["value"].max()
    return sorted(costly[costly > 0].index)


def cell_lines(summary: pd.DataFrame) -> list[str]:
    """A line per cell: feasibility share and mean objective, with their intervals."""
    lines = []
    for cell_id, rows in summary.groupby("cell", sort=True):
        by_metric = rows.set_index("metric")
        parts = [f"{cell_id} {rows['parameters'].iloc[0]}:"]
        if FEASIBLE in by_metric.index:
            row = by_metric.loc[FEASIBLE]
            parts.append(f"feasible {row.value:.0%} [{row.ci_low:.0%}, {row.ci_high:.0%}]")
        if "objective" in by_metric.index and by_metric.loc["objective", "athletes"]:
            row = by_metric.loc["objective"]
            parts.append(f"penalty/week {row.value:.1f} [{row.ci_low:.1f}, {row.ci_high:.1f}]")
        lines.append(" ".join(parts))
    return lines


__all__ = ["cell_summary", "cell_lines", "penalty_metrics", "setting_names", "SUMMARY_COLUMNS"]
