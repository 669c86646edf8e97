"""The auditor on the round-2 length and volume rules: given these sessions, it penalises by
N points or flags a hard finding (docs/rules.md, "Volume, intensity and lengths")."""

from __future__ import annotations

import pytest

from models.audit.week import audit_week

from builders import make_athlete, make_spec


@pytest.fixture
def audit(plan, rulebook, catalogue):
    def run(*texts, spec=None, rules=None, fixed=()):
        week = spec or make_spec()
        if fixed:
            week = week.model_copy(update={"fixed": tuple(plan(*fixed))})
        return audit_week(week, plan(*texts, *fixed), rules or rulebook, catalogue)
    return run


def volume_spec(run_minutes=None, **targets):
    spec = make_spec(runs=targets.pop("runs", 0), long=targets.pop("long", 0))
    return spec.model_copy(update={"targets": spec.targets.model_copy(
        update={"run_minutes": run_minutes, **targets})})


def points(report, rule_id):
    return report.penalty_by_rule().get(rule_id, 0.0)


def hard(report, rule_id):
    return sum(f.violations for f in report.hard_findings if f.rule_id == rule_id)


def test_s_volume_is_free_inside_the_band_and_costs_per_minute_outside(audit):
    spec = volume_spec(200)  # band: 190 (-5 %) to 220 (+10 %); 2 points a minute outside
    assert points(audit("Mon easy 07:00 90", "Wed easy 07:00 90", spec=spec), "S-VOLUME") == 20.0
    assert points(audit("Mon easy 07:00 90", "Wed easy 07:00 90", "Fri jog 07:00 20",
                        spec=spec), "S-VOLUME") == 0.0
    assert points(audit("Mon easy 07:00 90", "Wed easy 07:00 90", "Fri easy 07:00 60",
                        spec=spec), "S-VOLUME") == 40.0  # 240: 20 over 220
    assert points(audit("Sat hike 08:00 240", spec=spec), "S-VOLUME") == 380.0  # hikes are not runs
    assert points(audit("Mon easy 07:00 90", spec=volume_spec(None)), "S-VOLUME") == 0.0


def test_s_volume_band_ends_at_the_larger_of_target_and_ramp_limit(audit):
    two_hours = ("Mon easy 07:00 90", "Wed easy 07:00 60", "Fri easy 07:00 60")  # 210 min
    assert points(audit(*two_hours, spec=volume_spec(200)), "S-VOLUME") == 0.0  # band to 220
    assert points(audit(*two_hours, spec=volume_spec(200, max_run_minutes=205)),
                  "S-VOLUME") == 10.0  # 5 minutes over, 2 points each
    assert points(audit(*two_hours, spec=volume_spec(200, max_run_minutes=150)),
                  "S-VOLUME") == 20.0  # the target itself is always free
    assert points(audit(*two_hours, spec=volume_spec(200, max_run_minutes=300)),
                  "S-VOLUME") == 0.0


def test_s_volume_does_not_count_the_race(audit):
    spec = volume_spec(100)
    report = audit("Mon easy 07:00 60", "Sun race 08:00 240", spec=spec)
    assert points(report, "S-VOLUME") == 70.0  # 60 of a band from 95, 2 points a minute


def test_s_weekend_load_does_not_count_the_race(audit):
    # training: 60 x 3 on Monday, 30 x 3 on Sunday = 90 of 270 units on the weekend (33 %)
    report = audit("Mon easy 07:00 60", "Sat race 08:00 240", "Sun easy 09:00 30")
    assert points(report, "S-WEEKEND-LOAD") == 0.0
    heavy = audit("Mon easy 07:00 30", "Sat race 08:00 240", "Sun easy 09:00 90")
    # 270 of 360 on the weekend: 270 - 0.55 x 360 = 72 units over, 0.05 points each
    assert points(heavy, "S-WEEKEND-LOAD") == pytest.approx(72 * 0.05)


def test_s_volume_prices_over_by_its_own_weight(audit, rulebook):
    spec = volume_spec(100)
    steep = rulebook.with_rule("S-VOLUME", params={"over": 3})
    assert points(audit("Mon easy 07:00 90", "Wed easy 07:00 30", spec=spec, rules=steep),
                  "S-VOLUME") == 30.0  # 120: 10 over 110, 3 points each


