"""An exact optimiser for small athlete-weeks that does not use ortools (the test oracle).

It answers "what is the least penalty of any legal plan of this WeekSpec?" by enumeration,
so that tests can check that CP-SAT's proven optimum is the true one.

Why it is exact. The plans it considers are exactly those of the solver's model
(solver/week/model.py): each availability window holds at most one session - a schedulable type
with its planned length (``spec.targets.minutes`` or the catalogue default), for a run of a
week with a volume target any length of models/domain/lengths.py, or, for a type with
``choices`` (hike), any choice - starting on the 5-minute grid from the window start
rounded up to a multiple of 5 to the last start that still ends inside the window. Two
observations make the enumeration small without losing any plan's value:

1. Windows of one day never overlap or touch (athlete.py merges them), so whether two
   sessions overlap and which of them comes first follow from their windows. Every rule of
   docs/rules.md therefore has the same value for every choice of start times, except H-GAP and
   H-STRENGTH-BEFORE-HARD, whose pairs compare start and end times.
2. So the oracle first enumerates types and lengths per window, then, for each such
   assignment, searches every grid start of the sessions that belong to a "binding" pair (an
   H-GAP or H-STRENGTH-BEFORE-HARD pair whose outcome is not the same for all starts in the
   windows); all other sessions start at their window's first start. The search is a
   depth-first enumeration of each connected group of binding pairs, cut off only when its
   cost cannot improve; it minimises the pairs' penalty (a hard pair must hold).

Only plans that surely break a hard rule are discarded before evaluation: too many sessions,
strength sessions or hard runs on a day (H-OVERLAP), and - when the rule is hard - a wrong
count (H-STRENGTH-COUNT, H-RUN-COUNT), strength with a hard run on a day, hard runs on
consecutive days, strength on consecutive days (H-STRENGTH-SPACING), too few rest days (a
rest day: no run, no strength, hiking at most H-REST's max_hike), a run before strength on a
day (S-STRENGTH-FIRST), or a timing pair that no start times can satisfy. Branch and bound
skips a partial week when a lower bound on the penalty of all its completions already
reaches the best plan found: its S-PREFERENCE misses so far, plus - only while S-LOAD-SPREAD
is soft (it is off in the default rulebook) - that rule's weight times the highest daily
load so far; both only grow as days are added, and every other rule costs >= 0. S-MONOTONY
and S-WEEKEND-LOAD can fall as days are added, so they are never part of the bound; nor are
S-SPECIFICITY and S-VARIETY, whole-week rules that a later day can settle or break (nothing
is pruned for them either: they are soft). Each remaining plan, with its
best start times, is scored by the plain-Python auditor ``models.audit.audit_week``; the
least ``report.penalty_cp`` among plans with ``report.ok`` is the optimum (None: no legal
plan). The pruning, the bound and the pair search restate rules of docs/rules.md; the auditor
stays the judge of every plan returned, so a wrong restatement shows up as a disagreement
with CP-SAT, never as a silently accepted plan.

Limits: ``spec.fixed`` and ``spec.previous`` (re-planning; S-STABILITY compares start times)
are not supported; history sessions are read by the cross-day rules. About 1 s for five
windows, a few seconds for seven.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.clock import MINUTES_PER_DAY, STEP_MINUTES, WEEKDAYS
from models.domain.lengths import run_lengths
from models.domain.plan import Session
from models.domain.rules import Rulebook
from models.domain.week import WeekSpec

INFINITE = float("inf")


@dataclass(frozen=True)
class Slot:
    """One availability window of the week, with its first grid start."""

    day: int
    date: date
    order: int  # position within its day
    first: int
    end: int


@dataclass(frozen=True)
class Choice:
    """A session a slot may hold; ``last`` is its latest grid start in that slot."""

    type: str
    minutes: int
    rpe: int
    running: bool
    hard: bool
    last: int

    @property
    def hard_run(self) -> bool:
        return self.running and self.hard


@dataclass(frozen=True)
class Timed:
    """A session with its possible absolute starts (a history session has one)."""

    key: int             # index into the assignment, or -1 - i for history session i
    starts: tuple[int, ...]  # absolute minutes from the week's Monday 00:00
    minutes: int


@dataclass
class Optimum:
    penalty_cp: int
    sessions: list[Session]
    plans_audited: int


def slots_of(spec: WeekSpec) -> list[Slot]:
    if spec.fixed or spec.previous:
        raise NotImplementedError("the oracle handles neither fixed sessions nor re-planning")
    slots = []
    for day, when in enumerate(spec.days):
        for order, window in enumerate(spec.windows(when)):
            first = -(-window.start // STEP_MINUTES) * STEP_MINUTES
            slots.append(Slot(day, when, order, first, window.end))
    return slots


def lengths_of(name: str, spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue) -> tuple:
    """A type's lengths: a hike's choices, a run's lengths under the length rules
    (models/domain/lengths.py: every 5 minutes inside the limits when the week asks for a
    volume, else its planned length), anything else its planned length."""
    kind = catalogue[name]
    if kind.choices:
        return kind.choices
    if kind.running:
        return run_lengths(name, spec, rulebook, catalogue)[0]
    return (spec.targets.minutes.get(name, kind.minutes.default),)


def choices_of(slot: Slot, spec: WeekSpec, catalogue: Catalogue,
               rulebook: Rulebook) -> list[Choice | None]:
    options: list[Choice | None] = [None]
    for name in catalogue.schedulable:
        kind = catalogue[name]
        for minutes in lengths_of(name, spec, rulebook, catalogue):
            last = (slot.end - minutes) // STEP_MINUTES * STEP_MINUTES
            if last >= slot.first:
                options.append(Choice(name, minutes, kind.rpe, kind.running, kind.hard, last))
    return options


class _Search:
    def __init__(self, spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue, evaluate):
        self.spec, self.rulebook, self.catalogue = spec, rulebook, catalogue
        self.evaluate = evaluate
        self.slots = slots_of(spec)
        self.hard = {rid: rule.is_hard for rid, rule in rulebook.rules.items()}
        self.active = {rid: rule.is_active for rid, rule in rulebook.rules.items()}
        self.max_per_day = int(rulebook["H-OVERLAP"].params.get("max_per_day", 2))
        self.gap = int(round(float(rulebook["H-GAP"].params["gap_h"]) * 60))
        self.before = int(round(float(rulebook["H-STRENGTH-BEFORE-HARD"].params["hours"]) * 60))
        self.history = [s for s in spec.history if s.date < spec.week_start]
        load = rulebook.rules.get("S-LOAD-SPREAD")
        self.load_cp = load.weight_cp if load is not None and load.is_soft else 0
        self.best: Optimum | None = None
        self.audited = 0

    # ---------------------------------------------------------------- stage 1: types
    def day_combos(self, day: int) -> list[tuple[tuple[Slot, Choice], ...]]:
        """Every legal way to fill one day's slots, by rules local to the day."""
        slots = [s for s in self.slots if s.day == day]
        combos = []
        for picks in itertools.product(*(choices_of(s, self.spec, self.catalogue, self.rulebook) for s in slots)):
            held = tuple((s, c) for s, c in zip(slots, picks) if c is not None)
            if self._day_ok(held):
                combos.append(held)
        return combos

    def _day_ok(self, held) -> bool:
        strength = [(s, c) for s, c in held if c.type == "strength"]
        runs = [(s, c) for s, c in held if c.running]
        hard_runs = [c for _, c in runs if c.hard]
        if len(held) > self.max_per_day or len(strength) > 1 or len(hard_runs) > 1:
            return False
        if strength and hard_runs and self.hard["H-STRENGTH-HARD-DAY"]:
            return False
        for (s_slot, s), (r_slot, r) in itertools.product(strength, runs):
            if self.hard["S-STRENGTH-FIRST"] and r_slot.order < s_slot.order:
                return False
            if self.hard["H-GAP"]:
                early, late = sorted([(s_slot, s), (r_slot, r)], key=lambda p: p[0].order)
                if late[1].last - (early[0].first + early[1].minutes) < self.gap:
                    return False
        return True

    def _busy(self, held) -> bool:
        """Not a rest day by H-REST: a run, strength, or more than max_hike min of hiking."""
        if any(c.running or c.type == "strength" for _, c in held):
            return True
        limit = self.rulebook["H-REST"].params.get("max_hike", 60)
        return limit is not None and sum(c.minutes for _, c in held if c.type == "hike") > limit

    @staticmethod
    def _day_load(held) -> int:
        return sum(c.rpe * c.minutes for _, c in held)

    def _preference_cost(self, held) -> int:
        """S-PREFERENCE centipoints of one day's sessions (part of the bound, see the top)."""
        if not self.rulebook["S-PREFERENCE"].is_soft:
            return 0
        preferences = self.spec.athlete.preferences
        return self.rulebook["S-PREFERENCE"].weight_cp * sum(
            1 for slot, c in held
            if c.type in preferences and WEEKDAYS[slot.date.weekday()] not in preferences[c.type])

    def run(self) -> Optimum | None:
        """Depth-first over days; each day's combinations grouped by what they add to counts."""
        # per day: (strength, runs, long) -> [(held, has a hard run, busy, sure cost)]
        groups: list[dict[tuple[int, int, int], list]] = []
        for day in range(7):
            grouped: dict[tuple[int, int, int], list] = {}
            for held in sorted(self.day_combos(day), key=self._day_load):
                counts = (sum(c.type == "strength" for _, c in held),
                          sum(c.running for _, c in held), sum(c.type == "long" for _, c in held))
                grouped.setdefault(counts, []).append((
                    held, any(c.hard_run for _, c in held), self._busy(held),
                    any(c.type == "strength" for _, c in held), self._preference_cost(held)))
            groups.append(grouped)
        # the most each count can still grow from a day on
        room = [[max((k[n] for k in groups[d]), default=0) for n in range(3)] for d in range(7)]
        room_after = [[sum(room[d][n] for d in range(day, 7)) for n in range(3)]
                      for day in range(8)]
        targets = self.spec.targets
        wanted = (targets.strength, targets.runs, targets.long)
        exact = (self.hard["H-STRENGTH-COUNT"], self.hard["H-RUN-COUNT"], self.hard["H-RUN-COUNT"])
        spacing, rest = self.hard["H-HARD-SPACING"], self.hard["H-REST"]
        most_busy = 7 - int(self.rulebook["H-REST"].params["min_days"])
        history_hard = {(s.date - self.spec.week_start).days for s in self.history if s.hard_run}
        history_strength = {(s.date - self.spec.week_start).days for s in self.history
                            if s.type == "strength"}
        # H-STRENGTH-SPACING hard with its default min_days_between=2: no strength on
        # consecutive days (other values are left to the auditor)
        strength_apart = (self.hard.get("H-STRENGTH-SPACING", False) and int(
            self.rulebook["H-STRENGTH-SPACING"].params.get("min_days_between", 2)) == 2)

        def reachable(counts, day) -> bool:
            return all(not exact[n] or counts[n] <= wanted[n] <= counts[n] + room_after[day][n]
                       for n in range(3))

        def descend(day, chosen, counts, prev_hard, prev_strength, busy, peak, cost) -> None:
            if self.best is not None and cost + self.load_cp * peak >= self.best.penalty_cp:
                return  # no completion can beat the best plan found (see _preference_cost)
            if day == 7:
                self.finish([pair for held in chosen for pair in held])
                return
            for added, members in groups[day].items():
                new = tuple(c + a for c, a in zip(counts, added))
                if not reachable(new, day + 1):
                    continue
                for held, hard, is_busy, strength, extra in members:
                    if (hard and prev_hard and spacing) or (rest and busy + is_busy > most_busy):
                        continue
                    if strength and prev_strength and strength_apart:
                        continue
                    descend(day + 1, chosen + [held], new, hard, strength, busy + is_busy,
                            max(peak, self._day_load(held)), cost + extra)

        if reachable((0, 0, 0), 0):
            descend(0, [], (0, 0, 0), -1 in history_hard, -1 in history_strength, 0, 0, 0)
        if self.best is not None:
            self.best.plans_audited = self.audited
        return self.best

    # ---------------------------------------------------------------- stage 2: starts
    def finish(self, assignment: list[tuple[Slot, Choice]]) -> None:
        starts = self.best_starts(assignment)
        if starts is None:
            return
        sessions = [
            Session(date=slot.date, type=c.type, start=starts.get(i, slot.first),
                    minutes=c.minutes, rpe=c.rpe, running=c.running, hard=c.hard)
            for i, (slot, c) in enumerate(assignment)
        ]
        report = self.evaluate(self.spec, sessions, self.rulebook, self.catalogue)
        self.audited += 1
        if report.ok and (self.best is None or report.penalty_cp < self.best.penalty_cp):
            self.best = Optimum(report.penalty_cp, sessions, 0)

    def pairs(self, assignment) -> list[tuple[str, Timed, Timed, int, int]]:
        """Every active H-GAP and H-STRENGTH-BEFORE-HARD pair (rule, strength, run, lo, hi).

        With d = run start - strength start (absolute minutes), the pair is violated exactly
        when lo <= d < hi: H-GAP's max(r.start - s.end, s.start - r.end) < gap_h*60 is
        -gap - r.minutes < d < gap + s.minutes; H-STRENGTH-BEFORE-HARD's
        0 <= h.start - s.end < hours*60 is s.minutes <= d < s.minutes + hours*60.
        """
        timed: list[tuple[Timed, date, Session | Choice]] = []
        for i, (slot, c) in enumerate(assignment):
            base = slot.day * MINUTES_PER_DAY
            grid = tuple(range(base + slot.first, base + c.last + 1, STEP_MINUTES))
            timed.append((Timed(i, grid, c.minutes), slot.date, c))
        for j, s in enumerate(self.history):
            at = (s.date - self.spec.week_start).days * MINUTES_PER_DAY + s.start
            timed.append((Timed(-1 - j, (at,), s.minutes), s.date, s))
        found = []
        for (s, s_date, s_c), (r, r_date, r_c) in itertools.product(timed, timed):
            if s_c.type != "strength" or not r_c.running or r.key < 0:
                continue
            if self.active["H-GAP"] and s_date == r_date:
                found.append(("H-GAP", s, r, -self.gap - r.minutes + 1, self.gap + s.minutes))
            if self.active["H-STRENGTH-BEFORE-HARD"] and r_c.hard:
                found.append(("H-STRENGTH-BEFORE-HARD", s, r, s.minutes, s.minutes + self.before))
        return found

    def best_starts(self, assignment) -> dict[int, int] | None:
        """Slot-local starts of the sessions in binding pairs, at least cost (None: illegal)."""
        binding = []
        for pair in self.pairs(assignment):
            rule_id, s, r, lo, hi = pair
            low, high = r.starts[0] - s.starts[-1], r.starts[-1] - s.starts[0]
            broken = {lo <= d < hi for d in range(low, high + 1, STEP_MINUTES)}
            if broken == {True} and self.hard[rule_id]:
                return None  # no start times can satisfy this hard pair
            if len(broken) > 1:
                binding.append(pair)
        chosen: dict[int, int] = {}
        for group in _components(binding):
            starts = self._search_group(group)
            if starts is None:
                return None
            chosen.update(starts)
        return {key: absolute - assignment[key][0].day * MINUTES_PER_DAY
                for key, absolute in chosen.items() if key >= 0}

    def _search_group(self, group) -> dict[int, int] | None:
        """Least-cost absolute starts of one connected group of binding pairs.

        Depth-first over every grid start of each member; a branch is cut only when its
        cost already reaches the best found, and the search stops at cost 0.
        """
        members: dict[int, Timed] = {}
        for _, s, r, _, _ in group:
            members.setdefault(s.key, s)
            members.setdefault(r.key, r)
        order = sorted(members, key=lambda k: members[k].starts[0])
        position = {k: n for n, k in enumerate(order)}
        due: dict[int, list] = {k: [] for k in order}  # pairs checked when both are placed
        for pair in group:
            due[order[max(position[pair[1].key], position[pair[2].key])]].append(pair)
        weight = {rid: (INFINITE if self.hard[rid] else self.rulebook[rid].weight_cp)
                  for rid in ("H-GAP", "H-STRENGTH-BEFORE-HARD")}
        best_cost, best_starts = INFINITE, None
        placed: dict[int, int] = {}

        def place(n: int, cost: float) -> None:
            nonlocal best_cost, best_starts
            if n == len(order):
                best_cost, best_starts = cost, dict(placed)
                return
            key = order[n]
            grid = members[key].starts
            for start in (grid[0], *grid[-1:0:-1]) if len(grid) > 1 else grid:
                placed[key] = start
                extra = sum(weight[rid] for rid, s, r, lo, hi in due[key]
                            if lo <= placed[r.key] - placed[s.key] < hi)
                if cost + extra < best_cost:
                    place(n + 1, cost + extra)
                if best_cost == 0:
                    break
            del placed[key]

        place(0, 0)
        return best_starts if best_cost < INFINITE else None


def _components(pairs) -> list[list]:
    """The binding pairs grouped so that groups share no session."""
    groups: list[tuple[set, list]] = []
    for pair in pairs:
        keys = {pair[1].key, pair[2].key}
        touching = [g for g in groups if g[0] & keys]
        merged_keys, merged_pairs = set(keys), [pair]
        for g in touching:
            merged_keys |= g[0]
            merged_pairs += g[1]
            groups.remove(g)
        groups.append((merged_keys, merged_pairs))
    return [g[1] for g in groups]


def optimise(spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue | None = None,
             evaluate=None) -> Optimum | None:
    """The least penalty (centipoints) of a legal plan and one such plan, or None.

    ``evaluate(spec, sessions, rulebook, catalogue)`` scores a plan; by default the auditor.
    """
    if evaluate is None:
        from models.audit.week import audit_week as evaluate
    return _Search(spec, rulebook, catalogue or default_catalogue(), evaluate).run()
