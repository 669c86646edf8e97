"""The `weekplan` command line: parse, call the library, print, exit with the contract codes.

Exit codes (docs/formats.md): 0 success; 1 the hard rules cannot all hold (infeasible) or `check`
found hard violations; 2 bad input or usage - one line naming file, field and problem.
"""

from __future__ import annotations

import sys
from functools import wraps

import click

from models.domain.errors import InputError

EXIT_OK, EXIT_INFEASIBLE, EXIT_INPUT = 0, 1, 2


# the --rules option of every command that plans or audits one athlete
rules_option = click.option(
    "--rules", "rules", default="default", show_default=True, metavar="NAME|FILE",
    help="Rulebook preset name (data/rulebooks) or path to a rulebook YAML file.")


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="weekplan")
def main() -> None:
    """Constraint-solver training weeks for runners and trail runners."""


# Commands are added below, one section per command. Keep each one thin.
# --- commands ---


# --- phases / plan: a periodised block of weeks ---
def _block_inputs(athlete: str, rules: str):
    """(athlete, rulebook) of a block command; a bad rulebook name is reported on --rules."""
    from models.io.athlete_file import load_athlete

    profile = load_athlete(athlete)
    return profile, _rulebook_option(rules)


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

    from models.report.block_view import targets_table
    from models.domain.catalogue import default_catalogue
    from models.block.phases import block_weeks

    profile, rulebook = _block_inputs(athlete, rules)
    try:
        weeks = block_weeks(profile, rulebook, default_catalogue())
    except InputError as error:
        raise error.in_file(athlete) from None
    Console().print(targets_table(profile, weeks))


@main.command("plan")
@click.argument("athlete")
@rules_option
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Solver time limit per week, in seconds.")
@click.option("--out", "out", metavar="plan.csv",
              help="Write the block's plan table (.csv, .parquet, .xlsx, .ics; .json = the "
                   "whole block result) and <stem>.summary.csv beside it.  [default: print only]")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "xlsx", "ics", "json"]),
              help="Format of --out when its extension does not say.")
@input_errors_exit_2
def plan_command(athlete: str, rules: str, time_limit: float, out: str | None,
                 fmt: str | None) -> None:
    """Plan ATHLETE's whole block, week by week, and print the weekly summary.

    Each week is one solver model; the last two days of a week carry into the next. A week
    without a plan is named on stderr and the others are still planned and written; the
    exit code is then 1. Bad input exits 2.
    """
    from pathlib import Path

    from rich.console import Console

    from models.report.block_view import block_table
    from models.domain.catalogue import default_catalogue
    from models.exports.plan_writer import check_output, write_plan
    from models.io.atomic import write_text
    from solver.block.plan import plan_block
    from solver.week.solve import SolveParams

    out_path = check_output(out, fmt)[0] if out else None
    profile, rulebook = _block_inputs(athlete, rules)
    catalogue = default_catalogue()
    try:
        block = plan_block(profile, rulebook, catalogue, SolveParams(time_limit=time_limit))
    except InputError as error:
        raise error.in_file(athlete) from None
    Console().print(block_table(block))
    if out_path is not None:
        summary = block.summary()
        write_plan(block.frame(), out_path, fmt, athletes={profile.id: profile},
                   summary=summary, result=block, catalogue=catalogue)
        summary_path = Path(out_path).with_name(f"{Path(out_path).stem}.summary.csv")
        summary["week_start"] = summary["week_start"].dt.strftime("%Y-%m-%d")
        write_text(summary_path, summary.to_csv(index=False))
        click.echo(f"wrote {out_path} and {summary_path}")
    for result in block.unsolved:
        click.echo(f"{result.status.value}: {athlete}: week of {result.week_start}: "
                   f"{result.message} (weekplan explain {athlete} --week "
                   f"{result.week_start} --in-block)", err=True)
    if block.unsolved:
        sys.exit(EXIT_INFEASIBLE)


