"""Squad sessions: group sessions, shared facilities, joint and sequential solving.

Every solver plan here is checked by the plain-Python auditors: models/audit/week.py for each
athlete's own rules (no hard finding, penalty equal to the solver's objective) and
models/audit/squad.py for the squad rules (capacities, opening hours, attendance).
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from cli import main
from squads import ALL_OPEN, setup_of
from models.domain.athlete import Athlete
from models.audit.week import audit_week
from models.domain.catalogue import default_catalogue
from models.squad.groups import load_groups, resolve
from models.domain.plan import PLAN_COLUMNS, SQUAD_COLUMNS, Session, sessions_frame
from models.squad.rosters import roster_frame
from models.domain.rules import default_rulebook, load_rulebook
from models.squad.forms import load_squad
from models.audit.squad import audit_squad, facility_findings, plans_from_frame
from models.domain.week import single_week
from solver.squad.joint_week import solve_group_week
from solver.week.solve import SolveParams, solve_week

MONDAY = date(2027, 1, 4)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARAMS = SolveParams(time_limit=10)


def athlete(athlete_id: str, availability: dict, group: str | None = "club", **targets):
    return Athlete(id=athlete_id, start=MONDAY, group=group, availability=availability,
                   targets={"runs": 2, "long": 0, "strength": 2, **targets})




def solve(athletes, setup, mode="auto", **kwargs):
    rulebook, catalogue = default_rulebook(), default_catalogue()
    specs = [single_week(a, rulebook, catalogue) for a in athletes]
    return solve_group_week(specs, setup, rulebook, catalogue, PARAMS, mode=mode, **kwargs)


def plans(week) -> dict[str, list[Session]]:
    return {a: r.plan.sessions for a, r in week.results.items() if r.plan is not None}


def audited(week, athletes, setup):
    """Both auditors agree with the solver: legal plans, same penalties; the squad report."""
    rulebook, catalogue = default_rulebook(), default_catalogue()
    for a in athletes:
        result = week.results[a.id]
        assert result.status.has_plan, (a.id, result.message)
        own = audit_week(single_week(a, rulebook, catalogue), result.plan.sessions, rulebook,
                         catalogue)
        assert own.ok, [f.message for f in own.hard_findings]
        assert own.penalty_cp == round(result.objective * 100)
    squad = audit_squad(plans(week), {a.id: a for a in athletes}, setup, rulebook,
                        {a.id: [MONDAY] for a in athletes})
    assert squad.ok, [f.message for f in squad.hard_findings]
    assert squad.penalty_cp == week.attend_penalty_cp
    return squad


# ---------------------------------------------------------------- capacity

EVENINGS = {day: ["18:00-19:00"] for day in DAYS}
GYM = [{"id": "gym", "capacity": 1, "hours": ALL_OPEN}]


def test_facility_capacity_is_never_exceeded_although_each_athlete_alone_would_collide():
    squad = [athlete(f"e{i}", EVENINGS) for i in range(3)]
    setup = setup_of(squad, facilities=GYM, requires={"strength": "gym"})
    alone = {a.id: solve_week(single_week(a, default_rulebook(), default_catalogue()),
                              default_rulebook()).plan.sessions for a in squad}
    assert facility_findings(alone, setup), "the test needs athletes whose own optima collide"
    for mode in ("auto", "joint", "sequential"):
        week = solve(squad, setup, mode)
        audited(week, squad, setup)
        used = [(s.date, s.start) for sessions in plans(week).values() for s in sessions
                if s.facility == "gym"]
        assert len(used) == 6 and len(set(d for d, _ in used)) == 6, mode  # one at a time


def test_colliding_own_optima_are_re_timed_and_stay_proven_optimal():
    # Both alone start strength at 18:00 on Tuesday, on the one gym place. In squad order
    # "wide" keeps 18:00 and "narrow" (40 minutes of window) finds no place at all; moving
    # "wide" to 18:35 keeps both at their own optimum, without the joint model's search.
    squad = [athlete("wide", {"tue": ["18:00-20:00"]}, runs=0, strength=1),
             athlete("narrow", {"tue": ["18:00-18:40"]}, runs=0, strength=1)]
    setup = setup_of(squad, facilities=GYM, requires={"strength": "gym"})
    rulebook, catalogue = default_rulebook(), default_catalogue()
    alone = {a.id: solve_week(single_week(a, rulebook, catalogue), rulebook) for a in squad}
    assert facility_findings({a: r.plan.sessions for a, r in alone.items()}, setup), \
        "the test needs athletes whose own optima collide"
    week = solve(squad, setup)
    audited(week, squad, setup)
    assert week.mode == "joint" and "re-timed" in week.note
    assert all(r.status.name == "optimal" for r in week.results.values())
    assert not solve(squad, setup, "sequential").results["narrow"].status.has_plan
    assert {a: r.objective for a, r in week.results.items()} == \
        {a: r.objective for a, r in alone.items()}
    assert week.objective_cp == solve(squad, setup, "joint").objective_cp


def test_the_squad_auditor_reports_a_full_gym_and_closed_hours():
    squad = [athlete("p", ALL_OPEN), athlete("q", ALL_OPEN)]
    setup = setup_of(squad, facilities=[{"id": "gym", "capacity": 1,
                                         "hours": {"mon": ["06:00-12:00"]}}],
                     requires={"strength": "gym"})
    strength = Session(date=MONDAY, type="strength", start=10 * 60, minutes=35, rpe=6,
                       running=False, hard=False)
    late = strength.model_copy(update={"start": 11 * 60 + 45})
    report = audit_squad({"p": [strength], "q": [strength, late]}, {}, setup,
                         default_rulebook())
    assert {f.rule_id for f in report.hard_findings} == {"H-FACILITY-CAPACITY",
                                                         "H-FACILITY-HOURS"}
    full = next(f for f in report.hard_findings if f.rule_id == "H-FACILITY-CAPACITY")
    assert full.violations == 1 and "gym holds 2 people at 10:00" in full.message


def test_group_session_capacity_holds():
    squad = [athlete(f"c{i}", ALL_OPEN, runs=3) for i in range(4)]
    setup = setup_of(squad, group_sessions=[{
        "id": "tue-hills", "weekday": "tue", "start": "18:30", "end": "19:30",
        "session": "hill", "capacity": 2, "invite": ["club"]}])
    week = solve(squad, setup)
    audited(week, squad, setup)
    assert week.attending == 2 and week.invited == 4
    assert week.attend_penalty_cp == 2 * default_rulebook()["S-GROUP-ATTEND"].weight_cp


# ---------------------------------------------------------------- attendance

HILLS = {"id": "tue-hills", "weekday": "tue", "start": "18:30", "end": "19:30",
         "session": "hill", "location": "North park", "coach": "Marta", "invite": ["club"]}
LONG = {"id": "sat-long", "weekday": "sat", "start": "08:00", "end": "10:00",
        "session": "long", "invite": ["club"]}


def test_an_athlete_not_available_at_the_group_time_is_not_forced_into_it():
    busy_tuesday = {**ALL_OPEN, "tue": ["06:00-08:00"]}
    squad = [athlete("free", ALL_OPEN, runs=3, long=1),
             athlete("busy", busy_tuesday, runs=3, long=1)]
    setup = setup_of(squad, group_sessions=[HILLS, LONG])
    week = solve(squad, setup)
    report = audited(week, squad, setup)
    busy = plans(week)["busy"]
    assert not any(s.group_session == "tue-hills" for s in busy)
    assert all(s.start < 8 * 60 for s in busy if s.date == MONDAY + timedelta(days=1))
    assert not [f for f in report.soft_findings if f.sessions == "busy"
                and "tue-hills" in f.message]  # excused, not penalised
    assert any(s.group_session == "tue-hills" for s in plans(week)["free"])


def test_with_ample_capacity_every_invited_and_available_athlete_attends():
    evenings_and_weekends = {**{d: ["06:00-07:30", "17:30-21:00"] for d in DAYS[:5]},
                             "sat": ["07:00-12:00"], "sun": ["07:00-12:00"]}
    squad = [athlete(f"r{i}", evenings_and_weekends, runs=4, long=1) for i in range(5)]
    squad.append(athlete("late", {**evenings_and_weekends, "sat": ["09:00-12:00"]},
                         runs=4, long=1))
    setup = setup_of(squad, facilities=[{"id": "gym", "capacity": 10, "hours": ALL_OPEN}],
                     requires={"strength": "gym"}, group_sessions=[HILLS, LONG])
    week = solve(squad, setup)
    report = audited(week, squad, setup)
    assert week.invited == 11 and week.attending == 11 and report.penalty_cp == 0
    roster = roster_frame(plans(week), {a.id: a for a in squad}, setup)
    assert roster[["group_session", "invited", "available", "attending"]].values.tolist() == [
        ["tue-hills", 6, 6, 6], ["sat-long", 6, 5, 5]]
    assert "r0" in roster.loc[0, "athletes"] and "late" not in roster.loc[1, "athletes"]


def test_joint_and_sequential_pass_the_auditor_and_joint_attends_at_least_as_often():
    # A prefers strength on Tuesday; solved first, A takes the one gym place the Tuesday
    # circuit (B only) needs. The joint model moves A to Wednesday (5 points) so that B
    # attends (30 points saved); the sequential one cannot.
    a = athlete("a", {"tue": ["18:00-18:40"], "wed": ["18:00-18:40"]}, runs=0, strength=1)
    a = a.model_copy(update={"preferences": {"strength": ["tue"]}})
    b = athlete("b", {"tue": ["18:00-18:40"], "thu": ["18:00-18:40"]}, runs=0, strength=1)
    circuit = {"id": "tue-circuit", "weekday": "tue", "start": "18:00", "end": "18:35",
               "session": "strength", "invite": ["b"]}
    setup = setup_of([a, b], facilities=GYM, requires={"strength": "gym"},
                     group_sessions=[circuit])
    joint = solve([a, b], setup, "joint")
    sequential = solve([a, b], setup, "sequential")
    audited(joint, [a, b], setup)
    audited(sequential, [a, b], setup)
    assert joint.attending >= sequential.attending
    assert (joint.attending, sequential.attending) == (1, 0)
    assert joint.objective_cp < sequential.objective_cp
    auto = solve([a, b], setup)
    assert auto.mode == "joint" and auto.objective_cp == joint.objective_cp


def test_a_group_too_large_for_the_joint_model_is_solved_in_sequence_and_says_so():
    squad = [athlete(f"e{i}", EVENINGS) for i in range(3)]
    setup = setup_of(squad, facilities=GYM, requires={"strength": "gym"})
    week = solve(squad, setup, max_joint=2)
    assert week.mode == "sequential" and "joint.max_athletes 2" in week.note
    audited(week, squad, setup)


def test_an_athlete_alone_is_planned_exactly_as_weekplan_solve_plans_them():
    loner = athlete("solo", {**ALL_OPEN, "sun": []}, group=None, runs=4, long=1)
    setup = setup_of([loner])
    week = solve([loner], setup)
    plain = solve_week(single_week(loner, default_rulebook(), default_catalogue()),
                       default_rulebook())
    assert week.mode == "alone"
    assert week.results["solo"].objective == plain.objective
    assert week.results["solo"].plan.sessions == plain.plan.sessions


# ---------------------------------------------------------------- tables

def test_plan_table_gains_the_squad_columns_only_when_used():
    s = Session(date=MONDAY, type="easy", start=420, minutes=45, rpe=3, running=True,
                hard=False)
    assert list(sessions_frame("x", [s]).columns) == list(PLAN_COLUMNS)
    tagged = sessions_frame("x", [s.model_copy(update={"group_session": "g"})])
    assert list(tagged.columns) == [*PLAN_COLUMNS, *SQUAD_COLUMNS]
    assert tagged[["group_session", "facility"]].values.tolist() == [["g", ""]]
    assert list(sessions_frame("x", [s], squad_columns=True).columns)[-2:] == list(SQUAD_COLUMNS)


# ---------------------------------------------------------------- input

def write_squad(folder, groups: dict, group_column: bool = True):
    folder.mkdir(parents=True, exist_ok=True)
    header = "id,name,start,weeks,targets" + (",group" if group_column else "")
    rows = [f"{who},{who.title()},2027-01-04,2,runs=3;long=1;strength=2"
            + ((",club" if who != "cy" else ",") if group_column else "")
            for who in ("ana", "ben", "cy")]
    (folder / "athletes.csv").write_text("\n".join([header, *rows]) + "\n")
    availability = ["athlete_id,day,start,end"]
    for who in ("ana", "ben", "cy"):
        for day in DAYS:
            availability += [f"{who},{day},06:00,08:00", f"{who},{day},17:00,21:00"]
    availability = [r for r in availability if not r.startswith("cy,tue,17")]
    (folder / "availability.csv").write_text("\n".join(availability) + "\n")
    (folder / "groups.yaml").write_text(yaml.safe_dump(groups, sort_keys=False))
    return folder


GROUPS = {
    "facilities": [{"id": "gym", "capacity": 1, "hours": {d: ["06:00-22:00"] for d in DAYS}}],
    "requires": {"strength": "gym"},
    "group_sessions": [{**HILLS, "invite": ["club", "cy"]}],
}


@pytest.mark.parametrize("change, field, problem", [
    ({"group_sessions": [{**HILLS, "invite": ["nobody"]}]}, "group_sessions.tue-hills.invite",
     "unknown athlete or training group 'nobody'"),
    ({"requires": {"strength": "pool"}}, "requires.strength", "unknown facility 'pool'"),
    ({"group_sessions": [{**HILLS, "session": "yoga"}]}, "group_sessions.tue-hills.session",
     "unknown session type 'yoga'"),
    ({"group_sessions": [{**HILLS, "weekday": "tuesdy"}]}, "group_sessions.tue-hills.weekday",
     "'tuesdy' is not a weekday"),
    ({"group_sessions": [{**HILLS, "end": "21:00"}]}, "group_sessions.tue-hills.end",
     "150 min is outside the allowed 45-75 min for hill"),
    ({"group_sessions": [HILLS, HILLS]}, "group_sessions.tue-hills", "used twice"),
    ({"training_groups": {"club": ["ana", "zed"]}}, "training_groups.club",
     "unknown athlete 'zed'"),
    ({"training_groups": {"other": ["ana"]}}, "training_groups.other",
     "athlete 'ana' is in training group 'club' already"),
    ({"facilities": [{"id": "gym", "capacity": 0, "hours": {}}]}, "facilities.gym.capacity",
     "greater than or equal to 1"),
    ({"facilities": [{"id": "gym", "capacity": 2, "hours": {"tue": ["06:00-12:00"]}}],
      "requires": {"hill": "gym"}}, "group_sessions.tue-hills.start",
     "outside the opening hours of gym on tue (06:00-12:00)"),
])
def test_bad_squad_data_is_one_line_naming_file_field_and_problem(tmp_path, change, field,
                                                                    problem):
    folder = write_squad(tmp_path / "squad", {**GROUPS, **change})
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(tmp_path / "out"),
                                       "--workers", "1", "--quiet"])
    assert result.exit_code == 2, result.output
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("error: ") or "groups.yaml" in line
    assert f"groups.yaml: {field}: " in line and problem in line, line
    assert "Traceback" not in result.output


def test_training_groups_from_the_csv_column_or_the_groups_file_agree(tmp_path):
    by_column = write_squad(tmp_path / "one", GROUPS)
    by_file = write_squad(tmp_path / "two", {**GROUPS, "training_groups": {"club": ["ana",
                                                                                    "ben"]}},
                          group_column=False)
    setups = []
    for folder in (by_column, by_file):
        athletes, problems = load_squad(folder)
        assert problems == []
        setups.append(resolve(load_groups(folder), athletes))
    assert setups[0].group_of == setups[1].group_of == {"ana": "club", "ben": "club", "cy": ""}
    assert setups[0].invited["tue-hills"] == {"ana", "ben", "cy"}
    assert [u.athletes for u in setups[0].units(["ana", "ben", "cy"])] == [["ana", "ben", "cy"]]


def test_a_squad_yaml_file_holds_the_sections_next_to_its_athletes(tmp_path):
    path = tmp_path / "squad.yaml"
    path.write_text(yaml.safe_dump({
        "athletes": [{"id": "ana", "start": "2027-01-04", "group": "club",
                      "availability": {"tue": ["17:00-20:00"]}}],
        **GROUPS}, sort_keys=False))
    athletes, problems = load_squad(path)
    groups = load_groups(path)
    assert problems == [] and athletes[0].group == "club"
    assert [s.id for s in groups.group_sessions] == ["tue-hills"]
    folder = tmp_path / "folder"
    folder.mkdir()
    assert load_groups(folder) is None  # no groups.yaml, no squad.yaml: no squad sessions
    (folder / "squad.yaml").write_text(path.read_text())
    assert [s.id for s in load_groups(folder).group_sessions] == ["tue-hills"]


# ---------------------------------------------------------------- batch

def test_batch_plans_units_jointly_and_writes_rosters_calendars_and_squad_columns(tmp_path):
    folder = write_squad(tmp_path / "squad", GROUPS)
    out = tmp_path / "out"
    # a base week's three strength sessions, spaced a day apart and off the eve of a key run
    # (H-STRENGTH-SPACING, S-EVE-OF-KEY), make Tuesday's group hills cost 30 points; the
    # club values its group session more than the default 30 for missing it
    club = tmp_path / "club.yaml"
    club.write_text("extends: default\nrules:\n  S-GROUP-ATTEND: {weight: 100}\n")
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), "--workers",
                                       "1", "--quiet", "--rules", str(club)])
    assert result.exit_code == 0, result.output
    assert "1 unit: club+cy joint" in result.output
    units = pd.read_csv(out / "groups.csv")
    assert units.loc[0, "mode"] == "joint" and units.loc[0, "weeks_joint"] == 2
    assert units.loc[0, "squad_hard_findings"] == 0
    table = pd.read_parquet(out / "plans.parquet")
    assert list(table.columns) == [*PLAN_COLUMNS, *SQUAD_COLUMNS]
    athletes, _ = load_squad(folder)
    setup = resolve(load_groups(folder), athletes)
    squad_plans = plans_from_frame(table, default_catalogue())
    report = audit_squad(squad_plans, {a.id: a for a in athletes}, setup, load_rulebook(club))
    assert report.ok and len(table[table["facility"] == "gym"]) == 2 * 2 * 3
    rosters = pd.read_csv(out / "rosters.csv")
    assert rosters["group_session"].tolist() == ["tue-hills", "tue-hills"]
    assert rosters["invited"].tolist() == [3, 3] and rosters["available"].tolist() == [2, 2]
    assert rosters["attending"].tolist() == [2, 2]
    assert "Ana (ana)" in rosters.loc[0, "athletes"]
    ics = (out / "calendars" / "ana.ics").read_text().replace("\n ", "")  # unfold (RFC 5545)
    assert ics.count("LOCATION:North park") == 2 and "Group session tue-hills with Marta" in ics
    import openpyxl

    book = openpyxl.load_workbook(out / "rosters.xlsx", read_only=True)
    assert book.sheetnames == ["rosters", "units"]
    assert pd.read_excel(out / "rosters.xlsx")["attending"].tolist() == [2, 2]
    again = CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), "--workers",
                                      "1", "--quiet", "--resume", "--rules", str(club)])
    assert again.exit_code == 0 and "planned 0, 3 already complete" in again.output
    report_html = tmp_path / "report.html"
    shown = CliRunner().invoke(main, ["report", str(out), "--out", str(report_html),
                                      "--squad", str(folder)])
    assert shown.exit_code == 0, shown.output
    assert 'id="rosters"' in report_html.read_text() and "North park" in report_html.read_text()


def test_a_unit_relaxes_the_extra_base_strength_session_like_plan_block():
    """In a squad unit too, a base week with no room for P-STRENGTH-TAPER's extra strength
    session (round 1's params: round 2 never raises the athlete's number) is planned with the
    athlete's own number, not left without a plan."""
    from solver.squad.unit_block import plan_unit
    from solver.block.plan import plan_block

    tight = Athlete(id="tight", start=MONDAY, weeks=8, group="club",
                    availability={day: ["06:00-07:30"] for day in DAYS if day != "sat"}
                    | {"sat": ["07:00-10:00"]},
                    targets={"runs": 4, "long": 1, "strength": 2})
    roomy = Athlete(id="roomy", start=MONDAY, weeks=8, group="club", availability=ALL_OPEN,
                    targets={"runs": 4, "long": 1, "strength": 2})
    setup = setup_of([tight, roomy])
    rulebook = default_rulebook().with_rule("P-STRENGTH-TAPER",
                                            params={"base": [2, 3], "base_extra": 1})
    catalogue = default_catalogue()
    unit = plan_unit("club", [tight, roomy], setup, rulebook, catalogue, PARAMS)
    first = unit.blocks["tight"].weeks[0]
    assert first.status.has_plan
    assert sum(s.type == "strength" for s in first.plan.sessions) == 2
    assert any("no room for the extra base session" in n
               for n in unit.blocks["tight"].phases[0].notes)
    alone = plan_block(tight, rulebook, catalogue, PARAMS)
    assert [s.type for s in alone.weeks[0].plan.sessions] == \
        [s.type for s in first.plan.sessions]


