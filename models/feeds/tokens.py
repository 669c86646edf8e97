"""Feed tokens: the unguessable names under which a batch folder's feeds are served.

Kept in ``DIR/feeds/tokens.json`` (written atomically, readable by its owner only): per
athlete a token for the full feed and one for the busy feed, and the coach's token of the
squad page. A token is 32 random bytes, URL-safe base64 (``secrets.token_urlsafe``); the URL
is the only secret, so rotating an athlete's tokens (``weekplan feeds DIR --rotate ID``)
is how a leaked link is revoked.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path

from pydantic import BaseModel, Field

from models.domain.errors import InputError
from models.io.atomic import write_text

FEEDS_DIR = "feeds"
TOKENS_FILE = "tokens.json"
TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class AthleteTokens(BaseModel):
    full: str = Field(default_factory=new_token)
    busy: str = Field(default_factory=new_token)


class FeedTokens(BaseModel):
    coach: str = Field(default_factory=new_token)
    athletes: dict[str, AthleteTokens] = Field(default_factory=dict)

    def lookup(self) -> dict[str, tuple[str, bool]]:
        """Token -> (athlete id, busy)."""
        table = {}
        for athlete_id, tokens in self.athletes.items():
            table[tokens.full] = (athlete_id, False)
            table[tokens.busy] = (athlete_id, True)
        return table


def tokens_path(folder: Path | str) -> Path:
    return Path(folder) / FEEDS_DIR / TOKENS_FILE


def read_tokens(folder: Path | str) -> FeedTokens:
    path = tokens_path(folder)
    if not path.is_file():
        return FeedTokens()
    try:
        return FeedTokens.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError):
        raise InputError("unreadable feed tokens; delete the file to issue new ones "
                         "(every subscription link changes)", file=str(path)) from None


def save_tokens(folder: Path | str, tokens: FeedTokens) -> None:
    path = tokens_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, tokens.model_dump_json(indent=2) + "\n")
    os.chmod(path, 0o600)


def ensure_tokens(folder: Path | str, athlete_ids: list[str]) -> FeedTokens:
    """The folder's tokens, with new ones issued (and saved) for athletes that have none."""
    tokens = read_tokens(folder)
    missing = [a for a in athlete_ids if a not in tokens.athletes]
    if missing or not tokens_path(folder).is_file():
        for athlete_id in missing:
            tokens.athletes[athlete_id] = AthleteTokens()
        save_tokens(folder, tokens)
    return tokens


def rotate(folder: Path | str, athlete_id: str, athlete_ids: list[str]) -> FeedTokens:
    """New full and busy tokens for one athlete: their old links stop working."""
    if athlete_id not in athlete_ids:
        raise InputError(f"no athlete '{athlete_id}' in this folder; use one of "
                         f"{', '.join(athlete_ids[:10]) or '(none)'}", field="--rotate")
    tokens = ensure_tokens(folder, athlete_ids)
    tokens.athletes[athlete_id] = AthleteTokens()
    save_tokens(folder, tokens)
    return tokens


def rotate_coach(folder: Path | str, athlete_ids: list[str]) -> FeedTokens:
    tokens = ensure_tokens(folder, athlete_ids)
    tokens.coach = new_token()
    save_tokens(folder, tokens)
    return tokens
