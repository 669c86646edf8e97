"""`weekplan check`: audit any plan table - the solver's, a coach's spreadsheet, a hand-made one.

The plan tables here are written the way a coach would: a base week that breaks no hard rule,
and one mutation per hard rule that breaks exactly that rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main
from checkout import REPO_ROOT
from models.domain.catalogue import default_catalogue
from models.domain.clock import format_hhmm, parse_hhmm, weekday_index
from models.io.athlete_file import load_athlete
from models.domain.bundled import EXAMPLES_DIR
from models.domain.rules import load_rulebook
from models.domain.week import single_week
from solver.week.solve import SolveParams, solve_week

from builders import MONDAY
from hand_athlete import ATHLETE_YAML, BASE

WIDE = {"COLUMNS": "250"}
SQUAD = REPO_ROOT / "tests" / "data" / "c1_squad"


def rows(texts: list[str]) -> list[dict]:
    """'Tue easy 07:00 [minutes]' -> a plan-table row (date, session, start, end)."""
    catalogue = default_catalogue()
    out = []
    for text in texts:
        day, kind, start, *minutes = text.split()
        length = int(minutes[0]) if minutes else catalogue[kind].minutes.default
        when = MONDAY.toordinal() + weekday_index(day)
        out.append({"date": pd.Timestamp.fromordinal(when).date().isoformat(), "session": kind,
                    "start": start, "end": format_hhmm(parse_hhmm(start) + length)})
    return out


@pytest.fixture
def hand(tmp_path) -> Path:
    path = tmp_path / "hand.yaml"
    path.write_text(ATHLETE_YAML)
    return path


def write_plan(tmp_path: Path, texts: list[str], name: str = "plan.csv") -> Path:
    path = tmp_path / name
    pd.DataFrame(rows(texts)).to_csv(path, index=False)
    return path


def check(*args: str):
    return CliRunner().invoke(main, ["check", *args], env=WIDE)


def hard_rules(output: str) -> set[str]:
    """Rule ids of the findings table's rows marked hard."""
    return set(re.findall(r"([HS]-[A-Z-]+[A-Z])\s+│\s+hard\s", output))


def total(output: str) -> float:
    return float(re.search(r"total\s+│\s+│\s+([0-9.]+)", output).group(1))


def test_the_base_plan_breaks_no_hard_rule(tmp_path, hand):
    result = check(str(write_plan(tmp_path, BASE)), "--athlete", str(hand))
    assert result.exit_code == 0, result.output
    assert "no hard rule is broken" in result.output
    assert hard_rules(result.output) == set()


MUTATIONS = [
    ("H-AVAIL", {"Tue easy 07:00": "Tue easy 05:00"}, "default"),
    ("H-OVERLAP", {"Thu easy 07:00": "Tue easy 07:20"}, "default"),
    ("H-GAP", {"Tue easy 07:00": "Mon easy 09:00"}, "default"),
    ("H-STRENGTH-HARD-DAY", {"Wed strength 07:00": "Sat strength 16:00"}, "default"),
    ("H-STRENGTH-BEFORE-HARD", {"Wed strength 07:00": "Fri strength 18:00"}, "default"),
    ("H-HARD-SPACING", {"Thu easy 07:00": "Fri tempo 07:00"}, "default"),
    ("H-REST", {}, "min_days_3"),
    ("H-STRENGTH-COUNT", {"Wed strength 07:00": None}, "default"),
    ("H-RUN-COUNT", {"Thu easy 07:00": None}, "default"),
    ("S-STRENGTH-FIRST", {"Mon strength 07:00": "Mon strength 18:00",
                          "Tue easy 07:00": "Mon easy 07:00"}, "002"),
]


