"""How long a session of each type may be in one week: the limits and the solver's choices.

Three rules limit a run's minutes, each with its own range:

* H-LENGTH: the type's range in the catalogue (sessions.yaml), for every session;
* H-LONG-CAP: the long run inside its level's range (beginner 40-90, intermediate 75-150,
  advanced 90-180 by default), the cap raised by ``race_extra`` minutes for a race of
  ``race_km`` km or more;
* H-SESSION-SPIKE: no run (the race excepted) longer than (1 + ``spike``) x the longest run
  of the 30 days before it, judged against the week's one reference
  (``WeekTargets.longest_run``, kept by the block's chain: models/block/longest_run.py).

The auditor (models/audit/checks.py) checks each against a plan; the week model
(solver/week/model.py) takes the lengths that every *hard* one allows as the domain of a
run's length and prices a soft one per session outside it; the test oracle enumerates the
same lengths. So all three agree on what a legal length is by construction, and each rule
is still checked on its own against foreign plans.

Lengths are decisions only when the week asks for a volume (S-VOLUME active and
``WeekTargets.run_minutes`` set): then each run's minutes are chosen in 5-minute steps inside
the limits. Where H-SESSION-SPIKE's cap falls between two steps, less than a step above
the longest run so far, the cap is a length too: a run after a 40-minute longest may last
44 minutes, where the grid alone would keep it at 40 for good. Otherwise
(round 1's rules, a week without a volume target) every run has its planned length
(``WeekTargets.minutes``), as before.

Two more rules narrow a run to one length in a week whose lengths are decisions
(``fixed_length``): the athlete's own length for the type, and a taper or beginner week's
short quality run. The model takes only that length and the auditor checks it. The planned
length of a week without a volume target is the solver's simplification, not a rule: the
auditor accepts any length inside the limits there.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from models.domain.athlete import Athlete
from models.domain.catalogue import Catalogue, MinuteRange
from models.domain.clock import STEP_MINUTES
from models.domain.load_limits import exact
from models.domain.rules import Rule, Rulebook
from models.domain.week import WeekSpec

LONG_CAP_DEFAULTS = {"beginner": (40, 90), "intermediate": (75, 150), "advanced": (90, 180)}
NOT_A_TRAINING_RUN = "race"  # never limited by H-SESSION-SPIKE, never counted as volume


@dataclass(frozen=True)
class LengthLimit:
    """One rule's range of minutes for one session type (None: no bound on that side)."""

    rule_id: str
    low: int | None
    high: int | None

    def allows(self, minutes: int) -> bool:
        return ((self.low is None or minutes >= self.low)
                and (self.high is None or minutes <= self.high))

    def describe(self) -> str:
        if self.low is None:
            return f"at most {self.high} min"
        if self.high is None:
            return f"at least {self.low} min"
        return f"{self.low}-{self.high} min"


def _active(rulebook: Rulebook, rule_id: str) -> Rule | None:
    rule = rulebook.rules.get(rule_id)
    return rule if rule is not None and rule.is_active else None


def _binds(rulebook: Rulebook, rule_id: str) -> bool:
    """A limit the solver never crosses: its rule is hard, or (the catalogue's own range,
    H-LENGTH) absent from an older rulebook."""
    rule = rulebook.rules.get(rule_id)
    return rule.is_hard if rule is not None else rule_id == "H-LENGTH"


def catalogue_limit(name: str, catalogue: Catalogue) -> LengthLimit:
    minutes = catalogue[name].minutes
    return LengthLimit("H-LENGTH", minutes.min, minutes.max)


def long_cap_limit(spec: WeekSpec, rule: Rule) -> LengthLimit:
    """H-LONG-CAP's range for the athlete's level (rulebook params override the defaults)."""
    return athlete_long_cap(spec.athlete, rule)


def long_range(athlete: Athlete, rulebook: Rulebook, catalogue: Catalogue) -> MinuteRange:
    """The long run's range for planning a block: H-LONG-CAP's for the athlete's level
    inside the catalogue's, or the catalogue's when the rule is off."""
    kind = catalogue["long"].minutes
    rule = _active(rulebook, "H-LONG-CAP")
    if rule is None:
        return kind
    cap = athlete_long_cap(athlete, rule)
    low, high = max(kind.min, cap.low), min(kind.max, cap.high)
    return MinuteRange(min=low, max=max(low, high), default=min(max(kind.default, low), high))


def athlete_long_cap(athlete: Athlete, rule: Rule) -> LengthLimit:
    level = athlete.level.value
    low, high = rule.params.get(level, LONG_CAP_DEFAULTS[level])
    race = athlete.race
    if race is not None and race.distance_km is not None \
            and race.distance_km >= float(rule.params.get("race_km", 30)):
        high += int(rule.params.get("race_extra", 30))
    return LengthLimit("H-LONG-CAP", int(low), int(high))


def spike_cap(longest: int, rule: Rule) -> int:
    """The most minutes a run may last after a 30-day longest of ``longest`` minutes:
    (1 + spike) x longest, rounded down to the minute. Where the cap is less than a 5-minute
    step above the longest run, it is a length of its own (``cap_is_a_length``), so a
    40-minute longest run grows to 44, 48, 52 and then 55, where the grid alone would hold
    it at 40."""
    factor = 1 + exact(rule.params.get("spike", 0.10))
    return int(Fraction(longest) * factor)


def spike_limit(spec: WeekSpec, rule: Rule) -> LengthLimit | None:
    longest = spec.targets.longest_run
    if longest is None:
        return None
    return LengthLimit("H-SESSION-SPIKE", None, spike_cap(longest, rule))


