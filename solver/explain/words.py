"""The sentences of `weekplan explain`: rules, availability facts, changes and penalties.

Kept apart from the search (solver/explain/conflict.py) and the assembly (solver/explain/explain.py) so the
wording can evolve on its own. Every sentence is made from the week itself - the athlete's
windows, the plan's sessions, the rule's parameters - never a generic hint.
"""

from __future__ import annotations

from datetime import date, timedelta

from models.domain.athlete import Window
from models.domain.catalogue import Catalogue
from models.domain.clock import WEEKDAY_TITLES, format_hhmm
from models.domain.lengths import limits_of, run_lengths
from models.domain.load_limits import monotony
from models.domain.plan import PenaltyItem, Session
from models.domain.rules import Rule, Rulebook
from models.domain.week import WeekSpec

from solver.explain.conflict import Change, is_fact

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def short(day: date) -> str:
    return WEEKDAY_TITLES[day.weekday()]


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def label(kind: str, catalogue: Catalogue) -> str:
    """'long run', 'hill repeats', 'strength', 'hike'."""
    return catalogue.types[kind].label.lower() if kind in catalogue else kind


def span(start: int, end: int) -> str:
    return f"{format_hhmm(start)}-{format_hhmm(end)}"


def session_words(s: Session, catalogue: Catalogue) -> str:
    return f"the {label(s.type, catalogue)} {span(s.start, s.end)}"


def join_or(items: list[str], word: str = "or") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


# ---------------------------------------------------------------- conflict members

def fact_text(day: date, spec: WeekSpec) -> str:
    windows = spec.windows(day)
    if not windows:
        return f"{short(day)}: no window"
    listed = ", ".join(f"{w} ({w.minutes} min)" for w in windows)
    return f"{short(day)}: only {listed}"


def long_run_words(spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue) -> str:
    """The long run's length as the week model sees it: the planned minutes, or, where the
    hard length rules leave no length at all, which of them clash (a long run of at least
    H-LONG-CAP's minimum against H-SESSION-SPIKE's cap after a short recent longest run)."""
    planned = spec.targets.minutes.get("long", catalogue["long"].minutes.default)
    lengths, _ = run_lengths("long", spec, rulebook, catalogue)
    if planned in lengths:
        return f"{planned} min"
    if lengths:
        low, high = min(lengths), max(lengths)
        return f"{low} min" if low == high else f"{low}-{high} min"
    clash = "; ".join(f"{limit.rule_id} {limit.describe()}"
                      for limit in limits_of("long", spec, rulebook, catalogue))
    return f"no length the length rules allow: {clash}"


def rule_text(rule: Rule, spec: WeekSpec, catalogue: Catalogue, rulebook: Rulebook) -> str:
    """What the rule asks of this athlete's week, with its parameters filled in."""
    t, p = spec.targets, rule.params
    texts = {
        "H-STRENGTH-COUNT": f"{plural(t.strength, 'strength session')} a week",
        "H-RUN-COUNT": f"{plural(t.runs, 'run')} a week, {t.long} of them long "
                       f"({long_run_words(spec, rulebook, catalogue)})" if t.long
                       else f"{plural(t.runs, 'run')} a week",
        "H-REST": f"at least {plural(int(p.get('min_days', 1)), 'day')} a week without "
                  "running or strength" + ("" if p.get("max_hike", 60) is None else
                                           f", hiking at most {int(p.get('max_hike', 60))} min"),
        "H-STRENGTH-SPACING": "strength sessions at least "
                              f"{plural(int(p.get('min_days_between', 2)), 'day')} apart "
                              "(never on consecutive days)",
        "H-GAP": f"strength and a run on one day at least {float(p.get('gap_h', 6)):g} h apart",
        "H-STRENGTH-BEFORE-HARD": f"no strength in the {float(p.get('hours', 24)):g} h "
                                  "before a hard run",
        "H-STRENGTH-HARD-DAY": "strength never on a day with a hard run",
        "H-HARD-SPACING": "no hard runs on consecutive days",
        "H-OVERLAP": f"at most {int(p.get('max_per_day', 2))} sessions a day, at most one "
                     "strength and one hard run",
        "S-STRENGTH-FIRST": "strength before any run on a shared day (hard in this rulebook)",
    }
    return texts.get(rule.id, rule.title)