def test_a_re_solve_of_the_week_solves_alone_only_the_athletes_whose_spec_changed():
    # plan_unit re-solves a week when it relaxes one athlete's strength number; the others'
    # weeks alone are the same models, so their solves are reused, not repeated
    squad = [athlete(f"e{i}", EVENINGS) for i in range(3)]
    setup = setup_of(squad, facilities=GYM, requires={"strength": "gym"})
    rulebook, catalogue = default_rulebook(), default_catalogue()
    specs = [single_week(a, rulebook, catalogue) for a in squad]
    cache = {}
    week = solve_group_week(specs, setup, rulebook, catalogue, PARAMS, cache=cache)
    changed = [*squad[:2], athlete("e2", EVENINGS, strength=1)]  # e2 asks less strength
    again = solve_group_week([*specs[:2], single_week(changed[2], rulebook, catalogue)],
                             setup, rulebook, catalogue, PARAMS, cache=cache)
    monday = specs[0].week_start
    assert [len(cache[(a.id, monday)]) for a in squad] == [1, 1, 2]  # only e2 solved again
    audited(week, squad, setup)
    audited(again, changed, setup)
    assert sum(s.type == "strength" for s in again.results["e2"].plan.sessions) == 1


def test_among_plans_of_equal_penalty_the_one_at_the_group_session_is_chosen():
    # staying away costs nothing here (weight 0): the early runs win the start-time tie
    # break, yet the squad would rather see the athlete at the session
    rulebook = default_rulebook().with_rule("S-GROUP-ATTEND", weight=0)
    catalogue = default_catalogue()
    squad = [athlete("free", ALL_OPEN, runs=3), athlete("other", ALL_OPEN, runs=3)]
    setup = setup_of(squad, group_sessions=[HILLS])
    specs = [single_week(a, rulebook, catalogue) for a in squad]
    week = solve_group_week(specs, setup, rulebook, catalogue, PARAMS)
    assert week.invited == 2 and week.attending == 2
    for spec in specs:
        alone = solve_week(spec, rulebook, catalogue)
        assert week.results[spec.athlete.id].objective == alone.objective
        assert not any(s.start == 18 * 60 + 30 for s in alone.plan.sessions)