def limits_of(name: str, spec: WeekSpec, rulebook: Rulebook,
              catalogue: Catalogue) -> list[LengthLimit]:
    """Every active length rule's range for a session of type ``name`` in this week."""
    limits = [catalogue_limit(name, catalogue)]
    if name == "long" and (rule := _active(rulebook, "H-LONG-CAP")) is not None:
        limits.append(long_cap_limit(spec, rule))
    kind = catalogue[name]
    if kind.running and name != NOT_A_TRAINING_RUN \
            and (rule := _active(rulebook, "H-SESSION-SPIKE")) is not None:
        limit = spike_limit(spec, rule)
        if limit is not None:
            limits.append(limit)
    return limits


def lengths_are_decisions(spec: WeekSpec, rulebook: Rulebook) -> bool:
    """Run lengths are chosen by the solver only when the week asks for a volume."""
    return spec.targets.run_minutes is not None and _active(rulebook, "S-VOLUME") is not None


def run_lengths(name: str, spec: WeekSpec, rulebook: Rulebook,
                catalogue: Catalogue) -> tuple[tuple[int, ...], list[LengthLimit]]:
    """The lengths the solver may give a run of type ``name`` this week, and the soft limits
    it must price (hard limits are already applied to the lengths).

    Without a volume to reach, the run has its planned length. With one, every multiple of
    5 inside the hard limits, and their upper end where it is less than a step above the
    longest run (``cap_is_a_length``), or the one length ``fixed_length`` asks.
    """
    kind = catalogue[name]
    soft = [l for l in limits_of(name, spec, rulebook, catalogue)
            if not _binds(rulebook, l.rule_id)]
    low, high = hard_range(name, spec, rulebook, catalogue)
    if not lengths_are_decisions(spec, rulebook):
        planned = spec.targets.minutes.get(name, kind.minutes.default)
        if low > high:
            return (), soft
        # the planned length, moved inside the hard limits (a multiple of 5 when moved,
        # or a cap less than a step above the longest run: cap_is_a_length)
        if planned < low:
            planned = -(-low // STEP_MINUTES) * STEP_MINUTES
        elif planned > high:
            planned = high if cap_is_a_length(high, spec.targets.longest_run) \
                else high // STEP_MINUTES * STEP_MINUTES
        return ((planned,) if low <= planned <= high else ()), soft
    fixed = fixed_length(name, spec, rulebook, catalogue, (low, high))
    if fixed is not None:
        low = high = fixed.low
    first = -(-max(low, 0) // STEP_MINUTES) * STEP_MINUTES
    lengths = tuple(range(first, high + 1, STEP_MINUTES)) if low >= 0 else ()
    if low <= high and low >= 0 and cap_is_a_length(high, spec.targets.longest_run):
        lengths += (high,)  # H-SESSION-SPIKE's 44 after a 40-minute longest run
    return lengths, soft


def hard_range(name: str, spec: WeekSpec, rulebook: Rulebook,
               catalogue: Catalogue) -> tuple[int, int]:
    """The lowest and highest minutes every hard length rule allows a session of the type."""
    kind = catalogue[name]
    hard = [l for l in limits_of(name, spec, rulebook, catalogue) if _binds(rulebook, l.rule_id)]
    return (max((l.low for l in hard if l.low is not None), default=kind.minutes.min),
            min((l.high for l in hard if l.high is not None), default=kind.minutes.max))


def fixed_length(name: str, spec: WeekSpec, rulebook: Rulebook, catalogue: Catalogue,
                 hard: tuple[int, int] | None = None) -> LengthLimit | None:
    """The one length a run of the type must take in a week whose lengths are decisions,
    with the rule that asks it, or None.

    * the athlete's own length for the type (``targets.minutes`` in the athlete file), while
      the hard limits allow it (H-LENGTH: the athlete's override of the type's range; a
      spike cap below it wins, and then any length the limits allow will do);
    * else, in taper weeks and a beginner's first quality weeks (``short_quality``), a
      quality run at the shortest the hard limits allow (P-TAPER's short quality session,
      P-BEGINNER's quality run at the short end of its range).

    Each only while its rule is hard. The week model takes it as the run's only length and
    the auditor checks it (H-LENGTH, P-TAPER, P-BEGINNER), so a plan that the model could
    not make never passes the audit at a lower penalty than the model's optimum."""
    if not lengths_are_decisions(spec, rulebook):
        return None
    kind = catalogue[name]
    if not kind.running or name == NOT_A_TRAINING_RUN:
        return None
    low, high = hard if hard is not None else hard_range(name, spec, rulebook, catalogue)
    own = spec.athlete.targets.minutes.get(name)
    if own is not None and low <= own <= high and _binds(rulebook, "H-LENGTH"):
        return LengthLimit("H-LENGTH", own, own)
    rule_id = "P-TAPER" if spec.targets.phase == "taper" else "P-BEGINNER"
    if spec.targets.short_quality and kind.hard and name != "long" and low <= high \
            and _binds(rulebook, rule_id):
        return LengthLimit(rule_id, low, low)
    return None


def cap_is_a_length(cap: int, longest: int | None) -> bool:
    """The cap lies between two 5-minute steps, less than one step above the longest run
    (44 after 40, 48 after 44): there a step of the grid is more than 10 %, and the grid
    alone would hold the run back or let it grow by less (45 after 44). From 50 minutes up
    a step fits within the cap (55 after 52, whose cap is 57), and plans keep round
    lengths."""
    return (longest is not None and cap % STEP_MINUTES != 0
            and longest < cap < longest + STEP_MINUTES)
