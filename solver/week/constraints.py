"""One function per rule id, found through REGISTRY.

Each function adds its rule to a WeekModel through the model's guards (``forbid``,
``require_linear``, ``require_some``, ``penalize``), so it never needs to know whether the
rulebook made the rule hard, soft, or an assumption for ``explain``. The semantics - what
one violation is - are those of models/audit/week.py, which recomputes them in plain Python.
"""

from __future__ import annotations

from math import gcd
from typing import Callable

from ortools.sat.python import cp_model

from models.domain.catalogue import MUSCLE_GROUPS, RACE
from models.domain.clock import MINUTES_PER_DAY, WEEKDAYS
from models.block.load_ramp import load_cap
from models.block.race import race_session
from models.domain.load_limits import (exact, monotony_above, monotony_levels, weekend_over,
                                       weekend_share)
from models.domain.rules import Rule
from models.domain.run_volume import (LOW_INTENSITY, counts_as_volume, intensity_applies,
                                      long_share, long_share_applies, min_low_share,
                                      over_weight_cp, volume_band)

from solver.week.model import (Candidate, WeekModel, total, total_load, total_volume,
                               weighted_total)

RuleFunction = Callable[[WeekModel, Rule], None]
REGISTRY: dict[str, RuleFunction] = {}


def rule(rule_id: str):
    def register(function: RuleFunction) -> RuleFunction:
        REGISTRY[rule_id] = function
        return function
    return register


def _strength(c: Candidate) -> bool:
    return c.type == "strength"


def _run(c: Candidate) -> bool:
    return c.running


def _hard_run(c: Candidate) -> bool:
    return c.hard_run


def _precedes(a: Candidate, b: Candidate) -> bool:
    """a surely ends before b starts (true for different windows of one day, in order)."""
    return a.abs_max + a.longest <= b.abs_min


def _same_window(a: Candidate, b: Candidate) -> bool:
    return not a.is_fixed and not b.is_fixed and a.day == b.day and a.window == b.window


def _pairs(m: WeekModel, day: int, first, second) -> list[tuple[Candidate, Candidate]]:
    """Pairs of a day that can happen together. Pairs of two facts (fixed sessions) are
    included: forbid() counts them for a soft rule and leaves a hard one to the auditor."""
    members = m.by_day.get(day, ())
    seconds = [b for b in members if second(b)]
    return [(a, b) for a in members if first(a) for b in seconds
            if a is not b and (a.window != b.window or a.is_fixed or b.is_fixed)]


@rule("H-AVAIL")
def h_avail(m: WeekModel, rule: Rule) -> None:
    """By construction: every candidate's start range lies inside its window."""


@rule("H-OVERLAP")
def h_overlap(m: WeekModel, rule: Rule) -> None:
    """No overlap (intervals), at most max_per_day sessions, one strength, one hard run."""
    limit = int(rule.params.get("max_per_day", 2))
    for day in range(7):
        day_members = m.by_day.get(day, ())
        if len(day_members) <= min(limit, 1):
            continue  # no limit can bind
        when = m.date_of(day)
        for what, members, most in (
            ("sessions", day_members, limit),
            ("strength sessions", [c for c in day_members if c.type == "strength"], 1),
            ("hard runs", [c for c in day_members if c.hard_run], 1),
        ):
            if len(members) <= most or all(c.is_fixed for c in members):
                continue
            windows = {c.window for c in members if not c.is_fixed}
            if len(windows) + sum(c.is_fixed for c in members) <= most:
                continue  # one session per window (add_structure) already keeps to it
            m.require_linear(rule, (day, what), when, f"at most {most} {what} a day",
                             total([c.present for c in members]) <= most)


@rule("H-GAP")
def h_gap(m: WeekModel, rule: Rule) -> None:
    gap_h = rule.params["gap_h"]
    gap = int(round(float(gap_h) * 60))
    details: dict[str, str] = {}
    for day in range(7):
        when = m.date_of(day)
        for s, r in _pairs(m, day, _strength, _run):
            if s.is_fixed and r.is_fixed and max(r.start - s.start - s.minutes,
                                                   s.start - r.start - r.minutes) >= gap:
                # (facts have a fixed length: .minutes is theirs)
                continue  # two facts far enough apart: nothing to decide
            if (r.first_start - s.last_start - s.minutes >= gap
                    or s.first_start - r.last_start - r.longest >= gap):
                continue  # one order always leaves the gap (windows far apart): nothing to decide
            # the largest value each order's distance can take: an order that can never
            # leave the gap is no option (its expression is not even built)
            after = r.last_start - s.first_start - s.minutes
            before = s.last_start - r.first_start - r.minutes
            # (a fixed length moves to the bound: the same constraint, one term less)
            options = []
            if after >= gap:
                options.append((r.start - s.start, gap + s.minutes, after + s.minutes))
            if before >= gap:
                if r.variable_length:
                    options.append((s.start - r.start - r.duration, gap, before))
                else:
                    options.append((s.start - r.start, gap + r.minutes, before + r.minutes))
            detail = details.get(r.type)
            if detail is None:
                detail = details[r.type] = f"strength and {r.type} less than {gap_h} h apart"
            m.require_some(rule, (s.index, r.index), when, detail, (s.present, r.present),
                           options)


