"""The `weekplan` command line: parse, call the library, print, exit with the contract codes.

Exit codes (docs/formats.md): 0 success; 1 the hard rules cannot all hold (infeasible) or `check`
found hard violations; 2 bad input or usage - one line naming file, field and problem.

Library modules are imported inside each command, so `weekplan --help` starts without
loading pandas or the solver.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

import click

from models.domain.errors import InputError

EXIT_OK, EXIT_INFEASIBLE, EXIT_INPUT = 0, 1, 2
DEFAULT_TIME_LIMIT = 10.0
PLAN_FORMATS = ("csv", "parquet", "xlsx", "ics", "json", "fit")
WORKOUT_FORMAT = "fit"  # a folder of structured workouts (FIT, ZWO, intervals.icu text)


# --- options shared by the commands ---
# the --rules option of every command that plans or audits with one rulebook
rules_option = click.option(
    "--rules", "rules", default="default", show_default=True, metavar="NAME|FILE",
    help="Rulebook preset name (data/rulebooks) or path to a rulebook YAML file.")


def week_option(verb: str):
    """--week of the commands on one week of an athlete; ``verb``: what they do with it."""
    return click.option("--week", "week", metavar="YYYY-MM-DD",
                        help=f"Monday of the week to {verb}.  [default: the athlete's start]")


# --format of the commands that write one plan with --out
format_option = click.option(
    "--format", "fmt", type=click.Choice(PLAN_FORMATS),
    help="Format of --out when its extension does not say; fit: --out is a folder of "
         "workout files (a FIT and a ZWO per run, intervals.txt).")


def time_limit_option(help: str):
    """--time-limit in seconds; ``help`` says what the limit applies to."""
    return click.option("--time-limit", type=click.FloatRange(min=0, min_open=True),
                        default=DEFAULT_TIME_LIMIT, show_default=True, help=help)


def activities_folder_option(help: str):
    return click.option("--activities", "activities", multiple=True, metavar="PATH",
                        help=help)


def out_option(metavar: str, help: str, required: bool = False):
    """--out: what is written where differs by command, so the help is the command's."""
    return click.option("--out", "out", metavar=metavar, required=required, help=help)


