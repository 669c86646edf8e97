"""The solver chooses run lengths when the week asks for a volume (S-VOLUME): in 5-minute
steps, inside the length rules (H-LENGTH, H-LONG-CAP, H-SESSION-SPIKE, P-BEGINNER's ratio),
and its plans pass the auditor at its own penalty."""

from __future__ import annotations

from models.audit.week import audit_week
from models.domain.athlete import Current
from models.domain.plan import Status
from models.domain.lengths import run_lengths
from models.domain.week import single_week
from solver.week.solve import solve_week

from builders import make_athlete, make_spec


def volume_week(run_minutes, runs=4, long=1, athlete=None, **targets):
    spec = make_spec(athlete, runs=runs, long=long)
    return spec.model_copy(update={"targets": spec.targets.model_copy(
        update={"run_minutes": run_minutes, **targets})})


def solved(spec, rulebook, catalogue):
    result = solve_week(spec, rulebook, catalogue)
    assert result.status is Status.optimal, result.message
    report = audit_week(spec, result.plan.sessions, rulebook, catalogue)
    assert report.ok and report.penalty_cp == round(result.objective * 100)
    return result


def runs_of(result):
    return [s for s in result.plan.sessions if s.running]


def test_the_week_reaches_its_volume_with_lengths_in_five_minute_steps(rulebook, catalogue):
    result = solved(volume_week(300), rulebook, catalogue)
    runs = runs_of(result)
    assert len(runs) == 4
    assert 285 <= sum(s.minutes for s in runs) <= 330
    assert all(s.minutes % 5 == 0 for s in runs)
    assert "S-VOLUME" not in result.penalty_by_rule()


def test_a_small_volume_is_not_padded_with_long_sessions(rulebook, catalogue):
    result = solved(volume_week(150, runs=3), rulebook, catalogue)
    assert 143 <= sum(s.minutes for s in runs_of(result)) <= 165


def test_the_band_over_the_target_ends_at_the_ramp_limit(rulebook, catalogue):
    """Alone the week runs 165 of 150 (S-VOLUME's band reaches +10 %: easy minutes bought for
    S-LONG-SHARE and S-INTENSITY); after a week that ran 90 (ramp limit 99) the band ends at
    the target, which stays free; a limit inside the band ends it there."""
    alone = solved(volume_week(150, runs=3), rulebook, catalogue)
    assert sum(s.minutes for s in runs_of(alone)) == 165
    after_short = solved(volume_week(150, runs=3, max_run_minutes=99), rulebook, catalogue)
    assert sum(s.minutes for s in runs_of(after_short)) == 150
    assert "S-VOLUME" not in after_short.penalty_by_rule()
    inside = solved(volume_week(150, runs=3, max_run_minutes=155), rulebook, catalogue)
    assert sum(s.minutes for s in runs_of(inside)) == 155


def test_without_a_volume_target_runs_keep_their_planned_length(rulebook, catalogue):
    result = solved(volume_week(None), rulebook, catalogue)
    for s in runs_of(result):
        assert s.minutes == catalogue[s.type].minutes.default


def test_no_run_exceeds_110_percent_of_the_30_day_longest(rulebook, catalogue):
    result = solved(volume_week(400, longest_run=80), rulebook, catalogue)
    assert max(s.minutes for s in runs_of(result)) <= 88
    assert "S-VOLUME" in result.penalty_by_rule()  # the cap, not the volume, wins


def test_a_lone_week_without_current_spikes_from_the_levels_shortest_long_run(
        rulebook, catalogue):
    """`weekplan solve` of an athlete of whom no recent running is known: the reference is
    the intermediate's shortest long run (75 min), so no run is over 82; with `current` the
    athlete's own longest run is the reference."""
    athlete = make_athlete(targets={"runs": 3, "long": 1, "strength": 0, "run_minutes": 300})
    spec = single_week(athlete, rulebook, catalogue)
    assert spec.targets.longest_run == 75
    assert max(s.minutes for s in runs_of(solved(spec, rulebook, catalogue))) <= 82
    known = athlete.model_copy(update={"current": Current(longest_min=120)})
    result = solved(single_week(known, rulebook, catalogue), rulebook, catalogue)
    assert 82 < max(s.minutes for s in runs_of(result)) <= 132


def test_a_40_minute_longest_run_grows_to_44_minutes_not_45(rulebook, catalogue):
    """H-SESSION-SPIKE's cap between two 5-minute steps is a length of its own: the week
    short of its volume takes it (a run of 45 would be 12.5 % over the longest)."""
    beginner = make_athlete(level="beginner")
    result = solved(volume_week(200, runs=3, athlete=beginner, longest_run=40),
                    rulebook, catalogue)
    lengths = sorted(s.minutes for s in runs_of(result))
    long = next(s for s in runs_of(result) if s.type == "long")
    assert max(lengths) == long.minutes == 44
    assert all(m % 5 == 0 or m == 44 for m in lengths)


def test_the_cap_is_offered_only_where_no_step_lets_the_longest_run_grow(rulebook, catalogue):
    """Under 50 minutes the cap is less than a step above the longest run and is a length
    of its own; from 50 minutes up a 5-minute step fits under it, and lengths stay round."""
    beginner = make_athlete(level="beginner")  # long runs of 40-90 min

    def offered(longest):
        week = volume_week(300, athlete=beginner, longest_run=longest)
        return run_lengths("long", week, rulebook, catalogue)[0]

    assert offered(40) == (40, 44)         # 1.1 x 40 = 44: the only way past 40
    assert offered(44)[-2:] == (45, 48)    # less than a step above 44: 48 as well as 45
    assert offered(48)[-2:] == (50, 52)
    assert offered(52)[-1] == 55           # 57 = floor(57.2) not offered: a step fits
    assert offered(80)[-1] == 85


def test_a_beginner_long_run_stays_inside_the_level_range_and_ratio(rulebook, catalogue):
    beginner = make_athlete(level="beginner")
    result = solved(volume_week(180, runs=3, athlete=beginner, long_ratio=1.5),
                    rulebook, catalogue)
    long = next(s for s in runs_of(result) if s.type == "long")
    others = [s for s in runs_of(result) if s.type != "long"]
    assert 40 <= long.minutes <= 90
    assert all(2 * long.minutes <= 3 * s.minutes for s in others)


def test_a_soft_long_cap_is_paid_only_when_the_volume_asks_for_it(rulebook, catalogue):
    soft = rulebook.with_rule("H-LONG-CAP", kind="soft", weight=1,
                              params={"intermediate": [75, 80]})
    result = solved(volume_week(330, runs=3), soft, catalogue)
    long = next(s for s in runs_of(result) if s.type == "long")
    # 2 easy runs of 90 + a long of 80 = 260 min, far short of 314: a longer long run
    # costs 1 point once and saves a point per minute
    assert long.minutes > 80
    assert result.penalty_by_rule()["H-LONG-CAP"] == 1.0
