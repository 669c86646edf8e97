"""A solved week for the terminal: a Mon..Sun grid, the solve figures and the penalties.

Kept out of cli.py so that the command stays thin and other commands (block, squad, explain)
can print weeks the same way. Returns rich renderables; printing is the caller's business.
"""

from __future__ import annotations

from datetime import timedelta

from rich.console import Group
from rich.table import Table
from rich.text import Text

from models.domain.clock import WEEKDAY_TITLES, format_hhmm
from models.domain.plan import Result, Session, Status

HARD_STYLE = "bold red"
STRENGTH_STYLE = "bold cyan"
HIKE_STYLE = "green"
REST_STYLE = "dim"


def _style(session: Session) -> str:
    if session.hard_run:
        return HARD_STYLE
    if session.type == "strength":
        return STRENGTH_STYLE
    if session.type == "hike":
        return HIKE_STYLE
    return ""


def session_text(session: Session) -> Text:
    """'06:00 jog' over '25 min'; a hard run is marked '*' so that it shows without colour.

    Every word is at most 8 characters, so seven columns fit an 80-column terminal: rich
    wraps between words instead of cutting them.
    """
    mark = "*" if session.hard_run else ""
    return Text(
        f"{format_hhmm(session.start)} {session.type}{mark}\n{session.minutes} min",
        style=_style(session),
    )


def week_grid(result: Result) -> Table:
    """One column per weekday; each cell lists the day's sessions with times and minutes."""
    title = f"{result.athlete_id} - week of {result.week_start:%Y-%m-%d}"
    table = Table(title=Text(title), show_lines=True, expand=False, caption="* hard run")
    days = [result.week_start + timedelta(days=i) for i in range(7)]
    for day in days:
        table.add_column(f"{WEEKDAY_TITLES[day.weekday()]}\n{day:%d %b}", justify="left",
                         vertical="top", min_width=8)
    cells = []
    for day in days:
        sessions = result.plan.on(day) if result.plan else []
        if not sessions:
            cells.append(Text("rest", style=REST_STYLE))
            continue
        cell = Text()
        for n, session in enumerate(sorted(sessions, key=lambda s: s.start)):
            if n:
                cell.append("\n\n")
            cell.append_text(session_text(session))
        cells.append(cell)
    table.add_row(*cells)
    return table


def solve_summary(result: Result) -> Text:
    """Status, penalty (objective), proven lower bound and wall time on one line."""

    def points(value: float | None) -> str:
        return "-" if value is None else f"{value:g}"

    style = "bold green" if result.status is Status.optimal else "bold yellow"
    if not result.status.has_plan:
        style = "bold red"
    text = Text("status ")
    text.append(result.status.value, style=style)
    text.append(
        f" | objective {points(result.objective)} pts | bound {points(result.best_bound)} pts"
        f" | wall {result.wall_time:.2f} s (solve {result.solve_time:.2f} s)"
    )
    return text


def breakdown_table(result: Result) -> Table:
    """Penalty points per soft rule, with the days concerned; a total row at the end."""
    table = Table(title="penalty breakdown", show_footer=True)
    table.add_column("rule", footer="total")
    table.add_column("violations", justify="right")
    table.add_column("points", justify="right",
                     footer=f"{round(sum(result.penalty_by_rule().values()), 2):g}")
    table.add_column("where / why")
    by_rule: dict[str, list] = {}
    for item in result.breakdown:
        by_rule.setdefault(item.rule_id, []).append(item)
    for rule_id, items in by_rule.items():
        where = sorted({
            (f"{WEEKDAY_TITLES[i.date.weekday()]} " if i.date else "") + i.detail for i in items
        })
        table.add_row(
            rule_id,
            str(sum(i.violations for i in items)),
            f"{round(sum(i.penalty for i in items), 2):g}",
            "; ".join(where),
        )
    if not by_rule:
        table.add_row("-", "0", "0", "no soft rule costs anything")
    return table


def week_report(result: Result) -> Group:
    """Everything `weekplan solve` prints for a week with a plan."""
    return Group(week_grid(result), solve_summary(result), breakdown_table(result))