def executor_options(what: str):
    """--workers, --scheduler, --dask-local: where a squad's tasks run (``what``: "" or
    " the cells", as the command's help says it)."""
    options = [
        click.option("--workers", type=click.IntRange(min=1), default=None,
                     help="Local processes (1 = plan in this process).  [default: all cores]"),
        click.option("--scheduler", metavar="tcp://HOST:PORT",
                     help=f"Run{what} on a Dask cluster (pip install 'weekplan[dask]')."),
        click.option("--dask-local", "dask_local", type=click.IntRange(min=1), metavar="N",
                     help=f"Run{what} on a local Dask cluster of N worker processes."),
    ]

    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def input_errors_exit_2(command):
    """Turn the project's InputError into one line on stderr and exit code 2."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as error:
            click.echo(f"error: {error.line()}", err=True)
            sys.exit(EXIT_INPUT)

    return wrapper


@contextmanager
def errors_in(file: str):
    """Errors about the content of ``file`` that do not name a file are reported against it."""
    try:
        yield
    except InputError as error:
        raise error.in_file(file) from None


def rulebook_of(rules: str):
    """--rules NAME|FILE as a Rulebook; an unknown name is reported against --rules.

    An error inside a rulebook file names that file (and its field) already.
    """
    from models.domain.rules import load_rulebook

    try:
        return load_rulebook(rules)
    except InputError as error:
        if error.file or error.field:
            raise
        raise InputError(error.problem, field="--rules") from None


def date_of(text: str, option: str):
    """A YYYY-MM-DD option as a date."""
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"'{text}' is not a date; write YYYY-MM-DD", field=option) from None


def monday_of_option(text: str | None):
    """--week as a date that is a Monday (None: the athlete's start week)."""
    if text is None:
        return None
    day = date_of(text, "--week")
    if day.weekday() != 0:
        raise InputError(f"{day} is a {day:%A}; give the Monday of the week", field="--week")
    return day


def workout_folder_of(out: str | None, fmt: str | None):
    """--out as the folder of --format fit (None for the other formats)."""
    if fmt != WORKOUT_FORMAT:
        return None
    if not out:
        raise InputError("--format fit needs --out FOLDER", field="--out")
    from models.exports.workout_files import check_workout_folder

    return check_workout_folder(out)


def athlete_and_rulebook(athlete: str, rules: str):
    """(athlete, rulebook) of a command on one athlete file."""
    from models.io.athlete_file import load_athlete

    return load_athlete(athlete), rulebook_of(rules)


def require_folder_of(out: str) -> None:
    """--out is refused before any work when its folder does not exist."""
    from pathlib import Path

    folder = Path(out).parent
    if not folder.is_dir():
        raise InputError(f"folder '{folder}' does not exist", file=out, field="--out")


def echo_warnings(problems) -> None:
    """Squad members that could not be read are named; the others are still audited."""
    for problem in problems:
        click.echo(f"warning: {problem.line()} (not audited)", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="weekplan")
def main() -> None:
    """Constraint-solver training weeks for runners and trail runners."""


# Commands are added below, one section per command. Keep each one thin.
# --- commands ---


# --- phases / plan: a periodised block of weeks ---
@main.command("phases")
@click.argument("athlete")
@rules_option
@input_errors_exit_2
def phases_command(athlete: str, rules: str) -> None:
    """Print the phase and targets of every week of ATHLETE's block - before any solving.

    The block runs until the race week (race:) or for weeks: N; the targets follow the P-*
    rules of the rulebook (strength by phase, hiking, long-run growth, recovery weeks).
    """
    from rich.console import Console

    from models.block.phases import block_weeks
    from models.domain.catalogue import default_catalogue
    from models.report.block_view import targets_table

    profile, rulebook = athlete_and_rulebook(athlete, rules)
    with errors_in(athlete):
        weeks = block_weeks(profile, rulebook, default_catalogue())
    Console().print(targets_table(profile, weeks))


@main.command("plan")
@click.argument("athlete")
@rules_option
@time_limit_option("Solver time limit per week, in seconds.")
@out_option("plan.csv", "Write the block's plan table (.csv, .parquet, .xlsx, .ics; .json = the "
                        "whole block result) and <stem>.summary.csv beside it.  "
                        "[default: print only]")
@format_option
@input_errors_exit_2
def plan_command(athlete: str, rules: str, time_limit: float, out: str | None,
                 fmt: str | None) -> None:
    """Plan ATHLETE's whole block, week by week, and print the weekly summary.

    Each week is one solver model; the last two days of a week carry into the next. A week
    without a plan is named on stderr and the others are still planned and written; the
    exit code is then 1. Bad input exits 2.
    """
    from rich.console import Console

    from models.block.block_files import write_block
    from models.domain.catalogue import default_catalogue
    from models.exports.plan_writer import check_output
    from models.exports.workout_files import write_workouts
    from models.report.block_view import block_table
    from solver.block.plan import plan_block
    from solver.week.solve import SolveParams

    workouts = workout_folder_of(out, fmt)
    out_path = check_output(out, fmt)[0] if out and workouts is None else None
    profile, rulebook = athlete_and_rulebook(athlete, rules)
    catalogue = default_catalogue()
    with errors_in(athlete):
        block = plan_block(profile, rulebook, catalogue, SolveParams(time_limit=time_limit))
    Console().print(block_table(block))
    if workouts is not None:
        write_workouts(block.frame(), workouts, profile, rulebook, catalogue)
        click.echo(f"wrote the workouts to {workouts}")
    if out_path is not None:
        plan_path, summary_path = write_block(block, out_path, fmt, profile, catalogue)
        click.echo(f"wrote {plan_path} and {summary_path}")
    for result in block.unsolved:
        click.echo(f"{result.status.value}: {athlete}: week of {result.week_start}: "
                   f"{result.message} (weekplan explain {athlete} --week "
                   f"{result.week_start} --in-block)", err=True)
    if block.unsolved:
        sys.exit(EXIT_INFEASIBLE)


# --- rules / check / explain: rulebooks, auditing any plan, why (not) a plan ---
@main.command("rules")
@rules_option
@input_errors_exit_2
def rules_command(rules: str) -> None:
    """Print the effective rulebook: id, kind, weight, params and source quote of each rule.

    A file's `extends:` chain is applied first, so this is exactly what the solver and the
    auditor use.
    """
    from rich.console import Console

    from models.domain.rules import preset_names
    from models.report.views import rulebook_table

    Console().print(rulebook_table(rulebook_of(rules)))
    click.echo(f"presets: {', '.join(preset_names())}")


@main.command("check")
@click.argument("plan")
@click.option("--athlete", "athlete", required=True, metavar="FILE",
              help="The athlete YAML file whose windows and targets the plan must respect.")
@click.option("--targets", "targets", type=click.Choice(["block", "ordinary"]),
              default="block", show_default=True,
              help="block: each week against its phase of the athlete's block; ordinary: "
                   "every week against the athlete's own targets (no periodisation imposed).")
@click.option("--today", "today", metavar="YYYY-MM-DD",
              help="Rows before this day are what happened (as replan writes them): they "
                   "count in loads, counts and history, but where and how long they were "
                   "is not judged.  [default: every row is a plan]")
@activities_folder_option("With --today: the activity files the re-plan was made from; "
                          "training before today that no row holds (an unplanned ride) "
                          "counts in the loads, as `replan --activities` counted it.")
@rules_option
@out_option("findings.csv|findings.json",
            "Also write the findings table.  [default: none, print only]")
@input_errors_exit_2
def check_command(plan: str, athlete: str, targets: str, today: str | None,
                  activities: tuple[str, ...], rules: str, out: str | None) -> None:
    """Audit PLAN (a plan table, .csv or .xlsx) against the rulebook - without the solver.

    Required columns: date, session, start, end (or minutes instead of end). Derived when
    absent: minutes, rpe, load, hard, weekday, week_start, athlete_id; other columns are
    ignored. Every week of the athlete's block is audited, with sessions or without. Exits 1
    when a hard rule is broken, 0 otherwise, 2 on bad input.
    """
    from rich.console import Console

    from models.audit.findings_file import check_findings_path, write_findings
    from models.audit.table import audit_table, block_mondays
    from models.domain.catalogue import default_catalogue
    from models.domain.week import default_targets
    from models.io.plan_table import read_plan_file
    from models.report.views import findings_view

    out_path = check_findings_path(out) if out else None
    if out_path is not None and out_path.resolve() in {Path(p).resolve()
                                                       for p in (plan, athlete, *activities)}:
        raise InputError("the findings would overwrite an input of the check; give another "
                         "file", field="--out")
    profile, rulebook = athlete_and_rulebook(athlete, rules)
    catalogue = default_catalogue()
    with errors_in(athlete):
        default_targets(profile, rulebook, catalogue)  # the athlete's targets, before the plan
        block_mondays(profile, rulebook, catalogue)    # and their block
    day = date_of(today, "--today") if today else None
    if activities and day is None:
        raise InputError("give --today with --activities: the training before it counts",
                         field="--today")
    frame = read_plan_file(plan)
    extra = ()
    if activities:
        from models.activities.replan_past import extra_training
        from models.audit.table import athlete_rows
        from models.io.plan_rows import sessions_from_frame

        read = activities_of(activities, profile)
        echo_read_problems(read, None)
        with errors_in(plan):
            sessions = sessions_from_frame(athlete_rows(frame, profile), catalogue)
        extra = extra_training(sessions, profile, day, rulebook, read)
    with errors_in(plan):
        report = audit_table(frame, profile, rulebook, catalogue, targets, today=day,
                             extra=extra)
    title = f"{profile.id}: {plan} checked against rulebook {rulebook.name} ({targets} targets)"
    Console().print(findings_view(report, title))
    if out_path is not None:
        click.echo(f"wrote {write_findings(report, out_path)}")
    sys.exit(EXIT_OK if report.ok else EXIT_INFEASIBLE)


@main.command("explain")
@click.argument("athlete")
@week_option("explain")
@rules_option
@time_limit_option("Time limit in seconds for each solve.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the explanation as JSON (the same content).")
@click.option("--in-block", "in_block", is_flag=True,
              help="Explain the week as `weekplan plan` solves it inside the athlete's block.")
@input_errors_exit_2
def explain_command(athlete: str, week: str | None, rules: str, time_limit: float,
                    as_json: bool, in_block: bool) -> None:
    """Explain a week of ATHLETE: its penalties per soft rule, or why it has no plan.

    With --in-block the week is the one `weekplan plan` solved: its phase targets, the
    hiking still due and the previous week's last days (the weeks before it are solved
    first); without it, an ordinary week of the athlete's profile, as `weekplan solve`.

    For an infeasible week: a minimal set of conflicting rules and availability facts and
    what could change (exit 1). For a feasible week: a score analysis (exit 0).
    """
    import json

    from rich.console import Console

    from models.domain.catalogue import default_catalogue
    from models.domain.week import single_week
    from models.report.views import explanation_view
    from models.report.week_view import week_grid
    from solver.explain.block_week import block_week_spec
    from solver.explain.explain import explain_week
    from solver.week.solve import SolveParams

    monday = monday_of_option(week)
    profile, rulebook = athlete_and_rulebook(athlete, rules)
    catalogue = default_catalogue()
    with errors_in(athlete):
        if in_block:
            spec = block_week_spec(profile, rulebook, catalogue, monday,
                                   SolveParams(time_limit=time_limit))
        else:
            spec = single_week(profile, rulebook, catalogue, week_start=monday)
    explanation = explain_week(spec, rulebook, catalogue, time_limit=time_limit)
    data = explanation.to_dict()
    if as_json:
        click.echo(json.dumps(data, indent=2))
    else:
        console = Console()
        if explanation.feasible:
            console.print(week_grid(explanation.result))
        console.print(explanation_view(data))
    sys.exit(EXIT_OK if explanation.feasible else EXIT_INFEASIBLE)


# --- examples: the bundled athletes and squad, listed or copied out of the package ---
@main.command("examples")
@click.option("--copy-to", "copy_to", metavar="DIR",
              help="Copy every example (athlete YAMLs and the squad/ folder) into DIR.")
@click.option("--force", is_flag=True, help="Overwrite files that exist already in DIR.")
@input_errors_exit_2
def examples_command(copy_to: str | None, force: bool) -> None:
    """List the bundled examples, or copy them into DIR to edit and run.

    After `weekplan examples --copy-to ex`: `weekplan solve ex/athlete.yaml`,
    `weekplan batch ex/squad --out results`. An existing file is never overwritten
    without --force (exit 2).
    """
    from models.io.examples import bundled_examples, copy_examples

    if copy_to is None:
        for example in bundled_examples():
            click.echo(f"{example.name}: {example.shows}")
            click.echo(f"    {example.path}")
        click.echo("copy them to edit and run: weekplan examples --copy-to DIR")
        return
    written = copy_examples(copy_to, force=force)
    click.echo(f"wrote {len(written)} files to {copy_to}; try `weekplan batch "
               f"{copy_to.rstrip('/')}/squad --out results`")


# --- demo-squad: a seeded generated squad in the folder (spreadsheet) or YAML form ---
@main.command("demo-squad")
@click.option("--athletes", "count", type=click.IntRange(min=1), default=30, show_default=True,
              help="Number of athletes.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Random seed: the same seed always gives the same squad.")
@click.option("--difficulty", default="mixed", show_default=True,
              type=click.Choice(["mixed", "loose", "tight", "two_a_day", "beginner"]),
              help="Kind of athletes (mixed = a realistic club; tight weeks may be infeasible).")
@out_option("DIR", "Folder to write (created if missing).", required=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "yaml"]), default="csv",
              show_default=True,
              help="csv = athletes.csv + availability.csv; yaml = one squad.yaml.")
