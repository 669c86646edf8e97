"""The grid of a parameter sweep: `--set NAME=v1,v2,...` settings and their cartesian cells.

A setting names what it changes:

* ``RULE.kind`` / ``RULE.weight`` / ``RULE.PARAM`` - a rule of the rulebook (``H-GAP.gap_h``,
  ``S-HIKE-VOLUME.weight``, ``S-STRENGTH-FIRST.kind``);
* ``targets.FIELD`` - every athlete's weekly targets (``targets.strength``,
  ``targets.hike_minutes``, ``targets.minutes.easy``).

Values are comma-separated YAML values (``0,2,4``, ``soft,off``, lists in brackets:
``[2,3],[1,2]``) or an inclusive numeric range ``start:stop:step`` (``0:8:2`` = 0, 2, 4, 6, 8). A cell is one combination; cells are
numbered in the order of the settings (the last setting varies fastest), so the same
command gives the same cell ids. Every edit is validated like a rulebook or athlete file,
and a bad one is one InputError naming ``--set`` before anything is solved.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from pydantic import ValidationError

from models.domain.athlete import Athlete, Targets
from models.domain.errors import InputError
from models.domain.rule_params import check_params
from models.domain.rules import (ALWAYS_HARD, PERIODISATION_PREFIX, SOFT_THAT_MAY_BE_HARD, Kind,
                                 Rule, Rulebook)

TARGETS = "targets"
RULE_FIELDS = ("kind", "weight")


@dataclass(frozen=True)
class Setting:
    """One --set: what it changes (``target`` a rule id or 'targets', ``field``) and to what."""

    target: str
    field: str
    values: tuple[Any, ...]

    @property
    def name(self) -> str:
        return f"{self.target}.{self.field}"


@dataclass(frozen=True)
class Cell:
    """One combination of the settings' values."""

    index: int
    values: tuple[tuple[str, Any], ...]   # (setting name, value), in settings order

    @property
    def id(self) -> str:
        return f"cell-{self.index:03d}"

    @property
    def label(self) -> str:
        return " ".join(f"{name}={value}" for name, value in self.values) or "(no change)"

    def value(self, name: str) -> Any:
        return dict(self.values)[name]


def parse_values(text: str) -> tuple[Any, ...]:
    """``0,2,4`` or ``0:8:2`` (inclusive) -> (0, 2, 4, ...); InputError when empty or bad."""
    text = text.strip()
    if text.count(":") == 2 and "," not in text:
        try:
            start, stop, step = (Decimal(part) for part in text.split(":"))
        except InvalidOperation:
            raise InputError(f"'{text}' is not a range start:stop:step", field="--set") from None
        if step <= 0 or stop < start:
            raise InputError(f"range '{text}' needs step > 0 and start <= stop", field="--set")
        count = int((stop - start) / step) + 1
        return tuple(_number(start + n * step) for n in range(count))
    values = tuple(_scalar(part) for part in _top_level_parts(text))
    if not values or any(v is None for v in values):
        raise InputError(f"no value in '{text}'; write e.g. 0,2,4 or 0:8:2", field="--set")
    if len(set(map(repr, values))) != len(values):
        raise InputError(f"a value is repeated in '{text}'", field="--set")
    return values


