"""The manifest of a sweep: everything needed to make its table (and figure) again.

Versions (weekplan, OR-Tools, Python, pandas, numpy), the machine, the base rulebook and
each cell's rulebook as SHA-256 of their JSON (rule order included: it decides ties), the
squad's hash, the settings and cells, the solve seed and time limit, the bootstrap seed
the summaries use, and the command line when there was one.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from models.analysis.bootstrap import RESAMPLES, SEED
from models.analysis.sweep_grid import Cell, Setting
from models.domain.athlete import Athlete
from models.domain.rules import Rulebook


def package_version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def sha256_of(data: Any) -> str:
    """SHA-256 of the JSON of ``data`` (keys in their order)."""
    text = json.dumps(data, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rulebook_hash(rulebook: Rulebook) -> str:
    return sha256_of(rulebook.model_dump(mode="json", exclude={"name", "description"}))


def squad_hash(athletes: list[Athlete]) -> str:
    return sha256_of([a.model_dump(mode="json") for a in athletes])


def sweep_manifest(*, squad: str, athletes: list[Athlete], weeks: int | None,
                   rulebook: Rulebook, settings: list[Setting], cells: list[Cell],
                   cell_rulebooks: dict[str, Rulebook], digests: dict[str, str],
                   time_limit: float, seed: int, command: list[str] | None = None,
                   ran: list[str] | None = None, elapsed: float | None = None) -> dict[str, Any]:
    return {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": command,
        "versions": {"weekplan": package_version("weekplan"), "ortools": package_version("ortools"),
                     "python": platform.python_version(), "pandas": package_version("pandas"),
                     "numpy": package_version("numpy")},
        "machine": {"platform": platform.platform(), "machine": platform.machine(),
                    "processor": platform.processor(), "cpus": os.cpu_count(),
                    "executable": sys.executable},
        "squad": {"source": squad, "athletes": len(athletes), "hash": squad_hash(athletes),
                  "weeks": weeks},
        "rulebook": {"name": rulebook.name, "hash": rulebook_hash(rulebook)},
        "settings": [{"name": s.name, "values": list(s.values)} for s in settings],
        "cells": [{"cell": c.id, "parameters": dict(c.values),
                   "rulebook_hash": rulebook_hash(cell_rulebooks[c.id]),
                   "input_hash": digests[c.id]} for c in cells],
        "solve": {"seed": seed, "time_limit": time_limit, "workers_per_week": 1},
        "bootstrap": {"seed": SEED, "resamples": RESAMPLES},
        "run": {"cells_computed": ran or [], "elapsed_s": elapsed},
    }


__all__ = ["sweep_manifest", "package_version", "rulebook_hash", "squad_hash", "sha256_of"]
