"""`weekplan explain`: minimal conflicts of infeasible weeks, fixes that work, score analyses.

A conflict is judged by solving: keeping all of its members is infeasible, dropping any one
is feasible (solver/explain/conflict.py semantics), and the ordinary solver agrees that the member
rules alone already make the week impossible. Every fix said to be enough on its own is
applied to the athlete or rulebook and the week is solved again.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cli import main
from models.domain.athlete import Athlete, Window, merge_windows
from models.domain.catalogue import default_catalogue
from models.domain.clock import WEEKDAYS, format_hhmm
from models.domain.bundled import EXAMPLES_DIR
from models.domain.rules import ALWAYS_HARD, Kind, Rulebook, load_rulebook
from models.domain.week import single_week
from solver.explain.conflict import ConflictSearch
from solver.explain.explain import explain_week
from solver.week.solve import SolveParams, build, solve_week

MONDAY = date(2027, 1, 4)
ALL_DAYS = {MONDAY.replace(day=4 + i) for i in range(7)}
WIDE = {"COLUMNS": "200"}


def athlete(availability: dict, **targets) -> Athlete:
    return Athlete(id="t", start=MONDAY, availability=availability, targets=targets)


_EXPLAINED: dict = {}


def explain(profile: Athlete, preset: str = "default"):
    """The explanation of the athlete's first week (cached: several tests read the same)."""
    key = (profile.model_dump_json(), preset)
    if key not in _EXPLAINED:
        rulebook = load_rulebook(preset)
        catalogue = default_catalogue()
        _EXPLAINED[key] = explain_week(single_week(profile, rulebook, catalogue), rulebook,
                                       catalogue, time_limit=5)
    return _EXPLAINED[key]


def apply_edit(profile: Athlete, rulebook: Rulebook, edit: dict) -> tuple[Athlete, Rulebook]:
    """A fix's edit (add_windows / targets / rules) applied the way a coach would."""
    availability = dict(profile.availability)
    for added in edit.get("add_windows", []):
        day = added["weekday"]
        availability[day] = merge_windows([*availability.get(day, []),
                                           Window.parse(added["window"])])
    targets = profile.targets.model_copy(update=edit.get("targets", {}))
    for rule_id, settings_ in edit.get("rules", {}).items():
        rulebook = rulebook.with_rule(rule_id, **settings_)
    return profile.model_copy(update={"availability": availability, "targets": targets}), rulebook


def feasible_after(profile: Athlete, preset: str, edit: dict) -> bool:
    changed, rulebook = apply_edit(profile, load_rulebook(preset), edit)
    catalogue = default_catalogue()
    result = solve_week(single_week(changed, rulebook, catalogue), rulebook, catalogue,
                        SolveParams(time_limit=5))
    return result.status.has_plan


# The brief's case and its relatives: (athlete, preset, expected rule ids, a fix that must appear)
TWO_SHORT = athlete({"tue": ["07:00-08:30"], "thu": ["18:00-19:30"]},
                    runs=1, long=1, strength=2, minutes={"long": 90})
SPACING = athlete({"sat": ["07:00-10:00"], "sun": ["07:00-10:00"]}, runs=2, long=2, strength=0)
ORDER_002 = athlete({"mon": ["06:00-06:25", "18:00-19:00"]}, runs=1, long=0, strength=1)
GAP = athlete({"mon": ["06:00-07:00", "09:00-10:00"]}, runs=1, long=0, strength=1)
KNOWN = [
    pytest.param(TWO_SHORT, "default", {"H-STRENGTH-COUNT", "H-RUN-COUNT"},
                 {"targets": {"strength": 1}}, id="two-short-windows"),
    pytest.param(SPACING, "default", {"H-HARD-SPACING", "H-RUN-COUNT"},
                 {"rules": {"H-HARD-SPACING": {"kind": "soft"}}}, id="hard-spacing"),
    pytest.param(ORDER_002, "002", {"S-STRENGTH-FIRST", "H-STRENGTH-COUNT", "H-RUN-COUNT"},
                 {"rules": {"S-STRENGTH-FIRST": {"kind": "soft"}}}, id="strength-first-002"),
    pytest.param(GAP, "default", {"H-GAP", "H-STRENGTH-COUNT", "H-RUN-COUNT"},
                 {"rules": {"H-GAP": {"kind": "soft"}}}, id="gap"),
]


