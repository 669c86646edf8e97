"""One plain-Python check per rule id: what one violation is, exactly as in docs/rules.md.

Each check sees a WeekView (the week's sessions, the history before it, the spec) and the
rule from the Rulebook, and returns Breaches; it never knows whether the rule is hard or
soft - models/audit/week.py turns breaches into findings and penalties. The solver's
solver/week/constraints.py encodes the same semantics, so both are kept side by side by rule id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Iterable

from models.domain.athlete import Window
from models.domain.catalogue import MUSCLE_GROUPS, RACE, Catalogue
from models.domain.clock import MINUTES_PER_DAY, WEEKDAY_TITLES, WEEKDAYS
from models.domain.plan import Session
from models.block.load_ramp import load_cap
from models.block.phases import recovery_share
from models.block.specificity import is_quality, sole_quality
from models.domain.load_limits import (monotony, monotony_above, monotony_levels, weekend_over,
                                       weekend_share)
from models.domain.lengths import (NOT_A_TRAINING_RUN, LengthLimit, catalogue_limit,
                                   fixed_length, long_cap_limit, spike_limit)
from models.domain.rules import Rule, Rulebook
from models.domain.run_volume import (intensity_applies, intensity_short, long_over, long_share,
                                      long_share_applies,
                                      low_minutes, min_low_share, over_weight_cp, running_minutes,
                                      volume_band, volume_off)
from models.domain.load_limits import exact
from models.domain.week import WeekSpec


@dataclass(frozen=True)
class Breach:
    """One violation instance of a rule, before its kind and weight are applied."""

    date: date | None
    sessions: tuple[Session, ...]
    message: str
    violations: int = 1
    weight_cp: int | None = None  # this breach's own price (a level of S-MONOTONY), else the rule's


@dataclass(frozen=True)
class WeekView:
    """What the checks look at: the week's sessions (fixed included) and the history."""

    spec: WeekSpec
    catalogue: Catalogue
    sessions: tuple[Session, ...]  # inside the week, sorted by time
    history: tuple[Session, ...]   # before week_start, sorted by time
    fixed: frozenset[tuple]        # session_key of the spec's fixed sessions
    rulebook: Rulebook             # which length limits bind (models/domain/lengths.py)

    @property
    def days(self) -> list[date]:
        return self.spec.days

    def on(self, day: date, predicate: Callable[[Session], bool] = lambda s: True) -> list[Session]:
        return [s for s in (*self.history, *self.sessions) if s.date == day and predicate(s)]

    def absolute(self, session: Session) -> int:
        """Minutes from the week's Monday 00:00 to the session's start (negative for history)."""
        return (session.date - self.spec.week_start).days * MINUTES_PER_DAY + session.start


def session_key(session: Session) -> tuple:
    return (session.date, session.type, session.start, session.minutes)


def is_strength(s: Session) -> bool:
    return s.type == "strength"


def is_run(s: Session) -> bool:
    return s.running


def is_hard_run(s: Session) -> bool:
    return s.hard_run


def _day(d: date) -> str:
    return f"{WEEKDAY_TITLES[d.weekday()]} {d.isoformat()}"


def _week(view: WeekView) -> str:
    return f"week of {view.spec.week_start.isoformat()}"


def _inside(session: Session, windows: Iterable[Window]) -> bool:
    return any(w.start <= session.start and session.end <= w.end for w in windows)


Check = Callable[[WeekView, Rule], list[Breach]]
CHECKS: dict[str, Check] = {}


def check(rule_id: str):
    def register(function: Check) -> Check:
        CHECKS[rule_id] = function
        return function
    return register


@check("H-AVAIL")
def h_avail(view: WeekView, rule: Rule) -> list[Breach]:
    return [
        Breach(s.date, (s,), f"{s.describe()} lies outside the availability windows of "
               f"{_day(s.date)} ({', '.join(map(str, view.spec.windows(s.date))) or 'none'})")
        for s in view.sessions
        if session_key(s) not in view.fixed and not _inside(s, view.spec.windows(s.date))
        and not _is_the_race(view, s)
    ]