@input_errors_exit_2
def demo_squad(count: int, seed: int, difficulty: str, out: str, fmt: str) -> None:
    """Write a generated squad to DIR, ready for `weekplan batch DIR`."""
    from models.squad.demo import write_demo_squad

    folder = write_demo_squad(out, count=count, seed=seed, difficulty=difficulty, form=fmt)
    click.echo(f"wrote {count} athletes to {folder} ({fmt}); plan them with "
               f"`weekplan batch {folder} --out RESULTS`")


# --- batch: a whole squad on local cores or a Dask cluster, resumable ---
@main.command("batch")
@click.argument("squad")
@out_option("DIR", "Output folder: athletes/<id>.csv, weeks/<id>.csv, summary.csv, errors.csv, "
                   "plans.parquet.", required=True)
@rules_option
@executor_options("")
@click.option("--resume", is_flag=True,
              help="Skip athletes (and --activities re-plans) already complete in DIR for the "
                   "same input and rules.")
@click.option("--quiet", is_flag=True, help="No progress bar; only the final summary line.")
@time_limit_option("Solver time limit per athlete-week, in seconds.")
@click.option("--format", "formats", multiple=True, metavar="xlsx|json|csv|ics|parquet|fit",
              help="Also write DIR/plans.<ext>: every athlete in one file (repeatable); fit: "
                   "DIR/workouts/<athlete>/ with a FIT and a ZWO per run and intervals.txt.")
@click.option("--activities", "activities", metavar="ACT_DIR",
              help="One folder of activity files per athlete id: judge each plan "
                   "(DIR/compliance.csv) and re-plan from --today (DIR/replanned/<id>.csv).")
@click.option("--today", "today", metavar="YYYY-MM-DD",
              help="With --activities: re-plan from this day.  [default: the system date]")
