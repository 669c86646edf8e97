"""The two sides of `weekplan compare`, however they were made, and their comparison.

A side is a set of plans with a label and the rulebook it is judged by: two plan files (or
batch folders) given by the user, or the two batch folders of one squad planned under two
rulebooks (solver/compare_rulebooks.py). Either way the comparison is the same
``models.analysis.compare`` table, so the CLI and a notebook get identical numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from models.analysis.compare import compare, side_metrics
from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue
from models.domain.rules import Rulebook
from models.io.atomic import write_text
from models.io.cells import csv_text
from models.io.plan_sources import PlanSource, load_plans


@dataclass(frozen=True)
class Side:
    label: str            # how the side is named in the table and the summary lines
    source: PlanSource    # its plans (and batch summary, when it is a batch folder)
    rulebook: Rulebook    # the rulebook its plans are audited against


def file_sides(paths: Sequence[Path | str], rulebooks: Sequence[Rulebook],
               catalogue: Catalogue) -> list[Side]:
    """One side per plan file or batch folder, labelled by its name."""
    return [Side(Path(path).name, load_plans(path, catalogue), rulebook)
            for path, rulebook in zip(paths, rulebooks)]


def rulebook_sides(folders: Sequence[Path | str], rulebooks: Sequence[Rulebook],
                   catalogue: Catalogue) -> list[Side]:
    """One side per batch folder of the same squad, labelled by the rulebook it used."""
    return [Side(f"rules {rulebook.name}", load_plans(folder, catalogue), rulebook)
            for folder, rulebook in zip(folders, rulebooks)]


def compare_sides(a: Side, b: Side, profiles: Mapping[str, Athlete],
                  catalogue: Catalogue) -> pd.DataFrame:
    """The comparison table of ``a`` and ``b``; athletes with a profile are also audited."""
    side_a, side_b = (side_metrics(side.source.plan, profiles, side.rulebook, catalogue,
                                   side.source.summary) for side in (a, b))
    return compare(side_a, side_b)


def write_comparison(comparison: pd.DataFrame, path: Path | str) -> Path:
    """The comparison as CSV (athlete_id, metric, a, b, diff, rel_diff)."""
    write_text(path, csv_text(comparison))
    return Path(path)