# --- rules / check / explain: rulebooks, auditing any plan, why (not) a plan ---
def _rulebook_option(rules: str):
    """--rules NAME|FILE as a Rulebook; an unknown name is reported against --rules."""
    from models.domain.rules import load_rulebook

    try:
        return load_rulebook(rules)
    except InputError as error:
        raise (error if error.file or error.field else InputError(error.problem, field="--rules"))


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

    Console().print(rulebook_table(_rulebook_option(rules)))
    click.echo(f"presets: {', '.join(preset_names())}")


@main.command("check")
@click.argument("plan")
@click.option("--athlete", "athlete", required=True, metavar="FILE",
              help="The athlete YAML file whose windows and targets the plan must respect.")
@rules_option
@click.option("--out", "out", metavar="findings.csv|findings.json",
              help="Also write the findings table.  [default: none, print only]")
@input_errors_exit_2
def check_command(plan: str, athlete: str, rules: str, out: str | None) -> None:
    """Audit PLAN (a plan table, .csv or .xlsx) against the rulebook - without the solver.

    Required columns: date, session, start, end (or minutes instead of end). Derived when
    absent: minutes, rpe, load, hard, weekday, week_start, athlete_id; other columns are
    ignored. Exits 1 when a hard rule is broken, 0 otherwise, 2 on bad input.
    """
    from rich.console import Console

    from models.audit.table import audit_table
    from models.domain.catalogue import default_catalogue
    from models.io.athlete_file import check_output_path, load_athlete
    from models.io.plan_table import read_plan_file
    from models.report.views import findings_view
    from models.domain.week import default_targets

    out_path = check_output_path(out) if out else None
    profile = load_athlete(athlete)
    rulebook = _rulebook_option(rules)
    catalogue = default_catalogue()
    try:
        default_targets(profile, rulebook, catalogue)
    except InputError as error:
        raise error.in_file(athlete) from None
    frame = read_plan_file(plan)
    try:
        report = audit_table(frame, profile, rulebook, catalogue)
    except InputError as error:
        raise error.in_file(plan) from None
    title = f"{profile.id}: {plan} checked against rulebook {rulebook.name}"
    Console().print(findings_view(report, title))
    if out_path is not None:
        table = report.to_frame()
        try:
            if out_path.suffix.lower() == ".json":
                table.to_json(out_path, orient="records", indent=2, date_format="iso")
            else:
                table.to_csv(out_path, index=False)
        except OSError as error:
            raise InputError(f"cannot write: {error.strerror or error}", file=str(out_path))
        click.echo(f"wrote {out_path}")
    sys.exit(EXIT_OK if report.ok else EXIT_INFEASIBLE)


@main.command("explain")
@click.argument("athlete")
@click.option("--week", "week", metavar="YYYY-MM-DD",
              help="Monday of the week to explain.  [default: the athlete's start]")
@rules_option
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Time limit in seconds for each solve.")
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
    from models.io.athlete_file import load_athlete
    from models.report.week_view import week_grid
    from models.report.views import explanation_view
    from models.domain.week import single_week
    from solver.explain.explain import explain_week

    monday = _monday_option(week)
    profile = load_athlete(athlete)
    rulebook = _rulebook_option(rules)
    catalogue = default_catalogue()
    try:
        if in_block:
            spec = _block_week_spec(profile, rulebook, catalogue, monday, time_limit)
        else:
            spec = single_week(profile, rulebook, catalogue, week_start=monday)
    except InputError as error:
        raise error.in_file(athlete) from None
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


def _block_week_spec(profile, rulebook, catalogue, monday, time_limit: float):
    """The WeekSpec `weekplan plan` solves for the block week starting ``monday``."""
    from solver.block.plan import chain
    from solver.week.solve import SolveParams

    wanted = monday or profile.start
    for _, spec, _ in chain(profile, rulebook, catalogue, SolveParams(time_limit=time_limit)):
        if spec.week_start == wanted:
            return spec
    raise InputError(f"{wanted} is not a week of the athlete's block", field="--week")


# --- demo-squad: a seeded generated squad in the folder (spreadsheet) or YAML form ---
@main.command("demo-squad")
@click.option("--athletes", "count", type=click.IntRange(min=1), default=30, show_default=True,
              help="Number of athletes.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Random seed: the same seed always gives the same squad.")