@input_errors_exit_2
def batch(squad: str, out: str, rules: str, workers: int | None, scheduler: str | None,
          dask_local: int | None, resume: bool, quiet: bool, time_limit: float,
          formats: tuple[str, ...], activities: str | None, today: str | None) -> None:
    """Plan every athlete of SQUAD (a YAML file, or a folder with athletes.csv and
    availability.csv) and write one plan per athlete plus squad-wide tables to DIR.

    Exits 0 when every athlete was planned or reported (infeasible weeks and bad rows are
    counted in the summary line and listed in DIR/errors.csv), 2 when the squad cannot be
    read or none of its athletes can, 130 on Ctrl-C (rerun with --resume to finish).
    """
    import shlex

    from models.domain.catalogue import default_catalogue
    from models.exports.plan_writer import format_of
    from models.exports.squad_formats import write_squad_plans
    from models.exports.workout_files import write_squad_workouts
    from solver.batch.driver import run_batch
    from solver.batch.report import BatchInterrupted
    from solver.week.solve import SolveParams

    for fmt in formats:
        if fmt != WORKOUT_FORMAT:
            format_of("plans", fmt)  # an unknown format is refused before any solving
    if scheduler and dask_local:
        raise InputError("give --scheduler or --dask-local, not both", field="--dask-local")
    if workers and (scheduler or dask_local):
        raise InputError("--workers sets local processes; a Dask cluster brings its own workers",
                         field="--workers")
    if today and not activities:
        raise InputError("--today is the day to re-plan from; give --activities too",
                         field="--today")
    from datetime import date

    day = date_of(today, "--today") if today else date.today()
    if activities:
        from models.activities.squad_files import athlete_folders

        athlete_folders(activities)  # a wrong folder is refused before any solving
    rulebook = rulebook_of(rules)
    catalogue = default_catalogue()
    try:
        report = run_batch(squad, out, rulebook, SolveParams(time_limit=time_limit),
                           workers=workers, scheduler=scheduler, dask_local=dask_local,
                           resume=resume, progress=not quiet, activities=activities,
                           today=day if activities else None)
    except BatchInterrupted as stop:
        again = ["weekplan", "batch", squad, "--out", out, "--resume"]
        if rules != "default":
            again += ["--rules", rules]
        if time_limit != 10.0:
            again += ["--time-limit", f"{time_limit:g}"]
        if activities:  # the same day: a re-plan from another day is another input
            again += ["--activities", activities, "--today", day.isoformat()]
        click.echo(f"{stop}; finish with: {shlex.join(again)}", err=True)
        sys.exit(130)
    click.echo(report.summary_line())
    for fmt in formats:
        if fmt == WORKOUT_FORMAT:
            click.echo(f"wrote {write_squad_workouts(report.out_dir, rulebook, catalogue)}")
        else:
            click.echo(f"wrote {write_squad_plans(report.out_dir, fmt)}")
    if report.outcomes and all(o.status == "bad_input" for o in report.outcomes):
        click.echo(f"error: {squad}: no athlete of the squad could be read; "
                   f"see {report.out_dir / 'errors.csv'}", err=True)
        sys.exit(EXIT_INPUT)
    actuals = report.actuals
    if actuals is not None:
        for problem in actuals.problems:
            click.echo(f"skipped: {problem.line()}", err=True)
        for athlete_id, why in actuals.failed:
            click.echo(f"re-plan failed: {athlete_id}: {why}", err=True)
        click.echo(actuals.summary_line())
        click.echo(f"wrote {actuals.compliance_path}")


# --- solve: one athlete-week ---
@main.command("solve")
@click.argument("athlete")
@week_option("plan")
@rules_option
@time_limit_option("Solver time limit in seconds.")
@out_option("FILE", "Also write the plan, format by extension: .csv/.parquet = plan table, "
                    ".xlsx = week grid + table, .ics = calendar, .json = the whole result "
                    "(plan, penalty breakdown, solve figures).  [default: none, print only]")
@format_option
@input_errors_exit_2
def solve(athlete: str, week: str | None, rules: str, time_limit: float, out: str | None,
          fmt: str | None) -> None:
    """Plan one week of ATHLETE (a YAML file) and print it as a Mon..Sun grid.

    Exits 1 when no plan can satisfy the hard rules, 2 on bad input.
    """
    from rich.console import Console

    from models.domain.catalogue import default_catalogue
    from models.domain.run_details import with_run_details
    from models.domain.week import single_week
    from models.exports.plan_writer import check_output, write_plan
    from models.exports.workout_files import write_workouts
    from models.report.week_view import week_report
    from solver.week.solve import SolveParams, solve_week

    monday = monday_of_option(week)
    workouts = workout_folder_of(out, fmt)
    out_path = check_output(out, fmt)[0] if out and workouts is None else None
    profile, rulebook = athlete_and_rulebook(athlete, rules)
    catalogue = default_catalogue()
    with errors_in(athlete):
        spec = single_week(profile, rulebook, catalogue, week_start=monday)
    result = solve_week(spec, rulebook, catalogue, SolveParams(time_limit=time_limit))
    if not result.status.has_plan:
        click.echo(f"{result.status.value}: {athlete}: week of {result.week_start}: "
                   f"{result.message}", err=True)
        sys.exit(EXIT_INFEASIBLE)
    result.plan = result.plan.model_copy(update={"sessions": with_run_details(
        result.plan.sessions, profile, rulebook, spec.targets.phase)})
    Console().print(week_report(result))
    if workouts is not None:
        write_workouts(result.to_frame(), workouts, profile, rulebook, catalogue)
        click.echo(f"wrote the workouts to {workouts}")
    if out_path is not None:
        write_plan(result.to_frame(), out_path, fmt, athletes={profile.id: profile},
                   result=result, catalogue=catalogue)
        click.echo(f"wrote {out_path}")


