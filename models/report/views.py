"""Terminal views of `weekplan rules`, `check` and `explain` (rich renderables, no printing).

The explain view renders the ``Explanation.to_dict()`` form, the same dict ``--json``
prints, so the two outputs cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from models.audit.week import AuditReport
from models.domain.rules import Rulebook

KIND_STYLE = {"hard": "bold red", "soft": "yellow", "off": "dim"}


def _params(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())


def rulebook_table(rulebook: Rulebook) -> Table:
    """Every rule of the effective rulebook: id, kind, weight, params and its source quote."""
    title = f"rulebook {rulebook.name}"
    table = Table(title=Text(title), caption=rulebook.description or None, show_lines=False)
    for name in ("id", "kind", "weight", "params", "source"):
        table.add_column(name, justify="right" if name == "weight" else "left",
                         no_wrap=name in ("id", "kind"))
    for rule in rulebook.rules.values():
        weight = f"{rule.weight:g}" if rule.is_soft or rule.weight else "-"
        source = f'{rule.source}: "{rule.quote}"' if rule.quote else rule.source
        table.add_row(rule.id, Text(rule.kind.value, style=KIND_STYLE[rule.kind.value]),
                      weight, _params(rule.params), source)
    return table


def findings_view(report: AuditReport, title: str) -> Group:
    """The findings table (hard first) and the soft penalty per rule with a total."""
    findings = sorted(report.findings, key=lambda f: (f.kind != "hard", str(f.date or ""),
                                                      f.rule_id))
    table = Table(title=Text(title), show_lines=False)
    for name in ("rule", "kind", "date", "sessions", "message", "source"):
        table.add_column(name, no_wrap=name in ("rule", "kind", "date"))
    for f in findings:
        table.add_row(f.rule_id, Text(f.kind, style=KIND_STYLE[f.kind]),
                      f.date.isoformat() if f.date else "week", f.sessions, f.message, f.source)
    if not findings:
        table.add_row("-", "", "", "", "no rule is broken", "")
    penalties = Table(title="soft penalty per rule", show_footer=True)
    penalties.add_column("rule", footer="total")
    penalties.add_column("violations", justify="right")
    penalties.add_column("points", justify="right", footer=f"{report.total_penalty:g}")
    by_rule = report.penalty_by_rule()
    for rule_id, points in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        count = sum(f.violations for f in report.soft_findings if f.rule_id == rule_id)
        penalties.add_row(rule_id, str(count), f"{points:g}")
    verdict = (Text("no hard rule is broken", style="bold green") if report.ok else
               Text(f"{len(report.hard_findings)} hard violation(s)", style="bold red"))
    return Group(table, penalties, verdict)


def explanation_view(data: dict[str, Any]) -> Group:
    """A score analysis (feasible week) or a conflict with its fixes (infeasible week)."""
    head = f"{data['athlete_id']} - week of {data['week_start']} - rulebook {data['rulebook']}"
    if "score" in data:
        return Group(_score_table(data, head))
    if "conflict" not in data:
        return Group(Text(f"{head}: {data['status']}: {data.get('message', '')}",
                          style="bold yellow"))
    return _conflict_view(data, head)


def _score_table(data: dict[str, Any], head: str) -> Table:
    table = Table(title=Text(f"score analysis: {head}"), show_lines=True, show_footer=True,
                  caption=data.get("note"))
    table.add_column("rule", footer="total", no_wrap=True)
    table.add_column("matches", justify="right")
    table.add_column("weight", justify="right")
    table.add_column("penalty", justify="right", footer=f"{data['objective']:g}")
    table.add_column("why")
    for score in data["score"]:
        why = "\n".join(f"{score['rule_id']}: {item['sentence']}" for item in score["items"])
        table.add_row(score["rule_id"], str(score["matches"]), f"{score['weight']:g}",
                      f"{score['penalty']:g}", why)
    if not data["score"]:
        table.add_row("-", "0", "", "0", "no soft rule costs anything")
    return table


def _conflict_view(data: dict[str, Any], head: str) -> Group:
    parts: list[Any] = [Text(f"{head}: no plan satisfies the hard rules.", style="bold red")]
    members = data["conflict"]
    if members:
        qualifier = "" if data.get("minimal", True) else " (not proven minimal: time limit)"
        parts.append(Text(
            f"These {len(members)} rules and availability facts cannot all hold (a window "
            f"holds one session); drop any one of them and the others can{qualifier}:"))
        table = Table(show_header=True, box=None, padding=(0, 2, 0, 2))
        for name in ("member", "what", "source"):
            table.add_column(name)
        for m in members:
            source = "athlete file"
            if m["kind"] == "rule":
                source = m["source"] if m["quote"] in ("", m["source"]) else \
                    f'{m["source"]}: "{m["quote"]}"'
            table.add_row(m["member"], m["text"], source)
        parts.append(table)
        if data.get("unlisted_days"):
            days = ", ".join(data["unlisted_days"])
            parts.append(Text(f"Not listed: {days} - one more window there would not resolve "
                              "this conflict on its own.", style="dim"))
    elif data.get("message"):
        parts.append(Text(data["message"]))
    if data["fixes"]:
        parts.append(Text("What the coach could change:", style="bold"))
        for fix in data["fixes"]:
            parts.append(Text(f"  - {fix['text']}"))
    else:
        parts.append(Text("No change of the windows or the rules found within the time limit."))
    return Group(*parts)