@click.option("--difficulty", default="mixed", show_default=True,
              type=click.Choice(["mixed", "loose", "tight", "two_a_day", "beginner"]),
              help="Kind of athletes (mixed = a realistic club; tight weeks may be infeasible).")
@click.option("--out", "out", required=True, metavar="DIR",
              help="Folder to write (created if missing).")
@click.option("--format", "fmt", type=click.Choice(["csv", "yaml"]), default="csv",
              show_default=True,
              help="csv = athletes.csv + availability.csv; yaml = one squad.yaml.")
@input_errors_exit_2
def demo_squad(count: int, seed: int, difficulty: str, out: str, fmt: str) -> None:
    """Write a generated squad to DIR, ready for `weekplan batch DIR`."""
    from pathlib import Path

    from models.squad.generator import random_squad
    from models.squad.files import YAML_NAME
    from models.squad.forms import write_squad_yaml
    from models.squad.spreadsheet import write_squad_folder

    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create the folder: {error.strerror or error}", file=out) from None
    athletes = random_squad(seed=seed, count=count, difficulty=difficulty)
    if fmt == "yaml":
        write_squad_yaml(athletes, folder / YAML_NAME)
    else:
        write_squad_folder(athletes, folder)
    click.echo(f"wrote {count} athletes to {folder} ({fmt}); plan them with "
               f"`weekplan batch {folder} --out RESULTS`")


# --- batch: a whole squad on local cores or a Dask cluster, resumable ---
@main.command("batch")
@click.argument("squad")
@click.option("--out", "out", required=True, metavar="DIR",
              help="Output folder: athletes/<id>.csv, weeks/<id>.csv, summary.csv, errors.csv, "
                   "plans.parquet.")
@rules_option
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Local processes (1 = plan in this process).  [default: all cores]")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run on a Dask cluster (pip install 'weekplan[dask]').")
@click.option("--dask-local", "dask_local", type=click.IntRange(min=1), metavar="N",
              help="Run on a local Dask cluster of N worker processes.")
@click.option("--resume", is_flag=True,
              help="Skip athletes already complete in DIR for the same input and rules.")
@click.option("--quiet", is_flag=True, help="No progress bar; only the final summary line.")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Solver time limit per athlete-week, in seconds.")
@click.option("--format", "formats", multiple=True, metavar="xlsx|json|csv|ics|parquet",
              help="Also write DIR/plans.<ext>: every athlete in one file (repeatable).")
@input_errors_exit_2
def batch(squad: str, out: str, rules: str, workers: int | None, scheduler: str | None,
          dask_local: int | None, resume: bool, quiet: bool, time_limit: float,
          formats: tuple[str, ...]) -> None:
    """Plan every athlete of SQUAD (a YAML file, or a folder with athletes.csv and
    availability.csv) and write one plan per athlete plus squad-wide tables to DIR.

    Exits 0 when every athlete was planned or reported (infeasible weeks and bad rows are
    counted in the summary line and listed in DIR/errors.csv), 2 when the squad cannot be
    read or none of its athletes can, 130 on Ctrl-C (rerun with --resume to finish).
    """
    import shlex

    from models.exports.plan_writer import format_of
    from models.exports.squad_formats import write_squad_plans
    from models.domain.rules import load_rulebook
    from solver.batch.driver import run_batch
    from solver.batch.report import BatchInterrupted
    from solver.week.solve import SolveParams

    for fmt in formats:
        format_of("plans", fmt)  # an unknown format is refused before any solving
    if scheduler and dask_local:
        raise InputError("give --scheduler or --dask-local, not both", field="--dask-local")
    if workers and (scheduler or dask_local):
        raise InputError("--workers sets local processes; a Dask cluster brings its own workers",
                         field="--workers")
    try:
        rulebook = load_rulebook(rules)
    except InputError as error:
        raise (error if error.file or error.field else InputError(error.problem, field="--rules"))
    try:
        report = run_batch(squad, out, rulebook, SolveParams(time_limit=time_limit),
                           workers=workers, scheduler=scheduler, dask_local=dask_local,
                           resume=resume, progress=not quiet)
    except BatchInterrupted as stop:
        again = ["weekplan", "batch", squad, "--out", out, "--resume"]
        if rules != "default":
            again += ["--rules", rules]
        if time_limit != 10.0:
            again += ["--time-limit", f"{time_limit:g}"]
        click.echo(f"{stop}; finish with: {shlex.join(again)}", err=True)
        sys.exit(130)
    click.echo(report.summary_line())
    for fmt in formats:
        click.echo(f"wrote {write_squad_plans(report.out_dir, fmt)}")
    if report.outcomes and all(o.status == "bad_input" for o in report.outcomes):
        click.echo(f"error: {squad}: no athlete of the squad could be read; "
                   f"see {report.out_dir / 'errors.csv'}", err=True)
        sys.exit(EXIT_INPUT)


