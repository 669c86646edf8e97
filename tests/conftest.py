"""Shared fixtures: the default catalogue and rulebook, tiny athletes, and a plan builder.

The builders behind them (and MONDAY, PREVIOUS) are in tests/support/builders.py, which
tests import by name.
"""

from __future__ import annotations

from datetime import date

import pytest

from builders import MONDAY, PREVIOUS, make_athlete, make_session, make_spec
from models.domain.catalogue import Catalogue, default_catalogue
from models.domain.plan import Session
from models.domain.rules import Rulebook, default_rulebook


@pytest.fixture
def catalogue() -> Catalogue:
    return default_catalogue()


@pytest.fixture
def rulebook() -> Rulebook:
    return default_rulebook()


@pytest.fixture
def monday() -> date:
    return MONDAY


@pytest.fixture
def previous_monday() -> date:
    return PREVIOUS


@pytest.fixture
def athlete():
    """Factory: ``athlete({"mon": ["07:00-08:00"]}, preferences={...})``."""
    return make_athlete


@pytest.fixture
def plan(catalogue):
    """Factory: ``plan("Mon easy 07:00", "Tue strength 18:00", week=MONDAY)`` -> sessions."""
    def build(*texts: str, week: date = MONDAY) -> list[Session]:
        return [make_session(text, catalogue, week) for text in texts]
    return build


@pytest.fixture
def spec():
    """Factory: ``spec(athlete, runs=3, long=1, strength=2, history=...)`` -> WeekSpec."""
    return make_spec
