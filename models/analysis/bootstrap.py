"""Percentile bootstrap intervals of a mean, seeded so that a figure or a table is reproducible.

Used on per-athlete paired differences (compare) and on per-athlete values of a sweep cell:
athletes are the unit that is resampled, because they are the independent observations (the
weeks of one athlete share their profile and their chain). A sample whose values are all
equal has that value as both ends: resampling it cannot move the mean, and the interval of
"no difference at all" is exactly [0, 0] rather than a rounding error around it.
"""

from __future__ import annotations

import math

import numpy as np

SEED = 2027
RESAMPLES = 2000
LEVEL = 0.95


def mean_interval(values, seed: int = SEED, resamples: int = RESAMPLES,
                  level: float = LEVEL) -> tuple[float, float]:
    """(low, high) of the ``level`` percentile-bootstrap interval of the mean; NaN skipped.

    (nan, nan) without values. The same values, seed and count give the same interval.
    """
    sample = np.asarray(values, dtype=float)
    sample = sample[~np.isnan(sample)]
    if sample.size == 0:
        return math.nan, math.nan
    if np.all(sample == sample[0]):
        return float(sample[0]), float(sample[0])
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, sample.size, size=(resamples, sample.size))
    means = sample[picks].mean(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    return float(low), float(high)


__all__ = ["mean_interval", "SEED", "RESAMPLES", "LEVEL"]