@check("H-OVERLAP")
def h_overlap(view: WeekView, rule: Rule) -> list[Breach]:
    breaches = []
    items = list(view.sessions)
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            a0, b0 = view.absolute(a), view.absolute(b)
            if a0 < b0 + b.minutes and b0 < a0 + a.minutes:
                breaches.append(Breach(a.date, (a, b), f"{a.describe()} and {b.describe()} overlap"))
    limit = int(rule.params.get("max_per_day", 2))
    for day in view.days:
        for what, predicate, most in (
            ("sessions", lambda s: True, limit),
            ("strength sessions", is_strength, 1),
            ("hard runs", is_hard_run, 1),
        ):
            members = [s for s in view.sessions if s.date == day and predicate(s)]
            if len(members) > most:
                breaches.append(Breach(day, tuple(members),
                                       f"{_day(day)} holds {len(members)} {what}; at most {most}"))
    return breaches


@check("H-GAP")
def h_gap(view: WeekView, rule: Rule) -> list[Breach]:
    hours = float(rule.params["gap_h"])
    breaches = []
    for day in view.days:
        for s in [x for x in view.sessions if x.date == day and is_strength(x)]:
            for r in [x for x in view.sessions if x.date == day and is_run(x)]:
                gap = max(r.start - s.end, s.start - r.end)
                if gap < hours * 60:
                    breaches.append(Breach(day, (s, r), f"strength and the {r.type} run on "
                                           f"{_day(day)} are {gap} min apart; need {hours:g} h"))
    return breaches


@check("H-STRENGTH-HARD-DAY")
def h_strength_hard_day(view: WeekView, rule: Rule) -> list[Breach]:
    breaches = []
    for day in view.days:
        strength = [s for s in view.sessions if s.date == day and is_strength(s)]
        hard = [s for s in view.sessions if s.date == day and is_hard_run(s)]
        if strength and hard:
            breaches.append(Breach(day, (*strength, *hard),
                                   f"strength and a hard {hard[0].type} run share {_day(day)}"))
    return breaches


@check("H-STRENGTH-BEFORE-HARD")
def h_strength_before_hard(view: WeekView, rule: Rule) -> list[Breach]:
    hours = float(rule.params["hours"])
    breaches = []
    for s in [x for x in (*view.history, *view.sessions) if is_strength(x)]:
        for h in [x for x in view.sessions if is_hard_run(x)]:
            distance = view.absolute(h) - view.absolute(s) - s.minutes
            if 0 <= distance < hours * 60:
                breaches.append(Breach(h.date, (s, h), f"strength ends {distance} min before the "
                                       f"{h.type} run on {_day(h.date)}; need {hours:g} h"))
    return breaches


@check("H-HARD-SPACING")
def h_hard_spacing(view: WeekView, rule: Rule) -> list[Breach]:
    """Hard runs on consecutive days, the history's included; with the spec's
    ``key_run_next_monday``, a hard run on Sunday too."""
    breaches = []
    for day in view.days:
        before = view.on(day - timedelta(days=1), is_hard_run)
        today = view.on(day, is_hard_run)
        if before and today:
            breaches.append(Breach(day, (before[-1], today[0]),
                                   f"hard runs on consecutive days ({before[-1].type} then "
                                   f"{today[0].type} on {_day(day)})"))
    sunday = view.on(view.days[6], is_hard_run) if view.spec.key_run_next_monday else []
    if sunday:
        breaches.append(Breach(view.days[6], (sunday[0],),
                               f"a {sunday[0].type} run on {_day(view.days[6])}, the day before "
                               "next Monday's key run (hard runs on consecutive days)"))
    return breaches


