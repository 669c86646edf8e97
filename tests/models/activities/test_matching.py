"""Matching activities to planned sessions: an assignment, one-to-one, deterministic, and
never across sports (property-tested with hypothesis)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from builders import MONDAY, make_session
from models.activities.activity import SPORTS, Activity
from models.activities.matching import compatible, match
from models.domain.catalogue import default_catalogue

CATALOGUE = default_catalogue()
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TYPES = ("easy", "jog", "long", "hill", "sprint", "tempo", "strength", "hike")


def activity(day: int, hour: int, minutes: float, sport: str = "run", n: int = 0) -> Activity:
    start = datetime.combine(MONDAY + timedelta(days=day), datetime.min.time(),
                             tzinfo=timezone.utc) + timedelta(hours=hour)
    return Activity("ana", f"a{day}-{hour}-{n}", "x.fit", sport, start, minutes, "moving")


def test_on_the_same_day_the_start_counts_before_the_length():
    # a long morning run and a short evening one: the jog was overdone, the hill cut short
    jog = make_session("Tue jog 07:00 25", CATALOGUE)
    hill = make_session("Tue hill 18:00 60", CATALOGUE)
    morning, evening = activity(1, 7, 58, n=1), activity(1, 18, 26, n=2)
    pairs = dict((s.type, a) for s, a in match([jog, hill], [evening, morning]).pairs)
    assert pairs == {"jog": morning, "hill": evening}


def test_the_assignment_is_global_not_first_come():
    # First come, in time order, Sunday's run would take Monday's session (done a day
    # early) and Monday's own run would be left unplanned; the assignment keeps Monday's
    # run for Monday's session.
    monday = make_session("Mon easy 07:00 45", CATALOGUE)
    sunday_run, monday_run = activity(-1, 7, 45, n=1), activity(0, 7, 45, n=2)
    result = match([monday], [sunday_run, monday_run])
    assert result.pairs == [(monday, monday_run)]
    assert result.unmatched_activities == [sunday_run]


def test_one_same_day_pair_beats_two_moved_ones():
    monday = make_session("Mon easy 18:00 45", CATALOGUE)
    tuesday = make_session("Tue easy 18:00 45", CATALOGUE)
    sunday_run, monday_run = activity(-1, 18, 45, n=1), activity(0, 18, 45, n=2)
    result = match([monday, tuesday], [sunday_run, monday_run])
    assert result.pairs == [(monday, monday_run)]
    assert result.unmatched_sessions == [tuesday]


def test_a_session_done_a_day_late_is_taken_and_two_days_late_is_not():
    hill = make_session("Tue hill 18:00 60", CATALOGUE)
    assert match([hill], [activity(2, 18, 60)]).pairs
    assert not match([hill], [activity(3, 18, 60)]).pairs
    assert match([hill], [activity(3, 18, 60)], moved_days=2).pairs


def test_the_same_day_wins_over_a_moved_day():
    hill = make_session("Tue hill 18:00 60", CATALOGUE)
    today, late = activity(1, 6, 40), activity(2, 18, 60)
    assert match([hill], [late, today]).pairs == [(hill, today)]


sessions_strategy = st.lists(
    st.tuples(st.integers(0, 6), st.sampled_from(TYPES), st.integers(6, 20)),
    max_size=10, unique_by=lambda t: (t[0], t[2]))
activities_strategy = st.lists(
    st.tuples(st.integers(0, 6), st.integers(5, 21), st.floats(5, 300),
              st.sampled_from(SPORTS)), max_size=12)


@settings(max_examples=150, deadline=None)
@given(sessions_strategy, activities_strategy)
def test_matching_is_one_to_one_deterministic_and_never_across_sports(planned, recorded):
    sessions = [make_session(f"{DAYS[d]} {kind} {hour:02d}:00", CATALOGUE)
                for d, kind, hour in planned]
    activities = [activity(d, hour, minutes, sport, n)
                  for n, (d, hour, minutes, sport) in enumerate(recorded)]
    result = match(sessions, activities)
    taken_sessions = [id(s) for s, _ in result.pairs]
    taken_activities = [a.activity_id for _, a in result.pairs]
    assert len(set(taken_sessions)) == len(taken_sessions)
    assert len(set(taken_activities)) == len(taken_activities)
    assert all(compatible(s, a) for s, a in result.pairs)
    assert all(a.sport not in ("ride", "other") for _, a in result.pairs)
    assert len(result.pairs) + len(result.unmatched_sessions) == len(sessions)
    assert len(result.pairs) + len(result.unmatched_activities) == len(activities)
    again = match(list(reversed(sessions)), list(reversed(activities)))
    assert [(s, a.activity_id) for s, a in again.pairs] == \
        [(s, a.activity_id) for s, a in result.pairs]
