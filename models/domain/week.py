"""What one athlete-week asks of the solver and the auditor: targets, windows, fixed facts.

A WeekSpec is the whole input of one weekly model. The solver builds its CP-SAT model from
it and the auditor checks a plan against it, so both see the same targets and history.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from models.domain.athlete import Athlete, Level, Window
from models.domain.catalogue import Catalogue
from models.domain.errors import InputError
from models.domain.plan import Session
from models.domain.prior_longest import before_history
from models.domain.rules import Rulebook


HISTORY_DAYS = 2  # docs/architecture.md: the last two days of week k are facts of week k+1 (P-BOUNDARY)


class WeekTargets(BaseModel):
    """Targets of one week, after the athlete's profile, rulebook defaults and phase."""

    model_config = ConfigDict(frozen=True)

    runs: int
    long: int
    strength: int
    hike_minutes: int = 0  # hiking minutes still due by the end of this week
    minutes: dict[str, int] = Field(default_factory=dict)  # planned length per session type
    bodyweight_only: bool = False
    maintenance: bool = False
    phase: str = ""
    # P-OVERLOAD: the most load (RPE x minutes, fixed sessions included) the week may hold,
    # set by a block's chain (models/block/load_ramp.py); None: no cap (a week outside a block)
    max_load: int | None = None
    # S-SPECIFICITY: the quality type (hill or tempo) the race asks for in this build or peak
    # week, set by models/block/phases.py; None: the rule asks nothing (other phases, lone week)
    key_quality: str | None = None
    # S-VOLUME: the running minutes this week should hold (the race not counted), set by
    # P-VOLUME (models/block/phases.py); None: the week asks no volume
    run_minutes: int | None = None
    # P-OVERLOAD on the running minutes as solved: (1 + ramp) x those of the last reference
    # week, set by a block's chain (models/block/load_ramp.py); S-VOLUME owes nothing above
    # the larger of it and run_minutes (models/domain/run_volume.py). None: no ramp limit
    max_run_minutes: int | None = None
    # H-SESSION-SPIKE: the longest run of the 24 days before this week, which lie within the
    # 30 days before each of its days (the chain's history, else the athlete's
    # current.longest_min, else the level's long-run minimum; models/block/longest_run.py);
    # None: no cap
    longest_run: int | None = None
    recovery: bool = False      # P-RECOVERY's lighter week (S-INTENSITY, S-LONG-SHARE skip it)
    race_week: bool = False     # the week holding the race (S-INTENSITY skips it)
    short_quality: bool = False  # quality runs at the short end of their range (P-TAPER, P-BEGINNER)
    # P-BEGINNER: the long run at most this many times any other run of the week; None: no limit
    long_ratio: float | None = None
    # P-BEGINNER: False in a beginner's first weeks - no quality run (tempo, hill, sprint);
    # S-HILL-SPRINT and S-SPECIFICITY ask nothing then
    quality_runs: bool = True


class WeekSpec(BaseModel):
    """One athlete-week: the athlete, the Monday, its targets and fixed facts.

    ``history`` holds sessions before the week (the last days of the previous week) that
    cross-day rules look back at; ``fixed`` holds sessions inside the week that must stay as
    they are (re-planning), counted like any other session of the week; ``previous`` is the
    old plan of the days still open, which S-STABILITY asks the new plan to keep.
    """

    model_config = ConfigDict(frozen=True)

    athlete: Athlete
    week_start: date
    targets: WeekTargets
    history: tuple[Session, ...] = ()
    fixed: tuple[Session, ...] = ()
    open_from: date | None = None  # days before this are not planned (only fixed sessions)
    previous: tuple[Session, ...] = ()  # the old plan of the open days (re-planning, S-STABILITY)
    # S-VARIETY: the one quality type the week before used alone (models/block/chain.py);
    # None when it used none, several, or there is no week before
    previous_quality: str | None = None
    # S-MAKEUP: the types of the quality sessions (tempo, hill, sprint, long) planned on the
    # days of this week now past and missed, once per session (re-planning fills it for
    # today's week, models/block/replan_facts.py); the open days should hold them again
    owed: tuple[str, ...] = ()
    # the next week's plan holds a key run (long or quality) on its Monday, so this week's
    # Sunday is that run's eve: S-EVE-OF-KEY prices a long hike or strength on it and
    # H-HARD-SPACING forbids a hard run (models/block/eve_repair.py sets it when it plans a
    # week again after the week that follows it)
    key_run_next_monday: bool = False

    @property
    def days(self) -> list[date]:
        return [self.week_start + timedelta(days=i) for i in range(7)]

    def windows(self, day: date) -> list[Window]:
        if self.open_from is not None and day < self.open_from:
            return []
        return self.athlete.windows_on(day)


