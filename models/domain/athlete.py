"""Athletes: who they are, when they can train, and what a week should hold.

The YAML form is the contract of docs/formats.md. Decisions on repairable input (documented here
because a coach's spreadsheet is the usual source):

* windows of one day that overlap or touch are merged into one window - the coach meant
  "available from the first start to the last end";
* a window whose end is not after its start, or a time outside 00:00-24:00, is rejected;
* a dated exception replaces that day's weekly windows; ``[]`` means unavailable.
"""

from __future__ import annotations

import re
from datetime import date
from datetime import date as Date
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.domain.clock import WEEKDAYS, format_hhmm, parse_hhmm, weekday_index

MAX_RUNS_PER_WEEK = 14  # two a day, every day: anything above is a typo
MAX_STRENGTH_PER_WEEK = 7
MAX_HIKE_MINUTES_PER_WEEK = 7 * 600
MAX_RUN_MINUTES_PER_WEEK = 7 * 600


class Level(str, Enum):
    beginner = "beginner"
    intermediate = "intermediate"
    advanced = "advanced"


class Window(BaseModel):
    """One availability window on one day, in minutes after local midnight."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int

    @classmethod
    def parse(cls, text: Any) -> "Window":
        if isinstance(text, Window):
            return text
        if isinstance(text, dict):
            if set(text) != {"start", "end"}:
                raise ValueError(f"{text} is not a window; write HH:MM-HH:MM or {{start, end}}")
            text = f"{text['start']}-{text['end']}"
        parts = str(text).split("-")
        if len(parts) != 2:
            raise ValueError(f"'{text}' is not a window; write HH:MM-HH:MM, e.g. 06:00-07:15")
        start, end = parse_hhmm(parts[0]), parse_hhmm(parts[1])
        if end <= start:
            raise ValueError(f"window '{text}' ends before it starts; write start-end within one day")
        return cls(start=start, end=end)

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def __str__(self) -> str:
        return f"{format_hhmm(self.start)}-{format_hhmm(self.end)}"


def merge_windows(windows: list[Window]) -> list[Window]:
    """Sorted windows with overlapping or touching ones merged (a repair, see module doc)."""
    merged: list[Window] = []
    for window in sorted(windows, key=lambda w: (w.start, w.end)):
        if merged and window.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Window(start=last.start, end=max(last.end, window.end))
        else:
            merged.append(window)
    return merged


def parse_windows(value: Any) -> list[Window]:
    if value is None:
        return []
    if isinstance(value, (str, dict, Window)):
        value = [value]
    if not isinstance(value, list):
        raise ValueError("expected a list of windows like ['06:00-07:15', '18:30-20:00']")
    return merge_windows([Window.parse(item) for item in value])


class Terrain(str, Enum):
    """Where the athlete races: a trail race asks for hill work whatever its climbing."""

    road = "road"
    trail = "trail"


DEFAULT_RACE_START = "08:00"


class Race(BaseModel):
    """The goal of a block: planned as a ``race`` session on its date at ``start``."""

    model_config = ConfigDict(extra="forbid")

    date: Date
    elevation_m: int = Field(default=0, ge=0, le=30000)
    # required: the race's minutes (and so its load and the taper) come from its length
    distance_km: float | None = Field(default=None, gt=0, le=1000, validate_default=True)
    start: int = Field(default=parse_hhmm(DEFAULT_RACE_START), validate_default=True)

    @field_validator("distance_km")
    @classmethod
    def _distance_given(cls, value: float | None) -> float:
        if value is None:
            raise ValueError("a race needs its distance; add distance_km, e.g. 42 (km)")
        return value

    @field_validator("start", mode="before")
    @classmethod
    def _clock_time(cls, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            if 0 <= value < 24 * 60:  # YAML 1.1 reads 07:00 as 420 (sexagesimal minutes)
                return value
        try:
            minutes = parse_hhmm(str(value))
        except ValueError:
            minutes = -1
        if not 0 <= minutes < 24 * 60:
            raise ValueError(f"'{value}' is not a start time; write \"HH:MM\" (quoted), "
                             "e.g. \"07:00\"")
        return minutes

    @property
    def start_text(self) -> str:
        return format_hhmm(self.start)

    @property
    def title(self) -> str:
        """'Race: 42 km, 2400 m' (the climbing only when there is some): the race's name in
        the plan and the calendar."""
        climb = f", {self.elevation_m} m" if self.elevation_m else ""
        return f"Race: {self.distance_km:g} km{climb}"


class Current(BaseModel):
    """Where the athlete starts: the running they do now (P-VOLUME, H-SESSION-SPIKE)."""

    model_config = ConfigDict(extra="forbid")

    weekly_min: int | None = Field(default=None, ge=0, le=MAX_RUN_MINUTES_PER_WEEK)
    longest_min: int | None = Field(default=None, ge=0, le=600)


_PACE = re.compile(r"^(\d{1,2}):([0-5]\d)$")


class Zones(BaseModel):
    """Training zones: the targets of structured workouts (RPE when none is given).

    ``threshold_pace`` is the pace an athlete holds for about an hour, "m:ss" per km;
    ``threshold_hr`` the heart rate there and ``max_hr`` the ceiling no target exceeds.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold_pace: str | None = None
    threshold_hr: int | None = Field(default=None, ge=100, le=220)
    max_hr: int | None = Field(default=None, ge=120, le=240)

    @field_validator("threshold_pace", mode="before")
    @classmethod
    def _pace_per_km(cls, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value // 60}:{value % 60:02d}"  # YAML 1.1 reads 4:45 as 285 seconds
        text = str(value).strip()
        match = _PACE.match(text)
        if not match or not 120 <= int(match[1]) * 60 + int(match[2]) <= 900:
            raise ValueError(f"'{value}' is not a pace; write m:ss per km between 2:00 and "
                             "15:00, e.g. \"4:45\" (quoted)")
        return text

    @model_validator(mode="after")
    def _threshold_below_max(self) -> "Zones":
        if self.threshold_hr and self.max_hr and self.threshold_hr >= self.max_hr:
            raise ValueError(f"threshold_hr ({self.threshold_hr}) must be below max_hr "
                             f"({self.max_hr})")
        return self

    @property
    def threshold_seconds_per_km(self) -> int | None:
        if self.threshold_pace is None:
            return None
        minutes, seconds = self.threshold_pace.split(":")
        return int(minutes) * 60 + int(seconds)


class Targets(BaseModel):
    """What one ordinary week should hold; phases of a block may scale it."""

    model_config = ConfigDict(extra="forbid")

    runs: int = Field(default=4, ge=0, le=MAX_RUNS_PER_WEEK)
    long: int | None = Field(default=None, ge=0, le=7)
    strength: int | None = Field(default=None, ge=0, le=MAX_STRENGTH_PER_WEEK)
    hike_minutes: int = Field(default=0, ge=0, le=MAX_HIKE_MINUTES_PER_WEEK)
    # running minutes of an ordinary base week; None: P-VOLUME's default for the level
    run_minutes: int | None = Field(default=None, ge=0, le=MAX_RUN_MINUTES_PER_WEEK)
    minutes: dict[str, int] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _long_within_runs(self) -> "Targets":
        if self.long is not None and self.long > self.runs:
            raise ValueError(f"long ({self.long}) cannot exceed runs ({self.runs})")
        return self


_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class Athlete(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str = ""
    level: Level = Level.intermediate
    bodyweight_kg: float | None = Field(default=None, gt=20, lt=250)
    timezone: str = "UTC"
    start: date
    weeks: int | None = Field(default=None, ge=1, le=104)
    race: Race | None = None
    targets: Targets = Field(default_factory=Targets)
    current: Current | None = None
    zones: Zones | None = None
    availability: dict[str, list[Window]] = Field(default_factory=dict)
    exceptions: dict[date, list[Window]] = Field(default_factory=dict)
    preferences: dict[str, list[str]] = Field(default_factory=dict)
    phases: list[str] | None = None
    group: str | None = None  # training group; None: the athlete trains alone
    terrain: Terrain = Terrain.road

    @field_validator("terrain", mode="before")
    @classmethod
    def _known_terrain(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return Terrain.road
        text = str(value.value if isinstance(value, Terrain) else value).strip().lower()
        if text not in {t.value for t in Terrain}:
            raise ValueError(f"'{value}' is not a terrain; use road or trail")
        return text

    @field_validator("id", mode="before")
    @classmethod
    def _id_is_a_slug(cls, value: Any) -> str:
        text = str(value).strip()
        if not _ID.match(text):
            raise ValueError(
                f"'{value}' is not a usable id; use letters, digits, '-', '_' or '.' (max 64)"
            )
        return text

    @field_validator("group", mode="before")
    @classmethod
    def _group_is_a_slug(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return cls._id_is_a_slug(value)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{value}'; use an IANA name like Europe/Madrid")
        return value

    @field_validator("start")
    @classmethod
    def _start_is_monday(cls, value: date) -> date:
        if value.weekday() != 0:
            raise ValueError(f"{value} is a {value.strftime('%A')}; the start must be a Monday")
        return value

    @field_validator("availability", mode="before")
    @classmethod
    def _weekday_windows(cls, value: Any) -> dict[str, list[Window]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValueError("expected a mapping weekday -> list of windows")
        result: dict[str, list[Window]] = {}
        for key, windows in value.items():
            day = WEEKDAYS[weekday_index(str(key))]
            try:
                parsed = parse_windows(windows)
            except ValueError as error:
                raise ValueError(f"{key}: {error}") from None
            result[day] = merge_windows(result.get(day, []) + parsed)
        return result

    @field_validator("exceptions", mode="before")
    @classmethod
    def _dated_windows(cls, value: Any) -> dict[Any, list[Window]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValueError("expected a mapping date -> list of windows ([] = unavailable)")
        result = {}
        for key, windows in value.items():
            try:
                result[key] = parse_windows(windows)
            except ValueError as error:
                raise ValueError(f"{key}: {error}") from None
        return result

    @field_validator("preferences", mode="before")
    @classmethod
    def _preferred_days(cls, value: Any) -> dict[str, list[str]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValueError("expected a mapping session type -> list of weekdays")
        result = {}
        for session, days in value.items():
            if isinstance(days, str):
                days = [days]
            if not isinstance(days, list):
                raise ValueError(f"{session}: expected a list of weekdays like [sat, sun]")
            result[str(session)] = [WEEKDAYS[weekday_index(day)] for day in days]
        return result

    @field_validator("race")
    @classmethod
    def _race_after_start(cls, value: Race | None, info) -> Race | None:
        start = info.data.get("start")
        if value is not None and start is not None and value.date <= start:
            raise ValueError(f"race date {value.date} is not after the start {start}")
        return value

    def windows_on(self, day: date) -> list[Window]:
        """The windows of a calendar date: its dated exception, else its weekday's windows."""
        if day in self.exceptions:
            return self.exceptions[day]
        return self.availability.get(WEEKDAYS[day.weekday()], [])

    @property
    def display_name(self) -> str:
        return self.name or self.id