# ---------------------------------------------------------------- changes

def fact_need(change: Change, catalogue: Catalogue) -> tuple[int, str]:
    """(minutes of added time, 'e.g. Thu 05:00-05:35 for strength') for a relaxed fact."""
    minutes = sum(end - start for _, start, end, _ in change.sessions)
    examples = [f"{short(day)} {span(start, end)} for {label(kind, catalogue)}"
                for day, start, end, kind in change.sessions]
    return minutes, "e.g. " + " and ".join(examples)


def change_text(change: Change, spec: WeekSpec, rulebook: Rulebook,
                catalogue: Catalogue) -> str:
    """One change of a repair, as an instruction to the coach."""
    rule_id, day = change.member
    if is_fact(change.member):
        minutes, example = fact_need(change, catalogue)
        return f"add a window of {minutes}+ min on {short(day)} ({example})"
    rule = rulebook[rule_id]
    if change.counts:
        words = {"strength": "strength sessions", "runs": "runs", "long": "long runs",
                 "rest days": "H-REST min_days", "max_per_day": "H-OVERLAP max_per_day"}
        parts, last_verb = [], ""
        for what, (target, value) in change.counts.items():
            verb = "lower" if value < target else "raise"
            shown = "" if verb == last_verb else f"{verb} "
            parts.append(f"{shown}{words.get(what, what)} from {target} to {value}")
            last_verb = verb
        return " and ".join(parts) + f" ({rule_id})"
    where = "; ".join(f"{short(d)}: {text}" if d else text for d, text in change.broken[:3])
    more = f" and {len(change.broken) - 3} more" if len(change.broken) > 3 else ""
    n = len(change.broken)
    cost = f", costing {n} x {rule.weight:g} = {n * rule.weight:g} points" if rule.weight else ""
    hint = {"H-GAP": " - the beginner preset does so (C2)",
            "S-STRENGTH-FIRST": " - or use the 001 preset (C1)"}.get(rule_id, "")
    return (f"turn {rule_id} soft{hint}: the plan then breaks it {plural(n, 'time')} "
            f"({where}{more}){cost}")


# ---------------------------------------------------------------- score analysis

def _windows_of(spec: WeekSpec, minutes: int) -> list[tuple[date, Window]]:
    return [(day, w) for day in spec.days for w in spec.windows(day) if w.minutes >= minutes]


def _holds(day: date, window: Window, sessions: list[Session], catalogue: Catalogue) -> str:
    inside = [s for s in sessions if s.date == day and window.start <= s.start < window.end]
    if not inside:
        return "is left empty"
    return "holds " + " and ".join(session_words(s, catalogue) for s in inside)


def _window_survey(spec: WeekSpec, minutes: int, sessions: list[Session],
                   catalogue: Catalogue) -> str:
    """'Saturday is the only window of 60+ min and holds the long run 07:00-09:00'."""
    found = _windows_of(spec, minutes)
    if not found:
        return f"no window is {minutes}+ min long"
    if len(found) == 1:
        day, window = found[0]
        return (f"{DAY_NAMES[day.weekday()]} {window} is the only window of {minutes}+ min and "
                f"{_holds(day, window, sessions, catalogue)}")
    listed = "; ".join(f"{short(day)} {window} {_holds(day, window, sessions, catalogue)}"
                       for day, window in found)
    return f"the windows of {minutes}+ min: {listed}"


