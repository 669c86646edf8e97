"""The layout holds: imports flow cli -> solver -> models, with no circles and no borrowing.

Parsed from the source (nothing is imported), so a violation is caught wherever it hides,
inside a function too:

* no import circle between modules of ``models/`` and ``solver/``;
* ``models/`` never imports ortools or click (notebooks use it without a solver), nor
  ``solver``;
* ``solver/`` imports no pandas and does no file I/O of its own (``open``, ``Path.write_*``);
* no module imports another module's private (``_name``) names.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from checkout import REPO_ROOT

PACKAGES = ("models", "solver")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, tuple[Path, ast.Module]]:
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            found[_module_name(path)] = (path, ast.parse(path.read_text(), str(path)))
    return found


SOURCES = _sources()


def _imports(module: str, tree: ast.Module) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import statement."""
    is_package = SOURCES[module][0].name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")
                parts = parts if is_package else parts[:-1]
                parts = parts[:len(parts) - (node.level - 1)]
                base = ".".join(parts + ([base] if base else []))
            names = [alias.name for alias in node.names]
            submodules = [f"{base}.{n}" for n in names if f"{base}.{n}" in SOURCES]
            found.append((base, [n for n in names if f"{base}.{n}" not in SOURCES], node.lineno))
            found += [(sub, [], node.lineno) for sub in submodules]
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in SOURCES}
    for module, (_, tree) in SOURCES.items():
        for target, _, _ in _imports(module, tree):
            if target in SOURCES and target != module:
                graph[module].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_parser_sees_the_whole_code_base():
    assert "models.domain.athlete" in SOURCES and "solver.week.model" in SOURCES
    assert sum(len(v) for v in _graph().values()) > 100


def test_no_import_circle():
    assert _cycles(_graph()) == []


def test_a_circle_is_found_when_there_is_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize("forbidden", ["ortools", "click", "solver", "cli"])
def test_models_never_import(forbidden):
    offenders = [f"{module}:{line}" for module, (_, tree) in SOURCES.items()
                 if module.startswith("models")
                 for target, _, line in _imports(module, tree)
                 if target == forbidden or target.startswith(forbidden + ".")]
    assert offenders == []


def test_solver_uses_no_pandas_and_never_the_cli():
    offenders = [f"{module}:{line} {target}" for module, (_, tree) in SOURCES.items()
                 if module.startswith("solver")
                 for target, _, line in _imports(module, tree)
                 if target.split(".")[0] in ("pandas", "cli")]
    assert offenders == []


FILE_WRITES = {"open", "write_text", "write_bytes", "mkdir", "unlink", "rename", "replace_file"}


def test_solver_does_no_file_io_of_its_own():
    offenders = []
    for module, (_, tree) in SOURCES.items():
        if not module.startswith("solver"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else (
                    node.func.attr if isinstance(node.func, ast.Attribute) else "")
                if name in FILE_WRITES:
                    offenders.append(f"{module}:{node.lineno} {name}()")
    assert offenders == []


def test_no_private_name_crosses_a_module():
    offenders = [f"{module}:{line} {target}.{name}" for module, (_, tree) in SOURCES.items()
                 for target, names, line in _imports(module, tree)
                 for name in names
                 if name.startswith("_") and not name.startswith("__") and target != module]
    assert offenders == []