# --- solve: one athlete-week ---
def _monday_option(text: str | None):
    """--week as a date that is a Monday (None: the athlete's start week)."""
    from datetime import date

    if text is None:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"'{text}' is not a date; write YYYY-MM-DD", field="--week") from None
    if day.weekday() != 0:
        raise InputError(f"{day} is a {day:%A}; give the Monday of the week", field="--week")
    return day


@main.command("solve")
@click.argument("athlete")
@click.option("--week", "week", metavar="YYYY-MM-DD",
              help="Monday of the week to plan.  [default: the athlete's start]")
@rules_option
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Solver time limit in seconds.")
@click.option("--out", "out", metavar="FILE",
              help="Also write the plan, format by extension: .csv/.parquet = plan table, "
                   ".xlsx = week grid + table, .ics = calendar, .json = the whole result "
                   "(plan, penalty breakdown, solve figures).  [default: none, print only]")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "xlsx", "ics", "json"]),
              help="Format of --out when its extension does not say.")
@input_errors_exit_2
def solve(athlete: str, week: str | None, rules: str, time_limit: float, out: str | None,
          fmt: str | None) -> None:
    """Plan one week of ATHLETE (a YAML file) and print it as a Mon..Sun grid.

    Exits 1 when no plan can satisfy the hard rules, 2 on bad input.
    """
    from rich.console import Console

    from models.domain.catalogue import default_catalogue
    from models.exports.plan_writer import check_output, write_plan
    from models.io.athlete_file import load_athlete
    from models.domain.rules import load_rulebook
    from models.report.week_view import week_report
    from models.domain.week import single_week
    from solver.week.solve import SolveParams, solve_week

    monday = _monday_option(week)
    out_path = check_output(out, fmt)[0] if out else None
    profile = load_athlete(athlete)
    try:
        rulebook = load_rulebook(rules)
    except InputError as error:
        raise (error if error.file or error.field else InputError(error.problem, field="--rules"))
    catalogue = default_catalogue()
    try:
        spec = single_week(profile, rulebook, catalogue, week_start=monday)
    except InputError as error:
        raise error.in_file(athlete) from None
    result = solve_week(spec, rulebook, catalogue, SolveParams(time_limit=time_limit))
    if not result.status.has_plan:
        click.echo(f"{result.status.value}: {athlete}: week of {result.week_start}: "
                   f"{result.message}", err=True)
        sys.exit(EXIT_INFEASIBLE)
    Console().print(week_report(result))
    if out_path is not None:
        write_plan(result.to_frame(), out_path, fmt, athletes={profile.id: profile},
                   result=result, catalogue=catalogue)
        click.echo(f"wrote {out_path}")



# --- report: one self-contained HTML page ---
@main.command("report")
@click.argument("source", metavar="DIR_OR_PLAN")
@click.option("--out", "out", required=True, metavar="report.html",
              help="The HTML file to write (inline CSS and SVG: opens offline, prints well).")
@click.option("--athlete", "athlete", metavar="FILE",
              help="The athlete's YAML, for the rule audit of a single athlete's plan.")
@click.option("--squad", "squad", metavar="FILE|DIR",
              help="The squad (YAML or spreadsheet folder), for the rule audit of every "
                   "athlete.  [default: DIR/squad.yaml when there is one]")
