"""The public API: what notebooks and scripts import from ``models`` and ``solver``.

Every advertised name resolves to the object its defining module holds, an unknown name is
an AttributeError, and importing the packages stays cheap: ``import models`` loads neither
pandas nor OR-Tools, ``import solver`` not OR-Tools (a batch worker imports one small module
of each and must not pay for the rest).
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import models
import solver
from checkout import REPO_ROOT


@pytest.mark.parametrize("package", [models, solver], ids=lambda p: p.__name__)
def test_every_public_name_resolves_and_is_listed(package):
    assert package.__all__ == sorted(set(package.__all__))
    for name in package.__all__:
        value = getattr(package, name)
        assert value is not None and name in dir(package), name
        if callable(value):  # a function or class of the package, under its own name
            assert value.__module__.startswith(f"{package.__name__}."), name
            assert getattr(importlib.import_module(value.__module__), name) is value


def test_the_names_notebooks_and_scripts_use_are_public():
    assert {"Athlete", "load_athlete", "load_squad", "Rulebook", "load_rulebook",
            "default_catalogue", "weekly_metrics", "audit_plan", "audit_table",
            "read_plan_file", "write_plan", "load_plans", "EXAMPLES_DIR"} <= set(models.__all__)
    assert {"solve_week", "plan_block", "replan", "run_batch", "explain_week",
            "SolveParams"} <= set(solver.__all__)


@pytest.mark.parametrize("package", [models, solver], ids=lambda p: p.__name__)
def test_an_unknown_name_is_an_attribute_error(package):
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        package.nope  # noqa: B018
    with pytest.raises(ImportError):
        exec(f"from {package.__name__} import nope", {})


def test_importing_the_packages_loads_no_heavy_library():
    code = ("import sys, models, solver\n"
            "print(sorted(m for m in ('pandas', 'ortools') if m in sys.modules))\n"
            "from solver import SolveParams\n"
            "print('ortools' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "True"]
