"""The coach's squad page: every athlete's calendar links, and the squad report.

Served only under the coach's token (the page lists every athlete's secret link). Each
athlete has a ``webcal://`` link (calendar apps subscribe on a click), the same feed over
http(s) (for Google Calendar's "From URL" and Outlook's "Subscribe from web") and the busy
feed without details; the report link appears when DIR/report.html exists.
"""

from __future__ import annotations

from html import escape

from models.domain.athlete import Athlete
from models.feeds.tokens import FeedTokens

STYLE = ("body{font:15px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}"
         "table{border-collapse:collapse;width:100%}td,th{padding:.4rem .6rem;"
         "border-bottom:1px solid #ddd;text-align:left}code{font-size:12px;word-break:break-all}")


def webcal(url: str) -> str:
    """The http(s) URL of a feed as the webcal:// link calendar apps open."""
    return "webcal://" + url.split("://", 1)[1]


def squad_page(base_url: str, tokens: FeedTokens, athletes: dict[str, Athlete],
               athlete_ids: list[str], report_url: str | None) -> str:
    """The page as HTML; ``base_url`` ends with '/' (the server's address as requested)."""
    rows = []
    for athlete_id in athlete_ids:
        pair = tokens.athletes.get(athlete_id)
        if pair is None:
            continue
        person = athletes.get(athlete_id)
        name = escape(person.display_name if person else athlete_id)
        full = f"{base_url}feeds/{pair.full}.ics"
        busy = f"{base_url}feeds/{pair.busy}.ics"
        rows.append(
            f'<tr data-athlete="{escape(athlete_id)}"><td>{name}</td>'
            f'<td><a class="feed" href="{escape(webcal(full))}">subscribe</a></td>'
            f'<td><code class="feed-url">{escape(full)}</code></td>'
            f'<td><a class="busy" href="{escape(webcal(busy))}">busy only</a></td></tr>')
    report = (f'<p><a class="report" href="{escape(report_url)}">Squad report</a></p>'
              if report_url else "")
    return ("<!doctype html><html lang=en><head><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width,initial-scale=1'>"
            "<meta name=referrer content=no-referrer>"
            f"<title>Squad calendars</title><style>{STYLE}</style></head><body>"
            "<h1>Squad calendars</h1>"
            "<p>Send each athlete their own link; anyone with a link can read that calendar. "
            "<code>weekplan feeds DIR --rotate ATHLETE</code> replaces a leaked one.</p>"
            f"{report}<table><thead><tr><th>Athlete</th><th>Calendar</th><th>URL (Google, "
            "Outlook)</th><th>Busy feed</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></body></html>")