def is_rest_day(view: WeekView, day: date, max_hike: int | None) -> bool:
    """H-REST's rest day: no run, no strength and at most max_hike minutes of hiking in all
    (None: any hiking) - a brisk hike is active recovery, a 4-hour hike is training."""
    sessions = [s for s in view.sessions if s.date == day]
    if any(is_run(s) or is_strength(s) for s in sessions):
        return False
    hiked = sum(s.minutes for s in sessions if s.type == "hike")
    return max_hike is None or hiked <= max_hike


def rest_hike_limit(rule: Rule) -> int | None:
    limit = rule.params.get("max_hike", 60)
    return None if limit is None else int(limit)


@check("H-REST")
def h_rest(view: WeekView, rule: Rule) -> list[Breach]:
    wanted = int(rule.params["min_days"])
    limit = rest_hike_limit(rule)
    rest = sum(is_rest_day(view, day, limit) for day in view.days)
    if rest >= wanted:
        return []
    hiking = "" if limit is None else f" or more than {limit} min of hiking"
    return [Breach(None, (), f"{_week(view)} has {rest} day(s) without running, strength"
                             f"{hiking}; need {wanted}", wanted - rest)]


@check("H-STRENGTH-SPACING")
def h_strength_spacing(view: WeekView, rule: Rule) -> list[Breach]:
    """One breach per pair of strength days closer than min_days_between (history too)."""
    apart = int(rule.params.get("min_days_between", 2))
    breaches = []
    for day in view.days:
        today = view.on(day, is_strength)
        if not today:
            continue
        for gap in range(1, apart):
            before = view.on(day - timedelta(days=gap), is_strength)
            if before:
                breaches.append(Breach(day, (before[-1], today[0]),
                                       f"strength on {_day(day)} only {gap} day(s) after "
                                       f"strength on {_day(before[-1].date)}; need "
                                       f"{apart} days between"))
    return breaches


def _count(view: WeekView, what: str, count: int, target: int) -> list[Breach]:
    if count == target:
        return []
    return [Breach(None, (), f"{_week(view)} holds {count} of target {target} {what}",
                   abs(count - target))]


@check("H-STRENGTH-COUNT")
def h_strength_count(view: WeekView, rule: Rule) -> list[Breach]:
    count = sum(1 for s in view.sessions if is_strength(s))
    return _count(view, "strength sessions", count, view.spec.targets.strength)


@check("H-RUN-COUNT")
def h_run_count(view: WeekView, rule: Rule) -> list[Breach]:
    targets = view.spec.targets
    runs = sum(1 for s in view.sessions if is_run(s) and s.type != RACE)
    longs = sum(1 for s in view.sessions if s.type == "long")
    return _count(view, "runs", runs, targets.runs) + _count(view, "long runs", longs, targets.long)


@check("S-HILL-SPRINT")
def s_hill_sprint(view: WeekView, rule: Rule) -> list[Breach]:
    if not view.spec.targets.quality_runs:
        return []  # P-BEGINNER: no quality run this week
    if any(s.type in ("hill", "sprint") for s in view.sessions):
        return []
    return [Breach(None, (), f"{_week(view)} has no hill or sprint session")]


@check("S-SPECIFICITY")
def s_specificity(view: WeekView, rule: Rule) -> list[Breach]:
    """A build or peak week without a quality session of the race's key type (one breach)."""
    key = view.spec.targets.key_quality
    if key is None or any(is_quality(s) and s.type == key for s in view.sessions):
        return []
    return [Breach(None, (), f"{_week(view)} ({view.spec.targets.phase}) has no {key} "
                             f"session; the race asks for one every build and peak week")]


@check("S-VARIETY")
def s_variety(view: WeekView, rule: Rule) -> list[Breach]:
    """The week's quality sessions all of the type the week before used alone (one breach);
    a specific hill week (S-SPECIFICITY asked for hill and got it) is exempt."""
    last = view.spec.previous_quality
    if last is None or sole_quality(view.sessions) != last:
        return []
    if last == "hill" and view.spec.targets.key_quality == "hill":
        return []
    repeated = tuple(s for s in view.sessions if is_quality(s))
    return [Breach(None, repeated, f"{_week(view)} has only {last} sessions of quality, as "
                                   f"the week before; mix in another type")]


