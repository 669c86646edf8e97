"""The completed-training example (models/data/examples/completed/activities): Ana's watch
files for the first week and a half of her plan, some sessions skipped, shortened or moved,
one unplanned ride and one planned course (a GPX route, which is reported, not read).

Regenerate the bundled folder with ``python tests/support/completed_example.py``; a test
checks that the bundled files are exactly what this writes.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fit_tool.profile.profile_type import Sport, SubSport

from activity_files import Segment, fit_bytes, gpx_bytes, tcx_bytes

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
        "2027-01-04-strength.fit": fit_bytes(Segment(local("2027-01-04T06:02"), 34, **strength)),
        "2027-01-05-easy.gpx": gpx_bytes(local("2027-01-05T18:00"), 30),          # shortened
        "2027-01-06-jog.tcx": tcx_bytes(local("2027-01-06T06:00"), 25),
        "2027-01-06-hill.fit": fit_bytes(Segment(local("2027-01-06T19:00"), 52, run,
                                                 distance_km=9.1, ascent_m=420, avg_hr=162)),
        "2027-01-08-strength.fit": fit_bytes(Segment(local("2027-01-08T07:00"), 33,  # moved
                                                     **strength)),
        "2027-01-09-long.fit": fit_bytes(Segment(local("2027-01-09T08:00"), 118, run,
                                                 distance_km=21.4, ascent_m=380, avg_hr=148)),
        "2027-01-09-ride.fit": fit_bytes(Segment(local("2027-01-09T16:00"), 90, Sport.CYCLING,
                                                 distance_km=38, ascent_m=450, avg_hr=128)),
        "2027-01-10-hike.gpx": gpx_bytes(local("2027-01-10T08:10"), 170, "hiking"),
        # Sunday 10 strength: skipped
        # week 2 (today: Thursday 14)
        "2027-01-11-jog.tcx": tcx_bytes(local("2027-01-11T06:00"), 27),
        # Tuesday 12 hill: skipped
        "2027-01-13-strength.fit": fit_bytes(Segment(local("2027-01-13T06:00"), 35, **strength)),
        "2027-01-13-hike.gpx": gpx_bytes(local("2027-01-13T19:05"), 85, "hiking"),
        "planned-course.gpx": gpx_bytes(None, 0, route=True),                    # a route
    }


def write_example(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in example_files().items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[2]
    target = root / "models" / "data" / "examples" / "completed" / "activities"
    for path in write_example(target if len(sys.argv) < 2 else Path(sys.argv[1])):
        print(path)
