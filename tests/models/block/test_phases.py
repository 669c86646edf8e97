"""Phases and weekly targets of a block (models/block/phases.py) against hand-computed tables.

The hand-computed tables are round 1's (the ``round1`` preset, kept for comparisons): the
long-run progression, hiking, the load ramp and round 1's strength by phase, without the
round-2 volume rules (P-VOLUME, P-RECOVERY, P-TAPER), which tests/models/block/test_volume.py
checks against the default rulebook.

Hand computation, round-1 rulebook and default catalogue: long run 120 min at the start growing
linearly to 1.5 x 120 = 180 at the first peak week (rounded to 5 min, halves up); taper long
runs 0.65 x 180 = 117 -> 115; recovery weeks (every 4th base/build week) run 0.7 x the
progression's length and one run fewer. Planned load = long 5/min + one hill 60 x 8 = 480 +
easy runs 45 x 3 = 135 each + strength 35 x 6 = 210 each + hiking 3/min.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.domain.athlete import Athlete
from models.domain.catalogue import default_catalogue
from models.domain.errors import InputError
from models.block.phases import (block_length, block_weeks, hike_due, split_phases,
                           strength_for_phase, targets_frame)
from models.domain.rules import default_rulebook, load_rulebook

START = date(2027, 1, 4)
ALL_DAYS = {day: ["06:00-22:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
COLUMNS = ["phase", "recovery", "runs", "long", "long_min", "strength", "bodyweight_only",
           "maintenance", "hike_min", "planned_load"]


def athlete(**fields) -> Athlete:
    fields.setdefault("availability", ALL_DAYS)
    return Athlete(id=fields.pop("id", "t"), start=fields.pop("start", START), **fields)


ROUND1 = load_rulebook("round1")


def table(person: Athlete, rulebook=None) -> list[tuple]:
    frame = targets_frame(block_weeks(person, rulebook or ROUND1, default_catalogue()))
    return [tuple(row) for row in frame[COLUMNS].itertuples(index=False)]


def test_race_in_twelve_weeks():
    # race on the Saturday of week 12: 4 base, 4 build, 2 peak, 2 taper; the race week drops
    # the long run (the race replaces it). Strength: base 2+1 = 3, build and peak 2, taper 1.
    # Hiking 120: base and recovery x1.25 = 150, build/peak 120, taper 60.
    person = athlete(race={"date": "2027-03-27", "distance_km": 10},
                     targets={"runs": 4, "long": 1, "strength": 2, "hike_minutes": 120})
    assert block_length(person) == 12
    assert table(person) == [
        ("base", False, 4, 1, 120, 3, False, False, 150, 2430),
        ("base", False, 4, 1, 130, 3, False, False, 150, 2480),
        ("base", False, 4, 1, 135, 3, False, False, 150, 2505),
        ("base", True, 3, 1, 100, 3, False, False, 150, 2195),   # 145 x 0.7 = 101.5 -> 100
        ("build", False, 4, 1, 150, 2, False, False, 120, 2280),
        ("build", False, 4, 1, 160, 2, False, False, 120, 2330),
        ("build", False, 4, 1, 165, 2, False, False, 120, 2355),
        ("build", True, 3, 1, 125, 2, False, False, 150, 2110),  # 175 x 0.7 = 122.5 -> 125
        ("peak", False, 4, 1, 180, 2, False, False, 120, 2430),
        ("peak", False, 4, 1, 180, 2, False, False, 120, 2430),
        ("taper", False, 4, 1, 115, 1, False, True, 60, 1715),
        ("taper", False, 3, 0, 0, 1, False, True, 60, 1140),     # race week: hill + 2 easy
    ]


def test_sixteen_week_block_for_a_beginner():
    # weeks 1-2: two bodyweight-only sessions (P-BEGINNER). Week 3 would add the base's
    # third session (1895 > 1.1 x 1660 = 1826): the ramp takes it back and keeps the long run.
    # Recovery weeks add no strength over the last ordinary week. Long runs: 120 + 5 a week.
    person = athlete(level="beginner", weeks=16, targets={"runs": 3})
    assert table(person) == [
        ("base", False, 3, 1, 120, 2, True, False, 0, 1635),
        ("base", False, 3, 1, 125, 2, True, False, 0, 1660),
        ("base", False, 3, 1, 130, 2, False, False, 0, 1685),
        ("base", True, 2, 1, 95, 2, False, False, 0, 1375),
        ("base", False, 3, 1, 140, 2, False, False, 0, 1735),
        ("base", False, 3, 1, 145, 2, False, False, 0, 1760),
        ("build", False, 3, 1, 150, 2, False, False, 0, 1785),
        ("build", True, 2, 1, 110, 2, False, False, 0, 1450),
        ("build", False, 3, 1, 160, 2, False, False, 0, 1835),
        ("build", False, 3, 1, 165, 2, False, False, 0, 1860),
        ("build", False, 3, 1, 170, 2, False, False, 0, 1885),
        ("build", True, 2, 1, 125, 2, False, False, 0, 1525),   # 175 x 0.7 = 122.5 -> 125
        ("peak", False, 3, 1, 180, 2, False, False, 0, 1935),
        ("peak", False, 3, 1, 180, 2, False, False, 0, 1935),
        ("taper", False, 3, 1, 115, 1, False, True, 0, 1400),
        ("taper", False, 3, 1, 115, 1, False, True, 0, 1400),
    ]
    notes = [w.notes for w in block_weeks(person, ROUND1, default_catalogue())]
    assert notes[2] == ("ramp: planned load 1895 cut to 1685 (cap 1826)",)


def test_travel_week_cuts_the_long_run_to_its_longest_window():
    # 6 weeks: base, base, build, build, peak, taper. Week 3 is travel: 07:00-08:40 only
    # (100 min) and a day without any window; its long run is cut to 100 min and it is no
    # reference for the ramp. Week 4 is the recovery week (165 x 0.7 = 115.5 -> 115).
    travel = {START + timedelta(days=14 + d): ["07:00-08:40"] for d in range(7)}
    travel[START + timedelta(days=16)] = []
    person = athlete(weeks=6, exceptions=travel,
                     targets={"runs": 4, "long": 1, "strength": 2, "hike_minutes": 60})
    assert table(person) == [
        ("base", False, 4, 1, 120, 3, False, False, 75, 2205),
        ("base", False, 4, 1, 135, 3, False, False, 75, 2280),
        ("build", False, 4, 1, 100, 2, False, False, 60, 1850),
        ("build", True, 3, 1, 115, 2, False, False, 75, 1835),
        ("peak", False, 4, 1, 180, 2, False, False, 60, 2250),
        ("taper", False, 4, 1, 115, 1, False, True, 30, 1625),
    ]
    weeks = block_weeks(person, ROUND1, default_catalogue())
    assert weeks[2].notes == ("long run cut to the longest window (100 min)",)


def test_a_week_without_a_long_enough_window_gets_no_long_run():
    short = {START + timedelta(days=d): ["07:00-08:00"] for d in range(7)}
    person = athlete(weeks=3, exceptions=short, targets={"runs": 3, "long": 1})
    first = block_weeks(person, default_rulebook(), default_catalogue())[0]
    assert (first.targets.runs, first.targets.long) == (3, 0)
    assert first.notes == ("no window of 75 min for a long run",)  # an intermediate's shortest (H-LONG-CAP)


@pytest.mark.parametrize("weeks, expected", [
    (1, ["taper"]),
    (2, ["base", "taper"]),
    (3, ["base", "build", "taper"]),
    (4, ["base", "build", "peak", "taper"]),
    (8, ["base"] * 3 + ["build"] * 2 + ["peak"] * 2 + ["taper"]),
    (12, ["base"] * 4 + ["build"] * 4 + ["peak"] * 2 + ["taper"] * 2),
    (16, ["base"] * 6 + ["build"] * 6 + ["peak"] * 2 + ["taper"] * 2),
])
def test_split_of_a_block(weeks, expected):
    assert split_phases(weeks) == expected


@pytest.mark.parametrize("asked, expected", [
    (0, {"base": 0, "build": 0, "peak": 0, "taper": 0}),
    (1, {"base": 1, "build": 1, "peak": 1, "taper": 1}),
    (2, {"base": 2, "build": 2, "peak": 1, "taper": 1}),
    (3, {"base": 3, "build": 3, "peak": 2, "taper": 1}),
    (4, {"base": 4, "build": 4, "peak": 3, "taper": 1}),
])
def test_strength_by_phase_is_capped_by_the_athletes_number(asked, expected):
    """P-STRENGTH-TAPER (round 2): never raised; peak one fewer (at least 1), taper 1."""
    rulebook = default_rulebook()
    assert {p: strength_for_phase(p, asked, rulebook) for p in expected} == expected


@pytest.mark.parametrize("asked, expected", [
    (0, {"base": 0, "build": 0, "peak": 0, "taper": 0}),
    (1, {"base": 2, "build": 1, "peak": 1, "taper": 1}),
    (2, {"base": 3, "build": 2, "peak": 2, "taper": 1}),
    (3, {"base": 3, "build": 2, "peak": 2, "taper": 1}),
    (4, {"base": 3, "build": 2, "peak": 2, "taper": 1}),
])
def test_round1_strength_by_phase_never_above_the_athletes_number_outside_base(asked, expected):
    assert {p: strength_for_phase(p, asked, ROUND1) for p in expected} == expected


def test_explicit_phases_override_the_split():
    person = athlete(weeks=3, phases=["build", "peak", "taper"], targets={"runs": 3})
    assert [w.phase for w in block_weeks(person, default_rulebook(), default_catalogue())] \
        == ["build", "peak", "taper"]


def test_climbing_raises_the_hiking_target():
    # 180 min x 1.25 (base) x (1 + 0.1 x 2.4) = 279 -> 280; taper 180 x 0.5 x 1.24 = 111.6 -> 110
    person = athlete(race={"date": "2027-02-27", "elevation_m": 2400, "distance_km": 42},
                     targets={"runs": 4, "hike_minutes": 180})
    hikes = [w.targets.hike_minutes
             for w in block_weeks(person, default_rulebook(), default_catalogue())]
    assert hikes[0] == 280 and hikes[-1] == 110


def test_off_rules_are_not_applied():
    rulebook = default_rulebook()
    for rule_id in ("P-OVERLOAD", "P-STRENGTH-TAPER", "P-HIKE-BASE", "P-VOLUME",
                    "P-RECOVERY", "P-TAPER"):
        rulebook = rulebook.with_rule(rule_id, kind="off")
    person = athlete(weeks=8, targets={"runs": 4, "strength": 2, "hike_minutes": 90})
    rows = table(person, rulebook)
    # every week as the athlete asked: 600 + 480 + 270 + 420 + 270; S-SPECIFICITY (still on)
    # asks a tempo run of build and peak weeks, so their planned load holds it in place of
    # an easy run: 600 + 480 + 420 + 135 + 420 + 270
    assert {row[1:-1] for row in rows} == {(False, 4, 1, 120, 2, False, False, 90)}
    assert [row[-1] for row in rows] == [2040] * 3 + [2325] * 4 + [2040]


@pytest.mark.parametrize("fields, field", [
    ({"weeks": 10, "race": {"date": "2027-03-27", "distance_km": 10}}, "weeks"),  # race: 12
    ({}, "weeks"),
    ({"weeks": 3, "phases": ["base", "build"]}, "phases"),
    ({"weeks": 2, "phases": ["base", "sprint"]}, "phases.1"),
])
def test_bad_block_definitions_are_input_errors(fields, field):
    with pytest.raises(InputError) as error:
        block_weeks(athlete(**fields), default_rulebook(), default_catalogue())
    assert error.value.field == field


def test_hike_due_over_a_fortnight():
    weekly = [150, 150, 120, 120, 60]
    # week 1 of each fortnight is due its own target; week 2 what the fortnight still lacks
    assert hike_due(weekly, [], 0, 2) == 150
    assert hike_due(weekly, [90], 1, 2) == 150 + 150 - 90
    assert hike_due(weekly, [400], 1, 2) == 0          # never below 0
    assert hike_due(weekly, [90, 210], 2, 2) == 120    # a new fortnight starts afresh
    assert hike_due(weekly, [0, 0, 0, 0], 4, 2) == 60  # an odd last week is its own period
    assert hike_due(weekly, [0], 1, 1) == 150          # weekly periods carry nothing over


def test_periodisation_rules_cannot_be_soft(tmp_path):
    path = tmp_path / "soft.yaml"
    path.write_text("rules:\n  P-OVERLOAD: {kind: soft, weight: 5}\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_rulebook(path)
    assert error.value.field == "rules.P-OVERLOAD.kind"


@pytest.mark.parametrize("race, terrain, key", [
    ({"elevation_m": 2400, "distance_km": 200}, "road", "hill"),   # total_m: 1500
    ({"elevation_m": 1500, "distance_km": 200}, "road", "hill"),
    ({"elevation_m": 1499, "distance_km": 200}, "road", "tempo"),  # 7.5 m/km: not steep
    ({"elevation_m": 700, "distance_km": 42}, "road", "hill"),     # 16.7 m/km >= 15
    ({"elevation_m": 600, "distance_km": 42}, "road", "tempo"),    # 14.3 m/km
    ({"distance_km": 21}, "trail", "hill"),                        # a trail runner climbs
    ({"distance_km": 21}, "road", "tempo"),
])
def test_build_and_peak_weeks_ask_for_the_races_key_quality_type(race, terrain, key):
    """S-SPECIFICITY: hill for a hilly or trail race, tempo for a flat road one - except
    in a recovery week, which asks no tempo (its one quality run is the hill or sprint)."""
    person = athlete(race={"date": START + timedelta(weeks=11, days=5), **race},
                     terrain=terrain)
    weeks = block_weeks(person, default_rulebook(), default_catalogue())
    assert [(w.phase, w.targets.key_quality) for w in weeks] == [
        (w.phase, key if w.phase in ("build", "peak") and not (w.recovery and key == "tempo")
         else None) for w in weeks]
    steeper = default_rulebook().with_rule("S-SPECIFICITY", params={"total_m": 3000,
                                                                    "m_per_km": 100})
    build = next(w for w in block_weeks(person, steeper, default_catalogue())
                 if w.phase == "build")
    assert build.targets.key_quality == ("hill" if terrain == "trail" else "tempo")
    off = default_rulebook().with_rule("S-SPECIFICITY", kind="off")
    assert {w.targets.key_quality for w in block_weeks(person, off, default_catalogue())} \
        == {None}  # the rule off asks nothing


def test_a_block_without_a_race_asks_for_tempo_unless_on_trails():
    weeks = block_weeks(athlete(weeks=8), default_rulebook(), default_catalogue())
    keys = {(w.recovery, w.targets.key_quality) for w in weeks if w.phase in ("build", "peak")}
    assert keys == {(False, "tempo"), (True, None)}  # P-RECOVERY: no tempo in a lighter week
    trail = block_weeks(athlete(weeks=8, terrain="trail"), default_rulebook(),
                        default_catalogue())
    assert {(w.recovery, w.targets.key_quality) for w in trail
            if w.phase in ("build", "peak")} == {(False, "hill"), (True, "hill")}
    without = default_rulebook().with_rule("P-RECOVERY", kind="off")
    assert {w.targets.key_quality for w in block_weeks(athlete(weeks=8), without,
                                                       default_catalogue())
            if w.phase in ("build", "peak")} == {"tempo"}