def match_sentence(item: PenaltyItem, rule: Rule, spec: WeekSpec, sessions: list[Session],
                   catalogue: Catalogue) -> str:
    """One concrete sentence for one penalty of the solver's breakdown."""
    rid, day = rule.id, item.date
    on_day = [s for s in sessions if day is not None and s.date == day]
    if rid == "S-HIKE-VOLUME":
        target = spec.targets.hike_minutes
        hike_min = catalogue["hike"].minutes.min
        return (f"{target - item.violations} of {target} min scheduled; "
                f"{_window_survey(spec, hike_min, sessions, catalogue)}")
    if rid == "S-LOAD-SPREAD":
        peak_day = max(spec.days, key=lambda d: (sum(s.load for s in sessions if s.date == d),
                                                 -d.toordinal()))
        parts = [f"{label(s.type, catalogue)} {s.minutes} min x RPE {s.rpe}"
                 for s in sessions if s.date == peak_day]
        return (f"the highest daily load is {item.violations} on {DAY_NAMES[peak_day.weekday()]} "
                f"({' + '.join(parts) or 'nothing'}); each load unit costs {rule.weight:g}")
    if rid == "S-EVE-OF-KEY" and day is not None:
        return _eve_sentence(item, rule, spec, sessions, catalogue)
    if rid == "S-WEEKEND-LOAD":
        weekend_days = spec.days[5:]
        weekend = sum(s.load for s in sessions if s.date in weekend_days)
        total = sum(s.load for s in sessions)
        share = float(rule.params.get("max_share", 0.55))
        held = ", ".join(f"{short(s.date)} {label(s.type, catalogue)} {s.load}"
                         for s in sessions if s.date in weekend_days)
        return (f"Saturday and Sunday carry {weekend} of the week's load of {total} "
                f"({weekend / total:.0%}; {held}), {item.violations} load units above "
                f"{share:.0%}; each costs {rule.weight:g}")
    if rid == "S-MONOTONY":
        loads = [sum(s.load for s in sessions if s.date == d) for d in spec.days]
        return (f"the week's monotony is {monotony(loads):.2f} (mean / SD of the daily loads "
                f"{', '.join(map(str, loads))}): {item.detail}, costing {item.penalty:g}; "
                "uneven days (a long day, an easy day, a rest day) lower it")
    if rid == "S-HILL-SPRINT":
        need = min(spec.targets.minutes.get(k, catalogue[k].minutes.default)
                   for k in ("hill", "sprint"))
        return (f"no hill or sprint session this week; one needs {need}+ min on a day without "
                f"strength or another hard run: {_window_survey(spec, need, sessions, catalogue)}")
    if rid == "S-SPECIFICITY":
        key = spec.targets.key_quality or "hill"
        need = spec.targets.minutes.get(key, catalogue[key].minutes.default)
        why = ("the race climbs or runs on trails" if key == "hill"
               else "the race is flat road")
        return (f"no {label(key, catalogue)} session in this {spec.targets.phase} week, and "
                f"{why}; one needs {need}+ min on a day without strength or another hard run: "
                f"{_window_survey(spec, need, sessions, catalogue)}")
    if rid == "S-VARIETY":
        last = spec.previous_quality or ""
        held = [s for s in sessions if s.hard_run and s.type != "long"]
        days = ", ".join(short(s.date) for s in held)
        return (f"the week's quality sessions ({days}) are all {label(last, catalogue)}, as "
                f"the week before; another type (tempo, hill or sprint) in one of them "
                f"saves {rule.weight:g}")
    if rid in ("S-STRENGTH-TIMING", "S-STRENGTH-FIRST") and on_day:
        strength = next((s for s in on_day if s.type == "strength"), None)
        runs = [s for s in on_day if s.running]
        if strength and runs:
            run = runs[0]
            if rid == "S-STRENGTH-TIMING":
                bad = next((r for r in runs if r.hard_run or r.end > strength.start), run)
                order = "shares the day with" if bad.hard_run else "comes before"
                return (f"{short(day)}: strength {span(strength.start, strength.end)} {order} "
                        f"{session_words(bad, catalogue)}; 001 wants strength after an easy run "
                        "or on a day without running")
            bad = next((r for r in runs if r.start < strength.end), run)
            return (f"{short(day)}: {session_words(bad, catalogue)} comes before strength "
                    f"{span(strength.start, strength.end)}; 002 wants strength first")
    if rid == "S-HIKE-RECOVERY" and on_day:
        hikes = [s for s in on_day if s.type == "hike"]
        before = day - timedelta(days=1)
        previous = [s for s in sessions if s.date == before] if before >= spec.week_start \
            else [s for s in spec.history if s.date == before]
        held = " and ".join(session_words(s, catalogue) for s in previous) or "no session"
        hike = hikes[0] if hikes else None
        what = f"the {hike.minutes}-min hike" if hike else "the hike"
        return f"{short(day)}: {what} follows {short(before)}, which holds {held} (no hard run)"
    if rid == "S-PREFERENCE" and on_day:
        preferred = spec.athlete.preferences
        kind = next((s.type for s in on_day if s.type in preferred), None)
        if kind:
            s = next(s for s in on_day if s.type == kind)
            days = preferred[kind]
            return (f"{short(day)}: {session_words(s, catalogue)} is not on a preferred day "
                    f"({', '.join(d.title() for d in days)}); "
                    f"{_window_survey_on(spec, days, s.minutes, sessions, catalogue)}")
    if rid == "S-MUSCLE-COVERAGE":
        group = item.detail.split(" not stimulated")[0]
        types = [label(k, catalogue) for k in catalogue.schedulable
                 if group in catalogue.muscles_of(k)]
        return f"{group.replace('_', ' ')}: no {join_or(types)} session this week"
    where = f"{short(day)}: " if day else ""
    return f"{where}{item.detail}"