@pytest.mark.parametrize("rule_id, change, rules", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_a_plan_breaking_one_hard_rule_names_that_rule(tmp_path, hand, rule_id, change, rules):
    texts = [change.get(t, t) for t in BASE]
    plan = write_plan(tmp_path, [t for t in texts if t is not None])
    if rules == "min_days_3":  # the base week has two rest days: ask for three
        rules = tmp_path / "rest.yaml"
        rules.write_text("extends: default\nrules:\n  H-REST: {params: {min_days: 3}}\n")
    result = check(str(plan), "--athlete", str(hand), "--rules", str(rules))
    assert result.exit_code == 1, result.output
    assert hard_rules(result.output) == {rule_id}
    assert "hard violation(s)" in result.output


def test_with_today_a_done_session_outside_the_windows_is_what_happened(tmp_path, hand):
    """A replanned table holds the runs as they were done: Tuesday's easy run at 05:00, before
    the window opens. Judged as a plan it breaks H-AVAIL; with --today after it, it is a
    fact - yet it still counts (drop it and the week is a run short, even with --today)."""
    plan = write_plan(tmp_path, [{"Tue easy 07:00": "Tue easy 05:00"}.get(t, t) for t in BASE])
    as_plan = check(str(plan), "--athlete", str(hand))
    assert as_plan.exit_code == 1 and hard_rules(as_plan.output) == {"H-AVAIL"}, as_plan.output
    as_done = check(str(plan), "--athlete", str(hand), "--today", "2027-01-06")
    assert as_done.exit_code == 0, as_done.output
    assert hard_rules(as_done.output) == set()
    future = check(str(plan), "--athlete", str(hand), "--today", "2027-01-05")
    assert hard_rules(future.output) == {"H-AVAIL"}, future.output  # Tuesday not yet past
    short = write_plan(tmp_path, [t for t in BASE if t != "Tue easy 07:00"], "short.csv")
    missing = check(str(short), "--athlete", str(hand), "--today", "2027-01-06")
    assert hard_rules(missing.output) == {"H-RUN-COUNT"}, missing.output


def test_check_today_must_be_a_date(tmp_path, hand):
    result = check(str(write_plan(tmp_path, BASE)), "--athlete", str(hand), "--today", "soon")
    assert result.exit_code == 2
    assert "--today" in result.output and "YYYY-MM-DD" in result.output


def test_same_plan_under_default_is_legal_when_only_002_forbids_it(tmp_path, hand):
    texts = [{"Mon strength 07:00": "Mon strength 18:00", "Tue easy 07:00": "Mon easy 07:00"}
             .get(t, t) for t in BASE]
    result = check(str(write_plan(tmp_path, texts)), "--athlete", str(hand))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("example", sorted(p for p in EXAMPLES_DIR.glob("*.yaml")
                                           if p.stem != "impossible"), ids=lambda p: p.stem)
def test_a_solver_plan_has_no_hard_violation_and_the_same_penalty(tmp_path, example):
    athlete = load_athlete(example)
    rulebook, catalogue = load_rulebook("default"), default_catalogue()
    solved = solve_week(single_week(athlete, rulebook, catalogue), rulebook, catalogue,
                        SolveParams(time_limit=5))
    if not solved.status.has_plan:
        pytest.skip(f"{example.name} has no plan in its first week")
    plan = tmp_path / "plan.csv"
    solved.to_frame().to_csv(plan, index=False)
    result = check(str(plan), "--athlete", str(example))
    assert result.exit_code == 0, result.output
    assert hard_rules(result.output) == set()
    assert total(result.output) == pytest.approx(solved.objective)


def test_a_coach_spreadsheet_with_extra_columns_is_read(tmp_path, hand):
    frame = pd.DataFrame(rows(BASE))
    frame = frame.rename(columns={"date": "Date", "session": " Session", "start": "START"})
    frame["Coach notes"] = ["legs felt heavy", "", "gym", "with club", "trail"]
    frame["weather"] = "rain"
    frame.loc[len(frame)] = ["2027-01-07", "rest", "", "", "day off", "rain"]
    path = tmp_path / "coach.csv"
    frame.to_csv(path, index=False)
    result = check(str(path), "--athlete", str(hand))
    assert result.exit_code == 0, result.output
    assert "no hard rule is broken" in result.output


def test_minutes_may_stand_in_for_end(tmp_path, hand):
    frame = pd.DataFrame(rows(BASE)).drop(columns=["end"])
    frame["minutes"] = [35, 45, 35, 45, 120]
    path = tmp_path / "plan.csv"
    frame.to_csv(path, index=False)
    assert check(str(path), "--athlete", str(hand)).exit_code == 0


@pytest.mark.parametrize("column", ["date", "session", "start", "end"])
def test_a_missing_required_column_exits_2_naming_it(tmp_path, hand, column):
    path = tmp_path / "plan.csv"
    pd.DataFrame(rows(BASE)).drop(columns=[column]).to_csv(path, index=False)
    result = check(str(path), "--athlete", str(hand))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert f"missing required column '{column}'" in lines[0]
    assert str(path) in lines[0]


def test_a_bad_cell_exits_2_naming_row_and_column(tmp_path, hand):
    frame = pd.DataFrame(rows(BASE))
    frame.loc[2, "start"] = "7am"  # the third data row: row 4 of a spreadsheet (header = 1)
    path = tmp_path / "plan.csv"
    frame.to_csv(path, index=False)
    result = check(str(path), "--athlete", str(hand))
    assert result.exit_code == 2
    assert "row 4, column 'start'" in result.stderr and "7am" in result.stderr


def test_xlsx_reads_like_csv(tmp_path, hand):
    pytest.importorskip("openpyxl")
    texts = [{"Wed strength 07:00": "Fri strength 18:00"}.get(t, t) for t in BASE]
    csv_path = write_plan(tmp_path, texts)
    xlsx_path = tmp_path / "plan.xlsx"
    frame = pd.DataFrame(rows(texts))
    frame["date"] = pd.to_datetime(frame["date"])  # Excel holds real dates and times
    frame["start"] = pd.to_datetime(frame["start"], format="%H:%M").dt.time
    frame.to_excel(xlsx_path, index=False)
    from_csv = check(str(csv_path), "--athlete", str(hand))
    from_xlsx = check(str(xlsx_path), "--athlete", str(hand))
    assert from_xlsx.exit_code == from_csv.exit_code == 1
    assert hard_rules(from_xlsx.output) == hard_rules(from_csv.output) == {"H-STRENGTH-BEFORE-HARD"}


def test_out_writes_the_findings(tmp_path, hand):
    texts = [{"Thu easy 07:00": "Fri tempo 07:00"}.get(t, t) for t in BASE]
    out = tmp_path / "findings.csv"
    result = check(str(write_plan(tmp_path, texts)), "--athlete", str(hand), "--out", str(out))
    assert result.exit_code == 1
    findings = pd.read_csv(out)
    assert list(findings.columns[:4]) == ["rule_id", "kind", "week_start", "date"]
    hard = findings[findings["kind"] == "hard"]
    assert list(hard["rule_id"]) == ["H-HARD-SPACING"]
    assert hard["source"].iloc[0] == "convention"


# ---------------------------------------------------------------- C1: the 001 and 002 presets

def _solve(athlete: Path, preset: str, folder: Path) -> Path:
    profile = load_athlete(athlete)
    rulebook, catalogue = load_rulebook(preset), default_catalogue()
    result = solve_week(single_week(profile, rulebook, catalogue), rulebook, catalogue,
                        SolveParams(time_limit=5))
    assert result.status.has_plan
    path = folder / f"{profile.id}-{preset}.csv"
    result.to_frame().to_csv(path, index=False)
    return path


def _order(plan: Path) -> list[tuple[str, str, str]]:
    frame = pd.read_csv(plan)
    return list(zip(frame["date"], frame["session"], frame["start"]))


@pytest.mark.parametrize("athlete", sorted(SQUAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_001_and_002_presets_differ_where_c1_bites(tmp_path, athlete):
    plan_001 = _solve(athlete, "001", tmp_path)
    plan_002 = _solve(athlete, "002", tmp_path)
    for plan, preset in ((plan_001, "001"), (plan_002, "002")):
        assert check(str(plan), "--athlete", str(athlete), "--rules", preset).exit_code == 0
    days = pd.read_csv(plan_001).groupby("date")["session"].apply(set)
    shares_a_day = any("strength" in day and len(day) > 1 for day in days)
    under_002 = check(str(plan_001), "--athlete", str(athlete), "--rules", "002")
    under_001 = check(str(plan_002), "--athlete", str(athlete), "--rules", "001")
    if athlete.stem == "dora":  # strength has days of its own: C1 does not bite
        assert not shares_a_day
        assert under_002.exit_code == 0 and "S-STRENGTH" not in under_002.output
        assert "S-STRENGTH" not in under_001.output
        return
    # strength shares its days with the easy runs: 001 puts it after them, 002 before
    assert shares_a_day and _order(plan_001) != _order(plan_002)
    assert under_002.exit_code == 1
    assert hard_rules(under_002.output) == {"S-STRENGTH-FIRST"}
    assert under_001.exit_code == 0  # 001 only prefers its order: a soft penalty
    assert re.search(r"S-STRENGTH-TIMING\s+│\s+2\s+│\s+40\b", under_001.output)


def test_check_of_a_block_plan_uses_the_block_targets(tmp_path):
    """A plan of several weeks is checked against the athlete's block (recovery weeks with a
    run fewer, phase strength, a base week relaxed to the athlete's own strength number),
    so `weekplan plan`'s own output passes `weekplan check` with no hard finding."""
    athlete = tmp_path / "tight.yaml"
    athlete.write_text(
        "id: tight\nstart: 2027-01-04\nweeks: 8\n"
        "targets: {runs: 4, long: 1, strength: 2}\n"
        "availability: {mon: ['06:00-07:30'], tue: ['06:00-07:30'], wed: ['06:00-07:30'],"
        " thu: ['06:00-07:30'], fri: ['06:00-07:30'], sat: ['07:00-10:00'],"
        " sun: ['06:00-07:30']}\n")
    plan = tmp_path / "plan.csv"
    planned = CliRunner().invoke(main, ["plan", str(athlete), "--out", str(plan),
                                        "--time-limit", "5"])
    assert planned.exit_code == 0, planned.output
    checked = CliRunner().invoke(main, ["check", str(plan), "--athlete", str(athlete)])
    assert checked.exit_code == 0, checked.output
    assert "no hard rule is broken" in checked.output


# ---------------------------------------------------------------- foreign plans: weeks, targets

THREE_WEEKS = ATHLETE_YAML.replace("id: hand", "id: three").replace(
    "start: 2027-01-04\n", "start: 2027-01-04\nweeks: 3\n")
MONDAYS = ["2027-01-04", "2027-01-11", "2027-01-18"]


@pytest.fixture
def three(tmp_path) -> Path:
    """A block of three weeks (base, build, taper) with the same targets as ``hand``."""
    path = tmp_path / "three.yaml"
    path.write_text(THREE_WEEKS)
    return path


def audit(tmp_path: Path, plan: Path, athlete: Path, *options: str):
    """(the CLI result, the findings table it wrote) of ``weekplan check``."""
    out = tmp_path / "findings.csv"
    result = check(str(plan), "--athlete", str(athlete), "--out", str(out), *options)
    assert result.exit_code in (0, 1), result.output
    return result, pd.read_csv(out, dtype=str, keep_default_na=False)


def messages(findings: pd.DataFrame, rule_id: str) -> list[str]:
    return list(findings.loc[findings["rule_id"] == rule_id, "message"])


def in_weeks(texts: list[str], weeks: int) -> list[dict]:
    """The rows of ``texts`` repeated in each of the first ``weeks`` weeks."""
    out = []
    for week in range(weeks):
        for row in rows(texts):
            day = pd.Timestamp(row["date"]) + pd.Timedelta(days=7 * week)
            out.append({**row, "date": day.date().isoformat()})
    return out


def write_rows(tmp_path: Path, table: list[dict], name: str = "plan.csv") -> Path:
    path = tmp_path / name
    pd.DataFrame(table, columns=["date", "session", "start", "end"]).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("targets", ["block", "ordinary"])
def test_an_empty_plan_fails_every_week_of_the_block(tmp_path, three, targets):
    result, findings = audit(tmp_path, write_rows(tmp_path, []), three, "--targets", targets)
    assert result.exit_code == 1
    runs = findings[findings["rule_id"] == "H-RUN-COUNT"]
    assert sorted(set(runs["week_start"])) == MONDAYS
    strength = findings[findings["rule_id"] == "H-STRENGTH-COUNT"]
    assert sorted(strength["week_start"]) == MONDAYS


def test_an_empty_plan_of_an_athlete_without_a_block_fails_the_start_week(tmp_path, hand):
    result, findings = audit(tmp_path, write_rows(tmp_path, []), hand)
    assert result.exit_code == 1
    assert "week of 2027-01-04 holds 0 of target 3 runs" in messages(findings, "H-RUN-COUNT")


def test_a_plan_of_rest_rows_only_fails_its_counts(tmp_path, hand):
    rest = [{"date": f"2027-01-{day:02d}", "session": "rest", "start": "", "end": ""}
            for day in range(4, 11)]
    result, findings = audit(tmp_path, write_rows(tmp_path, rest), hand)
    assert result.exit_code == 1
    assert messages(findings, "H-STRENGTH-COUNT") == [
        "week of 2027-01-04 holds 0 of target 2 strength sessions"]
    assert "week of 2027-01-04 holds 0 of target 3 runs" in messages(findings, "H-RUN-COUNT")


def test_a_week_of_the_block_without_rows_is_audited(tmp_path, three):
    plan = write_rows(tmp_path, in_weeks(BASE, 2))  # weeks 1 and 2; the taper week missing
    _, findings = audit(tmp_path, plan, three, "--targets", "ordinary")
    assert "week of 2027-01-18 holds 0 of target 3 runs" in messages(findings, "H-RUN-COUNT")


def test_ordinary_targets_audit_every_week_against_the_athletes_own(tmp_path):
    """The same legal week three times: legal with the athlete's own targets; the block
    asks its peak week for one strength session fewer, and says so as 'N of target M'."""
    three = tmp_path / "peaked.yaml"
    three.write_text(THREE_WEEKS + "phases: [base, build, peak]\n")
    plan = write_rows(tmp_path, in_weeks(BASE, 3))
    ordinary, findings = audit(tmp_path, plan, three, "--targets", "ordinary")
    assert ordinary.exit_code == 0, ordinary.output
    assert list(findings[findings["kind"] == "hard"]["rule_id"]) == []
    block, findings = audit(tmp_path, plan, three)  # the default: the block's targets
    assert block.exit_code == 1
    assert ("week of 2027-01-18 holds 2 of target 1 strength sessions"
            in messages(findings, "H-STRENGTH-COUNT"))


def test_a_lone_week_without_current_spikes_from_the_levels_shortest_long_run(tmp_path):
    """Nothing known of the athlete's recent running: the 120-minute long run is a spike
    over the intermediate's shortest long run (75 min, cap 82); `current` lifts the cap."""
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(ATHLETE_YAML.replace("current: {longest_min: 120}\n", ""))
    result, findings = audit(tmp_path, write_plan(tmp_path, BASE), unknown)
    assert result.exit_code == 1
    assert set(findings[findings["kind"] == "hard"]["rule_id"]) == {"H-SESSION-SPIKE"}
    assert "120 min is outside at most 82 min (+10% over 75 min" \
        in messages(findings, "H-SESSION-SPIKE")[0]


def test_ordinary_targets_spike_from_the_plans_own_30_days(tmp_path):
    """With --targets ordinary each week's reference is the longest run of the 30 days
    before it in the plan itself (current.longest_min 100 only before the plan): long runs
    of 110, 120 and 130 min grow within 10 % a week; 135 in the third week does not."""
    athlete = tmp_path / "growing.yaml"
    athlete.write_text(THREE_WEEKS.replace("longest_min: 120", "longest_min: 100"))
    week = [t for t in BASE if "long" not in t]

    def plan_with(longs: list[int]) -> Path:
        table = []
        for number, minutes in enumerate(longs):
            for row in rows([*week, f"Sat long 08:00 {minutes}"]):
                day = pd.Timestamp(row["date"]) + pd.Timedelta(days=7 * number)
                table.append({**row, "date": day.date().isoformat()})
        return write_rows(tmp_path, table)

    result, findings = audit(tmp_path, plan_with([110, 120, 130]), athlete,
                             "--targets", "ordinary")
    assert messages(findings, "H-SESSION-SPIKE") == [], result.output
    result, findings = audit(tmp_path, plan_with([110, 120, 135]), athlete,
                             "--targets", "ordinary")
    spikes = findings[findings["rule_id"] == "H-SESSION-SPIKE"]
    assert list(spikes["week_start"]) == ["2027-01-18"]
    assert "+10% over 120 min" in spikes["message"].iloc[0]


def test_a_session_longer_than_its_type_allows_is_an_h_length_finding(tmp_path, hand):
    texts = [{"Tue easy 07:00": "Tue easy 07:00 200"}.get(t, t) for t in BASE]
    result, findings = audit(tmp_path, write_plan(tmp_path, texts), hand)
    assert result.exit_code == 1
    assert "H-LENGTH" in set(findings[findings["kind"] == "hard"]["rule_id"])
    assert any("200" in m for m in messages(findings, "H-LENGTH"))


def test_an_error_in_the_athlete_file_names_the_athlete_file(tmp_path):
    athlete = tmp_path / "wrong.yaml"
    athlete.write_text(THREE_WEEKS + "phases: [base, build]\n")  # two phases for three weeks
    plan = write_rows(tmp_path, in_weeks(BASE, 2))
    result = check(str(plan), "--athlete", str(athlete))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith(f"error: {athlete}: phases: ")
    assert str(plan) not in lines[0]


RACE_BLOCK = ATHLETE_YAML.replace("id: hand", "id: racer").replace(
    "start: 2027-01-04\n", "start: 2027-01-04\nrace: {date: 2027-01-17, distance_km: 10}\n")


def test_a_race_row_on_race_day_is_the_race(tmp_path):
    """Race week (the second): three runs (P-TAPER keeps the run count), one strength
    session, then the race on Sunday - not a fourth run, not a session outside the (closed)
    race day, not an overlap."""
    athlete = tmp_path / "racer.yaml"
    athlete.write_text(RACE_BLOCK)
    race_week = [{**r, "date": (pd.Timestamp(r["date"]) + pd.Timedelta(days=7)).date().isoformat()}
                 for r in rows(["Mon strength 07:00", "Tue easy 07:00", "Thu easy 07:00",
                                "Fri jog 07:00"])]
    race = {"date": "2027-01-17", "session": "race", "start": "09:00", "end": "10:00"}
    plan = write_rows(tmp_path, [*rows(BASE), *race_week, race])
    result, findings = audit(tmp_path, plan, athlete)
    assert result.exit_code in (0, 1), result.output
    race_day = findings[findings["date"] == "2027-01-17"]
    assert list(race_day["rule_id"]) == []
    assert not {"H-AVAIL", "H-OVERLAP"} & set(findings["rule_id"])
    counts = findings[findings["rule_id"].isin(["H-RUN-COUNT"])
                      & (findings["week_start"] == "2027-01-11")]
    assert list(counts["message"]) == []


def test_a_race_row_off_race_day_is_an_error_naming_its_row(tmp_path, hand):
    racer = tmp_path / "racer.yaml"
    racer.write_text(RACE_BLOCK)
    tune_up = {"date": "2027-01-16", "session": "race", "start": "09:00", "end": "10:00"}
    plan = write_rows(tmp_path, [*rows(BASE), tune_up])
    result = check(str(plan), "--athlete", str(racer))
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        f"error: {plan}: row 7, column 'session': a race row on 2027-01-16, but the athlete's "
        "race is on 2027-01-17; a race row belongs on race day"]
    without_race = check(str(plan), "--athlete", str(hand))
    assert without_race.exit_code == 2
    assert "the athlete file has no race" in without_race.stderr


def test_a_plan_name_with_brackets_is_printed_as_written(tmp_path, hand):
    folder = tmp_path / "club [red]" / "week["      # the plan: .../club [red]/week[/]1.csv
    folder.mkdir(parents=True)
    plan = write_plan(folder, BASE, name="]1.csv")
    result = check(str(plan), "--athlete", str(hand))
    assert result.exit_code == 0, result.output
    assert "club [red]/week[/]1.csv" in result.output


def test_a_missing_or_undecodable_plan_says_so(tmp_path, hand):
    missing = check(str(tmp_path / "nowhere.csv"), "--athlete", str(hand))
    assert missing.exit_code == 2
    assert missing.stderr.strip() == f"error: {tmp_path / 'nowhere.csv'}: file not found"
    utf16 = tmp_path / "utf16.csv"
    utf16.write_text("date,session,start,end\n", encoding="utf-16")
    result = check(str(utf16), "--athlete", str(hand))
    assert result.exit_code == 2
    assert "not UTF-8 text" in result.stderr and "malformed" not in result.stderr


def test_the_findings_never_overwrite_the_plan_checked(tmp_path, hand):
    plan = write_plan(tmp_path, BASE)
    before = plan.read_bytes()
    result = check(str(plan), "--athlete", str(hand), "--out", str(plan))
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: --out: the findings would overwrite")
    assert plan.read_bytes() == before


@pytest.mark.parametrize("year", ["2099", "9999", "0001"])
def test_a_row_dated_years_away_is_a_typo_named_by_its_row(tmp_path, hand, year):
    table = rows(BASE)
    table[2]["date"] = year + table[2]["date"][4:]
    result = check(str(write_rows(tmp_path, table)), "--athlete", str(hand))
    assert result.exit_code == 2, result.output
    line, = result.stderr.strip().splitlines()
    assert "row 4, column 'date'" in line and "check the year" in line


def test_a_formula_cell_without_a_saved_value_is_named_not_read_as_rest(tmp_path, hand):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    table = rows(BASE)
    sheet.append(list(table[0]))
    for row in table:
        sheet.append(list(row.values()))
    sheet["B3"] = '=LOWER("EASY")'   # what a script writes: a formula nobody has computed
    path = tmp_path / "plan.xlsx"
    book.save(path)
    result = check(str(path), "--athlete", str(hand))
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        f"error: {path}: row 3, column 'session': a formula (=LOWER(\"EASY\")) without a "
        "saved value; open the workbook in a spreadsheet program and save it, or type the value")


# ---------------------------------------------------------------- foreign plans: messages

def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path, hand):
    path = tmp_path / "plan.csv"
    path.write_text("date,session,start,end\n"
                    "2027-01-04,strength,07:00,07:35\n"
                    "\n"                                  # row 3: an empty line
                    "2027-01-05,easy,7am,07:45\n")        # row 4
    result = check(str(path), "--athlete", str(hand))
    assert result.exit_code == 2
    assert f"{path}: row 4, column 'start': '7am' is not valid" in result.stderr