@rule("H-STRENGTH-HARD-DAY")
def h_strength_hard_day(m: WeekModel, rule: Rule) -> None:
    for day in range(7):
        m.forbid(rule, (day,), m.date_of(day), "strength and a hard run on one day",
                 [m.day_flag("strength", day, _strength), m.day_flag("hard", day, _hard_run)])


@rule("H-STRENGTH-BEFORE-HARD")
def h_strength_before_hard(m: WeekModel, rule: Rule) -> None:
    hours = float(rule.params["hours"])
    gap = int(round(hours * 60))
    strengths = [c for c in m.candidates if c.type == "strength"]
    hard_by_day: dict[int, list[Candidate]] = {}
    for c in m.week:
        if c.hard_run:
            hard_by_day.setdefault(c.day, []).append(c)
    details: dict[str, str] = {}
    for s in strengths:
        # only runs that can start within `gap` of this strength session's end can bind
        reach = s.day + (s.last_start + s.minutes + gap) // MINUTES_PER_DAY
        earliest_end, latest_end = s.abs_min + s.minutes, s.abs_max + s.minutes
        never = []  # the runs s may not share the week with: neither option can hold
        for day in range(s.day, reach + 1):
            for h in hard_by_day.get(day, ()):
                highest = h.abs_max - earliest_end
                lowest = h.abs_min - latest_end
                if highest < 0 or lowest >= gap or _same_window(s, h):
                    continue  # the run surely starts before the strength ends, or far enough after
                # the options that can hold: far enough after, or starting before the end
                # (most pairs have neither: the run surely starts in between)
                detail = details.get(h.type)
                if detail is None:
                    detail = details[h.type] = \
                        f"strength ends less than {hours:g} h before the {h.type} run"
                if highest < gap and lowest >= 0:
                    never.append(((s.index, h.index), h.date, detail, h.present))
                    continue
                distance = h.abs_start - s.abs_start - s.minutes
                options = []
                if highest >= gap:
                    options.append((distance, gap, highest))
                if lowest < 0:
                    options.append((-distance, 1, -lowest))
                m.require_some(rule, (s.index, h.index), h.date, detail,
                               (s.present, h.present), options)
        m.forbid_each(rule, s.present, never)


@rule("H-HARD-SPACING")
def h_hard_spacing(m: WeekModel, rule: Rule) -> None:
    """No hard runs on consecutive days, the history's Sunday included, and with
    ``key_run_next_monday`` (models/block/eve_repair.py) the next week's Monday too."""
    for day in range(-1, 6):
        m.forbid(rule, (day,), m.date_of(day + 1), "hard runs on consecutive days",
                 [m.day_flag("hard", day, _hard_run), m.day_flag("hard", day + 1, _hard_run)])
    if m.spec.key_run_next_monday:
        m.forbid(rule, (6,), m.date_of(6), "a hard run the day before next Monday's key run",
                 [m.day_flag("hard", 6, _hard_run)])


def rest_hike_limit(rule: Rule) -> int | None:
    """H-REST's max_hike: the most hiking minutes a rest day holds (None: any hiking)."""
    limit = rule.params.get("max_hike", 60)
    return None if limit is None else int(limit)


def rest_days(m: WeekModel, rule: Rule) -> cp_model.LinearExprT | int:
    """The week's days without a run, strength or more than max_hike minutes of hiking."""
    limit = rest_hike_limit(rule)
    return 7 - sum(m.busy_flag(d, limit) for d in range(7))


@rule("H-REST")
def h_rest(m: WeekModel, rule: Rule) -> None:
    """At least min_days rest days: no run, no strength, hiking at most max_hike minutes."""
    wanted = int(rule.params["min_days"])
    rest = rest_days(m, rule)
    limit = rest_hike_limit(rule)
    hiking = "" if limit is None else f" or hiking over {limit} min"
    detail = f"fewer than {wanted} day(s) without running, strength{hiking}"
    if rule.is_soft:
        _penalize_shortfall(m, rule, wanted, rest, detail, "short_rest")
    elif not isinstance(rest, int):
        _require(m, rule, "week", detail, rest >= wanted)


@rule("H-STRENGTH-SPACING")
def h_strength_spacing(m: WeekModel, rule: Rule) -> None:
    """Strength days at least min_days_between apart (2: never on consecutive days), the
    previous week's last days included (P-BOUNDARY); one violation per pair of days."""
    apart = int(rule.params.get("min_days_between", 2))
    for gap in range(1, apart):
        for day in range(-gap, 7 - gap):
            m.forbid(rule, (day, gap), m.date_of(day + gap),
                     f"strength {gap} day(s) after strength",
                     [m.day_flag("strength", day, _strength),
                      m.day_flag("strength", day + gap, _strength)])


