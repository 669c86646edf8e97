"""Read every activity under some paths: files or folders, any mix of formats.

A file that cannot be read is a ReadProblem (one line: the file and why) and the others are
still read - a coach's folder always holds some odd file. Folders are walked recursively in
name order; files of unknown kinds inside a folder are skipped (a file named on the command
line is reported instead). A Strava export's activities.csv stands for the files it names,
which are then not read twice; the same file found twice counts once.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from models.activities.activity import Activity
from models.activities.export_csv import read_export_csv, strava_files
from models.activities.fit_file import read_fit
from models.activities.gpx_file import read_gpx
from models.activities.problems import NotAnActivity, ReadProblem
from models.activities.tcx_file import read_tcx
from models.domain.athlete import Athlete

READERS = {".fit": read_fit, ".gpx": read_gpx, ".tcx": read_tcx}
KINDS = (*READERS, ".csv")
# the first line of the tables weekplan itself writes next to activities (activities,
# compliance, problems): inside a folder they are skipped, never read as an export
OWN_HEADERS = ("athlete_id,", "file,problem")


@dataclass
class ActivityRead:
    """What a read found: the activities (start order) and the files it could not read."""

    activities: list[Activity] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)


def kind_of(path: Path) -> str:
    """.fit, .gpx, .tcx or .csv (a .gz of one counts as it), else ''."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes and suffixes[-1] in KINDS else ""


def _files(paths: Iterable[Path | str]) -> Iterable[tuple[Path, bool]]:
    """(file, named on the command line) in order."""
    for path in map(Path, paths):
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in found.relative_to(path).parts):
                    yield found, False
        else:
            yield path, True


def _bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise NotAnActivity(f"broken gzip file ({error})") from None
    return data


def read_activities(paths: Iterable[Path | str], athlete: Athlete | None = None,
                    threshold_hr: float | None = None) -> ActivityRead:
    """Every activity under ``paths``, for ``athlete`` (id, time zone) when given."""
    read = ActivityRead()
    files = list(_files(paths))
    covered: set[Path] = set()
    for path, _ in files:
        if kind_of(path) == ".csv":
            try:
                covered |= {(path.parent / name).resolve() for name in strava_files(_bytes(path))}
            except (OSError, NotAnActivity):
                pass
    zone = athlete.timezone if athlete is not None else "UTC"
    seen: set[str] = set()
    for path, named in files:
        kind = kind_of(path)
        if path.resolve() in covered or (not named and not kind):
            continue
        try:
            if not kind:
                raise NotAnActivity("not an activity file (use .fit, .gpx, .tcx or an "
                                    "activities .csv, optionally .gz)")
            data = _bytes(path)
            if not named and kind == ".csv" and data.lstrip(b"\xef\xbb\xbf").startswith(
                    tuple(h.encode() for h in OWN_HEADERS)):
                continue
            found = (read_export_csv(data, str(path), zone) if kind == ".csv"
                     else READERS[kind](data, str(path)))
        except NotAnActivity as problem:
            read.problems.append(ReadProblem(str(path), str(problem)))
            continue
        except OSError as error:
            read.problems.append(ReadProblem(str(path), f"cannot read ({error.strerror})"))
            continue
        for activity in found:
            if activity.activity_id in seen:
                continue
            seen.add(activity.activity_id)
            if athlete is not None:
                activity = activity.for_athlete(athlete.id, zone, threshold_hr)
            read.activities.append(activity)
    read.activities.sort(key=lambda a: (a.start, a.activity_id))
    return read
