"""A greedy template scheduler: the honest comparison point for CP-SAT.

It plans a week the way a coach with a template would, one session at a time, never undoing
a placement:

1. the long run(s) on the preferred day (``athlete.preferences['long']``, else Sat/Sun), in
   the longest window, else on the day with the longest window;
2. quality runs on alternate days from the hard days already placed: first a hill or sprint
   session, then a tempo run (two quality runs when there are three or more runs besides
   the long run, else one); a quality run that fits nowhere becomes an easy run;
3. strength on free non-running days;
4. easy runs (or jogs) in the remaining windows, fresh days first, then two-a-days;
5. strength still due after an easy run on that run's day (with the H-GAP distance);
6. hikes while hiking minutes are due and a hike lowers the penalty, first on the day after
   a hard run.

If the finished week is not legal, the template is tried again with one quality run fewer
(a coach's first fix for a crowded week), down to none; the first legal week is kept.

Each placement tries the candidate days in that template order and keeps the first day
where some window, type, length and start is legal: it adds no hard finding of the auditor
(models/audit/week.py, the same judge as for CP-SAT's plans; the count rules are left to the
end) and, on a first pass, no finding of a rule a coach's template keeps where it can - a run
and strength on one day in the wrong order (S-STRENGTH-TIMING, S-STRENGTH-FIRST), or a hard
rule a rulebook made soft. On that day the first legal option in the template's order is
taken (window order, type order, planned length - for hikes the length covering the minutes
still due - and start): a template applies rules of thumb, it does not score alternatives.
``cheapest=True`` instead takes the option with the least penalty on that day (a greedy
optimiser, stronger than a template; the benchmark prints both). Starts are tried at both
ends of a window, which is where timing rules are easiest to meet.

The plans it can produce are plans of the solver's model too - at most one session per
window, the planned length (hikes: one of the catalogue's choices), starts on the 5-minute
grid, nothing new on a day with fixed sessions - so CP-SAT's optimum can never be worse;
what the benchmark measures is by how much, and how often the template finds no legal week
where one exists. ``spec.previous`` (re-planning) is ignored: the baseline plans afresh.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from models.audit.week import AuditReport, audit_week
from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.clock import STEP_MINUTES, WEEKDAYS
from models.domain.details import annotate
from models.domain.lengths import run_lengths
from models.domain.plan import PenaltyItem, Result, Session, Status, WeekPlan
from models.domain.rules import CENTI, Rulebook
from models.domain.week import WeekSpec

COUNT_RULES = frozenset({"H-STRENGTH-COUNT", "H-RUN-COUNT"})  # judged on the whole week only
# soft rules a coach's template keeps when it can: a run and strength on one day in the
# wrong order (S-STRENGTH-TIMING, S-STRENGTH-FIRST); H- rules a rulebook made soft join them
ORDER_RULES = frozenset({"S-STRENGTH-TIMING", "S-STRENGTH-FIRST"})
QUALITY_TYPES = (("hill", "sprint"), ("tempo",))  # the template's quality runs, in order
EASY_TYPES = ("easy", "jog")


@dataclass(frozen=True)
class Slot:
    """One window of an open day: sessions start on the grid from ``first``, end by ``end``."""

    day: int
    date: date
    window: int
    first: int
    end: int

    @property
    def minutes(self) -> int:
        return self.end - self.first


@dataclass(frozen=True)
class Score:
    """What the auditor says of a (partial) week, in the terms the greedy choices use."""

    hard: int          # violations of hard rules, count rules excepted
    avoidable: int     # violations of ORDER_RULES and of H- rules made soft (counts excepted)
    penalty_cp: int
    rules: frozenset   # ids of the rules behind ``hard``

    @classmethod
    def of(cls, report: AuditReport) -> "Score":
        hard = [f for f in report.hard_findings if f.rule_id not in COUNT_RULES]
        avoidable = [f for f in report.soft_findings if f.rule_id not in COUNT_RULES
                     and (f.rule_id.startswith("H-") or f.rule_id in ORDER_RULES)]
        return cls(sum(f.violations for f in hard), sum(f.violations for f in avoidable),
                   report.penalty_cp, frozenset(f.rule_id for f in hard))


def quality_runs(spec: WeekSpec) -> int:
    """The template's quality runs besides the long run: two from three other runs, else one."""
    others = max(0, spec.targets.runs - spec.targets.long)
    return 0 if others == 0 else (1 if others <= 2 else 2)


