"""Paired statistics of a comparison: per metric, B - A athlete by athlete, with its interval.

The athletes are planned under both A and B, so each athlete is its own control: the
difference B - A per athlete removes what differs between athletes (availability, level).
For every metric of the comparison table (models/analysis/compare.py) this gives the mean
difference, its seeded bootstrap interval (models/analysis/bootstrap.py) and how many athletes
have B higher, lower or equal; a difference is flagged when its interval excludes zero.
Athletes with the metric missing on either side (NaN) are left out of that metric.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from models.analysis.bootstrap import LEVEL, RESAMPLES, SEED, mean_interval
from models.analysis.compare import ALL, describe

STATISTICS_COLUMNS = ("metric", "athletes", "mean_diff", "ci_low", "ci_high", "b_higher",
                      "b_lower", "equal", "excludes_zero")
TOLERANCE = 1e-9  # differences smaller than this count as equal (float noise)


def paired_statistics(comparison: pd.DataFrame, seed: int = SEED, resamples: int = RESAMPLES,
                      level: float = LEVEL) -> pd.DataFrame:
    """One row per metric (STATISTICS_COLUMNS), in the comparison's metric order."""
    per_athlete = comparison[comparison["athlete_id"] != ALL]
    rows = []
    for metric in dict.fromkeys(comparison["metric"]):
        diffs = pd.to_numeric(per_athlete.loc[per_athlete["metric"] == metric, "diff"],
                              errors="coerce").dropna().to_numpy(dtype=float)
        diffs = diffs[np.isfinite(diffs)]
        diffs = np.where(np.abs(diffs) < TOLERANCE, 0.0, diffs)
        low, high = mean_interval(diffs, seed, resamples, level)
        rows.append({
            "metric": metric, "athletes": int(diffs.size),
            "mean_diff": float(diffs.mean()) if diffs.size else math.nan,
            "ci_low": low, "ci_high": high,
            "b_higher": int((diffs > 0).sum()), "b_lower": int((diffs < 0).sum()),
            "equal": int((diffs == 0).sum()),
            "excludes_zero": bool(diffs.size and (low > 0 or high < 0)),
        })
    return pd.DataFrame(rows, columns=list(STATISTICS_COLUMNS))


def statistics_lines(statistics: pd.DataFrame, label_a: str = "A", label_b: str = "B",
                     seed: int = SEED, level: float = LEVEL) -> list[str]:
    """The flagged metrics (interval excludes zero) in a few lines; the rest counted."""
    flagged = statistics[statistics["excludes_zero"]]
    head = (f"Paired differences ({label_b} - {label_a} per athlete, {level:.0%} bootstrap "
            f"interval, seed {seed}):")
    if flagged.empty:
        return [head, "  no metric's interval excludes zero"]
    lines = [head]
    for row in flagged.itertuples():
        lines.append(
            f"  * {describe(row.metric)}: {row.mean_diff:+.3g} [{row.ci_low:+.3g}, "
            f"{row.ci_high:+.3g}]; {label_b} higher for {row.b_higher}, lower for "
            f"{row.b_lower}, equal for {row.equal} of {row.athletes} athletes")
    rest = len(statistics) - len(flagged)
    if rest:
        lines.append(f"  ({rest} other metrics: interval includes zero)")
    return lines


def statistics_path(out: str) -> str:
    """Where `compare --out X.csv` puts the statistics: X.stats.csv beside it."""
    stem, dot, suffix = out.rpartition(".")
    return f"{stem}.stats.{suffix}" if dot and "/" not in suffix else f"{out}.stats.csv"


__all__ = ["paired_statistics", "statistics_lines", "statistics_path", "STATISTICS_COLUMNS"]
