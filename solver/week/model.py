"""WeekModel: the CP-SAT model of one athlete-week, built from a WeekSpec.

Variables: for each availability window and each session type, an optional session
(presence literal, start on the 5-minute grid inside the window); a run's length is a
variable in 5-minute steps inside its limits when the week asks for a volume
(models/domain/lengths.py), a hike has one candidate per length it may take. Fixed
sessions (the previous week's last days, or the done part of a re-planned week) enter as
constant candidates. Rules are added by the functions of ``constraints.py``; each rule
instance goes through a Guard so that it can be hard, hard-with-an-assumption (explain) or
soft (a violation literal with a penalty), without the rule functions knowing which.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from ortools.sat.python import cp_model, cp_model_helper

from models.domain.catalogue import Catalogue
from models.domain.clock import MINUTES_PER_DAY, STEP_MINUTES
from models.domain.lengths import LengthLimit, run_lengths
from models.domain.plan import Session
from models.domain.rules import Kind, Rule, Rulebook
from models.domain.week import HISTORY_DAYS, WeekSpec


_BOOLEAN = cp_model.Domain(0, 1)


class Model(cp_model.CpModel):
    """A CpModel built faster: the same model, less Python per call.

    CpModel() attaches the pre-PEP8 method names to every new instance, about 0.5 ms - a
    tenth of building a whole week model, once per athlete-week in a batch. weekplan uses
    only the snake_case API, so it skips that step (harmless if OR-Tools renames it). The
    variable makers and ``minimize`` below do what CpModel's do with fewer calls into
    OR-Tools: a week model makes a few hundred variables and one objective per solve.
    """

    def _add_pre_pep8_methods(self) -> None:
        pass

    def new_bool_var(self, name: str) -> cp_model.IntVar:
        """CpModel.new_bool_var; an unnamed one (name "") skips naming, and every one shares
        a single 0..1 domain instead of building one each (a week makes hundreds)."""
        var = cp_model.IntVar(self.model_proto)
        if name:
            var.with_name(name)
        return var.with_domain(_BOOLEAN)

    def new_int_var(self, lb: int, ub: int, name: str) -> cp_model.IntVar:
        """CpModel.new_int_var; an unnamed one (name "") skips naming."""
        var = cp_model.IntVar(self.model_proto)
        if name:
            var.with_name(name)
        return var.with_domain(cp_model.Domain(lb, ub))

    def new_int_var_from_domain(self, domain: cp_model.Domain, name: str) -> cp_model.IntVar:
        """CpModel.new_int_var_from_domain; an unnamed one (name "") skips naming."""
        var = cp_model.IntVar(self.model_proto)
        if name:
            var.with_name(name)
        return var.with_domain(domain)

    def minimize(self, obj) -> None:
        """CpModel.minimize, with the objective written to the proto in bulk.

        CpModel appends the objective's variables to the proto one by one from Python, about
        a millisecond for the few hundred terms of a week; the flattened expression (the
        same variables, coefficients and offset, in the same order) is copied at once here.
        """
        if not isinstance(obj, cp_model.LinearExpr) or not obj.is_integer():
            super().minimize(obj)
            return
        flat = cp_model_helper.FlatIntExpr(obj)
        self.clear_objective()
        objective = self.proto.objective
        objective.vars.extend([var.index for var in flat.vars])
        objective.scaling_factor = 1.0
        objective.offset = flat.offset
        objective.coeffs.extend(flat.coeffs)
EXPLAIN_DAY = (5 * 60, 22 * 60)
# soft rules under which a longer hike may cost less than a shorter one (see _useful_choices)
LENGTH_MATTERS = ("S-MONOTONY", "S-WEEKEND-LOAD")  # explain mode: the part of a day a coach could still open


class _once:  # noqa: N801 - used as a decorator, like functools.cached_property
    """A property computed on first use and then stored on the instance.

    functools.cached_property does the same but, on Python 3.11, takes a lock on each first
    use: a tenth of a week model's build time once every candidate has four of them.
    """

    def __init__(self, compute):
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass
class Candidate:
    """A session that may happen: a presence literal and a start (variables or constants).

    What the rules ask of it again and again is worked out once: the plain facts
    (``is_fixed``, ``in_week``, ``hard_run``, ``abs_min``, ...) when it is made, its
    expressions (``start``, ``volume``, ``load``, ...) the first time one is asked for - a
    week's rules read them thousands of times, and a candidate never changes once made.
    """

    index: int
    day: int               # 0..6 inside the week; negative for history
    date: date
    type: str
    minutes: int           # its length; the shortest it may take when ``length`` is a variable
    rpe: int
    running: bool
    hard: bool
    first_start: int       # earliest start, minutes after local midnight
    last_start: int        # latest start
    window: int            # index of the window within its day (-1 for a fixed session)
    present: cp_model.IntVar | int = 1
    offset: cp_model.IntVar | int = 0   # start = first_start + 5 * offset
    fixed: Session | None = None
    details: str = ""
    longest: int = 0       # the longest it may take (= minutes unless the length varies)
    length: cp_model.IntVar | None = None  # minutes when present, 0 when absent; None: fixed

    def __post_init__(self) -> None:
        self.longest = max(self.longest, self.minutes)
        self.variable_length: bool = self.length is not None
        self.is_fixed: bool = self.fixed is not None
        self.in_week: bool = 0 <= self.day <= 6
        self.hard_run: bool = self.running and self.hard
        self.heaviest: int = self.rpe * self.longest
        self.abs_min: int = self.day * MINUTES_PER_DAY + self.first_start
        self.abs_max: int = self.day * MINUTES_PER_DAY + self.last_start
        # its minutes, valid when it is present (for constraints enforced on presence)
        self.duration: cp_model.LinearExprT = \
            self.length if self.length is not None else self.minutes
        # volume = scale * unit: its length, or its minutes times its presence
        self.unit: cp_model.IntVar | int = self.present if self.length is None else self.length
        self.scale: int = self.minutes if self.length is None else 1

    @_once
    def volume(self) -> cp_model.LinearExprT:
        """Minutes it adds to a sum: its length when present, 0 when absent."""
        return self.length if self.length is not None else self.minutes * self.present

    @_once
    def load(self) -> cp_model.LinearExprT:
        """RPE x minutes when present, 0 when absent (Foster's session load)."""
        return self.rpe * self.volume

    @_once
    def start(self) -> cp_model.LinearExprT:
        return self.first_start + STEP_MINUTES * self.offset

    @_once
    def abs_start(self) -> cp_model.LinearExprT:
        return self.day * MINUTES_PER_DAY + self.start


@dataclass
class PenaltyTerm:
    """``weight_cp * var`` in the objective, remembered with its rule and day."""

    rule_id: str
    weight_cp: int
    var: cp_model.LinearExprT
    day: date | None
    detail: str


@dataclass
class Guard:
    """Enforcement literals under which one rule instance's constraints must hold."""

    rule_id: str
    literals: list = field(default_factory=list)
    violation: cp_model.IntVar | None = None  # soft: 1 = the instance is violated


class WeekModel:
    """Builds, for one WeekSpec and Rulebook, the CP-SAT model and the bookkeeping to read it.

    ``explain=True`` gives every hard rule instance an assumption literal (see
    ``solver/explain/explain.py``) instead of adding it unconditionally, and drops the objective;
    each open day also gets an availability fact (an assumption, rule id H-AVAIL) that
    closes the rest of the day (EXPLAIN_DAY) outside its windows.

    Variable names are for a person reading the model, never for the solver: the variables
    made per candidate and per rule instance (hundreds a week) are named only when ``names``
    is true, which explain mode implies; otherwise they are unnamed, which makes building a
    week markedly faster. The few per-week variables (shortfalls, peaks) always keep a name.
    """

    def __init__(self, spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue,
                 explain: bool = False, model: cp_model.CpModel | None = None,
                 prefix: str = "", names: bool = False):
        """``model`` and ``prefix``: build into a shared CpModel (several athletes' weeks in
        one model, solver/squad/joint_week.py), naming this athlete's variables ``prefix...``."""
        self.spec = spec
        self.rulebook = rulebook
        self.catalogue = catalogue
        self.explain = explain
        self.names = names or explain
        self.model = model if model is not None else Model()
        self.prefix = prefix
        self.candidates: list[Candidate] = []
        self.by_day: dict[int, list[Candidate]] = {}
        self.week: list[Candidate] = []  # the candidates inside the week, in order
        self._dates = {d: spec.week_start + timedelta(days=d) for d in range(-HISTORY_DAYS, 8)}
        self._domains: dict[tuple[int, ...], cp_model.Domain] = {}  # length domains, shared
        self.memo: dict[str, object] = {}  # what several rules compute alike (reset by a new candidate)
        self.penalties: list[PenaltyTerm] = []
        self.assumptions: dict[int, tuple[str, date | None, str]] = {}
        self._guards: dict[tuple, Guard] = {}
        self._windows: dict[tuple[int, int], list[Candidate]] = {}
        # explain mode: day -> (availability fact literal, candidates outside the windows)
        self.free_time: dict[int, tuple[cp_model.IntVar, list[Candidate]]] = {}
        self._variable: set[str] = set()  # run types whose length is a decision this week
        self._build_candidates()
        self._day_flags: dict[tuple[str, int], cp_model.IntVar | int] = {}

    # ---------------------------------------------------------------- candidates
    def _build_candidates(self) -> None:
        spec = self.spec
        for session in spec.history:
            day = (session.date - spec.week_start).days
            if -HISTORY_DAYS <= day < 0:
                self._add_fixed(day, session)
        fixed_days = {s.date for s in spec.fixed}
        for session in spec.fixed:
            self._add_fixed((session.date - spec.week_start).days, session)
        self.soft_limits: dict[str, list[LengthLimit]] = {}
        lengths = {name: self._lengths(name) for name in self.catalogue.schedulable}
        self._type_lengths = lengths
        self._types = [(name, self.catalogue[name]) for name in self.catalogue.schedulable
                       if self._may_schedule(name)]
        for day, when in enumerate(spec.days):
            if when in fixed_days:
                continue
            windows = spec.windows(when)
            for w, window in enumerate(windows):
                self._add_window(day, when, w, window.start, window.end, lengths)
            if self.explain and (spec.open_from is None or when >= spec.open_from):
                self._add_free_time(day, when, windows, lengths)

    def _add_window(self, day, when, w, start, end, lengths) -> list[Candidate]:
        """The candidates that fit in the window [start, end): one per type and length, or
        for a run whose length is a decision one per type with its fitting lengths."""
        added = []
        first = -(-start // STEP_MINUTES) * STEP_MINUTES
        for name, kind in self._types:
            if name in self._variable:
                fitting = lengths[name][:bisect_right(lengths[name], end - first)]
                if not fitting:
                    continue
                last = (end - fitting[0]) // STEP_MINUTES * STEP_MINUTES
                added.append(self._add_variable(day, when, w, name, kind, fitting[0], first,
                                                last, lengths=fitting, end=end))
                continue
            for minutes in lengths[name]:
                last = (end - minutes) // STEP_MINUTES * STEP_MINUTES
                if last < first:
                    continue
                added.append(self._add_variable(day, when, w, name, kind, minutes, first, last))
        return added

    def _add_free_time(self, day, when, windows, lengths) -> None:
        """Explain mode: the day's time outside its windows, as an availability fact.

        The gaps between the windows (within EXPLAIN_DAY) become extra windows whose sessions
        are forbidden while the fact "only these windows on this day" is assumed. Dropping the
        fact is the coach's "add a window on this day"; the gaps never overlap the windows.
        """
        # a step's margin next to each window: an added window that touched one would be
        # merged with it on input, and a merged window holds only one session
        gaps, cursor = [], EXPLAIN_DAY[0]
        for window in sorted(windows, key=lambda w: w.start):
            if window.start - STEP_MINUTES > cursor:
                gaps.append((cursor, min(window.start - STEP_MINUTES, EXPLAIN_DAY[1])))
            cursor = max(cursor, window.end + STEP_MINUTES)
        if cursor < EXPLAIN_DAY[1]:
            gaps.append((cursor, EXPLAIN_DAY[1]))
        added = []
        for g, (start, end) in enumerate(gap for gap in gaps if gap[1] > gap[0]):
            added += self._add_window(day, when, len(windows) + g, start, end, lengths)
        if not added:
            return
        fact = self.model.new_bool_var(f"avail_d{day}")
        for candidate in added:
            self.model.add_implication(fact, candidate.present.Not())
        detail = ", ".join(map(str, windows)) if windows else "no window"
        self.assumptions[fact.index] = ("H-AVAIL", when, detail)
        self.free_time[day] = (fact, added)

    def _lengths(self, name: str) -> tuple[int, ...]:
        """The lengths a session of the type may take; a run with more than one (a volume to
        reach) becomes one candidate with a length variable (``self._variable``)."""
        kind = self.catalogue[name]
        if kind.choices:
            return self._useful_choices(name, kind.choices)
        if not kind.running:
            return (self.spec.targets.minutes.get(name, kind.minutes.default),)
        lengths, soft = run_lengths(name, self.spec, self.rulebook, self.catalogue)
        if soft:
            self.soft_limits[name] = soft
        if len(lengths) > 1 or soft:
            self._variable.add(name)
        return lengths

    def _useful_choices(self, name: str, choices: tuple[int, ...]) -> tuple[int, ...]:
        """The lengths worth a variable: up to the shortest one that reaches the hiking still
        due. A longer hike can only add load (S-LOAD-SPREAD, P-OVERLOAD) or spoil a rest day
        (H-REST) or an eve (S-EVE-OF-KEY) - every other rule sees a hike the same whatever
        its length and a shorter one fits wherever a longer one does - so dropping those
        lengths keeps the optimum (tests/solver/week/test_oracle.py checks it against an
        enumeration of every length) and shrinks the model. Not so under S-MONOTONY or
        S-WEEKEND-LOAD: there a longer weekday hike can lower the penalty, so every length
        stays. Lengths of the old plan stay (S-STABILITY)."""
        if any(self.rulebook.applies(r) for r in LENGTH_MATTERS):
            return choices
        volume = self.rulebook.rules.get("S-HIKE-VOLUME")
        due = self.spec.targets.hike_minutes if volume is not None and volume.is_soft else 0
        enough = min((c for c in choices if c >= due), default=max(choices))
        keep = {c for c in choices if c <= enough}
        keep |= {s.minutes for s in self.spec.previous if s.type == name and s.minutes in choices}
        return tuple(sorted(keep))

    def _may_schedule(self, name: str) -> bool:
        """Skip types a hard count rule already forbids (the model is smaller, same optimum)."""
        targets = self.spec.targets
        kind = self.catalogue[name]
        if self.explain:
            return True
        if name == "strength" and self._hard("H-STRENGTH-COUNT") and targets.strength == 0:
            return False
        if kind.running and self._hard("H-RUN-COUNT"):
            if targets.runs == 0:
                return False
            if name == "long" and targets.long == 0:
                return False
            if name != "long" and targets.runs == targets.long:
                return False
        return True

    def _hard(self, rule_id: str) -> bool:
        return self.rulebook[rule_id].is_hard

    def _add_variable(self, day, when, w, name, kind, minutes, first, last,
                      lengths: tuple[int, ...] = (), end: int = 0) -> Candidate:
        """A candidate; with ``lengths`` its length is a variable over them that ends
        inside the window (``end``) and is 0 when the session is absent."""
        model = self.model
        tag = f"{self.prefix}d{day}w{w}_{name}{minutes}" if self.names else ""
        present = model.new_bool_var(tag and f"x_{tag}")
        offset = model.new_int_var(0, (last - first) // STEP_MINUTES, tag and f"k_{tag}")
        length = None
        if lengths:
            domain = self._domains.get(lengths)
            if domain is None:
                domain = self._domains[lengths] = cp_model.Domain.from_values([0, *lengths])
            length = model.new_int_var_from_domain(domain, tag and f"m_{tag}")
            model.add(length >= lengths[0] * present)
            model.add(length <= lengths[-1] * present)
            if last + lengths[-1] > end:
                model.add(STEP_MINUTES * offset + length <= end - first)
        candidate = Candidate(
            index=len(self.candidates), day=day, date=when, type=name, minutes=minutes,
            rpe=kind.rpe, running=kind.running, hard=kind.hard, first_start=first,
            last_start=last, window=w, present=present, offset=offset,
            longest=lengths[-1] if lengths else minutes, length=length,
        )
        self._register(candidate)
        self._windows.setdefault((day, w), []).append(candidate)
        return candidate

    def _register(self, candidate: Candidate) -> None:
        """Index a new candidate: by day, and in the week's list when it lies inside it."""
        self.memo.clear()
        self.candidates.append(candidate)
        self.by_day.setdefault(candidate.day, []).append(candidate)
        if candidate.in_week:
            self.week.append(candidate)

    def add_timed_candidate(self, when: date, name: str, start: int,
                            minutes: int) -> Candidate | None:
        """One more candidate at a set time (a group session), or None when none can be.

        It joins the availability window that holds it (so "one session per window" and
        every rule treat it like the window's other candidates); None when no window holds
        it, the day is fixed, or a hard count rule rules the type out. A run starts with the
        group and may turn back early: it takes a length the week allows for its type (the
        length rules: level range, spike cap, ...) up to the group's ``minutes`` - a
        90-minute long run in a two-hour group run - and is a decision among them when the
        week's lengths are; None when no allowed length fits. Other types take the group's
        length. Call before the rules are added.
        """
        day = (when - self.spec.week_start).days
        if not 0 <= day <= 6 or when in {s.date for s in self.spec.fixed}:
            return None
        if not self._may_schedule(name):
            return None
        kind = self.catalogue[name]
        fitting: tuple[int, ...] = ()
        if kind.running:
            fitting = tuple(m for m in self._type_lengths[name] if m <= minutes)
            if not fitting:
                return None  # no length the week allows fits in the group's time
        for w, window in enumerate(self.spec.windows(when)):
            if window.start <= start and start + minutes <= window.end:
                if name in self._variable:
                    return self._add_variable(day, when, w, name, kind, fitting[0], start,
                                              start, lengths=fitting, end=start + minutes)
                length = fitting[-1] if fitting else minutes
                return self._add_variable(day, when, w, name, kind, length, start, start)
        return None

    def _add_fixed(self, day: int, session: Session) -> None:
        self._register(Candidate(
            index=len(self.candidates), day=day, date=session.date, type=session.type,
            minutes=session.minutes, rpe=session.rpe, running=session.running,
            hard=session.hard, first_start=session.start, last_start=session.start,
            window=-1, fixed=session, details=session.details,
        ))

    # ---------------------------------------------------------------- structure
    def add_structure(self) -> None:
        """At most one session per window.

        This alone keeps sessions apart: windows of a day never overlap (they are merged on
        input) and fixed sessions only stand on days without open windows, so no interval
        or no-overlap constraint is needed (they cost build and solve time for nothing).
        """
        for group in self._windows.values():
            if len(group) > 1:
                self.model.add_at_most_one(c.present for c in group)

    # ---------------------------------------------------------------- selections
    def week_sessions(self, predicate=None) -> list[Candidate]:
        """The week's candidates (a new list), those matching ``predicate`` if given."""
        if predicate is None:
            return list(self.week)
        return [c for c in self.week if predicate(c)]

    def on_day(self, day: int, predicate=None) -> list[Candidate]:
        """The day's candidates (a new list), those matching ``predicate`` if given."""
        members = self.by_day.get(day, ())
        if predicate is None:
            return list(members)
        return [c for c in members if predicate(c)]

    def day_flag(self, name: str, day: int, predicate) -> cp_model.IntVar | int:
        """A literal equal to 'some session matching predicate happens on day' (or 0/1)."""
        key = (name, day)
        flag = self._day_flags.get(key)
        if flag is None:
            flag = self._day_flags[key] = self._any_present(self.on_day(day, predicate),
                                                            f"{name}_d{day}")
        return flag

    def _any_present(self, members: list, name: str) -> cp_model.IntVar | int:
        """1 when a member is fixed, 0 without members, else a literal = 'some member is
        present' (the shared end of day_flag and busy_flag)."""
        if any(c.is_fixed for c in members):
            return 1
        if not members:
            return 0
        flag = self.model.new_bool_var(name)
        self.model.add_max_equality(flag, [c.present for c in members])
        return flag

    def busy_flag(self, day: int, max_hike: int | None) -> cp_model.IntVar | int:
        """A literal equal to 'day is no rest day' (H-REST): it holds a run or strength, or
        its hikes add up to more than ``max_hike`` minutes (None: any hiking is rest)."""
        key = (f"busy{max_hike}", day)
        if key in self._day_flags:
            return self._day_flags[key]
        members, hikes = [], []
        for c in self.by_day.get(day, ()):
            if c.running or c.type == "strength":
                members.append(c)
            if c.type == "hike":
                hikes.append(c)
        if max_hike is not None:
            members += [c for c in hikes if c.minutes > max_hike]
            short = [c for c in hikes if c.minutes <= max_hike]
            fixed = sum(c.minutes for c in short if c.is_fixed)
            open_short = [c for c in short if not c.is_fixed]
            if fixed > max_hike:
                members.append(_FixedMember())
            elif fixed + sum(c.minutes for c in open_short) > max_hike:
                too_long = self.model.new_bool_var(f"{self.prefix}hiking_d{day}")
                hiked = fixed + sum(c.minutes * c.present for c in open_short)
                self.model.add(hiked <= max_hike).only_enforce_if(too_long.Not())
                self.model.add(hiked >= max_hike + 1).only_enforce_if(too_long)
                members.append(_Literal(too_long))
        flag = self._any_present(members, f"{self.prefix}busy_d{day}")
        self._day_flags[key] = flag
        return flag

    def day_load(self, day: int) -> tuple[cp_model.LinearExprT | int, int]:
        """The day's load (RPE x minutes of its sessions) and the most it can reach.

        The bound takes the heaviest candidate of each window (one session per window)
        plus the fixed sessions, so it is exact enough for the quadratic load rules.
        """
        return total_load(self.by_day.get(day, ())), self.day_load_bound(day)

    def day_load_bound(self, day: int) -> int:
        """The most load the day can reach (see day_load)."""
        members = self.by_day.get(day, ())
        most = sum(c.rpe * c.minutes for c in members if c.is_fixed)
        heaviest: dict[int, int] = {}
        for c in members:
            if not c.is_fixed:
                heaviest[c.window] = max(heaviest.get(c.window, 0), c.heaviest)
        return most + sum(heaviest.values())

    def date_of(self, day: int) -> date:
        when = self._dates.get(day)
        return when if when is not None else self.spec.week_start + timedelta(days=day)

    # ---------------------------------------------------------------- rule guards
    def guard(self, rule: Rule, key: tuple, day: date | None, detail: str) -> Guard:
        """The enforcement of one rule instance; the same key returns the same guard.

        A hard rule outside explain mode holds unconditionally: its guard has no literal and
        is not remembered (a week has hundreds of such instances)."""
        if not self.explain and rule.kind is not Kind.soft:
            return Guard(rule.id)
        full_key = (rule.id, *key)
        guard = self._guards.get(full_key)
        if guard is not None:
            return guard
        guard = Guard(rule.id)
        if rule.is_soft:
            violation = self.model.new_bool_var(f"v_{rule.id}_{key}" if self.names else "")
            guard.violation = violation
            guard.literals = [violation.Not()]
            self.penalize(rule, violation, day, detail)
        else:
            literal = self.model.new_bool_var(f"a_{rule.id}_{key}" if self.names else "")
            guard.literals = [literal]
            self.assumptions[literal.index] = (rule.id, day, detail)
        self._guards[full_key] = guard
        return guard

    def _guard_literals(self, rule: Rule, key: tuple, day: date | None, detail: str):
        """guard(...).literals, without making a Guard for a rule that holds unconditionally."""
        if not self.explain and rule.kind is not Kind.soft:
            return ()
        return self.guard(rule, key, day, detail).literals

    def forbid(self, rule: Rule, key: tuple, day: date | None, detail: str, literals) -> None:
        """The literals may not all be true (unless the instance is violated, if soft).

        An instance made only of facts (fixed sessions) cannot be decided: a soft rule still
        counts its penalty, a hard one is left to the auditor to report.
        """
        negated = []
        for literal in literals:
            if isinstance(literal, int):
                if literal == 0:
                    return
            else:
                negated.append(literal.Not())
        if not negated:
            if rule.is_soft:
                self.penalize(rule, 1, day, detail)
            return
        for literal in self._guard_literals(rule, key, day, detail):
            negated.append(literal.Not())
        self.model.add_bool_or(negated)

    def forbid_each(self, rule: Rule, first, pairs) -> None:
        """forbid(rule, key, day, detail, [first, second]) for each (key, day, detail, second)
        of ``pairs``. A hard rule outside explain mode gets the pairs of two variables as one
        constraint, "first implies none of the seconds": the same clauses, fewer calls."""
        if self.explain or rule.kind is Kind.soft or isinstance(first, int):
            for key, day, detail, second in pairs:
                self.forbid(rule, key, day, detail, [first, second])
            return
        absent = []
        for key, day, detail, second in pairs:
            if isinstance(second, int):
                self.forbid(rule, key, day, detail, [first, second])
            else:
                absent.append(second.Not())
        if absent:
            self.model.add_bool_and(absent).only_enforce_if(first)

    def forbid_with(self, rule: Rule, key: tuple, day: date | None, detail: str, first,
                    others: list) -> None:
        """forbid(rule, key, day, detail, [first, other]) for each other of ``others`` (first
        and they all variables) as one constraint: while first holds (and the instance is not
        violated) none of them does - the same clauses, one call."""
        enforcement = [first, *self._guard_literals(rule, key, day, detail)]
        self.model.add_bool_and([other.Not() for other in others]).only_enforce_if(enforcement)

    def clause(self, literals) -> None:
        """At least one literal true; constants 0/1 are folded away."""
        if any(isinstance(l, int) and l == 1 for l in literals):
            return
        self.model.add_bool_or([l for l in literals if not isinstance(l, int)])

    def require_linear(self, rule: Rule, key: tuple, day: date | None, detail: str,
                       constraint, condition=()) -> None:
        """A linear constraint that holds when all ``condition`` literals hold."""
        enforcement = _enforcement(condition)
        if enforcement is None:
            return
        enforcement += self._guard_literals(rule, key, day, detail)
        ct = self.model.add(constraint)
        if enforcement:
            ct.only_enforce_if(enforcement)

    def require_some(self, rule: Rule, key: tuple, day: date | None, detail: str,
                     condition, options: list[tuple[cp_model.LinearExprT, int, int]]) -> None:
        """When ``condition`` holds, at least one option ``expr >= bound`` holds.

        Each option is ``(expr, bound, upper)`` where ``upper`` is the largest value expr can
        take; options that can never hold are dropped, and with none left the condition
        itself is forbidden. (A caller may leave out an option it knows cannot hold, and so
        spare building its expression: the same constraint.)
        """
        enforcement = _enforcement(condition)
        if enforcement is None:
            return
        possible = [(expr, bound) for expr, bound, upper in options if upper >= bound]
        if not possible:
            self.forbid(rule, key, day, detail, condition)
            return
        enforcement += self._guard_literals(rule, key, day, detail)
        if len(possible) == 1:
            expr, bound = possible[0]
            ct = self.model.add(expr >= bound)
            if enforcement:
                ct.only_enforce_if(enforcement)
            return
        chosen = []
        for n, (expr, bound) in enumerate(possible):
            literal = self.model.new_bool_var(f"o_{rule.id}_{key}_{n}" if self.names else "")
            self.model.add(expr >= bound).only_enforce_if(literal)
            chosen.append(literal)
        ct = self.model.add_bool_or(chosen)
        if enforcement:
            ct.only_enforce_if(enforcement)

    def assume(self, rule: Rule, key: tuple, detail: str):
        """An assumption literal for a whole-week hard rule in explain mode, else None."""
        if not (self.explain and rule.is_hard):
            return None
        return self.guard(rule, key, None, detail).literals[0]

    def penalize(self, rule: Rule, var, day: date | None, detail: str, weight_cp=None) -> None:
        """``weight x var`` in the objective (a constant var is a fact's fixed cost)."""
        weight = rule.weight_cp if weight_cp is None else weight_cp
        if weight and (var if isinstance(var, int) else True):
            self.penalties.append(PenaltyTerm(rule.id, weight, var, day, detail))

    # ---------------------------------------------------------------- objective
    def tie_break_scale(self) -> int:
        return 1 + sum(c.last_start - c.first_start for c in self.candidates) // STEP_MINUTES

    def most_sessions(self) -> int:
        """The most open sessions a plan can hold: one per window."""
        return len(self._windows)

    def set_objective(self) -> int:
        """Minimise penalties first, then the number of sessions, then start times as early
        in their windows as possible.

        Fewer sessions: among plans of equal penalty, none adds a session that no rule asks
        for (an extra hike can be free now that no rule charges load for its own sake), so
        the plan is not arbitrary and re-planning an unchanged week reproduces it. Both tie
        breaks together stay below one centipoint of penalty after scaling (a window holds
        at most one session), so the penalty optimum is unchanged. Returns the scale.
        """
        early = self.tie_break_scale()
        scale = early * (1 + self.most_sessions())
        terms = [term.var for term in self.penalties]
        weights = [scale * term.weight_cp for term in self.penalties]
        for c in self.candidates:
            if not c.is_fixed:
                terms += (c.present, c.offset)
                weights += (early, 1)
        self.model.minimize(weighted_total(terms, weights))
        return scale


@dataclass
class _Literal:
    """A literal standing in a day's member list next to candidates (busy_flag)."""

    present: cp_model.IntVar
    is_fixed: bool = False


@dataclass
class _FixedMember:
    """A fact that makes a day busy by itself (fixed hiking over the limit)."""

    present: int = 1
    is_fixed: bool = True


def weighted_total(values, weights) -> cp_model.LinearExprT | int:
    """sum(w * v) in one expression (Python's sum builds one per term), or a number when
    every value is one."""
    constant, variables, coefficients = 0, [], []
    for value, weight in zip(values, weights):
        if isinstance(value, int):
            constant += weight * value
        elif weight:
            variables.append(value)
            coefficients.append(weight)
    if not variables:
        return constant
    if constant:
        variables.append(1)
        coefficients.append(constant)
    return cp_model.LinearExpr.weighted_sum(variables, coefficients)


def total(values) -> cp_model.LinearExprT | int:
    """sum(values) in one expression, or a number when every value is one."""
    constant, variables = 0, []
    for value in values:
        if isinstance(value, int):
            constant += value
        else:
            variables.append(value)
    if not variables:
        return constant
    if constant:
        variables.append(constant)
    return cp_model.LinearExpr.sum(variables)


def total_volume(members) -> cp_model.LinearExprT | int:
    """The members' minutes: sum of their ``volume``."""
    return weighted_total([c.unit for c in members], [c.scale for c in members])


def total_load(members) -> cp_model.LinearExprT | int:
    """The members' load: sum of their ``load``."""
    return weighted_total([c.unit for c in members], [c.rpe * c.scale for c in members])


def _enforcement(condition) -> list | None:
    """The literals of ``condition`` that are variables; None when one is the constant 0
    (the condition never holds)."""
    literals = []
    for literal in condition:
        if isinstance(literal, int):
            if literal == 0:
                return None
        else:
            literals.append(literal)
    return literals