def test_s_intensity_costs_two_points_per_minute_of_quality_over_the_share(audit):
    spec = volume_spec(150)
    # 60 hill + 90 easy = 150 min, 90 low: 0.75 x 150 = 112.5 -> 23 min short
    assert points(audit("Tue hill 07:00 60", "Thu easy 07:00 90", spec=spec),
                  "S-INTENSITY") == pytest.approx(23 * 2)
    assert points(audit("Tue hill 07:00 45", "Thu easy 07:00 90", "Sat long 07:00 90",
                        spec=spec), "S-INTENSITY") == 0.0  # 180 of 225 = 80 %
    recovery = volume_spec(150, recovery=True)
    assert points(audit("Tue hill 07:00 60", "Thu easy 07:00 90", spec=recovery),
                  "S-INTENSITY") == 0.0
    no_target = volume_spec(None)  # planned lengths: the types alone set the share
    assert points(audit("Tue hill 07:00 60", "Thu easy 07:00 90", spec=no_target),
                  "S-INTENSITY") == 0.0


def test_s_long_share_costs_per_minute_over_the_share_of_the_week(audit):
    spec = volume_spec(240, runs=4)
    # long 150 of 150 + 3 x 30 = 240: 0.40 x 240 = 96 -> 54 over
    report = audit("Sat long 07:00 150", "Mon easy 07:00 30", "Wed easy 07:00 30",
                   "Fri easy 07:00 30", spec=spec)
    assert points(report, "S-LONG-SHARE") == pytest.approx(54 * 0.5)
    three = volume_spec(210, runs=3)  # 0.45 in weeks of 3 runs: 0.45 x 210 = 94.5 -> 56 over
    assert points(audit("Sat long 07:00 150", "Mon easy 07:00 30", "Wed easy 07:00 30",
                        spec=three), "S-LONG-SHARE") == pytest.approx(56 * 0.5)
    assert points(audit("Sat long 07:00 150", "Mon easy 07:00 30", "Wed easy 07:00 30",
                        spec=volume_spec(210, runs=3, recovery=True)), "S-LONG-SHARE") == 0.0
    assert points(audit("Sat long 07:00 150", "Mon easy 07:00 30", spec=volume_spec(None)),
                  "S-LONG-SHARE") == 0.0


def test_h_length_flags_a_session_outside_its_type_range(audit):
    assert hard(audit("Mon easy 07:00 95"), "H-LENGTH") == 1
    assert hard(audit("Mon easy 07:00 90", "Tue jog 07:00 20"), "H-LENGTH") == 0
    assert hard(audit("Tue jog 07:00 15"), "H-LENGTH") == 1
    # a session already done (a fixed fact) is what it was: not a planning finding
    assert hard(audit(fixed=("Mon easy 07:00 95",)), "H-LENGTH") == 0


def test_h_long_cap_follows_the_level_and_the_race(audit):
    beginner = make_spec(make_athlete(level="beginner"))
    assert hard(audit("Sun long 07:00 95", spec=beginner), "H-LONG-CAP") == 1
    assert hard(audit("Sun long 07:00 90", spec=beginner), "H-LONG-CAP") == 0
    assert hard(audit("Sun long 07:00 70"), "H-LONG-CAP") == 1  # intermediate from 75
    assert hard(audit("Sun long 07:00 160"), "H-LONG-CAP") == 1  # ... to 150
    racer = make_spec(make_athlete(race={"date": "2027-06-26", "distance_km": 42}))
    assert hard(audit("Sun long 07:00 180", spec=racer), "H-LONG-CAP") == 0  # +30 for >= 30 km


def test_h_session_spike_caps_runs_at_110_percent_of_the_longest(audit):
    spec = volume_spec(None, longest_run=100)  # cap 110
    assert hard(audit("Sun long 07:00 110", spec=spec), "H-SESSION-SPIKE") == 0
    assert hard(audit("Sun long 07:00 115", "Tue easy 07:00 60", spec=spec),
                "H-SESSION-SPIKE") == 1
    assert hard(audit("Sun race 07:00 240", spec=spec), "H-SESSION-SPIKE") == 0
    assert hard(audit("Sun long 07:00 150"), "H-SESSION-SPIKE") == 0  # no 30-day longest