def _require(m: WeekModel, rule: Rule, key, detail: str, constraint) -> None:
    """A whole-week hard constraint, with an assumption literal in explain mode."""
    literal = m.assume(rule, (key,), detail)
    ct = m.model.add(constraint)
    if literal is not None:
        ct.only_enforce_if(literal)


def _count_rule(m: WeekModel, rule: Rule, counts: list[tuple[str, object, int]]) -> None:
    """Each (label, count expression, target) must hold exactly; soft: cost per session off."""
    for label, count, target in counts:
        detail = f"{label}: target {target}"
        if isinstance(count, int):
            if count == target:
                continue
            if rule.is_soft:
                m.penalize(rule, abs(count - target), None, detail)
            else:  # no candidate can change the count (e.g. no window fits a long run)
                _require(m, rule, label, detail, False)
            continue
        if rule.is_soft:
            deviation = m.model.new_int_var(0, 7 * 4, f"dev_{label}")
            m.model.add(deviation >= count - target)
            m.model.add(deviation >= target - count)
            m.penalize(rule, deviation, None, detail)
        else:
            _require(m, rule, label, detail, count == target)


@rule("H-STRENGTH-COUNT")
def h_strength_count(m: WeekModel, rule: Rule) -> None:
    count = total([c.present for c in m.week if c.type == "strength"])
    _count_rule(m, rule, [("strength sessions", count, m.spec.targets.strength)])


@rule("H-RUN-COUNT")
def h_run_count(m: WeekModel, rule: Rule) -> None:
    targets = m.spec.targets
    runs = total([c.present for c in m.week if c.running and c.type != RACE])
    longs = total([c.present for c in m.week if c.type == "long"])
    _count_rule(m, rule, [("runs", runs, targets.runs), ("long runs", longs, targets.long)])


@rule("S-HILL-SPRINT")
def s_hill_sprint(m: WeekModel, rule: Rule) -> None:
    if not m.spec.targets.quality_runs:
        return  # P-BEGINNER: no quality run this week
    options = [c.present for c in m.week if c.type in ("hill", "sprint")]
    _penalize_if_none(m, rule, options, "no hill or sprint session this week")


def _penalize_if_none(m: WeekModel, rule: Rule, literals, detail: str) -> None:
    if any(isinstance(l, int) and l == 1 for l in literals):
        return
    variables = [l for l in literals if not isinstance(l, int)]
    if not variables:
        m.penalize(rule, 1, None, detail)
        return
    missing = m.model.new_bool_var(f"miss_{rule.id}_{detail}")
    m.model.add_bool_or([*variables, missing])
    m.penalize(rule, missing, None, detail)


@rule("S-SPECIFICITY")
def s_specificity(m: WeekModel, rule: Rule) -> None:
    """A build or peak week without a quality session of the race's key type (hill or
    tempo, models/block/specificity.py) costs the weight once; other weeks ask nothing."""
    key = m.spec.targets.key_quality
    if key is None:
        return
    options = [c.present for c in m.week_sessions(lambda c: _quality(c) and c.type == key)]
    _penalize_if_none(m, rule, options, f"no {key} session in this {m.spec.targets.phase} week")


@rule("S-VARIETY")
def s_variety(m: WeekModel, rule: Rule) -> None:
    """The week's quality sessions all of the one type the week before used alone cost the
    weight once: some session of that type and none of another. A specific hill week
    (S-SPECIFICITY asked for hill and got it) is exempt."""
    last = m.spec.previous_quality
    if last is None or (last == "hill" and m.spec.targets.key_quality == "hill"):
        return
    same = [c.present for c in m.week_sessions(lambda c: _quality(c) and c.type == last)]
    other = [c.present for c in m.week_sessions(lambda c: _quality(c) and c.type != last)]
    if not same or any(isinstance(o, int) and o == 1 for o in other):
        return
    detail = f"only {last} sessions again, as last week"
    other = [o for o in other if not isinstance(o, int)]
    if any(isinstance(x, int) and x == 1 for x in same) and not other:
        m.penalize(rule, 1, None, detail)
        return
    repeated = m.model.new_bool_var(f"{m.prefix}repeat_{last}")
    for present in same:
        m.clause([_negate_present(present), *other, repeated])
    m.penalize(rule, repeated, None, detail)


def _negate_present(present):
    return 1 - present if isinstance(present, int) else present.Not()


@rule("S-HIKE-VOLUME")
def s_hike_volume(m: WeekModel, rule: Rule) -> None:
    target = m.spec.targets.hike_minutes
    if target <= 0:
        return
    hiked = total_volume([c for c in m.week if c.type == "hike"])
    _penalize_shortfall(m, rule, target, hiked, f"hiking short of {target} min", "hike_short")


