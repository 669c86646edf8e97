"""The figure of trade-off fronts: one rule's penalty against the other's, a line per week."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from models.domain.errors import InputError
from models.report.sweep_plot import pyplot


def save_front_figure(front: pd.DataFrame, rules: tuple[str, str], path: Path | str) -> Path:
    """Each athlete-week's front as steps (points not proven optimal drawn hollow)."""
    plt = pyplot()
    first, second = rules
    figure, axis = plt.subplots(figsize=(6, 4.2))
    for (athlete, week), rows in front.groupby(["athlete_id", "week_start"], sort=False):
        rows = rows[rows[first].notna()].sort_values(first)
        if rows.empty:
            continue
        line, = axis.step(rows[first], rows[second], where="post", marker="o",
                          label=f"{athlete} {week}")
        unproven = rows[~rows["proven"].astype(bool)]
        axis.scatter(unproven[first], unproven[second], facecolors="white",
                     edgecolors=line.get_color(), zorder=3)
    axis.set_xlabel(f"{first} penalty (points)")
    axis.set_ylabel(f"{second} penalty (points)")
    axis.grid(alpha=0.3)
    if axis.get_legend_handles_labels()[0]:
        axis.legend(fontsize=7)
    axis.set_title("Pareto front (epsilon-constraint, CP-SAT)")
    figure.tight_layout()
    try:
        figure.savefig(path, dpi=110)
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}", file=str(path)) from None
    finally:
        plt.close(figure)
    return Path(path)


__all__ = ["save_front_figure"]
