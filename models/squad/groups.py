"""Squad sessions: training groups, coach-led group sessions and shared facilities.

Where the data lives (decision): beside the squad, in the coach's own words -

* a squad folder (``athletes.csv`` + ``availability.csv``, or ``squad.yaml``) holds
  ``groups.yaml``;
* a squad YAML file holds the same sections next to ``athletes:``.

::

    training_groups:            # optional: members by id; the athlete's own `group:` field
      road: [a00000, a00001]    # (CSV column `group`) says the same, one athlete at a time
    facilities:
      - id: gym
        capacity: 3             # people at once
        hours:                  # weekday -> opening windows; a weekday not listed is closed
          mon: ["06:00-22:00"]
        groups: [road]          # optional: the training groups it serves (default: all)
    requires: {strength: gym}   # session types that need a facility
    group_sessions:
      - id: tue-hills
        weekday: tue            # every week of the block; or `date: 2027-01-12` for one day
        start: "18:30"
        end: "19:30"
        session: hill
        location: Parque del Oeste
        coach: Marta
        capacity: 12            # optional: no limit
        invite: [road, a00017]  # training groups and/or athlete ids
        facility: track         # optional: a facility the group session itself uses
    joint:
      max_athletes: 40          # larger units are solved athlete by athlete

Meaning (the contract of solver/squad/joint_week.py and models/audit/squad.py):

* times are local wall-clock times of each athlete (a group meets in one place);
* an athlete without a group trains alone: a training group of one;
* a session *uses* facility F when it attends a group session whose ``facility`` is F, or
  else when ``requires`` maps its type to F and F serves the athlete's training group;
* an invited athlete *attends* an occurrence when their plan holds a session of its type on
  its date that starts with it and ends by its end, marked with its id (the plan table's
  ``group_session``): a runner whose long run this week is 90 minutes joins the two-hour
  group run and turns back early (``joins``);
  an invited athlete is *available* when one of their availability windows of that date
  holds the whole group session - only they cost S-GROUP-ATTEND when absent;
* training groups that share a facility or a group session are coupled: they form one
  *unit*, solved together (capacities cannot be shared between parallel solves). Give
  groups their own facilities (or a facility's ``groups:``) to solve them in parallel.

Every problem is one InputError naming the file, the field and what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import date as Date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.domain.athlete import Athlete, Window, parse_windows
from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.clock import WEEKDAYS, format_hhmm, parse_hhmm, weekday_index
from models.domain.plan import Session
from models.domain.errors import InputError
from models.domain.yamlfile import read_yaml, validation_error
from models.squad.files import ATHLETES_CSV, GROUPS_YAML, SECTIONS, YAML_NAME

DEFAULT_MAX_JOINT = 40


def _time(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 18:30 as the sexagesimal number 1110 (minutes)
        return value
    return parse_hhmm(str(value))


class Facility(BaseModel):
    """A place with a capacity (people at once) and opening hours per weekday."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str = ""
    capacity: int = Field(ge=1, le=100_000)
    hours: dict[str, list[Window]] = Field(default_factory=dict)
    groups: tuple[str, ...] | None = None

    @field_validator("hours", mode="before")
    @classmethod
    def _weekday_windows(cls, value: Any) -> dict[str, list[Window]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValueError("expected a mapping weekday -> list of windows like ['06:00-22:00']")
        return {WEEKDAYS[weekday_index(str(day))]: parse_windows(windows)
                for day, windows in value.items()}

    def open_on(self, day: date) -> list[Window]:
        return self.hours.get(WEEKDAYS[day.weekday()], [])

    def holds(self, day: date, start: int, end: int) -> bool:
        """True when [start, end) on ``day`` lies inside one opening window."""
        return holds(self.open_on(day), start, end)


class GroupSession(BaseModel):
    """A coach-led session at a set time, every week (``weekday``) or on one ``date``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    weekday: str | None = None
    date: Date | None = None
    start: int
    end: int
    session: str
    location: str = ""
    coach: str = ""
    capacity: int | None = Field(default=None, ge=1, le=100_000)
    invite: tuple[str, ...]
    facility: str | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _hhmm(cls, value: Any) -> int:
        return _time(value)

    @field_validator("weekday", mode="before")
    @classmethod
    def _weekday(cls, value: Any) -> str | None:
        return None if value is None else WEEKDAYS[weekday_index(str(value))]

    @field_validator("invite", mode="before")
    @classmethod
    def _names(cls, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not value:
            raise ValueError("list the invited training groups and/or athlete ids")
        return tuple(str(v).strip() for v in value)

    @model_validator(mode="after")
    def _when(self) -> "GroupSession":
        if (self.weekday is None) == (self.date is None):
            raise ValueError("give either weekday (every week) or date (one day)")
        if self.end <= self.start:
            raise ValueError(f"ends at {format_hhmm(self.end)}, not after its start "
                             f"{format_hhmm(self.start)}")
        return self

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def on(self, week_start: Date) -> list[Date]:
        """The dates of the week starting ``week_start`` on which it takes place."""
        if self.date is not None:
            return [self.date] if week_start <= self.date < week_start + timedelta(days=7) else []
        return [week_start + timedelta(days=WEEKDAYS.index(self.weekday))]

    def when(self) -> str:
        day = self.weekday or self.date.isoformat()
        return f"{day} {format_hhmm(self.start)}-{format_hhmm(self.end)}"


class SquadGroups(BaseModel):
    """The squad-level data as written (validated against the athletes by ``resolve``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = ""
    training_groups: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    facilities: tuple[Facility, ...] = ()
    requires: dict[str, str] = Field(default_factory=dict)
    group_sessions: tuple[GroupSession, ...] = ()
    max_joint: int = DEFAULT_MAX_JOINT

    @property
    def empty(self) -> bool:
        return not (self.training_groups or self.facilities or self.group_sessions)


@dataclass(frozen=True)
class Occurrence:
    """One group session on one date."""

    session: GroupSession
    date: date

    @property
    def key(self) -> str:
        return f"{self.session.id}@{self.date.isoformat()}"


@dataclass
class Unit:
    """Athletes solved together: coupled training groups (or one athlete alone)."""

    name: str
    athletes: list[str]


@dataclass
class SquadSetup:
    """SquadGroups resolved against the athletes: who is in which group, invited where."""

    groups: SquadGroups
    group_of: dict[str, str]                    # athlete id -> training group ('' = alone)
    invited: dict[str, frozenset[str]]          # group session id -> athlete ids
    facilities: dict[str, Facility] = field(default_factory=dict)
    sessions: dict[str, GroupSession] = field(default_factory=dict)

    def facility_for(self, athlete_id: str, session_type: str,
                     group_session: GroupSession | None = None) -> str:
        """The facility a session of this athlete uses ('' = none; see the module doc)."""
        if group_session is not None and group_session.facility:
            return group_session.facility
        name = self.groups.requires.get(session_type, "")
        if not name:
            return ""
        served = self.facilities[name].groups
        if served is not None and self.group_of.get(athlete_id, "") not in served:
            return ""
        return name

    def occurrences(self, week_start: date) -> list[Occurrence]:
        return [Occurrence(s, d) for s in self.groups.group_sessions for d in s.on(week_start)]

    def invitations(self, athlete_id: str, week_start: date) -> list[Occurrence]:
        return [o for o in self.occurrences(week_start)
                if athlete_id in self.invited[o.session.id]]

    def units(self, order: Iterable[str]) -> list[Unit]:
        """Connected athletes (same training group, group session or facility), in order."""
        order = [a for a in order if a in self.group_of]
        parent = {a: a for a in order}

        def find(a: str) -> str:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        def join(ids: Iterable[str]) -> None:
            wanted = set(ids)
            ids = [a for a in order if a in wanted]
            for other in ids[1:]:
                parent[find(other)] = find(ids[0])

        by_group: dict[str, list[str]] = {}
        for a in order:
            if self.group_of[a]:
                by_group.setdefault(self.group_of[a], []).append(a)
        for members in by_group.values():
            join(members)
        for session in self.groups.group_sessions:
            join(self.invited[session.id])
        for name in self.facilities:
            users = [a for a in order
                     if any(self.facility_for(a, t) == name for t in self.groups.requires)]
            users += [a for s in self.groups.group_sessions if s.facility == name
                      for a in self.invited[s.id]]
            join(users)
        units: dict[str, list[str]] = {}
        for a in order:
            units.setdefault(find(a), []).append(a)
        result = []
        for members in units.values():
            parts = sorted({self.group_of[a] for a in members if self.group_of[a]})
            parts += [a for a in members if not self.group_of[a]]
            name = "+".join(parts[:3]) + (f"+{len(parts) - 3} more" if len(parts) > 3 else "")
            result.append(Unit(name=name, athletes=members))
        return result


# ------------------------------------------------------------------------ reading

def groups_file(squad: Path | str) -> Path | None:
    """Where a squad's group data lives: the folder's groups.yaml (else the sections of its
    squad.yaml), or the squad YAML file itself; None for a folder without either."""
    path = Path(squad)
    if path.is_dir():
        if (path / GROUPS_YAML).is_file():
            return path / GROUPS_YAML
        if (path / YAML_NAME).is_file() and not (path / ATHLETES_CSV).exists():
            return path / YAML_NAME
        return None
    return path if path.suffix.lower() in (".yaml", ".yml") and path.is_file() else None


def load_groups(squad: Path | str, catalogue: Catalogue | None = None) -> SquadGroups | None:
    """The squad's group data, or None when it has none (see the module doc)."""
    path = groups_file(squad)
    if path is None:
        return None
    raw = read_yaml(path)
    if path.name == GROUPS_YAML:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise InputError(f"expected a mapping with {', '.join(SECTIONS)}", file=str(path))
        unknown = sorted(set(raw) - set(SECTIONS))
        if unknown:
            raise InputError(f"unknown section(s) {unknown}; use {', '.join(SECTIONS)}",
                             file=str(path))
    elif not isinstance(raw, dict) or not set(raw) & set(SECTIONS):
        return None
    return parse_groups(raw, str(path), catalogue or default_catalogue())


def _items(raw: dict, name: str, file: str) -> list[dict]:
    items = raw.get(name) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InputError("expected a list of entries, each with an id", file=file, field=name)
    return items


def _label(section: str, number: int, item: dict) -> str:
    ident = str(item.get("id", "")).strip()
    return f"{section}.{ident}" if ident else f"{section}[{number}]"


def _validated(model, item: dict, file: str, prefix: str):
    try:
        return model.model_validate(item)
    except Exception as error:
        raise validation_error(error, file, prefix=prefix) from None


def parse_groups(raw: dict, file: str, catalogue: Catalogue) -> SquadGroups:
    """The sections of ``raw`` as SquadGroups; what needs no athletes is checked here."""
    facilities, sessions = [], []
    for number, item in enumerate(_items(raw, "facilities", file), start=1):
        facilities.append(_validated(Facility, item, file, _label("facilities", number, item)))
    for number, item in enumerate(_items(raw, "group_sessions", file), start=1):
        sessions.append(_validated(GroupSession, item, file,
                                   _label("group_sessions", number, item)))
    for section, entries in (("facilities", facilities), ("group_sessions", sessions)):
        seen: set[str] = set()
        for entry in entries:
            if entry.id in seen:
                raise InputError(f"id '{entry.id}' is used twice; ids must be unique",
                                 file=file, field=f"{section}.{entry.id}")
            seen.add(entry.id)
    by_id = {f.id: f for f in facilities}
    requires = raw.get("requires") or {}
    if not isinstance(requires, dict):
        raise InputError("expected a mapping session type -> facility id, e.g. {strength: gym}",
                         file=file, field="requires")
    requires = {str(k).strip(): str(v).strip() for k, v in requires.items()}
    for kind, name in requires.items():
        _known_type(kind, catalogue, file, f"requires.{kind}")
        if name not in by_id:
            raise InputError(f"unknown facility '{name}'; facilities are "
                             f"{', '.join(by_id) or 'none'}", file=file, field=f"requires.{kind}")
    for s in sessions:
        where = f"group_sessions.{s.id}"
        _known_type(s.session, catalogue, file, f"{where}.session")
        allowed = catalogue[s.session].minutes
        if not allowed.min <= s.minutes <= allowed.max:
            raise InputError(f"{s.minutes} min is outside the allowed {allowed.min}-"
                             f"{allowed.max} min for {s.session}", file=file, field=f"{where}.end")
        used = s.facility or requires.get(s.session, "")
        if s.facility and s.facility not in by_id:
            raise InputError(f"unknown facility '{s.facility}'; facilities are "
                             f"{', '.join(by_id) or 'none'}", file=file, field=f"{where}.facility")
        if used:
            day = s.date or (date(2027, 1, 4) + timedelta(days=WEEKDAYS.index(s.weekday)))
            if not by_id[used].holds(day, s.start, s.end):
                hours = ", ".join(map(str, by_id[used].open_on(day))) or "closed"
                raise InputError(f"{s.when()} is outside the opening hours of {used} on "
                                 f"{WEEKDAYS[day.weekday()]} ({hours})", file=file,
                                 field=f"{where}.start")
    members = raw.get("training_groups") or {}
    if not isinstance(members, dict):
        raise InputError("expected a mapping group -> list of athlete ids", file=file,
                         field="training_groups")
    training = {}
    for name, ids in members.items():
        if isinstance(ids, str):
            ids = [ids]
        if not isinstance(ids, list):
            raise InputError("expected a list of athlete ids", file=file,
                             field=f"training_groups.{name}")
        training[str(name).strip()] = tuple(str(i).strip() for i in ids)
    joint = raw.get("joint") or {}
    max_joint = joint.get("max_athletes", DEFAULT_MAX_JOINT) if isinstance(joint, dict) else None
    if not isinstance(max_joint, int) or isinstance(max_joint, bool) or max_joint < 1:
        raise InputError("expected a whole number >= 1 (athletes per joint model)", file=file,
                         field="joint.max_athletes")
    return SquadGroups(file=file, training_groups=training, facilities=tuple(facilities),
                       requires=requires, group_sessions=tuple(sessions), max_joint=max_joint)


def _known_type(name: str, catalogue: Catalogue, file: str, field_name: str) -> None:
    if name not in catalogue or name == "rest":
        raise InputError(f"unknown session type '{name}'; use one of "
                         f"{', '.join(catalogue.schedulable)}", file=file, field=field_name)


def resolve(groups: SquadGroups, athletes: list[Athlete],
            unplanned: Iterable[str] = ()) -> SquadSetup:
    """Check the group data against the athletes and say who is in which group.

    ``unplanned``: ids of athletes the squad names but could not load (their own problem is
    reported elsewhere); naming them is not an error, they are simply not planned.
    """
    file = groups.file
    ids = {a.id for a in athletes}
    skipped = set(unplanned) - ids
    group_of = {a.id: a.group or "" for a in athletes}
    for name, members in groups.training_groups.items():
        for member in members:
            if member in skipped:
                continue
            if member not in ids:
                raise InputError(f"unknown athlete '{member}'", file=file,
                                 field=f"training_groups.{name}")
            if group_of[member] and group_of[member] != name:
                raise InputError(f"athlete '{member}' is in training group "
                                 f"'{group_of[member]}' already", file=file,
                                 field=f"training_groups.{name}")
            group_of[member] = name
    names = {g for g in group_of.values() if g} | set(groups.training_groups)
    clash = sorted(names & ids)
    if clash:
        raise InputError(f"'{clash[0]}' is both a training group and an athlete id; rename "
                         "one", file=file, field="training_groups")
    for facility in groups.facilities:
        for name in facility.groups or ():
            if name not in names:
                raise InputError(f"unknown training group '{name}'", file=file,
                                 field=f"facilities.{facility.id}.groups")
    invited: dict[str, frozenset[str]] = {}
    for s in groups.group_sessions:
        who: set[str] = set()
        for name in s.invite:
            if name in ids:
                who.add(name)
            elif name in names:
                who |= {a for a, g in group_of.items() if g == name}
            elif name not in skipped:
                raise InputError(f"unknown athlete or training group '{name}'", file=file,
                                 field=f"group_sessions.{s.id}.invite")
        invited[s.id] = frozenset(who)
    return SquadSetup(groups=groups, group_of=group_of, invited=invited,
                      facilities={f.id: f for f in groups.facilities},
                      sessions={s.id: s for s in groups.group_sessions})


def joins(session: Session, group: GroupSession) -> bool:
    """Whether ``session`` (a plan's Session) can be marked as attending ``group`` on its
    day: the group's type, the group's start, done by the group's end (module doc)."""
    return (session.type == group.session and session.start == group.start
            and session.end <= group.end)


def holds(windows: Iterable[Window], start: int, end: int) -> bool:
    """True when one of the windows holds [start, end) whole (an invited athlete is then
    *available* for a group session; S-GROUP-ATTEND counts only those)."""
    return any(w.start <= start and end <= w.end for w in windows)