def _penalize_shortfall(m: WeekModel, rule: Rule, target: int, reached, detail: str,
                        name: str) -> None:
    """Penalise max(0, target - reached) units for the week; ``reached`` is a number or a
    linear expression (then a shortfall variable in 0..target carries it)."""
    if isinstance(reached, int):
        m.penalize(rule, max(0, target - reached), None, detail)
        return
    short = m.model.new_int_var(0, target, name)
    m.model.add(short >= target - reached)
    m.penalize(rule, short, None, detail)


@rule("S-STRENGTH-TIMING")
def s_strength_timing(m: WeekModel, rule: Rule) -> None:
    """Strength is well timed on a day without runs, or after the day's only (easy) runs."""
    for day in range(7):
        when = m.date_of(day)
        badly_timed: dict[int, tuple[Candidate, list]] = {}  # strength -> runs, both open
        for s, r in _pairs(m, day, _strength, _run):
            if r.hard_run or not _precedes(r, s):
                detail = f"strength shares the day with a {r.type} run it does not follow"
                if s.is_fixed or r.is_fixed:
                    m.forbid(rule, (day,), when, detail, [s.present, r.present])
                    if s.is_fixed and r.is_fixed:
                        break  # a fixed day's facts: counted once per date, like the guard does
                    continue
                m.guard(rule, (day,), when, detail)  # the day's guard, from its first pair
                badly_timed.setdefault(s.index, (s, []))[1].append(r.present)
        for s, runs in badly_timed.values():
            m.forbid_with(rule, (day,), when, "", s.present, runs)


@rule("S-STRENGTH-FIRST")
def s_strength_first(m: WeekModel, rule: Rule) -> None:
    """002: on a shared day, strength comes before any run."""
    for day in range(7):
        for s, r in _pairs(m, day, _strength, _run):
            if not _precedes(s, r):
                m.forbid(rule, (day,), m.date_of(day),
                         f"a {r.type} run comes before strength", [s.present, r.present])
                if s.is_fixed and r.is_fixed:
                    break  # a fixed day's facts: counted once per date, like the guard does


@rule("S-HIKE-RECOVERY")
def s_hike_recovery(m: WeekModel, rule: Rule) -> None:
    for day in range(7):
        hikes = m.on_day(day, lambda c: c.type == "hike")
        if not hikes:
            continue
        after_hard = m.day_flag("hard", day - 1, _hard_run)
        if isinstance(after_hard, int) and after_hard == 1:
            continue
        count = sum(c.present for c in hikes)
        detail = "hike not the day after a hard run"
        if isinstance(count, int) or (isinstance(after_hard, int) and after_hard == 0):
            if isinstance(count, int):
                m.penalize(rule, count - count * after_hard, m.date_of(day), detail)
            else:
                for hike in hikes:
                    m.penalize(rule, hike.present, m.date_of(day), detail)
            continue
        most = len(hikes)
        bad = m.model.new_int_var(0, most, f"hike_rec_d{day}")
        m.model.add(bad >= count - most * after_hard)
        m.penalize(rule, bad, m.date_of(day), detail)


@rule("S-PREFERENCE")
def s_preference(m: WeekModel, rule: Rule) -> None:
    preferences = m.spec.athlete.preferences
    for c in m.week_sessions(lambda c: c.type in preferences):
        if WEEKDAYS[c.date.weekday()] not in preferences[c.type]:
            m.penalize(rule, c.present, c.date,
                       f"{c.type} on a day not preferred ({', '.join(preferences[c.type])})")


@rule("S-LOAD-SPREAD")
def s_load_spread(m: WeekModel, rule: Rule) -> None:
    loads = [sum(c.load for c in m.on_day(d)) for d in range(7)]
    constants = [load for load in loads if isinstance(load, int)]
    variables = [load for load in loads if not isinstance(load, int)]
    detail = "highest daily load"
    if not variables:
        m.penalize(rule, max(constants, default=0), None, detail)
        return
    upper = max(10 * 2 * MINUTES_PER_DAY, *constants) if constants else 10 * 2 * MINUTES_PER_DAY
    peak = m.model.new_int_var(max(constants, default=0), upper, "peak_load")
    for load in variables:
        m.model.add(peak >= load)
    m.penalize(rule, peak, None, detail)


def _quality(c: Candidate) -> bool:
    """A quality run: a hard run other than the long run and the race (tempo, hill, sprint)."""
    return c.hard_run and c.type not in ("long", RACE)