@check("S-HIKE-VOLUME")
def s_hike_volume(view: WeekView, rule: Rule) -> list[Breach]:
    target = view.spec.targets.hike_minutes
    hikes = tuple(s for s in view.sessions if s.type == "hike")
    short = target - sum(s.minutes for s in hikes)
    if short <= 0:
        return []
    return [Breach(None, hikes, f"{_week(view)} hikes {target - short} min; target {target} min",
                   short)]


def _per_date(view: WeekView, bad_pair: Callable[[Session, Session], bool], say) -> list[Breach]:
    """One breach per date holding a (strength, run) pair that bad_pair flags."""
    breaches = []
    for day in view.days:
        pairs = [(s, r) for s in view.sessions if s.date == day and is_strength(s)
                 for r in view.sessions if r.date == day and is_run(r) and bad_pair(s, r)]
        if pairs:
            s, r = pairs[0]
            breaches.append(Breach(day, (s, r), say(s, r)))
    return breaches


@check("S-STRENGTH-TIMING")
def s_strength_timing(view: WeekView, rule: Rule) -> list[Breach]:
    return _per_date(
        view, lambda s, r: r.hard_run or r.end > s.start,
        lambda s, r: f"strength on {_day(s.date)} does not follow an easy run "
                     f"(the {r.type} run at its side)",
    )


@check("S-STRENGTH-FIRST")
def s_strength_first(view: WeekView, rule: Rule) -> list[Breach]:
    return _per_date(
        view, lambda s, r: r.start < s.end,
        lambda s, r: f"the {r.type} run on {_day(s.date)} is not after the strength session",
    )


@check("S-HIKE-RECOVERY")
def s_hike_recovery(view: WeekView, rule: Rule) -> list[Breach]:
    return [
        Breach(s.date, (s,), f"the hike on {_day(s.date)} does not follow a hard-run day")
        for s in view.sessions
        if s.type == "hike" and not view.on(s.date - timedelta(days=1), is_hard_run)
    ]


@check("S-PREFERENCE")
def s_preference(view: WeekView, rule: Rule) -> list[Breach]:
    preferences = view.spec.athlete.preferences
    return [
        Breach(s.date, (s,), f"{s.describe()} is not on a preferred day "
                             f"({', '.join(preferences[s.type]) or 'none'})")
        for s in view.sessions
        if s.type in preferences and WEEKDAYS[s.date.weekday()] not in preferences[s.type]
    ]


@check("S-LOAD-SPREAD")
def s_load_spread(view: WeekView, rule: Rule) -> list[Breach]:
    loads = {day: sum(s.load for s in view.sessions if s.date == day) for day in view.days}
    peak_day = max(view.days, key=lambda d: (loads[d], -d.toordinal()))
    peak = loads[peak_day]
    if peak <= 0:
        return []
    sessions = tuple(s for s in view.sessions if s.date == peak_day)
    return [Breach(peak_day, sessions, f"the highest daily load is {peak} on {_day(peak_day)}",
                   peak)]


def is_quality_run(s: Session) -> bool:
    """A hard run other than the long run and the race (tempo, hill, sprint)."""
    return s.hard_run and s.type not in ("long", RACE)


