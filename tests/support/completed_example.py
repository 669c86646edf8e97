"""The completed-training example (models/data/examples/completed): Ana's plan and her watch
files for the first week and a half of it - one run shortened, a strength session moved, a
hill session skipped, one unplanned ride and one planned course (a GPX route, which is
reported, not read).

The plan is what `weekplan plan athlete.yaml` makes under the default rulebook, with her
coach's edit: a 45-minute hill session wherever the solver put sprints (she is a trail
runner). Regenerate the bundled plan and files with ``python
tests/support/completed_example.py`` whenever the rules change; tests check that the bundled
files are exactly what this writes and that `weekplan check` finds no hard rule broken.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
from click.testing import CliRunner
from fit_tool.profile.profile_type import Sport, SubSport

from activity_files import Segment, fit_bytes, gpx_bytes, tcx_bytes
from cli import main
from models.domain.bundled import EXAMPLES_DIR
from models.domain.catalogue import default_catalogue
from models.domain.plan import Session
from models.domain.rules import default_rulebook
from models.domain.run_details import with_run_details
from models.io.athlete_file import load_athlete

EXAMPLE = EXAMPLES_DIR / "completed"
HILL_MINUTES = 45  # the coach's hill session, where the solver put a sprint

ZONE = ZoneInfo("Europe/Madrid")
TODAY = "2027-01-14"     # the re-plan's today: a Thursday, week 2


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZONE)


def example_files() -> dict[str, bytes]:
    """File name -> bytes; the comment says which planned session each one is."""
    run = Sport.RUNNING
    strength = dict(sport=Sport.TRAINING, sub_sport=SubSport.STRENGTH_TRAINING,
                    distance_km=0, ascent_m=0, avg_hr=110)
    return {
        # week 1
        "2027-01-04-hill.fit": fit_bytes(Segment(local("2027-01-04T06:01"), 46, run,
                                                 distance_km=7.9, ascent_m=380, avg_hr=160)),
        "2027-01-04-jog.gpx": gpx_bytes(local("2027-01-04T18:31"), 29),
        "2027-01-05-strength.fit": fit_bytes(Segment(local("2027-01-05T18:00"), 36, **strength)),
        "2027-01-08-strength.fit": fit_bytes(Segment(local("2027-01-08T07:00"), 33,  # moved
                                                     **strength)),
        "2027-01-09-long.fit": fit_bytes(Segment(local("2027-01-09T09:00"), 91, run,
                                                 distance_km=15.6, ascent_m=310, avg_hr=146)),
        "2027-01-09-ride.fit": fit_bytes(Segment(local("2027-01-09T16:00"), 90, Sport.CYCLING,
                                                 distance_km=38, ascent_m=450, avg_hr=128)),
        "2027-01-10-hike.gpx": gpx_bytes(local("2027-01-10T08:10"), 170, "hiking"),
        "2027-01-10-easy.tcx": tcx_bytes(local("2027-01-10T17:00"), 38, meters=6500),  # shortened
        # week 2 (today: Thursday 14); Tuesday 12 hill: skipped
        "2027-01-13-jog.gpx": gpx_bytes(local("2027-01-13T06:00"), 29),
        "2027-01-13-easy.tcx": tcx_bytes(local("2027-01-13T19:00"), 79, meters=13200),
        "planned-course.gpx": gpx_bytes(None, 0, route=True),                    # a route
    }


def example_plan() -> bytes:
    """plan.csv: `weekplan plan` of the example athlete, sprints made hills by her coach."""
    athlete_file = EXAMPLE / "athlete.yaml"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "plan.csv"
        result = CliRunner().invoke(main, ["plan", str(athlete_file), "--out", str(out)])
        if result.exit_code != 0:
            raise RuntimeError(result.output)
        frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    athlete, rulebook = load_athlete(athlete_file), default_rulebook()
    kind = default_catalogue()["hill"]
    for row in frame.index[frame["session"] == "sprint"]:
        hours, minutes = map(int, frame.at[row, "start"].split(":"))
        start, end = 60 * hours + minutes, 60 * hours + minutes + HILL_MINUTES
        hill = Session(date=frame.at[row, "date"], type="hill", start=start,
                       minutes=HILL_MINUTES, rpe=kind.rpe, running=kind.running, hard=kind.hard)
        details = with_run_details([hill], athlete, rulebook)[0].details
        frame.loc[row, ["session", "end", "minutes", "rpe", "load", "hard", "details"]] = [
            "hill", f"{end // 60:02d}:{end % 60:02d}", str(HILL_MINUTES), str(kind.rpe),
            str(kind.rpe * HILL_MINUTES), str(kind.hard), details]
    return frame.to_csv(index=False).encode()


def write_example(folder: Path) -> list[Path]:
    """The plan and the activity files, into ``folder`` (the example's own by default)."""
    (folder / "activities").mkdir(parents=True, exist_ok=True)
    for stale in (folder / "activities").iterdir():
        stale.unlink()
    written = [folder / "plan.csv"]
    written[0].write_bytes(example_plan())
    for name, data in example_files().items():
        (folder / "activities" / name).write_bytes(data)
        written.append(folder / "activities" / name)
    return written


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[2] / "models" / "data" / "examples" / "completed"
    for path in write_example(target if len(sys.argv) < 2 else Path(sys.argv[1])):
        print(path)