def _top_level_parts(text: str) -> list[str]:
    """``text`` split at the commas outside brackets: ``[2,3],[1,1]`` is two values."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char in "[{") - (char in "]}")
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _scalar(part: str) -> Any:
    """One value as YAML reads it, except that YAML 1.1's off/on/yes/no stay words
    (``kind=off`` means the kind 'off', not False). None for an empty part."""
    if not part.strip():
        return None
    try:
        value = yaml.safe_load(part)
    except yaml.YAMLError:
        raise InputError(f"'{part.strip()}' is not a value", field="--set") from None
    if isinstance(value, bool) and part.strip().lower() not in ("true", "false"):
        return part.strip()
    return value


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse_setting(text: str, rulebook: Rulebook) -> Setting:
    """``NAME=VALUES`` checked against the rulebook (rule ids, parameter names)."""
    name, equals, values = text.partition("=")
    target, dot, field = name.strip().partition(".")
    if not equals or not dot or not field:
        raise InputError(f"'{text}': write RULE.param=v1,v2 or targets.FIELD=v1,v2",
                         field="--set")
    setting = Setting(target, field, parse_values(values))
    if target == TARGETS:
        top = field.split(".")[0]
        if top not in Targets.model_fields or (top == "minutes") != ("." in field):
            known = ", ".join(f for f in Targets.model_fields if f != "minutes")
            raise InputError(f"unknown target '{field}'; use {known} or minutes.TYPE",
                             field="--set")
    elif target not in rulebook.rules:
        raise InputError(f"unknown rule id '{target}'; `weekplan rules` lists them",
                         field="--set")
    elif field not in RULE_FIELDS and field not in rulebook[target].params:
        known = ", ".join([*RULE_FIELDS, *rulebook[target].params])
        raise InputError(f"{target} has no parameter '{field}'; use {known}", field="--set")
    return setting


def grid(settings: list[Setting]) -> list[Cell]:
    """The cartesian product of the settings, numbered from 1; one empty cell without any."""
    names = [s.name for s in settings]
    if len(set(names)) != len(names):
        raise InputError("a setting is given twice; list all its values in one --set",
                         field="--set")
    combos = itertools.product(*(s.values for s in settings))
    return [Cell(n, tuple(zip(names, combo))) for n, combo in enumerate(combos, start=1)]


def cell_rulebook(cell: Cell, rulebook: Rulebook) -> Rulebook:
    """The rulebook with the cell's rule edits (targets edits leave it unchanged)."""
    for name, value in cell.values:
        rule_id, _, field = name.partition(".")
        if rule_id == TARGETS:
            continue
        if field in RULE_FIELDS:
            changes = {field: value}
        else:
            changes = {"params": {field: value}}
        try:
            rulebook = rulebook.with_rule(rule_id, **changes)
        except ValidationError as error:
            problem = error.errors()[0]["msg"]
            raise InputError(f"{name}={value}: {problem}", field="--set") from None
        _check_kind(rulebook[rule_id], f"{name}={value}")
        if field not in RULE_FIELDS:
            _check_params(rulebook[rule_id], f"{name}={value}")
    return rulebook.model_copy(update={"name": f"{rulebook.name} {cell.label}".strip()})


def _check_kind(rule: Rule, what: str) -> None:
    """The kinds a rulebook file may not give a rule, refused here too."""
    wrong = ((rule.id in ALWAYS_HARD and rule.kind is not Kind.hard)
             or (rule.id.startswith(PERIODISATION_PREFIX) and rule.is_soft)
             or (rule.id.startswith("S-") and rule.is_hard
                 and rule.id not in SOFT_THAT_MAY_BE_HARD))
    if wrong:
        raise InputError(f"{what}: {rule.id} cannot be {rule.kind.value}", field="--set")


def _check_params(rule: Rule, what: str) -> None:
    """The parameter values a rulebook file may not give a rule, refused here too."""
    try:
        check_params(rule.id, rule.params)
    except InputError as error:
        raise InputError(f"{what}: {error.problem}", field="--set") from None


def cell_athletes(cell: Cell, athletes: list[Athlete]) -> list[Athlete]:
    """The athletes with the cell's targets edits (rule edits leave them unchanged)."""
    edits = [(name.split(".", 1)[1], value) for name, value in cell.values
             if name.startswith(TARGETS + ".")]
    if not edits:
        return athletes
    changed = []
    for athlete in athletes:
        data = athlete.targets.model_dump()
        for field, value in edits:
            if field.startswith("minutes."):
                data["minutes"] = {**data["minutes"], field.split(".", 1)[1]: value}
            else:
                data[field] = value
        try:
            targets = Targets.model_validate(data)
        except ValidationError as error:
            problem = error.errors()[0]["msg"]
            raise InputError(f"{cell.label}: athlete {athlete.id}: {problem}",
                             field="--set") from None
        changed.append(athlete.model_copy(update={"targets": targets}))
    return changed


__all__ = ["Setting", "Cell", "parse_setting", "parse_values", "grid", "cell_rulebook",
           "cell_athletes"]