@rule("S-EVE-OF-KEY")
def s_eve_of_key(m: WeekModel, rule: Rule) -> None:
    """Cases, each costing the weight once:

    * a day with a key run (long or quality) whose eve holds a hike over eve_hike minutes;
    * such a day whose eve holds strength;
    * Monday with a quality run after a weekend (the history's Saturday and Sunday) that
      held a long run and a hike over weekend_hike minutes;
    * with ``key_run_next_monday``, a hike over eve_hike minutes on Sunday, and strength on
      Sunday, the eve of the next week's Monday key run (models/block/eve_repair.py).
    Monday's eve is the history's Sunday (P-BOUNDARY).
    """
    eve_hike = int(rule.params.get("eve_hike", 60))
    weekend_hike = int(rule.params.get("weekend_hike", 120))
    for day in range(7):
        key = m.day_flag("hard", day, _hard_run)
        if isinstance(key, int) and key == 0:
            continue
        hike = m.day_flag(f"hike>{eve_hike}", day - 1,
                          lambda c: c.type == "hike" and c.minutes > eve_hike)
        m.forbid(rule, ("hike", day), m.date_of(day),
                 f"a hike over {eve_hike} min the day before a key run", [hike, key])
        m.forbid(rule, ("strength", day), m.date_of(day),
                 "strength the day before a key run",
                 [m.day_flag("strength", day - 1, _strength), key])
    if m.spec.key_run_next_monday:
        hike = m.day_flag(f"hike>{eve_hike}", 6,
                          lambda c: c.type == "hike" and c.minutes > eve_hike)
        m.forbid(rule, ("hike", 7), m.date_of(6),
                 f"a hike over {eve_hike} min the day before next Monday's key run", [hike])
        m.forbid(rule, ("strength", 7), m.date_of(6),
                 "strength the day before next Monday's key run",
                 [m.day_flag("strength", 6, _strength)])
    weekend = [c for d in (-2, -1) for c in m.on_day(d) if c.is_fixed]
    if (any(c.type == "long" for c in weekend)
            and any(c.type == "hike" and c.minutes > weekend_hike for c in weekend)):
        m.forbid(rule, ("weekend", 0), m.date_of(0),
                 f"a quality run after a weekend with a long run and a hike over "
                 f"{weekend_hike} min", [m.day_flag("quality", 0, _quality)])