# --- report: one self-contained HTML page ---
@main.command("report")
@click.argument("source", metavar="DIR_OR_PLAN")
@out_option("report.html", "The HTML file to write (inline CSS and SVG: opens offline, "
                           "prints well).", required=True)
@click.option("--athlete", "athlete", metavar="FILE",
              help="The athlete's YAML, for the rule audit of a single athlete's plan.")
@click.option("--squad", "squad", metavar="FILE|DIR",
              help="The squad (YAML or spreadsheet folder), for the rule audit of every "
                   "athlete.  [default: DIR/squad.yaml when there is one]")
@rules_option
@input_errors_exit_2
def report(source: str, out: str, athlete: str | None, squad: str | None, rules: str) -> None:
    """Write an HTML report of DIR_OR_PLAN: a plan file or a `weekplan batch` folder.

    Per athlete: calendar coloured by session type, weekly load / monotony / ACWR chart,
    rule compliance (audited against --rules) and soft penalties; for a squad, an overview
    linking to each athlete.
    """
    from pathlib import Path

    from models.io.profiles import load_profiles
    from models.report.html_data import write_report

    target = Path(out)
    if target.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"the report is HTML; name it like report.html, not "
                         f"'{target.name}'", field="--out")
    require_folder_of(out)
    rulebook = rulebook_of(rules)
    profiles, problems = load_profiles(athlete, squad, near=source)
    echo_warnings(problems)
    write_report(source, target, profiles, rulebook)
    click.echo(f"wrote {target}")


# --- compare: two sets of schedules in the researcher's metrics ---
@main.command("compare")
@click.argument("plans", nargs=-1, metavar="[A B]")
@click.option("--squad", "squad", metavar="FILE|DIR",
              help="Without A B: plan this squad under both --rules and compare. With A B: "
                   "the athletes' profiles, so the plans are audited.")
@click.option("--athlete", "athlete", metavar="FILE", help="One athlete's profile (audit).")
@click.option("--rules", "rules", multiple=True, metavar="NAME|FILE",
              help="Rulebook of A, then of B (give it twice).  [default: default]")
@out_option("comparison.csv",
            "Write the comparison (athlete_id, metric, a, b, diff, rel_diff) as CSV.")
@click.option("--weeks", type=click.IntRange(min=1, max=104),
              help="With --squad: plan a block of N weeks per athlete instead of their own.")
@click.option("--workers", type=click.IntRange(min=1), help="Processes for --squad runs.")
@click.option("--keep", "keep", metavar="DIR",
              help="With --squad: keep both batch folders in DIR (default: a temporary one).")
@time_limit_option("Solver time limit per week (--squad runs).")
@click.option("--seed", "seed", type=int, default=2027, show_default=True,
              help="Seed of the bootstrap intervals of the paired differences.")
@input_errors_exit_2
def compare(plans: tuple[str, ...], squad: str | None, athlete: str | None,
            rules: tuple[str, ...], out: str | None, weeks: int | None, workers: int | None,
            keep: str | None, time_limit: float, seed: int) -> None:
    """Compare two plan tables (files or batch folders) A and B, or one squad planned under
    two rulebooks (--squad S --rules 001 --rules 002): load, monotony, strain, ACWR,
    strength, hill/sprint weeks, hiking, same-day order, hard violations, soft penalties.

    Per metric, the per-athlete differences B - A get a 95 % bootstrap interval (seeded) and
    counts of athletes with B higher / lower / equal; differences whose interval excludes
    zero are flagged. --out X.csv also writes these statistics to X.stats.csv."""
    from rich.console import Console

    from models.analysis.compare import summary_lines
    from models.analysis.compare_runs import compare_sides, file_sides, write_comparison
    from models.analysis.paired import paired_statistics, statistics_lines, statistics_path
    from models.domain.catalogue import default_catalogue
    from models.io.profiles import load_profiles
    from models.report.compare_view import comparison_table

    if len(plans) not in (0, 2):
        raise InputError(f"give two plans A B (got {len(plans)}), or none with --squad",
                         field="A B")
    if not plans and (squad is None or len(rules) != 2):
        raise InputError("give two plans A B, or --squad S with --rules twice "
                         "(e.g. --rules 001 --rules 002)", field="--squad")
    if len(rules) > 2:
        raise InputError("give --rules at most twice (A's, then B's)", field="--rules")
    if out is not None:
        require_folder_of(out)
    books = [rulebook_of(name) for name in rules or ["default"]]
    books = [books[0], books[-1]]
    catalogue = default_catalogue()
    if plans:
        profiles, problems = load_profiles(athlete, squad)
        sides = file_sides(plans, books, catalogue)
    else:
        from models.io.work_folder import work_folder
        from solver.compare_rulebooks import squad_sides
        from solver.week.solve import SolveParams

        members, problems = load_profiles(None, squad)
        with work_folder(keep, prefix="weekplan-compare-") as root:
            profiles, sides = squad_sides(list(members.values()), books, root, catalogue,
                                          SolveParams(time_limit=time_limit), weeks=weeks,
                                          workers=workers, progress=True)
        if keep:
            click.echo(f"batch folders kept in {root}", err=True)
    echo_warnings(problems)
    comparison = compare_sides(*sides, profiles, catalogue)
    a, b = (side.label for side in sides)
    Console().print(comparison_table(comparison, a, b))
    for line in summary_lines(comparison, a, b):
        click.echo(line)
    statistics = paired_statistics(comparison, seed=seed)
    for line in statistics_lines(statistics, a, b, seed=seed):
        click.echo(line)
    if out is not None:
        click.echo(f"wrote {write_comparison(comparison, out)}")
        click.echo(f"wrote {write_comparison(statistics, statistics_path(out))}")


# --- research: parameter sweeps and trade-off fronts ---
@main.command("sweep")
@click.argument("squad")
@click.option("--set", "sets", multiple=True, required=True, metavar="NAME=V1,V2,...",
              help="A rulebook edit (RULE.kind, RULE.weight, RULE.PARAM) or a target of every "
                   "athlete (targets.FIELD) and its values, e.g. H-GAP.gap_h=0,2,4,6,8 or "
                   "0:8:2 (repeatable: the grid is the cartesian product).")