@pytest.mark.parametrize("profile, preset, rule_ids, expected_fix", KNOWN)
def test_known_conflicts_name_exactly_the_expected_rules(profile, preset, rule_ids, expected_fix):
    explanation = explain(profile, preset)
    assert not explanation.feasible
    assert explanation.minimal
    assert explanation.rule_ids == rule_ids
    # every day is closed outside its windows, and each closure is part of the story
    assert explanation.fact_days == ALL_DAYS
    assert expected_fix in [f.edit for f in explanation.fixes]


@pytest.mark.parametrize("profile, preset, rule_ids, expected_fix", KNOWN)
def test_every_fix_said_to_be_enough_repairs_the_week(profile, preset, rule_ids, expected_fix):
    explanation = explain(profile, preset)
    assert explanation.fixes
    for fix in explanation.fixes:
        assert fix.edit, fix.text
        if fix.alone:
            assert feasible_after(profile, preset, fix.edit), fix.text
    # and the conflict's own members that fix it alone do so too
    for member in explanation.conflict:
        if member.fixes_alone:
            assert feasible_after(profile, preset, member.edit), member.fix


def test_two_short_windows_words_say_what_to_change():
    explanation = explain(TWO_SHORT)
    texts = [f.text for f in explanation.fixes]
    # strength cannot join the long run's day, and Wed sits next to both Tue and Thu
    # (H-STRENGTH-SPACING: never strength on consecutive days), so only the other days help
    assert any(t.startswith("add a window of 35+ min on Mon, Fri, Sat or Sun") for t in texts)
    assert "lower strength sessions from 2 to 1 (H-STRENGTH-COUNT)" in texts
    words = {m.label: m.text for m in explanation.conflict}
    assert words["H-AVAIL Tue"] == "Tue: only 07:00-08:30 (90 min)"
    assert words["H-AVAIL Mon"] == "Mon: no window"
    assert words["H-STRENGTH-COUNT"] == "2 strength sessions a week"


def test_a_long_run_the_length_rules_leave_no_length_says_which_clash():
    """An intermediate whose longest recent run is 30 min: H-SESSION-SPIKE caps every run at
    33 min and H-LONG-CAP asks a long run of at least 75, so no long run fits anywhere;
    the conflict names both limits instead of the planned 120 min."""
    short = Athlete(id="t", start=MONDAY, availability={"sat": ["07:00-12:00"]},
                    targets={"runs": 1, "long": 1, "strength": 0},
                    current={"longest_min": 30})
    explanation = explain(short)
    assert not explanation.feasible
    words = {m.label: m.text for m in explanation.conflict}
    assert words["H-RUN-COUNT"] == (
        "1 run a week, 1 of them long (no length the length rules allow: H-LENGTH 40-210 "
        "min; H-LONG-CAP 75-150 min; H-SESSION-SPIKE at most 33 min)")


def _minimal(spec, rulebook, members) -> None:
    """Keeping all members is infeasible; dropping any one is feasible (fresh model)."""
    checker = ConflictSearch(spec, rulebook, default_catalogue(), time_limit=10)
    assert checker.feasible(members) is False
    for member in members:
        assert checker.feasible([m for m in members if m != member]) is True, member
    # the ordinary solver agrees: with only the member rules hard (others off) and all
    # windows as they are, the week is still impossible
    only = rulebook
    for rule_id, rule in rulebook.rules.items():
        if rule.is_hard and rule_id not in ALWAYS_HARD and (rule_id, None) not in members:
            only = only.with_rule(rule_id, kind=Kind.off)
    result = solve_week(spec, only, default_catalogue(), SolveParams(time_limit=10))
    assert result.status.value == "infeasible"