@check("S-EVE-OF-KEY")
def s_eve_of_key(view: WeekView, rule: Rule) -> list[Breach]:
    """Cases, one breach each: a key run (long or quality) the day after a hike over
    eve_hike minutes; a key run the day after strength; a quality run on the Monday after a
    weekend holding a long run and a hike over weekend_hike minutes (history included); with
    the spec's ``key_run_next_monday``, a Sunday hike over eve_hike minutes and Sunday
    strength, on the eve of the next week's Monday key run."""
    eve_hike = int(rule.params.get("eve_hike", 60))
    weekend_hike = int(rule.params.get("weekend_hike", 120))
    breaches = []
    for day in view.days:
        key = view.on(day, is_hard_run)
        if key:
            eve = day - timedelta(days=1)
            hikes = view.on(eve, lambda s: s.type == "hike" and s.minutes > eve_hike)
            if hikes:
                breaches.append(Breach(day, (hikes[0], key[0]),
                                       f"a {hikes[0].minutes}-min hike on {_day(eve)}, the day "
                                       f"before the {key[0].type} run (at most {eve_hike} min)"))
            strength = view.on(eve, is_strength)
            if strength:
                breaches.append(Breach(day, (strength[0], key[0]),
                                       f"strength on {_day(eve)}, the day before the "
                                       f"{key[0].type} run"))
        quality = view.on(day, is_quality_run)
        if day.weekday() == 0 and quality:
            weekend = [*view.on(day - timedelta(days=2)), *view.on(day - timedelta(days=1))]
            longs = [s for s in weekend if s.type == "long"]
            hikes = [s for s in weekend if s.type == "hike" and s.minutes > weekend_hike]
            if longs and hikes:
                breaches.append(Breach(day, (longs[0], hikes[0], quality[0]),
                                       f"a {quality[0].type} run on {_day(day)} after a weekend "
                                       f"with a long run and a {hikes[0].minutes}-min hike"))
    if view.spec.key_run_next_monday:
        sunday = view.days[6]
        hikes = view.on(sunday, lambda s: s.type == "hike" and s.minutes > eve_hike)
        if hikes:
            breaches.append(Breach(sunday, (hikes[0],),
                                   f"a {hikes[0].minutes}-min hike on {_day(sunday)}, the day "
                                   f"before next Monday's key run (at most {eve_hike} min)"))
        strength = view.on(sunday, is_strength)
        if strength:
            breaches.append(Breach(sunday, (strength[0],),
                                   f"strength on {_day(sunday)}, the day before next "
                                   "Monday's key run"))
    return breaches


@check("S-WEEKEND-LOAD")
def s_weekend_load(view: WeekView, rule: Rule) -> list[Breach]:
    """Load units of Saturday + Sunday over max_share of the week's, rounded up; the race
    not counted (solver/week/constraints.py says why)."""
    share = weekend_share(rule)
    weekend_days = view.days[5:]
    training = [s for s in view.sessions if s.type != NOT_A_TRAINING_RUN]
    weekend = sum(s.load for s in training if s.date in weekend_days)
    total = sum(s.load for s in training)
    over = weekend_over(weekend, total, share)
    if not over:
        return []
    sessions = tuple(s for s in training if s.date in weekend_days)
    return [Breach(None, sessions, f"{_week(view)}: Saturday and Sunday carry {weekend} of "
                                   f"the week's load of {total} ({weekend / total:.0%}); "
                                   f"S-WEEKEND-LOAD allows them {float(share):.0%} of the "
                                   f"week, {over} load units over", over)]


@check("S-MONOTONY")
def s_monotony(view: WeekView, rule: Rule) -> list[Breach]:
    """Each monotony level exceeded is one breach at its own weight (no load: none)."""
    loads = [sum(s.load for s in view.sessions if s.date == day) for day in view.days]
    total, squares = sum(loads), sum(load * load for load in loads)
    return [
        Breach(None, (), f"{_week(view)} has a monotony of {monotony(loads):.2f} (daily loads "
                         f"{', '.join(map(str, loads))}); above {float(level):g}",
               weight_cp=weight_cp)
        for level, weight_cp in monotony_levels(rule)
        if monotony_above(total, squares, level)
    ]


@check("S-MUSCLE-COVERAGE")
def s_muscle_coverage(view: WeekView, rule: Rule) -> list[Breach]:
    covered = {g for s in view.sessions for g in view.catalogue.muscles_of(s.type)}
    return [
        Breach(None, (), f"{_week(view)} gives {group.replace('_', ' ')} no stimulus")
        for group in MUSCLE_GROUPS if group not in covered
    ]