def test_an_unknown_type_lists_rest_among_the_accepted_ones(tmp_path, hand):
    frame = pd.DataFrame(rows(BASE))
    frame.loc[1, "session"] = "yoga"
    path = tmp_path / "plan.csv"
    frame.to_csv(path, index=False)
    result = check(str(path), "--athlete", str(hand))
    assert result.exit_code == 2
    assert "row 3, column 'session': unknown session type 'yoga'" in result.stderr
    accepted = result.stderr.split("use one of ")[1].strip().split(", ")
    assert {"easy", "strength", "hike", "rest"} <= set(accepted)


def test_a_blank_session_cell_on_a_dated_row_is_a_rest_day(tmp_path, hand):
    table = [*rows(BASE), {"date": "2027-01-08", "session": "", "start": "", "end": ""}]
    result, findings = audit(tmp_path, write_rows(tmp_path, table), hand)
    assert result.exit_code == 0, result.output
    assert list(findings[findings["kind"] == "hard"]["rule_id"]) == []


def test_a_recovery_weeks_load_finding_names_p_recovery_share(tmp_path):
    """Weeks 1-3 the base week (load 1290); week 4 of five is a recovery week, capped at
    P-RECOVERY's 80 % of the last ordinary week: 1032, not the lightest week allowed."""
    five = tmp_path / "five.yaml"
    five.write_text(ATHLETE_YAML.replace("id: hand", "id: five").replace(
        "start: 2027-01-04\n", "start: 2027-01-04\nweeks: 5\n"))
    _, findings = audit(tmp_path, write_rows(tmp_path, in_weeks(BASE, 4)), five)
    [overload] = messages(findings, "P-OVERLOAD")
    assert overload.startswith("week of 2027-01-25 holds a load of 1290")
    assert "258 over P-OVERLOAD's weekly cap of 1032" in overload
    assert "a recovery week at most P-RECOVERY's 80% of it" in overload
    assert overload.endswith("; here the cap is 80% of 1290, the load of the last ordinary "
                             "week (P-RECOVERY: a recovery week is lighter)")


