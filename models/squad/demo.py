"""A generated squad written in one of the two squad forms, ready for `weekplan batch`.

The folder form (athletes.csv + availability.csv) is what a coach edits in a spreadsheet;
the YAML form (one squad.yaml) is what a script or a diff reads best.
"""

from __future__ import annotations

from pathlib import Path

from models.domain.errors import InputError
from models.squad.files import YAML_NAME
from models.squad.forms import write_squad_yaml
from models.squad.generator import random_squad
from models.squad.spreadsheet import write_squad_folder

DEMO_FORMS = ("csv", "yaml")


def write_demo_squad(folder: Path | str, count: int, seed: int, difficulty: str = "mixed",
                     form: str = "csv") -> Path:
    """Write ``count`` seeded athletes to ``folder`` (created if missing) as ``form``."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create the folder: {error.strerror or error}",
                         file=str(folder)) from None
    athletes = random_squad(seed=seed, count=count, difficulty=difficulty)
    if form == "yaml":
        write_squad_yaml(athletes, folder / YAML_NAME)
    else:
        write_squad_folder(athletes, folder)
    return folder
