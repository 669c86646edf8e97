"""Athlete profiles by id, for commands that audit plans made elsewhere (report, compare).

A plan table names athletes by id only; the audit needs each one's availability and
targets. They come from one athlete file (--athlete), a squad (--squad: YAML file or
spreadsheet folder) or, for a batch folder, the ``squad.yaml`` it may hold.
"""

from __future__ import annotations

from pathlib import Path

from models.domain.athlete import Athlete
from models.io.athlete_file import load_athlete
from models.squad.forms import load_squad
from models.squad.problems import SquadProblem


def load_profiles(athlete: str | None = None, squad: str | None = None,
                  near: Path | str | None = None) -> tuple[dict[str, Athlete], list[SquadProblem]]:
    """({id: Athlete}, problems of squad members that could not be read)."""
    profiles: dict[str, Athlete] = {}
    problems: list[SquadProblem] = []
    if squad is None and athlete is None and near is not None:
        candidate = Path(near) / "squad.yaml"
        if Path(near).is_dir() and candidate.is_file():
            squad = str(candidate)
    if squad is not None:
        members, problems = load_squad(squad)
        profiles.update({a.id: a for a in members})
    if athlete is not None:
        one = load_athlete(athlete)
        profiles[one.id] = one
    return profiles, problems