def test_p_beginner_keeps_the_long_run_within_its_ratio_of_other_runs(audit):
    spec = volume_spec(None, long_ratio=1.5)
    assert hard(audit("Sun long 07:00 60", "Tue easy 07:00 40", spec=spec), "P-BEGINNER") == 0
    assert hard(audit("Sun long 07:00 65", "Tue easy 07:00 40", "Thu easy 07:00 45",
                      spec=spec), "P-BEGINNER") == 1  # 65 > 1.5 x 40


def test_h_session_spike_holds_a_short_longest_run_to_its_ten_percent(audit):
    spec = volume_spec(None, longest_run=40)  # 40 x 1.1 = 44: not the next 5-minute step
    assert hard(audit("Sun long 07:00 44", spec=spec), "H-SESSION-SPIKE") == 0
    assert hard(audit("Sun long 07:00 45", spec=spec), "H-SESSION-SPIKE") == 1


def test_h_length_holds_a_run_to_the_athletes_own_length_when_lengths_are_decisions(audit):
    """The week model gives a type the athlete set a length for only that length; the
    auditor agrees, or a plan the model cannot make would pass at a lower penalty."""
    own = make_athlete(targets={"runs": 3, "long": 1, "strength": 0, "minutes": {"easy": 50}})
    spec = make_spec(own, runs=3, long=1)
    decided = spec.model_copy(update={"targets": spec.targets.model_copy(
        update={"run_minutes": 200})})
    report = audit("Tue easy 07:00 55", "Thu easy 07:00 50", "Sun long 07:00 90", spec=decided)
    assert hard(report, "H-LENGTH") == 1
    assert "not the 50 min the athlete's file asks" in report.hard_findings[0].message
    assert hard(audit("Tue easy 07:00 50", "Thu easy 07:00 50", "Sun long 07:00 90",
                      spec=decided), "H-LENGTH") == 0
    # a spike cap below the own length wins: then any length inside the limits will do
    capped = decided.model_copy(update={"targets": decided.targets.model_copy(
        update={"longest_run": 40})})  # cap 44 < 50
    assert hard(audit("Tue easy 07:00 40", spec=capped), "H-LENGTH") == 0
    # without a volume target every run keeps its planned length: nothing to check
    assert hard(audit("Tue easy 07:00 55", spec=spec), "H-LENGTH") == 0


def test_h_length_holds_strength_to_the_athletes_own_length_in_every_week(audit):
    """The week model plans strength only at the athlete's length, with or without a volume
    target, so a session at another length in the type's range is a finding."""
    own = make_athlete(targets={"runs": 0, "long": 0, "strength": 2, "minutes": {"strength": 40}})
    spec = make_spec(own, strength=2)
    report = audit("Mon strength 18:00 30", "Thu strength 18:00 40", spec=spec)
    assert hard(report, "H-LENGTH") == 1
    assert "30 min, not the 40 min the athlete's file asks" in report.hard_findings[0].message
    assert hard(audit("Mon strength 18:00 40", "Thu strength 18:00 40", spec=spec),
                "H-LENGTH") == 0
    anyone = make_spec(strength=2)  # no own length: the catalogue's 30-40 min
    assert hard(audit("Mon strength 18:00 30", "Thu strength 18:00 40", spec=anyone),
                "H-LENGTH") == 0


def test_taper_and_beginner_weeks_hold_quality_runs_at_their_shortest(audit):
    taper = volume_spec(150, runs=3, short_quality=True, phase="taper")
    assert hard(audit("Tue tempo 07:00 50", spec=taper), "P-TAPER") == 1  # tempo from 45
    assert hard(audit("Tue tempo 07:00 45", "Thu easy 07:00 60", spec=taper), "P-TAPER") == 0
    beginner = volume_spec(150, runs=3, short_quality=True, phase="build")
    assert hard(audit("Tue hill 07:00 50", spec=beginner), "P-BEGINNER") == 1  # hill from 45
    assert hard(audit("Tue hill 07:00 50", spec=beginner), "P-TAPER") == 0
    assert hard(audit("Tue hill 07:00 50", spec=volume_spec(150, runs=3)), "P-BEGINNER") == 0