def test_a_load_finding_names_the_limit_it_is_about(tmp_path, three):
    """Week 2 far heavier than week 1 and its weekend heavier than the rest: P-OVERLOAD
    names its weekly cap and which of its limits set it; S-WEEKEND-LOAD names the share."""
    week1 = ["Mon strength 07:00", "Tue easy 07:00 60", "Wed strength 07:00",
             "Thu easy 07:00 60", "Sat long 08:00 120"]
    week2 = ["Mon strength 07:00", "Tue tempo 07:00 70", "Wed strength 07:00",
             "Thu easy 07:00 90", "Sat long 08:00 180", "Sun hike 09:00 240"]
    later = [{**r, "date": (pd.Timestamp(r["date"]) + pd.Timedelta(days=7)).date().isoformat()}
             for r in rows(week2)]
    _, findings = audit(tmp_path, write_rows(tmp_path, [*rows(week1), *later]), three)
    [overload] = messages(findings, "P-OVERLOAD")
    cap = int(re.search(r"P-OVERLOAD's weekly cap of (\d+)", overload).group(1))
    assert "week of 2027-01-11 holds a load of 2800" in overload
    assert f"{2800 - cap} over P-OVERLOAD's weekly cap of {cap}" in overload
    reasons = {int(1.1 * 1380): "+10% over 1380, the load of the last ordinary week"}
    assert f"; here the cap is {reasons.get(cap, '')}" in overload
    [weekend] = messages(findings, "S-WEEKEND-LOAD")
    assert "Saturday and Sunday carry 1620 of the week's load of 2800" in weekend
    assert "S-WEEKEND-LOAD allows them 55% of the week" in weekend