@check("S-STABILITY")
def s_stability(view: WeekView, rule: Rule) -> list[Breach]:
    """Re-planning: an old session not kept at the same date, type, length and start."""
    kept = {session_key(s) for s in view.sessions}
    return [
        Breach(old.date, (old,), f"{old.describe()} of the old plan moved or changed")
        for old in view.spec.previous if session_key(old) not in kept
    ]


@check("S-GROUP-ATTEND")
def s_group_attend(view: WeekView, rule: Rule) -> list[Breach]:
    """A squad rule: one athlete's week cannot tell; models/audit/squad.py checks it."""
    return []


@check("P-OVERLOAD")
def p_overload(view: WeekView, rule: Rule) -> list[Breach]:
    """The week's load above the cap its block set (models/block/load_ramp.py); none outside one."""
    fixed = [s for s in view.sessions if session_key(s) in view.fixed]
    cap = load_cap(view.spec.targets, view.catalogue, fixed)
    load = sum(s.load for s in view.sessions)
    if cap is None or load <= cap:
        return []
    ramp = float(rule.params.get("ramp", 0.1))
    share = recovery_share(view.rulebook)
    recovery = f"at most P-RECOVERY's {share:.0%} of it" if share < 1 else "no heavier than it"
    return [Breach(None, (), f"{_week(view)} holds a load of {load} (RPE x minutes, all "
                             f"sessions), {load - cap} over P-OVERLOAD's weekly cap of {cap} "
                             f"(at most +{ramp:.0%} over the last ordinary week, a recovery "
                             f"week {recovery}, never above the planned load, never below "
                             "the lightest week the targets allow)")]


def _planned(view: WeekView) -> list[Session]:
    """The week's sessions the plan decided: not the fixed facts (sessions already done)."""
    return [s for s in view.sessions if session_key(s) not in view.fixed]


def _outside(view: WeekView, limit_of, what: str) -> list[Breach]:
    """One breach per planned session whose minutes lie outside its rule's range."""
    found = []
    for s in _planned(view):
        limit: LengthLimit | None = limit_of(s)
        if limit is not None and not limit.allows(s.minutes):
            found.append(Breach(s.date, (s,), f"{s.describe()}: {s.minutes} min is outside "
                                              f"{limit.describe()} ({what})"))
    return found


def _not_its_length(view: WeekView, rule_id: str, what: str) -> list[Breach]:
    """One breach per planned run that ``fixed_length`` holds to one length, by ``rule_id``,
    at another length (a run outside its type's range is H-LENGTH's breach already)."""
    found = []
    for s in _planned(view):
        if not s.running or s.type not in view.catalogue \
                or not catalogue_limit(s.type, view.catalogue).allows(s.minutes):
            continue
        fixed = fixed_length(s.type, view.spec, view.rulebook, view.catalogue)
        if fixed is not None and fixed.rule_id == rule_id and not fixed.allows(s.minutes):
            found.append(Breach(s.date, (s,), f"{s.describe()}: {s.minutes} min, not the "
                                              f"{fixed.low} min {what}"))
    return found


@check("H-LENGTH")
def h_length(view: WeekView, rule: Rule) -> list[Breach]:
    """Every session inside its type's range of the catalogue (the race excepted); in a week
    whose run lengths are decisions, a run of a type the athlete gave their own length at
    that length; strength at the athlete's own length in every week."""
    asked = "the athlete's file asks for the type (targets.minutes)"
    return _outside(view, lambda s: None if s.type in (NOT_A_TRAINING_RUN, "rest")
                    or s.type not in view.catalogue else catalogue_limit(s.type, view.catalogue),
                    "the range of its type") + _not_its_length(view, "H-LENGTH", asked) \
        + _not_own_strength(view, asked)