@pytest.mark.parametrize("volume", [{"run_minutes": 150}, {}], ids=["lengths decided",
                                                                   "planned lengths"])
def test_a_runner_whose_long_run_is_capped_below_the_group_run_joins_it_and_turns_back(volume):
    """The Saturday group long run lasts two hours; an athlete whose longest run of late was
    80 minutes may run at most 1.1 x that (H-SESSION-SPIKE). They still attend: a long run
    that starts with the group and ends before it does. Before, a group run longer than the
    athlete's cap was an absence nobody could avoid - or, where run lengths are not
    decisions (no volume target), a two-hour run the auditor rejects."""
    capped = Athlete(id="capped", start=MONDAY, group="club", availability=ALL_OPEN,
                     targets={"runs": 3, "long": 1, "strength": 2, **volume},
                     current={"weekly_min": 150, "longest_min": 80})
    setup = setup_of([capped], group_sessions=[LONG])
    week = solve([capped], setup)
    report = audited(week, [capped], setup)
    (joined,) = [s for s in plans(week)["capped"] if s.group_session == "sat-long"]
    assert joined.type == "long" and joined.start == 8 * 60
    assert 75 <= joined.minutes <= 88 < 120  # the level's range under the spike cap
    assert week.attending == week.invited == 1 and report.penalty_cp == 0
    roster = roster_frame(plans(week), {"capped": capped}, setup)
    assert roster.loc[0, "athletes"] == f"capped, {joined.minutes} min"  # leaves early