@click.option("--rules", "rules", default="default", show_default=True, metavar="NAME|FILE",
              help="Rulebook the plans are audited against.")
@input_errors_exit_2
def report(source: str, out: str, athlete: str | None, squad: str | None, rules: str) -> None:
    """Write an HTML report of DIR_OR_PLAN: a plan file or a `weekplan batch` folder.

    Per athlete: calendar coloured by session type, weekly load / monotony / ACWR chart,
    rule compliance and soft penalties; for a squad, an overview linking to each athlete.
    """
    from pathlib import Path

    from models.domain.errors import InputError as _InputError
    from models.io.profiles import load_profiles
    from models.report.html_data import write_report
    from models.domain.rules import load_rulebook

    target = Path(out)
    if target.suffix.lower() not in (".html", ".htm"):
        raise _InputError(f"the report is HTML; name it like report.html, not "
                          f"'{target.name}'", field="--out")
    if not target.parent.is_dir():
        raise _InputError(f"folder '{target.parent}' does not exist", file=out, field="--out")
    try:
        rulebook = load_rulebook(rules)
    except _InputError as error:
        raise (error if error.file or error.field else _InputError(error.problem,
                                                                   field="--rules"))
    profiles, problems = load_profiles(athlete, squad, near=source)
    for problem in problems:
        click.echo(f"warning: {problem.line()} (not audited)", err=True)
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
@click.option("--out", "out", metavar="comparison.csv",
              help="Write the comparison (athlete_id, metric, a, b, diff, rel_diff) as CSV.")
@click.option("--weeks", type=click.IntRange(min=1, max=104),
              help="With --squad: plan a block of N weeks per athlete instead of their own.")
@click.option("--workers", type=click.IntRange(min=1), help="Processes for --squad runs.")
@click.option("--keep", "keep", metavar="DIR",
              help="With --squad: keep both batch folders in DIR (default: a temporary one).")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Solver time limit per week (--squad runs).")
@input_errors_exit_2
def compare(plans: tuple[str, ...], squad: str | None, athlete: str | None,
            rules: tuple[str, ...], out: str | None, weeks: int | None, workers: int | None,
            keep: str | None, time_limit: float) -> None:
    """Compare two plan tables (files or batch folders) A and B, or one squad planned under
    two rulebooks (--squad S --rules 001 --rules 002): load, monotony, strain, ACWR,
    strength, hill/sprint weeks, hiking, same-day order, hard violations, soft penalties."""
    import tempfile
    from pathlib import Path

    from rich.console import Console

    from models.domain.catalogue import default_catalogue
    from models.analysis.compare import compare as compare_sides, side_metrics, summary_lines
    from models.report.compare_view import comparison_table
    from models.domain.errors import InputError as _InputError
    from models.io.atomic import write_text
    from models.io.plan_sources import load_plans
    from models.io.profiles import load_profiles
    from models.domain.rules import load_rulebook

    if len(plans) not in (0, 2):
        raise _InputError(f"give two plans A B (got {len(plans)}), or none with --squad",
                          field="A B")
    if not plans and (squad is None or len(rules) != 2):
        raise _InputError("give two plans A B, or --squad S with --rules twice "
                          "(e.g. --rules 001 --rules 002)", field="--squad")
    if len(rules) > 2:
        raise _InputError("give --rules at most twice (A's, then B's)", field="--rules")
    if out is not None:
        out_path = Path(out)
        if not out_path.parent.is_dir():
            raise _InputError(f"folder '{out_path.parent}' does not exist", file=out,
                              field="--out")
    names = list(rules) or ["default"]
    try:
        books = [load_rulebook(name) for name in names]
    except _InputError as error:
        raise (error if error.file or error.field else _InputError(error.problem,
                                                                   field="--rules"))
    book_a, book_b = books[0], books[-1]
    catalogue = default_catalogue()
    if plans:
        profiles, problems = load_profiles(athlete, squad)
        sources = [load_plans(p, catalogue) for p in plans]
        labels = [Path(p).name for p in plans]
    else:
        from solver.batch.rulebook_runs import plan_under, shortened
        from solver.week.solve import SolveParams

        profiles_list, problems = load_profiles(None, squad)
        athletes = shortened(list(profiles_list.values()), weeks)
        profiles = {a.id: a for a in athletes}
        root = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="weekplan-compare-"))
        runs = plan_under(athletes, [book_a, book_b], root, SolveParams(time_limit=time_limit),
                          workers=workers, weeks=None, progress=True)
        sources = [load_plans(folder, catalogue) for folder, _ in runs]
        labels = [f"rules {book_a.name}", f"rules {book_b.name}"]
        if keep:
            click.echo(f"batch folders kept in {root}", err=True)
        else:
            import shutil

            shutil.rmtree(root, ignore_errors=True)
    for problem in problems:
        click.echo(f"warning: {problem.line()} (not audited)", err=True)
    side_a, side_b = (side_metrics(source.plan, profiles, book, catalogue, source.summary)
                      for source, book in zip(sources, (book_a, book_b)))
    comparison = compare_sides(side_a, side_b)
    console = Console()
    console.print(comparison_table(comparison, labels[0], labels[1]))
    for line in summary_lines(comparison, labels[0], labels[1]):
        click.echo(line)
    if out is not None:
        write_text(out, comparison.to_csv(index=False))
        click.echo(f"wrote {out}")


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
@click.option("--rules", "rules", default="default", show_default=True, metavar="NAME|FILE",
              help="Rulebook preset name or path.")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Solver time limit per week, in seconds.")
