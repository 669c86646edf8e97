"""Fault injection for the batch tests: kill or hold the worker that plans a given athlete.

Active only when the WEEKPLAN_TEST_* variables are set; the tests use them to prove that a
dying worker, SIGKILL and Ctrl-C lose nothing that was finished. Kept in models/io because
the kill hook leaves a flag file behind (so that it can kill only the first time).

    WEEKPLAN_TEST_KILL_WORKER=ID[:FLAG]   the worker dies before planning ID; with FLAG,
                                          only while FLAG does not exist (it creates it)
    WEEKPLAN_TEST_HOLD=ID:FILE            the worker waits (up to 120 s) for FILE first
"""

from __future__ import annotations

import os
import time
from typing import Any

HOOK_KILL, HOOK_HOLD = "WEEKPLAN_TEST_KILL_WORKER", "WEEKPLAN_TEST_HOLD"


def fault_hooks() -> dict[str, Any]:
    """The hooks asked for by the environment, as plain data for the workers."""
    hooks: dict[str, Any] = {}
    for key, variable in (("kill", HOOK_KILL), ("hold", HOOK_HOLD)):
        value = os.environ.get(variable)
        if value:
            athlete_id, _, path = value.partition(":")
            hooks[key] = (athlete_id, path)
    return hooks


def run_fault_hooks(athlete_id: str, hooks: dict[str, Any]) -> None:
    """In the worker, before planning ``athlete_id``: die or wait when a hook says so."""
    kill = hooks.get("kill")
    if kill and kill[0] == athlete_id:
        flag = kill[1]
        if not flag or not os.path.exists(flag):
            if flag:
                open(flag, "w").close()
            os._exit(70)
    hold = hooks.get("hold")
    if hold and hold[0] == athlete_id:
        deadline = time.monotonic() + 120
        while not os.path.exists(hold[1]) and time.monotonic() < deadline:
            time.sleep(0.05)