@click.option("--weeks", type=click.IntRange(min=1, max=104),
              help="Plan a block of N weeks per athlete (no race) instead of their own.")
@out_option("DIR", "Output folder: cells/<cell>/ (a batch folder each), cells.parquet, "
                   "manifest.json.  [default: sweep]")
@rules_option
@executor_options(" the cells")
@time_limit_option("Solver time limit per athlete-week, in seconds.")
@click.option("--plot", "plot", metavar="FILE.png",
              help="Also draw feasibility, penalty per rule and hill/sprint weeks against the "
                   "setting (one --set; needs pip install 'weekplan[research]').")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@input_errors_exit_2
def sweep(squad: str, sets: tuple[str, ...], weeks: int | None, out: str | None, rules: str,
          workers: int | None, scheduler: str | None, dask_local: int | None,
          time_limit: float, plot: str | None, quiet: bool) -> None:
    """Plan SQUAD once per cell of a grid of rulebook / target edits and measure every cell
    into one tidy table (cell, parameters, athlete, week, metric, value).

    A cell already finished in DIR for the same input is not run again: rerun the same
    command after an interruption to finish the sweep. Exits 0 when the table is written
    (infeasible weeks are data: feasible = 0), 2 on bad input, 130 on Ctrl-C.
    """
    from models.analysis.sweep_grid import parse_setting
    from models.analysis.sweep_summary import cell_lines, cell_summary
    from models.squad.forms import load_squad
    from solver.batch.report import BatchInterrupted
    from solver.research.sweep import run_sweep
    from solver.week.solve import SolveParams

    out = out or "sweep"
    if scheduler and dask_local:
        raise InputError("give --scheduler or --dask-local, not both", field="--dask-local")
    rulebook = rulebook_of(rules)
    settings = [parse_setting(text, rulebook) for text in sets]
    if plot is not None:
        from models.report.sweep_plot import pyplot

        require_folder_of(plot)
        pyplot()  # a missing matplotlib is said before the sweep, not after it
        if len(settings) != 1:
            raise InputError("--plot draws a sweep of one --set; plot cells.parquet of a "
                             "larger grid in a notebook", field="--plot")
    athletes, problems = load_squad(squad)
    echo_warnings(problems)
    if not athletes:
        raise InputError("no athlete of the squad could be read", file=squad)
    executor = "dask" if scheduler or dask_local else "local"
    command = ["weekplan", "sweep", squad, *(a for text in sets for a in ("--set", text)),
               "--out", out, "--rules", rules, "--time-limit", f"{time_limit:g}"]
    if weeks is not None:
        command += ["--weeks", str(weeks)]
    try:
        report = run_sweep(athletes, rulebook, settings, out, weeks=weeks,
                           params=SolveParams(time_limit=time_limit), executor=executor,
                           workers=workers, scheduler=scheduler, dask_local=dask_local,
                           progress=not quiet, squad=squad, command=command)
    except (BatchInterrupted, KeyboardInterrupt):
        click.echo(f"interrupted; finished cells are kept in {out}: run the same command "
                   "again to finish the others", err=True)
        sys.exit(130)
    import pandas as pd

    table = pd.read_parquet(report.table)
    for line in cell_lines(cell_summary(table, ["feasible", "objective"])):
        click.echo(line)
    click.echo(report.summary_line())
    click.echo(f"wrote {report.manifest}")
    if plot is not None:
        from models.report.sweep_plot import save_sweep_figure

        click.echo(f"wrote {save_sweep_figure(table, plot)}")


@main.command("tradeoff")
@click.argument("source", metavar="ATHLETE_OR_SQUAD")
@click.option("--between", "between", nargs=2, required=True, metavar="S-A S-B",
              help="The two soft rules: bound the first's penalty, minimise the second's.")
@week_option("trade off")
@click.option("--block", "block", is_flag=True,
              help="A front for every week of each athlete's block (the weeks `weekplan plan` "
                   "solves, each after the ordinary plan of the weeks before).")
@rules_option
@time_limit_option("Solver time limit of each solve, in seconds.")
@out_option("front.csv", "Write the front: one row per point, one column per rule id "
                         "(its penalty in points).")
@click.option("--plot", "plot", metavar="FILE.png",
              help="Also draw the front(s) (needs pip install 'weekplan[research]').")
@input_errors_exit_2
def tradeoff(source: str, between: tuple[str, str], week: str | None, block: bool, rules: str,
             time_limit: float, out: str | None, plot: str | None) -> None:
    """The Pareto front of two soft rules on one week (or, with --block, every week of the
    block) of each athlete of ATHLETE_OR_SQUAD (an athlete file, or a squad file or folder),
    by the epsilon-constraint method on CP-SAT.

    Each point is proven optimal or marked as not proven. Exits 0 when a front was traced
    (weeks without a legal plan are listed and get a row without penalties), 1 when no week
    has a legal plan, 2 on bad input.
    """
    from models.analysis.front_table import front_frame, front_lines, write_front
    from models.domain.catalogue import default_catalogue
    from models.domain.week import single_week
    from models.io.athlete_or_squad import load_athlete_or_squad
    from solver.research.tradeoff import block_fronts, check_soft_pair, front_rows, trace_front
    from solver.week.solve import SolveParams

    if block and week is not None:
        raise InputError("give --week or --block, not both", field="--block")
    monday = monday_of_option(week)
    rulebook = rulebook_of(rules)
    check_soft_pair(rulebook, between)
    for path in (out, plot):
        if path is not None:
            require_folder_of(path)
    if plot is not None:
        from models.report.sweep_plot import pyplot

        pyplot()
    athletes, problems = load_athlete_or_squad(source)
    echo_warnings(problems)
    catalogue = default_catalogue()
    params = SolveParams(time_limit=time_limit)
    rows = []
    for athlete in athletes:
        with errors_in(source):
            if block:
                fronts = block_fronts(athlete, rulebook, between, catalogue, params)
            else:
                spec = single_week(athlete, rulebook, catalogue, week_start=monday)
                fronts = [trace_front(spec, rulebook, between, catalogue, params)]
        for front in fronts:
            rows += front_rows(front)
    table = front_frame(rows, between)
    for line in front_lines(table, between):
        click.echo(line)
    if out is not None:
        click.echo(f"wrote {write_front(table, out)}")
    if plot is not None:
        from models.report.front_plot import save_front_figure

        click.echo(f"wrote {save_front_figure(table, between, plot)}")
    if table[between[0]].isna().all():
        sys.exit(EXIT_INFEASIBLE)