@click.option("--out", "out", metavar="plan.csv", help="Write the new plan table.")
@input_errors_exit_2
def replan_command(plan: str, athlete: str, today: str, done: tuple[str, ...],
                   missed: tuple[str, ...], unavailable: tuple[str, ...], rules: str,
                   time_limit: float, out: str | None) -> None:
    """Re-plan PLAN from TODAY after missed sessions or new unavailability.

    Prints the change list ("Tue hill -> Thu hill 18:00 ...") and the new plan; a changed
    session costs S-STABILITY's weight, so the re-plan changes as little as it can.
    """
    from datetime import date

    from rich.console import Console

    from models.audit.week import sessions_from_frame
    from models.domain.catalogue import default_catalogue
    from models.exports.plan_writer import check_output, write_plan
    from models.io.plan_table import read_plan_file
    from models.block.replan_facts import (
        actual_past, parse_selector, parse_unavailable, with_unavailability,
    )
    from models.report.week_view import week_grid
    from solver.block.replan import replan
    from solver.week.solve import SolveParams

    try:
        day = date.fromisoformat(today)
    except ValueError:
        raise InputError(f"'{today}' is not a date; write YYYY-MM-DD", field="--today") from None
    out_path = check_output(out)[0] if out else None
    profile, rulebook = _block_inputs(athlete, rules)
    catalogue = default_catalogue()
    frame = read_plan_file(plan)
    if "athlete_id" in frame.columns:
        frame = frame[frame["athlete_id"].astype(str).str.strip().isin([profile.id, ""])]
    try:
        old = sessions_from_frame(frame, catalogue)
    except InputError as error:
        raise error.in_file(plan) from None
    if not old:
        raise InputError(f"no sessions of athlete '{profile.id}'", file=plan)
    past = [s for s in old if s.date < day]
    actual = actual_past(
        past,
        [parse_selector(text, "--done", catalogue) for text in done],
        [parse_selector(text, "--missed", catalogue) for text in missed],
    )
    profile = with_unavailability(profile, [parse_unavailable(text) for text in unavailable])
    result = replan(old, profile, rulebook, day, actual=actual, catalogue=catalogue,
                    params=SolveParams(time_limit=time_limit))
    console = Console()
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
        write_plan(result.frame(), out_path, athletes={profile.id: profile}, catalogue=catalogue)
        click.echo(f"wrote {out_path}")
    for week in result.unsolved:
        click.echo(f"{week.status.value}: week of {week.week_start}: {week.message}", err=True)
    if result.unsolved:
        sys.exit(EXIT_INFEASIBLE)


if __name__ == "__main__":
    main()