@pytest.mark.parametrize("start, end, joins", [("08:00", "09:10", True), ("08:00", "10:00", True),
                                               ("08:15", "09:30", False),
                                               ("08:00", "10:30", False)])
def test_the_squad_auditor_accepts_a_group_run_left_early_but_not_a_late_start_or_overrun(
        start, end, joins):
    member = athlete("m", ALL_OPEN, runs=1, long=1)
    setup = setup_of([member], group_sessions=[LONG])
    catalogue = default_catalogue()
    begin = int(start[:2]) * 60 + int(start[3:])
    minutes = int(end[:2]) * 60 + int(end[3:]) - begin
    run = Session(date=MONDAY + timedelta(days=5), type="long", start=begin, minutes=minutes,
                  rpe=catalogue["long"].rpe, running=True, hard=False,
                  group_session="sat-long")
    report = audit_squad({"m": [run]}, {"m": member}, setup, default_rulebook(),
                         {"m": [MONDAY]})
    mismatches = [f for f in report.hard_findings if f.rule_id == "H-GROUP-MATCH"]
    assert (not mismatches) is joins, [f.message for f in mismatches]


@pytest.mark.parametrize("gym_places", [1, 3])
def test_a_unit_takes_its_athletes_solves_alone_and_plans_exactly_as_without_them(
        gym_places, monkeypatch):
    """Each athlete planned alone through their block first (as a batch does on spare
    workers): the unit takes those solves wherever its week is the same and plans exactly
    what it plans without them. With room for all, it solves nothing alone again; with a
    gym for one, the plans alone clash and the unit solves what it must."""
    import solver.squad.joint_week as joint_week
    from solver.squad.unit_block import plan_unit

    squad = [athlete(f"e{i}", EVENINGS).model_copy(update={"weeks": 2}) for i in range(3)]
    setup = setup_of(squad, facilities=[{"id": "gym", "capacity": gym_places,
                                         "hours": ALL_OPEN}], requires={"strength": "gym"})
    rulebook, catalogue = default_rulebook(), default_catalogue()
    plain = plan_unit("club", squad, setup, rulebook, catalogue, PARAMS)
    cache: dict = {}
    for one in squad:
        plan_unit("club", [one], setup, rulebook, catalogue, PARAMS, cache=cache)
    solved_alone = []
    real = joint_week._alone
    monkeypatch.setattr(joint_week, "_alone",
                        lambda spec, *args: solved_alone.append(spec) or real(spec, *args))
    cached = plan_unit("club", squad, setup, rulebook, catalogue, PARAMS, cache=cache)
    for one in squad:
        assert [w.plan for w in cached.blocks[one.id].weeks] == \
            [w.plan for w in plain.blocks[one.id].weeks]
    assert [w.mode for w in cached.weeks] == [w.mode for w in plain.weeks]
    fits = all(w.own_optima_fit for w in plain.weeks)
    assert fits == (gym_places == 3)
    assert (solved_alone == []) == fits