# --- activities / compliance: completed training read from activity files ---
def echo_read_problems(read, table: str | None) -> None:
    """A file that could not be read: one line on stderr (and in the problems file)."""
    for problem in read.problems:
        click.echo(f"skipped: {problem.line()}", err=True)
    if table is not None:
        from models.activities.table import write_problems

        path = write_problems(table, read.problems)
        if read.problems:
            count = len(read.problems)
            click.echo(f"wrote {path} ({count} file{'s' if count > 1 else ''} not read)",
                       err=True)


def activities_of(paths: tuple[str, ...], athlete):
    """The activities under PATHs (files or folders) for ``athlete`` (None: UTC, no id)."""
    from pathlib import Path

    from models.activities.collect import read_activities

    for path in paths:
        if not Path(path).exists():
            raise InputError("does not exist; give activity files or folders", file=path)
    return read_activities(paths, athlete)


@main.command("activities")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--athlete", "athlete", metavar="FILE",
              help="The athlete's YAML: their id and time zone.  [default: UTC, no id]")
@out_option("activities.csv", "Write the activities table (and <stem>.problems.csv beside it).")
@input_errors_exit_2
def activities_command(paths: tuple[str, ...], athlete: str | None, out: str | None) -> None:
    """Read recorded activities - FIT, GPX, TCX files, a Strava export's activities.csv or a
    Garmin Connect activities CSV, or folders of them - and print the activities table.

    A file that cannot be read (corrupt, truncated, a route, a settings file) is named on
    stderr with the reason and the others are still read.
    """
    from rich.console import Console

    from models.activities.table import activities_frame, write_table
    from models.io.athlete_file import load_athlete
    from models.report.activities_view import activities_table

    if out is not None:
        require_folder_of(out)
    profile = load_athlete(athlete) if athlete else None
    read = activities_of(paths, profile)
    frame = activities_frame(read.activities)
    Console().print(activities_table(frame))
    if out is not None:
        click.echo(f"wrote {write_table(frame, out)}")
    echo_read_problems(read, out)


@main.command("compliance")
@click.argument("plan")
@click.option("--athlete", "athlete", required=True, metavar="FILE",
              help="The athlete's YAML (id and time zone).")
@activities_folder_option("Activity files or folders (repeatable).")
@click.option("--today", "today", metavar="YYYY-MM-DD",
              help="Judge the sessions before this day.  [default: the day after the last "
                   "activity]")
@rules_option
@out_option("compliance.csv", "Write the compliance table (and <stem>.weekly.csv, "
                              "<stem>.problems.csv beside it).")
@input_errors_exit_2
def compliance_command(plan: str, athlete: str, activities: tuple[str, ...],
                       today: str | None, rules: str, out: str | None) -> None:
    """Match the activities to PLAN's sessions and judge each: done, partial, moved, missed;
    other activities are unplanned. Colours (green/yellow/red) follow the rulebook's
    compliance bands; the weekly table shows planned vs actual minutes and load.
    """
    from rich.console import Console

    from models.activities.compliance import judge
    from models.activities.table import write_table
    from models.analysis.completed import completed_metrics
    from models.block.replan_inputs import old_plan_of
    from models.domain.catalogue import default_catalogue
    from models.io.plan_table import read_plan_file
    from models.report.activities_view import (
        compliance_table, load_metrics_table, weekly_compliance_table,
    )

    if not activities:
        raise InputError("give the activity files or folders", field="--activities")
    if out is not None:
        require_folder_of(out)
    day = date_of(today, "--today") if today else None
    profile, rulebook = athlete_and_rulebook(athlete, rules)
    old = old_plan_of(plan, profile.id, default_catalogue())
    read = activities_of(activities, profile)
    result = judge(profile.id, old, read.activities, rulebook.compliance, day)
    console = Console()
    console.print(compliance_table(result.frame()))
    console.print(weekly_compliance_table(result.weekly()))
    mine = read_plan_file(plan)
    if "athlete_id" in mine.columns:
        mine = mine[mine["athlete_id"].astype(str).isin([profile.id, ""])]
    console.print(load_metrics_table(completed_metrics(mine, result), result.today))
    if out is not None:
        from pathlib import Path

        weekly = Path(out).with_name(f"{Path(out).stem}.weekly.csv")
        click.echo(f"wrote {write_table(result.frame(), out)} and "
                   f"{write_table(result.weekly(), weekly)}")
    echo_read_problems(read, out)


# --- replan: the past as it happened, the rest re-solved with S-STABILITY ---
@main.command("replan")
@click.argument("plan")
@click.option("--athlete", "athlete", required=True, metavar="FILE",
              help="The athlete's YAML file (availability, targets, block).")
@click.option("--today", "today", required=True, metavar="YYYY-MM-DD",
              help="Sessions before this date stay as they happened; the rest is re-solved.")
@click.option("--done", "done", multiple=True, metavar="DATE[:TYPE]",
              help="Confirm a past session as done (the default for past sessions).")
@click.option("--missed", "missed", multiple=True, metavar="DATE[:TYPE]",
              help="A past session that did not happen; it counts as not done.")
@click.option("--unavailable", "unavailable", multiple=True, metavar="DATE[:HH:MM-HH:MM]",
              help="A day (or a span of it) that is no longer available.")
