"""One athlete file or a squad (YAML with 'athletes:', or a spreadsheet folder), as a list.

For commands that work on either (`weekplan tradeoff`): a folder, or a YAML file whose top
level has 'athletes', is a squad; anything else is read as one athlete file.
"""

from __future__ import annotations

from pathlib import Path

from models.domain.athlete import Athlete
from models.domain.yamlfile import read_yaml
from models.io.athlete_file import load_athlete
from models.squad.forms import load_squad
from models.squad.problems import SquadProblem


def load_athlete_or_squad(path: Path | str) -> tuple[list[Athlete], list[SquadProblem]]:
    """(athletes, problems of squad members that could not be read)."""
    path = Path(path)
    if path.is_dir() or (path.suffix in (".yaml", ".yml") and path.is_file()
                         and isinstance(raw := read_yaml(path), dict) and "athletes" in raw):
        return load_squad(path)
    return [load_athlete(path)], []


__all__ = ["load_athlete_or_squad"]
