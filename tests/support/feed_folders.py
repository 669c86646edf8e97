"""A tiny batch folder for the feed tests: two athletes' plans and their profiles."""

from __future__ import annotations

from pathlib import Path

from builders import make_athlete, make_session
from models.domain.catalogue import default_catalogue
from models.domain.plan import sessions_frame
from models.domain.rules import default_rulebook
from models.domain.run_details import with_run_details
from models.exports.tables import write_csv
from models.squad.forms import write_squad_yaml

CATALOGUE = default_catalogue()
ANA_WEEK = ["Tue hill 18:00 60", "Wed strength 18:00", "Thu easy 07:00 45", "Sat long 08:00 120"]
BEA_WEEK = ["Mon easy 07:00 45", "Sun long 09:00 90"]


def write_plan(folder: Path, athlete_id: str, week: list[str]) -> None:
    """The plan as `weekplan batch` writes it: runs described by the default templates."""
    sessions = with_run_details([make_session(text, CATALOGUE) for text in week],
                                make_athlete(id=athlete_id), default_rulebook(), "build")
    write_csv(sessions_frame(athlete_id, sessions), folder / "athletes" / f"{athlete_id}.csv")


def batch_folder(folder: Path) -> Path:
    (folder / "athletes").mkdir(parents=True)
    write_plan(folder, "ana", ANA_WEEK)
    write_plan(folder, "bea", BEA_WEEK)
    write_squad_yaml([make_athlete(id="ana", name="Ana Example", timezone="Europe/Madrid"),
                      make_athlete(id="bea", name="Bea <Trail>", timezone="America/New_York")],
                     folder / "squad.yaml")
    return folder
