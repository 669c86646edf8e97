"""One self-contained HTML page for coaches: calendar, load chart and rule compliance.

Per athlete: a week-grid calendar coloured by session type (hard runs bold with a dark
edge, so the page also reads in greyscale) with each week's running minutes against its
volume target, the same as a figure, a weekly load / monotony / ACWR chart (inline SVG),
the audit's hard findings and the soft penalty per rule. For a squad, an overview table
first, each row linking to its athlete. No script, no external resource (a Content
Security Policy says so to the browser), print styles for A4 landscape.

This module only renders; models/report/html_data.py gathers what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from html import escape

import pandas as pd

from models.audit.week import AuditReport
from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.clock import WEEKDAY_TITLES
from models.report.html_completed import BAND_CSS, completed_section
from models.report.style import CSS, SESSION_COLOURS, session_css
from models.report.svg import load_chart
from models.report.volume_chart import volume_chart

MAX_ROWS = 40  # findings listed per athlete before "... and N more"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@dataclass
class AthleteReport:
    """What the report shows of one athlete; ``audit`` None = not checked (no profile)."""

    athlete_id: str
    plan: pd.DataFrame                  # typed plan table of this athlete
    weekly: pd.DataFrame                # week_start, load, monotony, strain, acwr; run_min,
    #                                     low_share, run_min_target (volume) where known
    name: str = ""
    audit: AuditReport | None = None
    status: str = ""                    # from a batch summary, if any
    notes: list[str] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)  # level, time zone, block, ...
    completed: tuple[pd.DataFrame, pd.DataFrame] | None = None  # compliance rows, weekly

    @property
    def anchor(self) -> str:
        return "a-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in self.athlete_id)

    @property
    def title(self) -> str:
        return f"{self.name} ({self.athlete_id})" if self.name else self.athlete_id


def _fmt(value, digits: int = 2) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return escape(str(value)) if value not in (None, "") else "-"
    if pd.isna(number):
        return "-"
    return f"{number:,.0f}" if digits == 0 else f"{number:.{digits}f}"


def _chip(row, catalogue: Catalogue) -> str:
    label = catalogue.types[row.session].label if row.session in catalogue.types else row.session
    kind = f"s-{row.session}" if row.session in SESSION_COLOURS else "s-other"
    hard = " hard" if row.hard else ""
    tip = escape(f"{label} {row.start}-{row.end}, RPE {row.rpe}, load {row.load}"
                 + (f" - {row.details}" if row.details else ""))
    return (f'<span class="s {kind}{hard}" title="{tip}">{escape(row.start)} {escape(label)}'
            f'<br><small>{row.minutes} min{" · hard" if row.hard else ""}</small></span>')


def _volume_cell(run_min, target) -> str:
    """'225 / 240': running minutes of the week against its target (alone without one)."""
    if run_min is None or pd.isna(run_min):
        return "-"
    return f"{int(run_min)}" + ("" if target is None or pd.isna(target) else f" / {int(target)}")


def calendar_grid(plan: pd.DataFrame, mondays: list, catalogue: Catalogue,
                  volume: dict | None = None) -> str:
    """Rows = weeks, columns = Mon..Sun, each cell the day's sessions as coloured chips;
    then the week's load and, with ``volume`` (Monday -> its cell text), its running
    minutes against their target, so the printed page carries the numbers too."""
    head = "".join(f"<th>{d}</th>" for d in WEEKDAY_TITLES)
    volume_head = '<th class="num">run min / target</th>' if volume is not None else ""
    rows = [f'<table class="grid"><thead><tr><th class="week">week</th>{head}'
            f'<th class="num">load</th>{volume_head}</tr></thead><tbody>']
    by_date = {day: group for day, group in plan.groupby(plan["date"].dt.date)}
    for monday in mondays:
        cells, load = [], 0
        for offset in range(7):
            day = monday + timedelta(days=offset)
            sessions = by_date.get(day)
            chips = ""
            if sessions is not None:
                sessions = sessions.sort_values("start")
                load += int(sessions["load"].sum())
                chips = "".join(_chip(r, catalogue) for r in sessions.itertuples())
            cells.append(f'<td><div class="day">{day.day} {day:%b}</div>'
                         f'{chips or "<span class=rest>rest</span>"}</td>')
        volume_cell = (f'<td class="num run-min">{escape(volume.get(monday, "-"))}</td>'
                       if volume is not None else "")
        rows.append(f'<tr><td class="week">{monday:%Y-%m-%d}</td>{"".join(cells)}'
                    f'<td class="num">{load:,}</td>{volume_cell}</tr>')
    rows.append("</tbody></table>")
    legend = "".join(
        f'<li><span class="s s-{name}">'
        f'{escape(catalogue.types[name].label if name in catalogue.types else name)}</span></li>'
        for name in SESSION_COLOURS)
    legend += '<li><span class="s s-hill hard">hard run: bold, dark edge</span></li>'
    return "".join(rows) + f'<ul class="legend">{legend}</ul>'


def _figures(report: AthleteReport) -> str:
    weekly, plan = report.weekly, report.plan
    items = [
        (f"{len(weekly)}", "weeks"), (f"{len(plan)}", "sessions"),
        (_fmt(plan["load"].sum() if len(plan) else 0, 0), "total load"),
        (_fmt(weekly["load"].mean() if len(weekly) else None, 0), "mean weekly load"),
        (_fmt(weekly["monotony"].mean() if "monotony" in weekly else None), "mean monotony"),
        (_fmt(weekly["acwr"].max() if "acwr" in weekly else None), "highest ACWR"),
    ]
    if "run_min" in weekly and len(weekly):
        running = weekly["run_min"].sum()
        low = (weekly["run_min"] * weekly["low_share"].fillna(0)).sum()
        items[3:3] = [(_fmt(weekly["run_min"].mean(), 0), "mean running min a week"),
                      (_fmt(low / running if running else None), "low-intensity share")]
    return '<div class="figures">' + "".join(
        f"<div><b>{value}</b><span>{label}</span></div>" for value, label in items) + "</div>"


def compliance(audit: AuditReport | None, titles: dict[str, str]) -> str:
    """Hard findings (the plan is illegal where they are) and soft penalty points per rule."""
    if audit is None:
        return ('<p><span class="badge warn">not checked</span> no athlete profile was given '
                '(use --athlete or --squad) - rule compliance needs the availability and '
                'targets.</p>')
    hard, soft = audit.hard_findings, audit.soft_findings
    parts = []
    if hard:
        parts.append(f'<p><span class="badge bad">{len(hard)} hard rule violation'
                     f'{"s" if len(hard) != 1 else ""}</span></p>')
        parts.append(_findings_table(hard))
    else:
        parts.append('<p><span class="badge ok">no hard rule broken</span></p>')
    by_rule = audit.penalty_by_rule()
    total = sum(by_rule.values())
    parts.append(f"<h3>Soft penalty by rule - {total:g} points</h3>")
    if not by_rule:
        parts.append("<p>No soft rule costs anything.</p>")
    else:
        counts: dict[str, int] = {}
        for finding in soft:
            counts[finding.rule_id] = counts.get(finding.rule_id, 0) + finding.violations
        top = max(by_rule.values()) or 1
        rows = "".join(
            f'<tr><td>{escape(rule)}</td><td>{escape(titles.get(rule, ""))}</td>'
            f'<td class="num">{counts.get(rule, 0)}</td><td class="num">{points:g}</td>'
            f'<td style="width:22%"><div class="bar" style="width:{100 * points / top:.0f}%">'
            f'</div></td></tr>'
            for rule, points in sorted(by_rule.items(), key=lambda item: -item[1]))
        parts.append('<table><thead><tr><th>rule</th><th>what it asks</th>'
                     '<th class="num">violations</th><th class="num">points</th><th></th></tr>'
                     f'</thead><tbody>{rows}</tbody></table>')
        parts.append("<h3>Where the points come from</h3>")
        parts.append(_findings_table(soft, points=True))
    return "".join(parts)


def _findings_table(findings, points: bool = False) -> str:
    shown = findings[:MAX_ROWS]
    head = '<th class="num">points</th>' if points else ""
    rows = "".join(
        f'<tr><td>{escape(f.rule_id)}</td><td>{f.date.isoformat() if f.date else "week of " + (f.week_start.isoformat() if f.week_start else "?")}</td>'
        f'<td>{escape(f.message)}</td>'
        + (f'<td class="num">{f.penalty:g}</td>' if points else "") + "</tr>"
        for f in shown)
    more = (f'<p class="meta">... and {len(findings) - len(shown)} more (see `weekplan check`)'
            '</p>') if len(findings) > len(shown) else ""
    return (f'<table><thead><tr><th>rule</th><th>when</th><th>what</th>{head}</tr></thead>'
            f'<tbody>{rows}</tbody></table>{more}')


def athlete_section(report: AthleteReport, catalogue: Catalogue, titles: dict[str, str]) -> str:
    weekly = report.weekly
    mondays = sorted({pd.Timestamp(d).date() for d in weekly["week_start"]}
                     | set(report.plan["week_start"].dt.date))
    facts = " · ".join(f"{escape(k)}: {escape(v)}" for k, v in report.facts.items())
    notes = "".join(f'<p><span class="badge warn">note</span> {escape(n)}</p>'
                    for n in report.notes)
    status = (f' <span class="badge {"ok" if report.status == "optimal" else "warn"}">'
              f'{escape(report.status)}</span>') if report.status else ""
    chart = load_chart(weekly.assign(week_start=pd.to_datetime(weekly["week_start"])),
                       f"weekly load, monotony and ACWR of {report.title}") if len(weekly) else ""
    volume, volume_figure = None, ""
    if len(weekly) and "run_min" in weekly:
        targets = weekly.get("run_min_target", pd.Series([None] * len(weekly)))
        volume = {pd.Timestamp(m).date(): _volume_cell(run, target) for m, run, target
                  in zip(weekly["week_start"], weekly["run_min"], targets)}
        volume_figure = ("<h3>Running volume against target</h3>" + volume_chart(
            weekly.assign(week_start=pd.to_datetime(weekly["week_start"])),
            f"weekly running minutes and their target of {report.title}"))
    return (f'<section class="athlete" id="{report.anchor}">'
            f'<h2>{escape(report.title)}{status}</h2><p class="meta">{facts}</p>{notes}'
            f'{_figures(report)}'
            f'<h3>Calendar</h3>{calendar_grid(report.plan, mondays, catalogue, volume)}'
            f'{volume_figure}'
            f'<h3>Weekly load, monotony and ACWR</h3>{chart}'
            f'<h3>Rule compliance</h3>{compliance(report.audit, titles)}'
            f'{completed_section(*report.completed) if report.completed else ""}'
            f'<p class="screen-only"><a href="#top">back to top</a></p></section>')


def overview(reports: list[AthleteReport], errors: pd.DataFrame | None) -> str:
    """The squad table: one row per athlete, linking to its section."""
    rows = []
    for r in reports:
        weekly = r.weekly
        hard = "-" if r.audit is None else str(len(r.audit.hard_findings))
        soft = "-" if r.audit is None else f"{r.audit.total_penalty:g}"
        bad = r.audit is not None and r.audit.hard_findings
        rows.append(
            f'<tr><td><a href="#{r.anchor}">{escape(r.athlete_id)}</a></td>'
            f'<td>{escape(r.name)}</td><td>{escape(r.status or "-")}</td>'
            f'<td class="num">{len(weekly)}</td><td class="num">{len(r.plan)}</td>'
            f'<td class="num">{_fmt(weekly["load"].mean() if len(weekly) else None, 0)}</td>'
            f'<td class="num">{_fmt(weekly["monotony"].mean() if len(weekly) else None)}</td>'
            f'<td class="num">{_fmt(weekly["acwr"].max() if len(weekly) else None)}</td>'
            f'<td class="num{" bad" if bad else ""}">{hard}</td><td class="num">{soft}</td></tr>')
    table = ('<table><thead><tr><th>athlete</th><th>name</th><th>status</th>'
             '<th class="num">weeks</th><th class="num">sessions</th>'
             '<th class="num">mean weekly load</th><th class="num">mean monotony</th>'
             '<th class="num">highest ACWR</th><th class="num">hard violations</th>'
             '<th class="num">soft penalty</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>')
    problems = ""
    if errors is not None and len(errors):
        items = "".join(
            f"<tr><td>{escape(str(row.get('athlete', '')))}</td>"
            f"<td>{escape(str(row.get('stage', '')))}</td>"
            f"<td>{escape(str(row.get('message', '')))}</td></tr>"
            for row in errors.to_dict("records")[:MAX_ROWS])
        problems = ("<h3>Problems reported by the batch run</h3><table><thead><tr><th>athlete"
                    f"</th><th>stage</th><th>message</th></tr></thead><tbody>{items}</tbody>"
                    "</table>")
    return (f'<section class="overview"><h2>Squad overview</h2>'
            f'<p class="meta">{len(reports)} athletes with a plan</p>{table}{problems}</section>')


def roster_section(rosters: pd.DataFrame) -> str:
    """Squad sessions: one row per group-session occurrence and who attends it."""
    shown = rosters.head(MAX_ROWS * 5)
    rows = "".join(
        f"<tr><td>{escape(str(r.group_session))}</td><td>{escape(str(r.date))} "
        f"{escape(str(r.weekday))}</td><td>{escape(str(r.start))}-{escape(str(r.end))}</td>"
        f"<td>{escape(str(r.session))}</td><td>{escape(str(r.location))}</td>"
        f"<td>{escape(str(r.coach))}</td><td class=\"num\">{escape(str(r.attending))} / "
        f"{escape(str(r.available))} / {escape(str(r.invited))}</td>"
        f"<td>{escape(str(r.athletes))}</td></tr>"
        for r in shown.fillna("").itertuples(index=False))
    more = (f'<p class="meta">... and {len(rosters) - len(shown)} more in rosters.csv</p>'
            if len(rosters) > len(shown) else "")
    return ('<section class="overview" id="rosters"><h2>Group sessions</h2>'
            '<p class="meta">attending / available / invited athletes of each occurrence</p>'
            '<table><thead><tr><th>group session</th><th>date</th><th>time</th><th>session'
            '</th><th>location</th><th>coach</th><th class="num">athletes</th><th>roster</th>'
            f'</tr></thead><tbody>{rows}</tbody></table>{more}</section>')


def render(reports: list[AthleteReport], title: str, *, titles: dict[str, str] | None = None,
           errors: pd.DataFrame | None = None, subtitle: str = "",
           catalogue: Catalogue | None = None, rosters: pd.DataFrame | None = None) -> str:
    """The whole page; a squad overview is added when there is more than one athlete, and
    the group-session rosters (models/squad/rosters.py) when given."""
    catalogue = catalogue or default_catalogue()
    titles = titles or {}
    squad = len(reports) > 1 or (errors is not None and len(errors) > 0)
    toc = ""
    if len(reports) > 1:
        toc = '<nav class="toc">Athletes: ' + " · ".join(
            f'<a href="#{r.anchor}">{escape(r.athlete_id)}</a>' for r in reports) + "</nav>"
    body = "".join(athlete_section(r, catalogue, titles) for r in reports)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}\n{session_css()}\n"
        f".s-other{{background:#e2e8f0;color:#2d3748}}{BAND_CSS}</style></head>"
        f'<body><main id="top"><h1>{escape(title)}</h1>'
        f'<p class="meta">{escape(subtitle)}</p>{toc}'
        f'{overview(reports, errors) if squad else ""}'
        f'{roster_section(rosters) if rosters is not None and len(rosters) else ""}{body}'
        f"<footer>weekplan report · session load = RPE x minutes (Foster) · monotony = mean / "
        f"SD of the 7 daily loads · ACWR = last 7 days / mean week of the last 28 days"
        f"</footer></main></body></html>\n"
    )
