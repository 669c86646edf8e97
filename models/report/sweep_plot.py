"""The figure of a one-setting sweep: feasibility, penalty per rule and hill/sprint weeks
against the setting's value, each a mean over athletes with its bootstrap interval.

matplotlib is optional at run time (``pip install 'weekplan[research]'``); without it the
figure is refused with one line, before anything is drawn.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from models.analysis.sweep_summary import cell_summary, penalty_metrics, setting_names
from models.analysis.sweep_table import FEASIBLE, PENALTY_PREFIX
from models.domain.errors import InputError

HILL = "hill_sprint"


def pyplot():
    """matplotlib's pyplot on a file backend, or an InputError saying how to get it."""
    try:
        import matplotlib
    except ImportError:
        raise InputError("the figure needs matplotlib: pip install 'weekplan[research]'",
                         field="--plot") from None
    if "matplotlib.pyplot" not in sys.modules:  # a notebook keeps its own (inline) backend
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _band(axis, rows: pd.DataFrame, x: str, label: str, scale: float = 1.0) -> None:
    rows = rows.sort_values(x)
    axis.plot(rows[x], rows["value"] * scale, marker="o", label=label)
    axis.fill_between(rows[x], rows["ci_low"] * scale, rows["ci_high"] * scale, alpha=0.2)


def sweep_figure(table: pd.DataFrame, title: str = ""):
    """The three-panel figure of a sweep of one setting (a matplotlib Figure)."""
    names = setting_names(table)
    if len(names) != 1:
        raise InputError(f"the figure plots a sweep of one setting (this one has {len(names)}); "
                         "plot cells.parquet of a larger grid in a notebook", field="--plot")
    x = names[0]
    penalties = penalty_metrics(table)
    summary = cell_summary(table, [FEASIBLE, HILL, *penalties])
    plt = pyplot()
    figure, (feasible, penalty, hill) = plt.subplots(1, 3, figsize=(13, 3.8))
    _band(feasible, summary[summary["metric"] == FEASIBLE], x, "feasible weeks", 100)
    feasible.set_ylabel("feasible weeks (%)")
    feasible.set_ylim(-5, 105)
    for metric in penalties:
        _band(penalty, summary[summary["metric"] == metric], x, metric[len(PENALTY_PREFIX):])
    penalty.set_ylabel("penalty per planned week (points)")
    if penalties:
        penalty.legend(fontsize=7)
    _band(hill, summary[summary["metric"] == HILL], x, "hill/sprint weeks", 100)
    hill.set_ylabel("weeks with hill or sprint (%)")
    hill.set_ylim(-5, 105)
    for axis in (feasible, penalty, hill):
        axis.set_xlabel(x)
        axis.grid(alpha=0.3)
    figure.suptitle(title or f"{x}: mean over athletes, 95 % bootstrap interval")
    figure.tight_layout()
    return figure


def save_sweep_figure(table: pd.DataFrame, path: Path | str, title: str = "") -> Path:
    """The figure as PNG (or any format matplotlib knows by the extension)."""
    figure = sweep_figure(table, title)
    try:
        figure.savefig(path, dpi=110)
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}", file=str(path)) from None
    finally:
        pyplot().close(figure)
    return Path(path)


__all__ = ["sweep_figure", "save_sweep_figure", "pyplot"]
