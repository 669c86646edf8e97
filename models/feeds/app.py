"""The feed server: a batch folder's calendars, safe to leave running on a club's machine.

Routes (everything else is a plain 404):

    GET /feeds/<token>.ics            an athlete's feed (full or busy, by token)
    GET /squad/<coach token>          the squad page (models/feeds/page.py)
    GET /squad/<coach token>/report   DIR/report.html, when there is one

Safety: an unknown token is 404 with the same body as any other unknown path; nothing in a
URL becomes a file path (tokens are looked up in a table and the files are named by
athlete id); there is no directory listing nor static mount; only GET and HEAD, with no
request body and a bounded URL (else 413/414); the default address is 127.0.0.1 (the CLI).
Feeds answer with ETag and Last-Modified and 304 to a matching conditional request.
"""

from __future__ import annotations

import hmac
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from models.feeds.feed import FeedSource, athlete_ids
from models.feeds.page import squad_page
from models.feeds.tokens import TOKEN_PATTERN, ensure_tokens, read_tokens, tokens_path

MAX_URL = 512
REPORT_FILE = "report.html"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                               "img-src data:; frame-ancestors 'none'",
}


def not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404, headers=SECURITY_HEADERS)


class Guard:
    """Refuses what a calendar client never sends: bodies, long URLs, other methods."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"0")
        status = None
        if scope["method"] not in ("GET", "HEAD"):
            status, text = 405, "Method Not Allowed"
        elif b"transfer-encoding" in headers or length.strip() not in (b"", b"0"):
            status, text = 413, "Request Entity Too Large"
        elif len(scope.get("raw_path") or scope["path"].encode()) + len(
                scope.get("query_string") or b"") > MAX_URL:
            status, text = 414, "URI Too Long"
        if status is not None:
            response = PlainTextResponse(text, status_code=status, headers=SECURITY_HEADERS)
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


class Tokens:
    """The folder's tokens, re-read when tokens.json changes (a rotation works at once)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._stamp: float | None = None
        self._tokens = read_tokens(folder)
        self._table = self._tokens.lookup()

    def current(self):
        path = tokens_path(self.folder)
        stamp = path.stat().st_mtime_ns if path.is_file() else None
        if stamp != self._stamp:
            self._stamp = stamp
            self._tokens = read_tokens(self.folder)
            self._table = self._tokens.lookup()
        return self._tokens, self._table

    def is_coach(self, token: str) -> bool:
        return hmac.compare_digest(token.encode(), self.current()[0].coach.encode())


def _not_modified(request: Request, etag: str, last_modified) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        return etag in tags or "*" in tags
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return last_modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def create_feed_app(folder: Path | str) -> Starlette:
    """The ASGI app of a batch folder (issues tokens to athletes that have none)."""
    folder = Path(folder)
    ensure_tokens(folder, athlete_ids(folder))
    source = FeedSource(folder)
    tokens = Tokens(folder)

    async def feed(request: Request) -> Response:
        name = request.path_params["name"]
        token = name.removesuffix(".ics")
        if not name.endswith(".ics") or not TOKEN_PATTERN.match(token):
            return not_found()
        found = tokens.current()[1].get(token)
        if found is None or not source.folder.joinpath("athletes", f"{found[0]}.csv").is_file():
            return not_found()
        athlete_id, busy = found
        made = source.feed(athlete_id, busy=busy)
        headers = {**SECURITY_HEADERS, "ETag": made.etag,
                   "Last-Modified": format_datetime(made.last_modified, usegmt=True),
                   "Cache-Control": "private, no-cache"}
        if _not_modified(request, made.etag, made.last_modified):
            return Response(status_code=304, headers=headers)
        return Response(made.body, media_type="text/calendar; charset=utf-8", headers=headers)

    async def squad(request: Request) -> Response:
        if not tokens.is_coach(request.path_params["token"]):
            return not_found()
        known, _ = tokens.current()
        ids = athlete_ids(folder)
        report = (f"{request.url.path.rstrip('/')}/report"
                  if (folder / REPORT_FILE).is_file() else None)
        html = squad_page(str(request.base_url), known, source.athletes(), ids, report)
        return HTMLResponse(html, headers={**SECURITY_HEADERS, "Cache-Control": "no-store"})

    async def report(request: Request) -> Response:
        path = folder / REPORT_FILE
        if not tokens.is_coach(request.path_params["token"]) or not path.is_file():
            return not_found()
        headers = {**SECURITY_HEADERS, "Cache-Control": "no-store",
                   "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                              "img-src data:; script-src 'unsafe-inline'"}
        return HTMLResponse(path.read_bytes(), headers=headers)

    async def missing(request: Request, exc: Exception) -> Response:
        return not_found()

    routes = [
        Route("/feeds/{name}", feed, methods=["GET", "HEAD"]),
        Route("/squad/{token}", squad, methods=["GET", "HEAD"]),
        Route("/squad/{token}/report", report, methods=["GET", "HEAD"]),
    ]
    app = Starlette(routes=routes, exception_handlers={404: missing, 405: missing})
    app.add_middleware(Guard)
    return app