def _not_own_strength(view: WeekView, what: str) -> list[Breach]:
    """Strength sessions off the athlete's own length (``targets.minutes``) when it lies in
    the type's range: the week model plans strength only at that length, in every week, so
    a plan at another length is one the model could not make."""
    own = view.spec.athlete.targets.minutes.get("strength")
    if own is None or "strength" not in view.catalogue:
        return []
    allowed = catalogue_limit("strength", view.catalogue).allows
    if not allowed(own):
        return []
    return [Breach(s.date, (s,), f"{s.describe()}: {s.minutes} min, not the {own} min {what}")
            for s in _planned(view)
            if is_strength(s) and s.minutes != own and allowed(s.minutes)]


@check("H-LONG-CAP")
def h_long_cap(view: WeekView, rule: Rule) -> list[Breach]:
    limit = long_cap_limit(view.spec, rule)
    return _outside(view, lambda s: limit if s.type == "long" else None,
                    f"the long-run range of a{'n' if view.spec.athlete.level.value[0] in 'aei' else ''} "
                    f"{view.spec.athlete.level.value}")


@check("H-SESSION-SPIKE")
def h_session_spike(view: WeekView, rule: Rule) -> list[Breach]:
    limit = spike_limit(view.spec, rule)
    if limit is None:
        return []
    longest = view.spec.targets.longest_run
    return _outside(view, lambda s: limit if s.running and s.type != NOT_A_TRAINING_RUN
                    else None, f"+{float(exact(rule.params.get('spike', 0.10))):.0%} over "
                               f"{longest} min, the longest run of the 24 days before the week")


@check("S-VOLUME")
def s_volume(view: WeekView, rule: Rule) -> list[Breach]:
    target = view.spec.targets.run_minutes
    if target is None:
        return []
    ran = running_minutes(view.sessions)
    ramp_limit = view.spec.targets.max_run_minutes
    low, high = volume_band(target, rule, ramp_limit)
    short, over = volume_off(ran, target, rule, ramp_limit)
    if short:
        return [Breach(None, (), f"{_week(view)} runs {ran} min; target {target} min, "
                                 f"{short} min short of {low}", short)]
    if over:
        return [Breach(None, (), f"{_week(view)} runs {ran} min; target {target} min, "
                                 f"{over} min over {high}", over, weight_cp=over_weight_cp(rule))]
    return []


@check("S-INTENSITY")
def s_intensity(view: WeekView, rule: Rule) -> list[Breach]:
    if not intensity_applies(view.spec.targets):
        return []
    share = min_low_share(rule)
    total, low = running_minutes(view.sessions), low_minutes(view.sessions)
    short = intensity_short(low, total, share)
    if not short:
        return []
    return [Breach(None, (), f"{_week(view)}: {low} of {total} running minutes are easy, jog "
                             f"or long ({low / total:.0%}); at least {float(share):.0%}, "
                             f"{short} min short", short)]


@check("S-LONG-SHARE")
def s_long_share(view: WeekView, rule: Rule) -> list[Breach]:
    targets = view.spec.targets
    if not long_share_applies(targets):
        return []
    share = long_share(rule, targets.runs)
    total = running_minutes(view.sessions)
    longs = tuple(s for s in view.sessions if s.type == "long")
    long = sum(s.minutes for s in longs)
    over = long_over(long, total, share)
    if not over:
        return []
    return [Breach(None, longs, f"{_week(view)}: the long run is {long} of {total} running "
                                f"minutes ({long / total:.0%}); at most {float(share):.0%}, "
                                f"{over} min over", over)]


def _is_the_race(view: WeekView, session: Session) -> bool:
    """A ``race`` session on the athlete's race day: the race, not a session to place."""
    race = view.spec.athlete.race
    return session.type == RACE and race is not None and session.date == race.date


def _race_start(view: WeekView) -> datetime | None:
    """The race's start: the plan's own race row on race day, else ``race.start``."""
    race = view.spec.athlete.race
    if race is None:
        return None
    rows = [s for s in (*view.history, *view.sessions) if _is_the_race(view, s)]
    start = rows[0].start if rows else race.start
    return datetime.combine(race.date, datetime.min.time()) + timedelta(minutes=start)