@activities_folder_option("Activity files or folders: the past as recorded (done, missed, "
                          "extra); --done/--missed still override.")
@rules_option
@time_limit_option("Solver time limit per week, in seconds.")
@out_option("plan.csv", "Write the new plan table.")
@input_errors_exit_2
def replan_command(plan: str, athlete: str, today: str, done: tuple[str, ...],
                   missed: tuple[str, ...], unavailable: tuple[str, ...],
                   activities: tuple[str, ...], rules: str, time_limit: float,
                   out: str | None) -> None:
    """Re-plan PLAN from TODAY after missed sessions or new unavailability.

    Prints the change list ("Tue hill -> Thu hill 18:00 ...") and the new plan; a changed
    session costs S-STABILITY's weight, so the re-plan changes as little as it can. With
    --activities the past is what the files show: sessions done at their real times and
    lengths, missed ones gone, unplanned training counted in the load.
    """
    from rich.console import Console

    from models.block.replan_inputs import replan_inputs
    from models.domain.catalogue import default_catalogue
    from models.exports.plan_writer import check_output, write_plan
    from models.report.week_view import week_grid
    from solver.block.replan import replan
    from solver.week.solve import SolveParams

    day = date_of(today, "--today")
    out_path = check_output(out)[0] if out else None
    profile, rulebook = athlete_and_rulebook(athlete, rules)
    catalogue = default_catalogue()
    console = Console()
    if activities:
        from models.activities.replan_past import replan_inputs_from_activities
        from models.report.activities_view import compliance_table

        past = replan_inputs_from_activities(
            plan, profile, day, catalogue, rulebook, activities_of(activities, profile),
            done=done, missed=missed, unavailable=unavailable)
        echo_read_problems(past.read, None)
        console.print(compliance_table(past.compliance.frame()))
        inputs = past.inputs
    else:
        inputs = replan_inputs(plan, profile, day, catalogue, done=done, missed=missed,
                               unavailable=unavailable)
    result = replan(inputs.old, inputs.athlete, rulebook, day, actual=inputs.actual,
                    catalogue=catalogue, params=SolveParams(time_limit=time_limit),
                    missed=inputs.missed, extra=inputs.extra)
    if result.changes:
        console.print("[bold]Changes[/bold]")
        for change in result.changes:
            console.print(f"  {change.text()}")
    else:
        console.print("No changes: the old plan still holds.")
    for week in result.weeks:
        if week.plan is not None:
            console.print(week_grid(week))
    if out_path is not None:
        write_plan(result.frame(), out_path, athletes={inputs.athlete.id: inputs.athlete},
                   catalogue=catalogue)
        click.echo(f"wrote {out_path}")
    for week in result.unsolved:
        click.echo(f"{week.status.value}: week of {week.week_start}: {week.message}", err=True)
    if result.unsolved:
        sys.exit(EXIT_INFEASIBLE)


# --- serve / feeds: live calendars of a batch folder ---
@main.command("serve")
@click.argument("folder", metavar="DIR")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 exposes the feeds to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@input_errors_exit_2
def serve_command(folder: str, host: str, port: int) -> None:
    """Serve the calendar feeds of DIR (a `weekplan batch` folder) until Ctrl-C.

    Prints the squad page's address (keep it: it lists every athlete's subscription link).
    """
    import uvicorn

    from models.feeds.app import create_feed_app
    from models.feeds.tokens import read_tokens

    app = create_feed_app(checked_batch_folder(folder))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"squad page: http://{shown}:{port}/squad/{read_tokens(folder).coach}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: put HTTPS in front (a reverse proxy) "
                   "before giving out links", err=True)
    uvicorn.run(app, host=host, port=port, server_header=False, date_header=True,
                limit_concurrency=64, timeout_keep_alive=5, h11_max_incomplete_event_size=16384,
                log_level="warning")


@main.command("feeds")
@click.argument("folder", metavar="DIR")
@click.option("--rotate", "rotate", metavar="ATHLETE",
              help="Give ATHLETE new feed links; the old ones stop working.")
@click.option("--rotate-coach", is_flag=True, help="Give the squad page a new address.")
@out_option("PUBLIC", "Write every feed as PUBLIC/feeds/<token>.ics for any web server.")
@input_errors_exit_2
def feeds_command(folder: str, rotate: str | None, rotate_coach: bool,
                  out: str | None) -> None:
    """List, rotate or export the calendar feed links of DIR (a `weekplan batch` folder).

    Prints one line per athlete: id, feed path, busy-feed path (append them to the
    server's address).
    """
    from models.feeds.feed import athlete_ids
    from models.feeds.static import export_feeds
    from models.feeds.tokens import ensure_tokens
    from models.feeds.tokens import rotate as rotate_tokens
    from models.feeds.tokens import rotate_coach as rotate_coach_token

    root = checked_batch_folder(folder)
    ids = athlete_ids(root)
    tokens = ensure_tokens(root, ids)
    if rotate:
        tokens = rotate_tokens(root, rotate, ids)
        click.echo(f"{rotate}: new links; the old ones now answer 404")
    if rotate_coach:
        tokens = rotate_coach_token(root, ids)
        click.echo(f"squad page: /squad/{tokens.coach}")
    if out:
        for athlete_id, full, busy in export_feeds(root, out):
            click.echo(f"{athlete_id}\t{full}\t{busy}")
        return
    for athlete_id in ids:
        pair = tokens.athletes[athlete_id]
        click.echo(f"{athlete_id}\t/feeds/{pair.full}.ics\t/feeds/{pair.busy}.ics")


def checked_batch_folder(folder: str):
    """DIR of serve/feeds: a batch folder with athletes/<id>.csv plans."""
    from pathlib import Path

    root = Path(folder)
    if not (root / "athletes").is_dir():
        raise InputError("not a weekplan batch folder (no athletes/ plans); run weekplan "
                         "batch SQUAD --out DIR first", file=folder)
    return root


if __name__ == "__main__":
    main()