@rule("S-WEEKEND-LOAD")
def s_weekend_load(m: WeekModel, rule: Rule) -> None:
    """Load units of Saturday + Sunday over max_share of the week's load, rounded up
    (models/domain/load_limits.py): q*over >= q*W - p*T for max_share = p/q. The race is
    not counted: a weekend race is no training piled onto the weekend, and counted it made
    every weekday minute lower the penalty, pushing race weeks to train more."""
    share = weekend_share(rule)
    p, q = share.numerator, share.denominator
    detail = f"weekend load above {float(share):.0%} of the week's"
    members = [c for c in m.week if c.type != RACE]
    if all(c.is_fixed for c in members):
        weekend = total_load([c for c in members if c.day >= 5])
        m.penalize(rule, weekend_over(weekend, total_load(members), share), None, detail)
        return
    most = -(-(q - p) * (m.day_load_bound(5) + m.day_load_bound(6)) // q)
    if most <= 0:
        return  # the weekend holds nothing, or any share is allowed
    over = m.model.new_int_var(0, most, f"{m.prefix}weekend_over")
    # q * (weekend load) - p * (week load), as one expression
    excess = weighted_total([c.unit for c in members],
                            [(q * (c.day >= 5) - p) * c.rpe * c.scale for c in members])
    m.model.add(q * over >= excess)
    m.penalize(rule, over, None, detail)


@rule("S-MONOTONY")
def s_monotony(m: WeekModel, rule: Rule) -> None:
    """Each monotony level the week exceeds costs its weight, exactly in integers
    (models/domain/load_limits.py): S^2 (q^2 + p^2) <= 7 p^2 Q for the level p/q, with
    S and Q the sum and the sum of squares of the 7 daily loads (products in CP-SAT).

    Both sides are squares of loads, so the loads may be counted in any common unit: the
    largest one that divides every session's possible load (see load_unit) gives the
    products domains that unit squared times smaller, and CP-SAT's search over them less
    to do (the 29 weeks, out of the 163 of 12 random athletes' 16-week blocks, whose
    relaxed plan broke S-MONOTONY: 29.6 -> 26.0 s CPU in total, interleaved on one core;
    every optimum unchanged).
    """
    levels = monotony_levels(rule)
    loads = [m.day_load(d) for d in range(7)]
    if all(isinstance(load, int) for load, _ in loads):
        total, squares = sum(l for l, _ in loads), sum(l * l for l, _ in loads)
        for level, weight_cp in levels:
            if monotony_above(total, squares, level):
                m.penalize(rule, 1, None, f"monotony above {float(level):g}", weight_cp)
        return
    unit = load_unit(m)
    squares = []
    for day, (load, most) in enumerate(loads):
        if isinstance(load, int):
            squares.append((load // unit) ** 2)
            continue
        daily = m.model.new_int_var(0, most // unit, f"{m.prefix}load_d{day}")
        m.model.add(unit * daily == load)
        square = m.model.new_int_var(0, (most // unit) ** 2, f"{m.prefix}load2_d{day}")
        m.model.add_multiplication_equality(square, [daily, daily])
        squares.append(square)
    most = sum(b for _, b in loads) // unit
    total = m.model.new_int_var(0, most, f"{m.prefix}load_week")
    m.model.add(unit * total == sum(load for load, _ in loads))
    total_squared = m.model.new_int_var(0, most * most, f"{m.prefix}load_week2")
    m.model.add_multiplication_equality(total_squared, [total, total])
    for level, weight_cp in levels:
        p, q = level.numerator, level.denominator
        above = m.model.new_bool_var(f"{m.prefix}monotony_above_{float(level):g}")
        m.model.add(total_squared * (q * q + p * p) <= 7 * p * p * sum(squares)) \
            .only_enforce_if(above.Not())
        m.penalize(rule, above, None, f"monotony above {float(level):g}", weight_cp)


def load_unit(m: WeekModel) -> int:
    """The largest number dividing every load a session of the week can add (RPE x each
    length it may take; a fixed session's own load): every daily load is a multiple of it.
    Runs take lengths in 5-minute steps, so it is at least 5 for most weeks."""
    unit = 0
    for c in m.week:
        if c.variable_length:
            bounds = list(m.model.proto.variables[c.length.index].domain)
            for low, high in zip(bounds[::2], bounds[1::2]):
                # an interval of more than one value holds two consecutive lengths
                unit = gcd(unit, c.rpe * low, c.rpe if high > low else 0)
        else:
            unit = gcd(unit, c.rpe * c.minutes)
    return unit or 1


@rule("S-MUSCLE-COVERAGE")
def s_muscle_coverage(m: WeekModel, rule: Rule) -> None:
    by_group: dict[str, list] = {group: [] for group in MUSCLE_GROUPS}
    muscles: dict[str, tuple[str, ...]] = {}
    for c in m.week:
        if c.type not in muscles:
            muscles[c.type] = m.catalogue.muscles_of(c.type)
        for group in muscles[c.type]:
            by_group[group].append(c.present)
    for group in MUSCLE_GROUPS:
        _penalize_if_none(m, rule, by_group[group], f"{group} not stimulated")


@rule("P-OVERLOAD")
def p_overload(m: WeekModel, rule: Rule) -> None:
    """The week's load (RPE x minutes, fixed sessions included) within the cap its block's
    chain set (models/block/load_ramp.py); a week outside a block has none."""
    cap = load_cap(m.spec.targets, m.catalogue, m.spec.fixed)
    if cap is None:
        return
    week = m.week_sessions()
    fixed = sum(c.rpe * c.minutes for c in week if c.is_fixed)
    open_candidates = [c for c in week if not c.is_fixed]
    if fixed + sum(c.heaviest for c in open_candidates) <= cap:
        return  # even every candidate at once stays under the cap
    m.require_linear(rule, ("load",), None, f"week load above {cap}",
                     sum(c.load for c in open_candidates) <= cap - fixed)


def add_rules(m: WeekModel, skip: frozenset[str] = frozenset()) -> None:
    """Add every active rule of the rulebook through its registered function, except the
    ids in ``skip`` (rules a solve adds later, solver/week/lazy.py).

    P-* (periodisation) rules shape the targets and the history of each week
    (models/block/phases.py, solver/block/plan.py) and are skipped here, except those with a part
    inside one week (P-OVERLOAD's load cap). Any other id without a function is a bug and
    raises.
    """
    m.add_structure()
    add_rule_ids(m, [r for r in m.rulebook.rules if r not in skip])


def add_rule_ids(m: WeekModel, rule_ids) -> None:
    """Add the named rules of the rulebook (the active ones) to the model, in rulebook order."""
    for rule_id in rule_ids:
        rule_spec = m.rulebook.rules[rule_id]
        if not rule_spec.is_active:
            continue
        if rule_spec.is_periodisation and rule_id not in REGISTRY:
            continue
        try:
            function = REGISTRY[rule_id]
        except KeyError:
            raise KeyError(f"rule {rule_id} has no implementation in solver/week/constraints.py")
        function(m, rule_spec)


@rule("S-STABILITY")
def s_stability(m: WeekModel, rule: Rule) -> None:
    """Re-planning: each old session not kept at the same date, type, length and start."""
    for old in m.spec.previous:
        day = (old.date - m.spec.week_start).days
        detail = f"{old.describe()} moved or changed"
        keeper = next((
            c for c in m.on_day(day, lambda c: not c.is_fixed)
            if c.type == old.type and c.minutes <= old.minutes <= c.longest
            and (c.minutes == old.minutes or c.variable_length)
            and c.first_start <= old.start <= c.last_start
            and (old.start - c.first_start) % 5 == 0
            and old.start + old.minutes <= c.last_start + c.minutes
        ), None)
        if keeper is None:
            m.penalize(rule, 1, old.date, detail)
            continue
        kept = m.model.new_bool_var(f"kept_{keeper.index}")
        m.model.add_implication(kept, keeper.present)
        m.model.add(keeper.offset == (old.start - keeper.first_start) // 5).only_enforce_if(kept)
        if keeper.variable_length:
            m.model.add(keeper.duration == old.minutes).only_enforce_if(kept)
        m.penalize(rule, 1 - kept, old.date, detail)


@rule("S-GROUP-ATTEND")
def s_group_attend(m: WeekModel, rule: Rule) -> None:
    """A squad rule: one athlete's week has no group sessions; solver/squad/joint_week.py adds it."""


def _volume(c: Candidate) -> bool:
    return counts_as_volume(c.type, c.running)


def _minutes_of(m: WeekModel, predicate) -> tuple[cp_model.LinearExprT | int, int]:
    """The week's minutes of the sessions matching ``predicate`` (an expression, or a number
    when only facts match) and the most they can reach."""
    if predicate is _volume and "volume" in m.memo:  # three rules ask for it
        return m.memo["volume"]
    members = m.week_sessions(predicate)
    found = total_volume(members), sum(c.longest for c in members)
    if predicate is _volume:
        m.memo["volume"] = found
    return found


def _week_minutes(m: WeekModel, weight) -> cp_model.LinearExprT | int:
    """sum(weight(c) * c.volume) over the week's sessions, as one expression."""
    members = m.week
    return weighted_total([c.unit for c in members], [weight(c) * c.scale for c in members])


def _penalize_excess(m: WeekModel, rule: Rule, amount, most: int, detail: str, name: str,
                     weight_cp=None, q: int = 1) -> None:
    """Penalise ceil(max(0, amount) / q) units; ``amount`` is a number or an expression whose
    largest value is ``most``."""
    if isinstance(amount, int):
        m.penalize(rule, max(0, -(-amount // q)), None, detail, weight_cp)
        return
    top = max(0, -(-most // q))
    if top == 0:
        return
    excess = m.model.new_int_var(0, top, f"{m.prefix}{name}")
    m.model.add(q * excess >= amount)
    m.penalize(rule, excess, None, detail, weight_cp)


@rule("S-VOLUME")
def s_volume(m: WeekModel, rule: Rule) -> None:
    """Running minutes (the race not counted) inside the week's volume band: each minute
    below costs the weight, each above costs ``over`` (models/domain/run_volume.py)."""
    target = m.spec.targets.run_minutes
    if target is None:
        return
    low, high = volume_band(target, rule, m.spec.targets.max_run_minutes)
    ran, most = _minutes_of(m, _volume)
    _penalize_excess(m, rule, low - ran, low, f"running short of {low} min (target {target})",
                     "volume_short")
    _penalize_excess(m, rule, ran - high, most - high,
                     f"running over {high} min (target {target})", "volume_over",
                     weight_cp=over_weight_cp(rule))


@rule("S-INTENSITY")
def s_intensity(m: WeekModel, rule: Rule) -> None:
    """Minutes of low-intensity running (easy, jog, long) short of min_low of all running
    minutes; quality sessions count whole. Recovery, taper and race weeks are left out."""
    if not intensity_applies(m.spec.targets):
        return
    share = min_low_share(rule)
    p, q = share.numerator, share.denominator
    _, most = _minutes_of(m, _volume)
    # p * (running minutes) - q * (low-intensity running minutes)
    short = _week_minutes(m, lambda c: (p - q * (c.type in LOW_INTENSITY)) if _volume(c) else 0)
    _penalize_excess(m, rule, short, p * most,
                     f"low-intensity running under {float(share):.0%}", "low_short", q=q)


@rule("S-LONG-SHARE")
def s_long_share(m: WeekModel, rule: Rule) -> None:
    """Long-run minutes over max_share (max_share_3 in weeks of 3 runs or fewer) of the
    week's running minutes; recovery weeks are left out."""
    targets = m.spec.targets
    if not long_share_applies(targets):
        return
    share = long_share(rule, targets.runs)
    p, q = share.numerator, share.denominator
    long = [c for c in m.week if c.type == "long"]
    most = sum(c.longest for c in long)
    # q * (long-run minutes) - p * (running minutes)
    over = _week_minutes(m, lambda c: q * (c.type == "long") - p * _volume(c))
    _penalize_excess(m, rule, over, q * most,
                     f"long run over {float(share):.0%} of the week's running", "long_over", q=q)


def _length_limits(m: WeekModel, rule: Rule) -> None:
    """A length rule: hard limits are the domain of each run's length (the week model takes
    only lengths they allow, models/domain/lengths.py); a soft one costs its weight per
    session outside its range."""
    if not any(limit.rule_id == rule.id for limits in m.soft_limits.values() for limit in limits):
        return  # the rule is hard, or no run's length is a decision: the domains do it
    for c in m.week_sessions(lambda c: not c.is_fixed and c.variable_length):
        for limit in m.soft_limits.get(c.type, ()):
            if limit.rule_id != rule.id:
                continue
            if (limit.low is None or c.minutes >= limit.low) and \
                    (limit.high is None or c.longest <= limit.high):
                continue
            outside = m.model.new_bool_var(f"{m.prefix}out_{rule.id}_{c.index}")
            m.model.add_implication(outside, c.present)
            if limit.high is not None:
                m.model.add(c.duration <= limit.high).only_enforce_if(outside.Not())
            if limit.low is not None:
                m.model.add(c.duration >= limit.low * c.present).only_enforce_if(outside.Not())
            m.penalize(rule, outside, c.date, f"{c.type} run outside {limit.describe()}")


@rule("H-LENGTH")
def h_length(m: WeekModel, rule: Rule) -> None:
    _length_limits(m, rule)


@rule("H-LONG-CAP")
def h_long_cap(m: WeekModel, rule: Rule) -> None:
    _length_limits(m, rule)


@rule("H-SESSION-SPIKE")
def h_session_spike(m: WeekModel, rule: Rule) -> None:
    _length_limits(m, rule)

def _race_start(m: WeekModel) -> int | None:
    """The race's start in minutes from this week's Monday 00:00 (None: no race)."""
    race = race_session(m.spec.athlete, m.catalogue)
    if race is None:
        return None
    return (race.date - m.spec.week_start).days * MINUTES_PER_DAY + race.start


def _before_race(m: WeekModel, rule: Rule, race: int, hours: float, predicate,
                 what: str) -> None:
    """No session matching ``predicate`` ends within ``hours`` before the race start."""
    bound = race - int(round(hours * 60))
    for c in m.week_sessions(lambda c: predicate(c) and not c.is_fixed):
        if c.abs_min >= race or c.abs_max + c.longest <= bound:
            continue  # surely after the start, or surely ending early enough
        m.require_some(rule, ("before", c.index), c.date,
                       f"{what} less than {hours:g} h before the race",
                       (c.present,), [(bound - c.duration - c.abs_start, 0,
                                       bound - c.minutes - c.abs_min)])


@rule("H-RACE-EVE")
def h_race_eve(m: WeekModel, rule: Rule) -> None:
    """No hard run ends within run_hours before the race start, no strength within
    strength_hours; on the after_days days after race day no run, no strength and no hike
    over after_hike minutes. The race may lie in another week: the times are counted from
    this week's Monday."""
    race = _race_start(m)
    if race is None:
        return
    _before_race(m, rule, race, float(rule.params["run_hours"]),
                 lambda c: c.hard_run and c.type != RACE, "hard run")
    _before_race(m, rule, race, float(rule.params["strength_hours"]), _strength, "strength")
    race_day = race // MINUTES_PER_DAY
    most = int(rule.params.get("after_hike", 45))
    for day in range(race_day + 1, race_day + 1 + int(rule.params.get("after_days", 2))):
        for c in m.on_day(day, lambda c: not c.is_fixed):
            if c.running or _strength(c) or (c.type == "hike" and c.minutes > most):
                m.forbid(rule, ("after", c.index), c.date,
                         f"{c.type} within the days after the race", [c.present])


@rule("P-BEGINNER")
def p_beginner(m: WeekModel, rule: Rule) -> None:
    """The week's part of P-BEGINNER: no quality run in a beginner's first weeks
    (``quality_runs`` False) and the long run at most ``long_ratio`` times any other run of
    the week; the rest shapes the targets (models/block/phases.py)."""
    if not m.spec.targets.quality_runs:
        for c in m.week_sessions(lambda c: _quality(c) and not c.is_fixed):
            m.forbid(rule, ("quality", c.index), c.date,
                     f"{c.type} before the beginner's quality weeks", [c.present])
    ratio = m.spec.targets.long_ratio
    if ratio is None:
        return
    share = exact(ratio)
    p, q = share.numerator, share.denominator
    for long in m.week_sessions(lambda c: c.type == "long"):
        for other in m.week_sessions(lambda c: _volume(c) and c.type != "long"):
            if long.is_fixed and other.is_fixed:
                continue  # two facts: the auditor reports them
            if q * long.longest <= p * other.minutes:
                continue
            m.require_linear(rule, (long.index, other.index), long.date,
                             f"long run over {float(share):g} x the {other.type} run",
                             q * long.duration <= p * other.duration,
                             condition=(long.present, other.present))


@rule("S-MAKEUP")
def s_makeup(m: WeekModel, rule: Rule) -> None:
    """Re-planning: each owed session (a quality run of this week missed on a day now past)
    whose type the open days do not hold costs the weight; one planned session of a type
    covers one owed session of it. Only a shortfall is priced, so the hard rules still win:
    with no legal day left the week pays the weight instead of breaking one."""
    for kind in sorted(set(m.spec.owed)):
        owed = m.spec.owed.count(kind)
        held = sum(c.present for c in m.week_sessions(
            lambda c, kind=kind: not c.is_fixed and c.type == kind))
        _penalize_shortfall(m, rule, owed, held, f"the missed {kind} not made up",
                            f"{m.prefix}makeup_{kind}")