@pytest.mark.parametrize("profile, preset, rule_ids, expected_fix", KNOWN[:2])
def test_known_conflicts_are_minimal(profile, preset, rule_ids, expected_fix):
    rulebook = load_rulebook(preset)
    spec = single_week(profile, rulebook, default_catalogue())
    members = ConflictSearch(spec, rulebook, default_catalogue()).smallest_conflict()
    _minimal(spec, rulebook, members)


@st.composite
def tight_weeks(draw):
    """One to three short windows and targets that often do not fit."""
    days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True))
    availability = {}
    for day in days:
        start = draw(st.integers(12, 38)) * 30
        length = draw(st.sampled_from([30, 45, 60, 90, 150]))
        availability[day] = [f"{format_hhmm(start)}-{format_hhmm(start + length)}"]
    runs = draw(st.integers(0, 4))
    targets = dict(runs=runs, long=draw(st.integers(0, min(runs, 2))),
                   strength=draw(st.integers(0, 3)))
    return athlete(availability, **targets), draw(st.sampled_from(["default", "002"]))


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(tight_weeks())
def test_property_returned_conflict_is_minimal(case):
    profile, preset = case
    rulebook = load_rulebook(preset)
    spec = single_week(profile, rulebook, default_catalogue())
    members = ConflictSearch(spec, rulebook, default_catalogue(), time_limit=10).smallest_conflict()
    assume(members)  # None: the week is feasible; nothing to explain
    _minimal(spec, rulebook, members)


def test_explain_mode_leaves_the_normal_model_alone():
    rulebook = load_rulebook("default")
    spec = single_week(TWO_SHORT, rulebook, default_catalogue())
    normal, explaining = build(spec, rulebook), build(spec, rulebook, explain=True)
    assert normal.assumptions == {} and normal.free_time == {}
    assert set(explaining.free_time) == set(range(7))
    facts = [v for v in explaining.assumptions.values() if v[0] == "H-AVAIL"]
    assert len(facts) == 7


def test_feasible_week_gets_a_score_analysis_with_concrete_sentences():
    profile = athlete({"tue": ["18:00-18:45"], "thu": ["18:00-18:45"], "sat": ["07:00-10:00"]},
                      runs=2, long=1, strength=1, hike_minutes=120)
    explanation = explain(profile)
    assert explanation.feasible
    total = round(sum(s.penalty for s in explanation.scores), 2)
    assert total == explanation.objective
    hike = next(s for s in explanation.scores if s.rule_id == "S-HIKE-VOLUME")
    assert hike.weight == 1 and hike.penalty == 120
    assert hike.matches[0].sentence == (
        "0 of 120 min scheduled; Saturday 07:00-10:00 is the only window of 60+ min and "
        "holds the long run 07:00-08:20")


def test_round2_load_rules_get_sentences_with_the_weeks_numbers():
    """S-EVE-OF-KEY names the eve's session, S-WEEKEND-LOAD the loads, S-MONOTONY the days."""
    eve = explain(athlete({"fri": ["06:00-07:00"], "sat": ["07:00-10:00"]},
                          runs=1, long=1, strength=1))
    sentences = {s.rule_id: [m.sentence for m in s.matches] for s in eve.scores}
    assert sentences["S-EVE-OF-KEY"] == [
        "Sat: the long run 07:00-08:20 follows Fri, which holds the strength 06:00-06:35; "
        "the eve of a key run stays easy (strength the day before a key run)"]
    # the long run is 80 min, H-SESSION-SPIKE's cap after an intermediate's 75 (no
    # `current`), RPE 5: Sat 400 of 210 + 400 = 610: 400 - 0.55 x 610 = 64.5 -> 65 units
    assert sentences["S-WEEKEND-LOAD"] == [
        "Saturday and Sunday carry 400 of the week's load of 610 (66%; Sat long run 400), "
        "65 load units above 55%; each costs 0.05"]
    jogs = explain(athlete({d: ["07:00-07:30"] for d in ("mon", "tue", "wed", "thu", "fri")},
                           runs=5, long=0, strength=0))
    (monotony,) = [m.sentence for s in jogs.scores if s.rule_id == "S-MONOTONY"
                   for m in s.matches]
    assert monotony.startswith("the week's monotony is 1.58 (mean / SD of the daily loads "
                               "50, 50, 50, 50, 50, 0, 0): monotony above 1.5, costing 5")


