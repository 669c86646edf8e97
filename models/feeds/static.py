"""A static copy of a batch folder's feeds, for any web server (``weekplan feeds --out``).

``OUT/feeds/<token>.ics`` per athlete and feed (full, busy) - the same bytes the server
answers, so the same subscription links work from any host that serves OUT. No index page
is written: a listing would hand out every athlete's link; a web server in front should
not list the folder either (e.g. nginx ``autoindex off``, the default). Feed files of
rotated tokens are removed, so a revoked link stops working once OUT is published again.
"""

from __future__ import annotations

from pathlib import Path

from models.feeds.feed import FeedSource, athlete_ids
from models.feeds.tokens import TOKEN_PATTERN, ensure_tokens
from models.io.atomic import write_bytes


def export_feeds(folder: Path | str, out: Path | str) -> list[tuple[str, Path, Path]]:
    """Write every athlete's feeds under ``out``; (athlete, full feed, busy feed) each."""
    ids = athlete_ids(folder)
    tokens = ensure_tokens(folder, ids)
    source = FeedSource(folder)
    target = Path(out) / "feeds"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for athlete_id in ids:
        pair = tokens.athletes[athlete_id]
        full, busy = target / f"{pair.full}.ics", target / f"{pair.busy}.ics"
        write_bytes(full, source.feed(athlete_id).body)
        write_bytes(busy, source.feed(athlete_id, busy=True).body)
        written.append((athlete_id, full, busy))
    current = {path for _, *paths in written for path in paths}
    for old in target.glob("*.ics"):  # a rotated token's file must stop being served
        if old not in current and TOKEN_PATTERN.match(old.stem):
            old.unlink()
    return written