def planned_minutes(athlete: Athlete, catalogue: Catalogue) -> dict[str, int]:
    """Each schedulable type's planned length: the catalogue default or the athlete's own."""
    minutes = {name: catalogue[name].minutes.default for name in catalogue.schedulable}
    for name, value in athlete.targets.minutes.items():
        field = f"targets.minutes.{name}"
        if name not in catalogue or name == "rest":
            raise InputError(
                f"unknown session type '{name}'; use one of {', '.join(catalogue.schedulable)}",
                field=field,
            )
        allowed = catalogue[name].minutes
        if not allowed.min <= value <= allowed.max:
            raise InputError(
                f"{value} min is outside the allowed {allowed.min}-{allowed.max} min for {name}",
                field=field,
            )
        minutes[name] = value
    return minutes


def check_windows_usable(athlete: Athlete, minutes: dict[str, int], catalogue: Catalogue) -> None:
    """Reject a window too short for any session: it can never be used, so it is most likely
    a typo (06:00-06:10 for 06:00-07:10), and silently ignoring it would hide that."""
    shortest = min(
        min(catalogue[name].choices) if catalogue[name].choices else minutes[name]
        for name in minutes
    )
    places = [(f"availability.{day}", windows) for day, windows in athlete.availability.items()]
    places += [(f"exceptions.{when}", windows) for when, windows in athlete.exceptions.items()]
    for field, windows in places:
        for window in windows:
            if window.minutes < shortest:
                raise InputError(
                    f"window {window} is {window.minutes} min, shorter than any session "
                    f"({shortest} min); fix the times or remove it", field=field)


def default_targets(athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue) -> WeekTargets:
    """Targets of an ordinary week (no phase): athlete profile, else the rulebook defaults."""
    for name in athlete.preferences:
        if name not in catalogue or name == "rest":
            raise InputError(
                f"unknown session type '{name}'; use one of {', '.join(catalogue.schedulable)}",
                field=f"preferences.{name}",
            )
    minutes = planned_minutes(athlete, catalogue)
    check_windows_usable(athlete, minutes, catalogue)
    profile = athlete.targets
    long = profile.long if profile.long is not None else int(rulebook.param("H-RUN-COUNT", "long"))
    if long > profile.runs:
        long = profile.runs
    strength = profile.strength
    if strength is None:
        strength = int(rulebook.param("H-STRENGTH-COUNT", "target"))
    return WeekTargets(
        runs=profile.runs,
        long=long,
        strength=strength,
        hike_minutes=profile.hike_minutes,
        minutes=minutes,
        bodyweight_only=athlete.level is Level.beginner,
        # a week outside a block asks the athlete's own volume (S-VOLUME) when given, and
        # spikes from the longest run before the plan (H-SESSION-SPIKE: current, else the
        # level's minimum); a block's weeks replace both (P-VOLUME, the chain's 30 days)
        run_minutes=profile.run_minutes,
        longest_run=before_history(athlete, rulebook),
    )


def single_week(
    athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue, week_start: date | None = None
) -> WeekSpec:
    """The spec of one standalone week (the athlete's first week unless told otherwise)."""
    monday = week_start or athlete.start
    if monday.weekday() != 0:
        raise InputError(f"{monday} is not a Monday", field="week")
    return WeekSpec(
        athlete=athlete,
        week_start=monday,
        targets=default_targets(athlete, rulebook, catalogue),
    )
