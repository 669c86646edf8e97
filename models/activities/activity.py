"""One recorded activity, as every reader returns it (docs/formats.md, activities table).

Decisions:

* sport: a platform's or device's name is mapped to run, trail_run, walk, hike, ride,
  strength or other (``sport_of``); cycling and anything unknown is ``ride``/``other``: its
  load counts, it never marks a run done.
* minutes: the moving (timer) time when the source records it, else the elapsed time;
  ``minutes_kind`` says which.
* load = rpe x minutes (session-RPE, like the plan). Without a recorded RPE the RPE is
  estimated (``load_basis``): from the average heart rate as a share of the athlete's
  threshold heart rate when both are known, else a typical RPE of the sport.
* activity_id: the first 12 hex digits of the SHA-1 of the file's bytes, a dash and the
  activity's index in the file, so the same file read twice gives the same ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

SPORTS = ("run", "trail_run", "walk", "hike", "ride", "strength", "other")
RUNNING_SPORTS = frozenset({"run", "trail_run"})

# names of FIT, TCX, GPX, Strava and Garmin Connect, lower-cased, spaces and dashes as "_"
SPORT_NAMES = {
    "running": "run", "run": "run", "treadmill_running": "run", "road_running": "run",
    "track_running": "run", "indoor_running": "run", "virtual_run": "run", "street": "run",
    "trail_running": "trail_run", "trail_run": "trail_run", "trail": "trail_run",
    "ultra_run": "trail_run", "mountaineering_run": "trail_run",
    "walking": "walk", "walk": "walk", "casual_walking": "walk", "speed_walking": "walk",
    "hiking": "hike", "hike": "hike", "mountaineering": "hike",
    "strength_training": "strength", "weight_training": "strength", "strength": "strength",
    "training": "strength", "workout": "other", "crossfit": "strength",
    "cycling": "ride", "biking": "ride", "ride": "ride", "road_biking": "ride",
    "mountain_biking": "ride", "gravel_cycling": "ride", "virtual_ride": "ride",
    "indoor_cycling": "ride", "e_bike_ride": "ride", "ebikeride": "ride",
}
# CR-10 of an activity without a recorded RPE or heart rate: a typical session of the sport
TYPICAL_RPE = {"run": 4, "trail_run": 5, "walk": 2, "hike": 3, "ride": 4, "strength": 6,
               "other": 3}
# average heart rate / threshold heart rate -> CR-10 (upper bounds, exclusive)
HR_RPE = ((0.75, 2), (0.82, 3), (0.88, 4), (0.92, 5), (0.96, 6), (1.00, 7), (1.04, 8))


def sport_of(name: object) -> str:
    """The sport of a device's or platform's name ('Trail Run', 'cycling', 'Weight Training')."""
    key = str(name or "").strip().lower().replace(" ", "_").replace("-", "_")
    return SPORT_NAMES.get(key, "other")


def file_digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:12]


def rpe_from_hr(avg_hr: float, threshold_hr: float) -> int:
    share = avg_hr / threshold_hr
    return next((rpe for bound, rpe in HR_RPE if share < bound), 9)


@dataclass(frozen=True)
class Activity:
    """One recorded activity; ``start`` is aware (UTC until ``in_zone``)."""

    athlete_id: str
    activity_id: str
    source: str
    sport: str
    start: datetime
    minutes: float
    minutes_kind: str                 # moving | elapsed
    distance_km: float | None = None
    ascent_m: float | None = None
    avg_hr: float | None = None
    rpe: int | None = None            # recorded by the athlete (Strava's perceived exertion)
    rpe_used: int = 0                 # the RPE of the load: recorded or estimated
    load_basis: str = "sport"         # rpe | hr | sport

    @property
    def load(self) -> int:
        return round(self.rpe_used * self.minutes)

    @property
    def running(self) -> bool:
        return self.sport in RUNNING_SPORTS

    def in_zone(self, zone: str) -> "Activity":
        return replace(self, start=self.start.astimezone(ZoneInfo(zone)))

    def for_athlete(self, athlete_id: str, zone: str, threshold_hr: float | None) -> "Activity":
        """The activity of ``athlete_id``, shown in their time zone, its load estimated with
        their threshold heart rate when it has no recorded RPE."""
        rpe, basis = self.rpe, "rpe"
        if rpe is None and self.avg_hr and threshold_hr:
            rpe, basis = rpe_from_hr(self.avg_hr, threshold_hr), "hr"
        if rpe is None:
            rpe, basis = TYPICAL_RPE[self.sport], "sport"
        return replace(self.in_zone(zone), athlete_id=athlete_id, rpe_used=rpe,
                       load_basis=basis)


def recorded(*, data: bytes, index: int, source: str, sport: str, start: datetime,
             minutes: float, minutes_kind: str, distance_km: float | None = None,
             ascent_m: float | None = None, avg_hr: float | None = None,
             rpe: int | None = None) -> Activity:
    """An activity as a reader found it: no athlete yet, the start in UTC."""
    if start.tzinfo is None:
        start = start.replace(tzinfo=timezone.utc)
    rpe = rpe if rpe is not None and 0 <= rpe <= 10 else None
    return Activity(
        athlete_id="", activity_id=f"{file_digest(data)}-{index}", source=source, sport=sport,
        start=start.astimezone(timezone.utc), minutes=round(max(minutes, 0.0), 1),
        minutes_kind=minutes_kind,
        distance_km=None if distance_km is None else round(distance_km, 2),
        ascent_m=None if ascent_m is None else round(ascent_m),
        avg_hr=None if not avg_hr else round(avg_hr),
        rpe=rpe, rpe_used=rpe if rpe is not None else TYPICAL_RPE[sport],
        load_basis="rpe" if rpe is not None else "sport")