@check("H-RACE-EVE")
def h_race_eve(view: WeekView, rule: Rule) -> list[Breach]:
    """No hard run ending within run_hours before the race start, no strength within
    strength_hours; on the after_days days after race day no run, no strength and no hike
    over after_hike minutes (each session one breach)."""
    start = _race_start(view)
    if start is None:
        return []
    race_day = start.date()
    breaches = []
    for hours, predicate, what in (
        (float(rule.params["run_hours"]), lambda s: s.hard_run and s.type != RACE, "hard run"),
        (float(rule.params["strength_hours"]), is_strength, "strength"),
    ):
        bound = start - timedelta(hours=hours)
        for s in view.sessions:
            if predicate(s) and s.starts_at < start and s.ends_at > bound:
                breaches.append(Breach(s.date, (s,), f"{s.describe()} is {what} less than "
                                       f"{hours:g} h before the race ({_day(race_day)} "
                                       f"{start:%H:%M})"))
    after = int(rule.params.get("after_days", 2))
    most = int(rule.params.get("after_hike", 45))
    for s in view.sessions:
        if not race_day < s.date <= race_day + timedelta(days=after):
            continue
        if is_run(s) or is_strength(s) or (s.type == "hike" and s.minutes > most):
            breaches.append(Breach(s.date, (s,), f"{s.describe()} within {after} days after "
                                   f"the race (only a hike of at most {most} min)"))
    return breaches


@check("P-BEGINNER")
def p_beginner(view: WeekView, rule: Rule) -> list[Breach]:
    """The week's part: no quality run while the targets hold them back (a beginner's
    first weeks, ``quality_runs`` False), no long run over ``long_ratio`` x another run."""
    found = []
    if not view.spec.targets.quality_runs:
        found += [Breach(s.date, (s,), f"{s.describe()}: no quality run before the beginner's "
                         "quality weeks (P-BEGINNER)") for s in view.sessions if is_quality_run(s)]
    found += _not_its_length(view, "P-BEGINNER", "a beginner's quality run takes (the shortest "
                                                 "its limits allow)")
    ratio = view.spec.targets.long_ratio
    if ratio is None:
        return found
    share = exact(ratio)
    runs = [s for s in view.sessions if s.running and s.type != NOT_A_TRAINING_RUN]
    for long in (s for s in runs if s.type == "long"):
        for other in (s for s in runs if s.type != "long"):
            if {session_key(long), session_key(other)} <= view.fixed:
                continue
            if long.minutes * share.denominator > share.numerator * other.minutes:
                found.append(Breach(long.date, (long, other),
                                    f"a beginner's {long.minutes}-min long run is over "
                                    f"{float(share):g} x the {other.minutes}-min {other.type} run"))
    return found


@check("P-TAPER")
def p_taper(view: WeekView, rule: Rule) -> list[Breach]:
    """The week's part: a taper week's quality runs short, at the shortest their limits allow
    (the volume cut is S-VOLUME's target, the race week's long run H-RUN-COUNT's)."""
    return _not_its_length(view, "P-TAPER", "a taper week's quality run takes (the shortest "
                                            "its limits allow)")


@check("S-MAKEUP")
def s_makeup(view: WeekView, rule: Rule) -> list[Breach]:
    """Re-planning: one violation per owed session (a quality run of this week missed on a
    day now past) whose type the sessions planned on the open days do not hold; one planned
    session of a type covers one owed session of it."""
    planned = [s for s in view.sessions if session_key(s) not in view.fixed]
    breaches = []
    for kind in sorted(set(view.spec.owed)):
        owed = view.spec.owed.count(kind)
        held = tuple(s for s in planned if s.type == kind)
        if len(held) < owed:
            short = owed - len(held)
            breaches.append(Breach(None, held, f"{_week(view)}: {short} of {owed} missed "
                                   f"{kind} session(s) not made up in the days left", short))
    return breaches