class _Greedy:
    def __init__(self, spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue,
                 quality: int, cheapest: bool = False):
        self.spec, self.rulebook, self.catalogue = spec, rulebook, catalogue
        self.quality = quality
        self.cheapest = cheapest
        self.targets = spec.targets
        fixed_days = {s.date for s in spec.fixed}
        self.slots = [
            Slot(day, when, w, -(-window.start // STEP_MINUTES) * STEP_MINUTES, window.end)
            for day, when in enumerate(spec.days) if when not in fixed_days
            for w, window in enumerate(spec.windows(when))
        ]
        self.evaluated = 0
        self.planned: dict[str, int] = {}   # type -> its length in this week
        self.placed: list[Session] = []
        self.used: set[tuple[int, int]] = set()
        self.score = self._audit(self.placed)
        self.failures: list[str] = []
        avoidable = any(r.is_soft and rid not in COUNT_RULES
                        and (rid.startswith("H-") or rid in ORDER_RULES)
                        for rid, r in rulebook.rules.items())
        self.passes = (True, False) if avoidable else (False,)

    # ---------------------------------------------------------------- the week so far
    def _audit(self, sessions: list[Session]) -> Score:
        self.evaluated += 1
        return Score.of(audit_week(self.spec, sessions, self.rulebook, self.catalogue))

    def week(self) -> list[Session]:
        """Fixed sessions and those placed so far."""
        return [*self.spec.fixed, *self.placed]

    def on(self, day: int, predicate=lambda s: True) -> list[Session]:
        when = self.spec.week_start + timedelta(days=day)
        return [s for s in (*self.spec.history, *self.week()) if s.date == when and predicate(s)]

    def count(self, predicate) -> int:
        return sum(1 for s in self.week() if predicate(s))

    def hard_days(self) -> list[int]:
        """Week days (and history days, negative) that hold a hard run."""
        return sorted({(s.date - self.spec.week_start).days
                       for s in (*self.spec.history, *self.week()) if s.hard_run})

    def preferred(self, name: str, day: int) -> bool:
        days = self.spec.athlete.preferences.get(name)
        return days is None or WEEKDAYS[self.spec.days[day].weekday()] in days

    def open_days(self) -> list[int]:
        return sorted({slot.day for slot in self.slots})

    # ---------------------------------------------------------------- one placement
    def lengths(self, name: str) -> tuple[int, ...]:
        """The planned length; for a hike, the one that covers the minutes still due first
        (then shorter ones, longest first), as a coach filling in a template would."""
        kind = self.catalogue[name]
        if not kind.choices:
            return (self.planned_length(name),)
        due = self.targets.hike_minutes - sum(s.minutes for s in self.week() if s.type == name)
        return tuple(sorted(kind.choices, key=lambda m: (m < due, m if m >= due else -m)))

    def planned_length(self, name: str) -> int:
        """The planned length, moved as the week model moves it inside the hard length rules
        (a long run cut to H-SESSION-SPIKE's cap): the template fails no week over a length
        the model would never plan. Worked out once per type."""
        if name not in self.planned:
            kind = self.catalogue[name]
            planned = self.targets.minutes.get(name, kind.minutes.default)
            allowed = (run_lengths(name, self.spec, self.rulebook, self.catalogue)[0]
                       if kind.running else ())
            if allowed and planned not in allowed:
                planned = min(allowed, key=lambda m: (abs(m - planned), m))
            self.planned[name] = planned
        return self.planned[name]

    def options(self, day: int, names, starts: str, window_order=None):
        """Sessions of the given types that fit a free window of ``day``, in template order."""
        slots = [s for s in self.slots if s.day == day and (s.day, s.window) not in self.used]
        if window_order is not None:
            slots.sort(key=window_order)
        for slot in slots:
            for name in names:
                if name not in self.catalogue:
                    continue
                kind = self.catalogue[name]
                for minutes in self.lengths(name):
                    last = (slot.end - minutes) // STEP_MINUTES * STEP_MINUTES
                    if last < slot.first:
                        continue
                    grid = [slot.first] if starts == "first" else (
                        [last, slot.first] if starts == "late" else [slot.first, last])
                    for start in dict.fromkeys(grid):
                        yield slot, Session(date=slot.date, type=name, start=start,
                                            minutes=minutes, rpe=kind.rpe,
                                            running=kind.running, hard=kind.hard)

    def place(self, what: str, days: list[int], names, starts: str = "early",
              window_order=None, must_improve: bool = False) -> bool:
        """Put one session on the first day of ``days`` where it is legal; False if none is.

        A first pass also refuses new findings of the avoidable soft rules (same-day order,
        H- rules made soft); on the chosen day the option with the least penalty wins (the
        template's order breaks ties).
        """
        blocking: set[str] = set()
        fitted = False
        for strict in self.passes:
            for day in days:
                best = None
                for order, (slot, session) in enumerate(
                        self.options(day, names, starts, window_order)):
                    fitted = True
                    score = self._audit([*self.placed, session])
                    if score.hard > self.score.hard:
                        blocking |= score.rules - self.score.rules or score.rules
                        continue
                    if strict and score.avoidable > self.score.avoidable:
                        continue
                    if must_improve and score.penalty_cp >= self.score.penalty_cp:
                        continue
                    key = (score.penalty_cp, order) if self.cheapest else (order,)
                    if best is None or key < best[0]:
                        best = (key, slot, session, score)
                if best is not None:
                    _, slot, session, score = best
                    self.placed.append(session)
                    self.used.add((slot.day, slot.window))
                    self.score = score
                    return True
        if not must_improve:
            self.failures.append(self._why(what, fitted, blocking))
        return False

    def _why(self, what: str, fitted: bool, blocking: set[str]) -> str:
        if not fitted:
            return f"{what}: no day left with a free window that fits it"
        return f"{what}: every free window breaks {', '.join(sorted(blocking))}"

    # ---------------------------------------------------------------- the template
    def run(self) -> None:
        t = self.targets
        runs_due = t.runs - self.count(lambda s: s.running)
        longs_due = t.long - self.count(lambda s: s.type == "long")
        for n in range(max(0, min(longs_due, runs_due))):
            if self.place_long(n):
                runs_due -= 1
        quality_done = self.count(lambda s: s.hard_run and s.type != "long")
        for names in QUALITY_TYPES[quality_done:self.quality]:
            if runs_due <= 0:
                break
            if self.place_quality(names):
                runs_due -= 1
        strength_due = t.strength - self.count(lambda s: s.type == "strength")
        label = lambda: (f"strength session {t.strength - strength_due + 1} of {t.strength} "  # noqa: E731
                         "(H-STRENGTH-COUNT)")
        on_free_days = 0
        for _ in range(max(0, strength_due)):
            if not self.place(f"{label()} on a non-running day",
                              self.strength_days(free_only=True), ("strength",)):
                on_free_days = 1  # kept only if the try after an easy run fails too
                break
            strength_due -= 1
        for _ in range(max(0, runs_due)):
            if not self.place(f"run {t.runs - runs_due + 1} of {t.runs} (H-RUN-COUNT)",
                              self.easy_days(), EASY_TYPES):
                break
            runs_due -= 1
        for _ in range(max(0, strength_due)):
            if not self.place(f"{label()} after an easy run",
                              self.strength_days(free_only=False), ("strength",)):
                break
            strength_due -= 1
        if on_free_days and strength_due == 0:
            self.failures = [f for f in self.failures if "on a non-running day" not in f]
        self.place_hikes()

    def place_long(self, n: int) -> bool:
        """The preferred day first (Sat/Sun by default), then by longest window."""
        wanted = self.spec.athlete.preferences.get("long", ["sat", "sun"])
        longest = {d: max((s.minutes for s in self.slots if s.day == d), default=0)
                   for d in self.open_days()}

        def key(day: int):
            name = WEEKDAYS[self.spec.days[day].weekday()]
            rank = wanted.index(name) if name in wanted else len(wanted)
            return (rank, -longest[day], day)

        return self.place(f"long run {n + 1} of {self.targets.long} (H-RUN-COUNT)",
                          sorted(self.open_days(), key=key), ("long",), starts="late",
                          window_order=lambda s: -s.minutes)

    def place_quality(self, names) -> bool:
        """Alternate days: same parity as every hard day so far, nearest first."""
        hard = self.hard_days()

        def key(day: int):
            if not hard:
                return (day % 2 == 0, 0, day)  # Tue, Thu, Sat, then Mon, Wed, ...
            parity = any((day - h) % 2 for h in hard)
            return (parity, min(abs(day - h) for h in hard), day)

        days = [d for d in sorted(self.open_days(), key=key)
                if not self.on(d, lambda s: s.hard_run)]
        if self.place(f"{'/'.join(names)} run", days, names, starts="late"):
            return True
        self.failures.pop()  # not fatal: the run becomes an easy one
        return False

    def strength_days(self, free_only: bool) -> list[int]:
        """Days with no run (preferred, then empty ones first); else after an easy run."""
        days = []
        for day in self.open_days():
            if self.on(day, lambda s: s.type == "strength"):
                continue
            runs = self.on(day, lambda s: s.running)
            if free_only and runs:
                continue
            if not free_only and (not runs or any(r.hard_run for r in runs)):
                continue
            days.append(day)
        return sorted(days, key=lambda d: (not self.preferred("strength", d),
                                           len(self.on(d)), d))

    def easy_days(self) -> list[int]:
        """Fresh days first, then strength days, then two-a-days beside a hard or easy run."""
        def key(day: int):
            runs = self.on(day, lambda s: s.running)
            strength = self.on(day, lambda s: s.type == "strength")
            group = 0 if not runs and not strength else (1 if not runs else (
                2 if any(r.hard_run for r in runs) else 3))
            return (group, not self.preferred("easy", day), len(self.on(day)), day)

        return sorted(self.open_days(), key=key)

    def place_hikes(self) -> None:
        """Hikes while minutes are due and one makes the week better; after hard days first."""
        while self.targets.hike_minutes > sum(s.minutes for s in self.week() if s.type == "hike"):
            hard = set(self.hard_days())
            days = sorted(self.open_days(), key=lambda d: (
                d - 1 not in hard, not self.preferred("hike", d), len(self.on(d)), d))
            if not self.place("hike", days, ("hike",), starts="first", must_improve=True):
                return


def plan_greedy(spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue | None = None,
                cheapest: bool = False) -> Result:
    """The template week for ``spec``: 'feasible' if the auditor finds no hard violation.

    'infeasible' carries a message naming the placement that failed and the rules that
    blocked it (or the hard findings of the finished week).
    """
    catalogue = catalogue or default_catalogue()
    started = time.perf_counter()
    first_failure, audited = None, 0
    for quality in range(quality_runs(spec), -1, -1):
        greedy = _Greedy(spec, rulebook, catalogue, quality, cheapest)
        greedy.run()
        report = audit_week(spec, greedy.placed, rulebook, catalogue)
        audited += greedy.evaluated + 1
        if report.ok:
            break
        if first_failure is None:
            broken = sorted({f.rule_id for f in report.hard_findings})
            first_failure = greedy.failures or [f"the week breaks {', '.join(broken)}"]
    elapsed = time.perf_counter() - started
    result = Result(athlete_id=spec.athlete.id, week_start=spec.week_start,
                    status=Status.infeasible, wall_time=elapsed, solve_time=elapsed)
    if not report.ok:
        result.message = ("greedy baseline found no legal week: " + "; ".join(first_failure)
                          + " (also with fewer quality runs)")
        return result
    targets = spec.targets
    sessions = annotate([*spec.fixed, *greedy.placed], targets.bodyweight_only,
                        targets.maintenance, spec.athlete.bodyweight_kg)
    result.status = Status.feasible
    result.objective = report.penalty_cp / CENTI
    result.plan = WeekPlan(athlete_id=spec.athlete.id, week_start=spec.week_start,
                           sessions=sorted(sessions, key=lambda s: (s.date, s.start)))
    result.breakdown = [
        PenaltyItem(rule_id=f.rule_id, date=f.date, violations=f.violations,
                    penalty=f.penalty, detail=f.message)
        for f in report.soft_findings
    ]
    result.message = (f"greedy template week with {quality} quality run(s) "
                      f"({audited} partial weeks audited)")
    return result
