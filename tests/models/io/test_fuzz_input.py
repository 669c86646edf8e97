"""Fuzzing the input layer: arbitrary (valid and invalid) athlete dicts, plan tables and
files either load or raise the project's InputError - never anything else - and the CLI
never prints a traceback."""

from __future__ import annotations

import string

import pandas as pd
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from models.io.plan_rows import sessions_from_frame
from models.domain.catalogue import default_catalogue
from models.domain.errors import InputError
from models.io.athlete_file import athlete_from_dict
from models.domain.rules import default_rulebook
from models.domain.week import default_targets

FUZZ = settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", 300)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

junk = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
    st.text(max_size=12), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
times = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 26), st.sampled_from([0, 5, 30, 61]))
windows = st.one_of(st.builds(lambda a, b: f"{a}-{b}", times, times), junk)
day_names = st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun", "Monday", "mondy", "", "x"])
dates = st.one_of(st.dates().map(str), st.sampled_from(["2027-01-04", "2027-01-05", "2027-02-30", "soon"]))
session_types = st.sampled_from(["easy", "jog", "long", "tempo", "hill", "sprint", "strength",
                                 "hike", "rest", "swim", ""])

athlete_dicts = st.fixed_dictionaries(
    {"id": st.one_of(st.text(string.ascii_letters + "-_ /", max_size=10), junk),
     "start": st.one_of(dates, junk)},
    optional={
        "name": st.one_of(st.text(max_size=10), junk),
        "level": st.one_of(st.sampled_from(["beginner", "intermediate", "advanced", "pro"]), junk),
        "bodyweight_kg": st.one_of(st.floats(-10, 400), junk),
        "timezone": st.one_of(st.sampled_from(["UTC", "Europe/Madrid", "Mars/Olympus"]), junk),
        "weeks": st.one_of(st.integers(-2, 200), junk),
        "race": st.one_of(st.fixed_dictionaries({"date": dates}, optional={
            "elevation_m": st.integers(-100, 50000)}), junk),
        "targets": st.one_of(st.fixed_dictionaries({}, optional={
            "runs": st.integers(-3, 300), "long": st.integers(-1, 9),
            "strength": st.integers(-1, 9), "hike_minutes": st.integers(-10, 10**5),
            "minutes": st.dictionaries(session_types, st.integers(-5, 400), max_size=2)}), junk),
        "availability": st.one_of(st.dictionaries(day_names, st.lists(windows, max_size=3),
                                                  max_size=7), junk),
        "exceptions": st.one_of(st.dictionaries(dates, st.lists(windows, max_size=2), max_size=2),
                                junk),
        "preferences": st.one_of(st.dictionaries(session_types, st.lists(day_names, max_size=2),
                                                 max_size=2), junk),
    },
)


@FUZZ
@given(athlete_dicts)
def test_any_athlete_dict_loads_or_raises_input_error(raw):
    try:
        athlete = athlete_from_dict(raw, "fuzz.yaml")
    except InputError as error:
        assert error.line().startswith("fuzz.yaml")
        return
    try:
        default_targets(athlete, default_rulebook(), default_catalogue())
    except InputError:
        pass


cells = st.one_of(st.none(), st.text(max_size=8), st.integers(-100, 3000), st.floats(allow_nan=True),
                  times, dates, session_types)
plan_rows = st.lists(
    st.fixed_dictionaries({"date": cells, "session": cells, "start": cells, "end": cells},
                          optional={"minutes": cells, "rpe": cells, "athlete_id": cells,
                                    "extra": cells}),
    max_size=6,
)


@FUZZ
@given(plan_rows)
def test_any_plan_table_reads_or_raises_input_error(rows):
    frame = pd.DataFrame(rows, columns=["date", "session", "start", "end"] if not rows else None)
    for column in ("date", "session", "start", "end"):
        if column not in frame.columns:
            frame[column] = None
    try:
        sessions_from_frame(frame, default_catalogue())
    except InputError:
        pass


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_cli_never_prints_a_traceback_on_any_file(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "athlete.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["phases", str(path)])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