def _eve_sentence(item: PenaltyItem, rule: Rule, spec: WeekSpec, sessions: list[Session],
                  catalogue: Catalogue) -> str:
    """'Sat: the long run 07:00-09:00 follows Fri, which holds the hike 07:00-08:30'."""
    day = item.date
    eve = day - timedelta(days=1)
    known = [*spec.history, *sessions]
    key = next((s for s in sessions if s.date == day and s.hard_run), None)
    run = session_words(key, catalogue) if key else "the key run"
    if "weekend" in item.detail:
        weekend = [s for s in known if eve - timedelta(days=1) <= s.date <= eve]
        held = " and ".join(f"{short(s.date)} {session_words(s, catalogue)}" for s in weekend)
        return (f"{short(day)}: {run} comes right after a weekend with {held}; "
                "a quality run waits a day after a long run and a long hike")
    if "next Monday" in item.detail:  # the week is planned again after the next one
        wanted = "strength" if "strength" in item.detail else "hike"
        held = [session_words(s, catalogue) for s in sessions
                if s.date == day and s.type == wanted]
        return (f"{short(day)}: {' and '.join(held) or wanted} comes the day before the "
                f"key run that the next week's plan holds on Monday; the eve of a key run "
                f"stays easy ({item.detail})")
    wanted = "strength" if "strength" in item.detail else "hike"
    before = [s for s in known if s.date == eve and s.type == wanted]
    held = " and ".join(session_words(s, catalogue) for s in before) or f"a {wanted}"
    return (f"{short(day)}: {run} follows {short(eve)}, which holds {held}; "
            f"the eve of a key run stays easy ({item.detail})")


def _window_survey_on(spec: WeekSpec, days: list[str], minutes: int, sessions: list[Session],
                      catalogue: Catalogue) -> str:
    found = [(d, w) for d in spec.days if WEEKDAY_TITLES[d.weekday()].lower() in days
             for w in spec.windows(d) if w.minutes >= minutes]
    if not found:
        return f"no preferred day has a window of {minutes}+ min"
    return "; ".join(f"{short(d)} {w} {_holds(d, w, sessions, catalogue)}" for d, w in found)