def test_specificity_and_variety_get_sentences_with_the_weeks_sessions():
    """S-SPECIFICITY names the missing type and the windows; S-VARIETY the repeated days."""
    rulebook, catalogue = load_rulebook("default"), default_catalogue()
    profile = athlete({"tue": ["07:00-07:50"], "sat": ["07:00-10:00"]}, runs=2, long=1,
                      strength=0)
    week = single_week(profile, rulebook, catalogue)
    spec = week.model_copy(update={"previous_quality": "sprint", "targets": week.targets
                                   .model_copy(update={"key_quality": "hill",
                                                       "phase": "build"})})
    explanation = explain_week(spec, rulebook, catalogue, time_limit=5)
    sentences = {s.rule_id: [m.sentence for m in s.matches] for s in explanation.scores}
    assert sentences["S-SPECIFICITY"] == [
        "no hill repeats session in this build week, and the race climbs or runs on trails; "
        "one needs 60+ min on a day without strength or another hard run: Saturday "
        "07:00-10:00 is the only window of 60+ min and holds the long run 07:00-08:20"]
    assert sentences["S-VARIETY"] == [
        "the week's quality sessions (Tue) are all sprint intervals, as the week before; "
        "another type (tempo, hill or sprint) in one of them saves 15"]


def test_cli_explains_the_impossible_example_and_exits_1():
    runner = CliRunner()
    result = runner.invoke(main, ["explain", str(EXAMPLES_DIR / "impossible.yaml"),
                                  "--time-limit", "5"], env=WIDE)
    assert result.exit_code == 1, result.output
    assert "no plan satisfies the hard rules" in result.output
    assert "What the coach could change" in result.output
    as_json = runner.invoke(main, ["explain", str(EXAMPLES_DIR / "impossible.yaml"), "--json",
                                   "--time-limit", "5"])
    assert as_json.exit_code == 1
    data = json.loads(as_json.output)
    assert data["status"] == "infeasible" and data["minimal"] is True
    assert data["conflict"] and data["fixes"]
    for member in data["conflict"]:  # the text view shows the same members
        assert member["member"] in result.output


def test_cli_explain_feasible_week_json_sums_to_the_objective():
    result = CliRunner().invoke(main, ["explain", str(EXAMPLES_DIR / "athlete.yaml"), "--json",
                                       "--time-limit", "60"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["status"] == "optimal"
    assert round(sum(s["penalty"] for s in data["score"]), 2) == data["objective"]
    for score in data["score"]:
        assert score["matches"] == len(score["items"])
        assert all(item["sentence"] for item in score["items"])


def test_cli_explain_bad_rules_name_exits_2():
    result = CliRunner().invoke(main, ["explain", str(EXAMPLES_DIR / "athlete.yaml"),
                                       "--rules", "nosuch"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: --rules: no rulebook named 'nosuch'")


def test_suggested_windows_sit_at_the_athletes_usual_training_time():
    """A window the fixes suggest on a day without windows opens where this athlete usually
    trains (the median start of their windows: a morning runner at 06:30), not at the first
    free minute of the day (05:00); each fix said to be enough still makes the week solvable."""
    early = athlete({"tue": ["06:30-07:15"], "thu": ["06:30-07:15"]},
                    runs=4, long=1, strength=2)
    added = [(fix, window) for fix in explain(early).fixes
             for window in fix.edit.get("add_windows", [])]
    on_free_days = {w["window"][:5] for _, w in added if w["weekday"] not in early.availability}
    assert on_free_days == {"06:30"}, added
    for fix in {id(fix): fix for fix, _ in added}.values():
        if fix.alone:
            assert feasible_after(early, "default", fix.edit)
