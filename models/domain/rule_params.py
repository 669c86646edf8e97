"""A rule's parameters are checked when its rulebook is read, not when the rule is applied.

Read late, a misspelt name was ignored and a wrong value came out of the solver or the
block as a traceback that named no file. The bundled ``default`` rulebook is the schema:
a rule takes the parameters default.yaml gives it, each with the shape of its default -
a whole number where the default is whole, any number where it has decimals, a list of
such numbers, a mapping checked key by key, a text - and no number below 0.

What a default's value cannot say is declared below, each read off the code that uses the
parameter: which may be null, which are measures written whole but read as real numbers,
which lists are [low, high] pairs, and which parameters must agree with each other.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any, Callable

from models.domain.bundled import RULEBOOK_DIR
from models.domain.errors import InputError
from models.domain.yamlfile import read_yaml

# null switches the limit off (H-REST: any hike is rest; P-*: no cap, nothing taken off).
OPTIONAL = {
    "H-REST": {"max_hike"},
    "P-STRENGTH-TAPER": {"peak_less", "recovery_less", "race_week"},
    "P-BEGINNER": {"max_runs", "quality_from_week", "long_ratio", "first_week_min"},
    "P-TAPER": {"long_volume"},
}
# Whole in default.yaml, but hours, kilometres, metres or points: 4.5 hours is meant.
MEASURES = {
    "H-GAP": {"gap_h"},
    "H-STRENGTH-BEFORE-HARD": {"hours"},
    "H-RACE-EVE": {"run_hours", "strength_hours"},
    "H-LONG-CAP": {"race_km"},
    "S-SPECIFICITY": {"m_per_km", "total_m"},
    "S-VOLUME": {"over"},
    "S-MONOTONY": {"weights"},
    "P-TAPER": {"long_km"},
}
# [low, high]: the code unpacks exactly two.
RANGES = {
    "H-LONG-CAP": {"beginner", "intermediate", "advanced"},
    "P-STRENGTH-TAPER": {"base", "build", "peak", "taper"},
}
# Retired; still read so that older rulebooks load, and ignored (docs/rules.md).
RETIRED = {"H-SESSION-SPIKE": {"min_step"}}


@lru_cache(maxsize=1)
def default_params() -> dict[str, dict[str, Any]]:
    """Each rule's parameters in the bundled default rulebook (do not mutate)."""
    rules = read_yaml(RULEBOOK_DIR / "default.yaml")["rules"]
    return {rule_id: dict((settings or {}).get("params") or {})
            for rule_id, settings in rules.items()}


def check_params(rule_id: str, params: Any, file: str | None = None) -> None:
    """Raise an InputError naming ``rules.RULE.params.KEY`` for the first bad parameter."""
    field = f"rules.{rule_id}.params"
    defaults = default_params().get(rule_id, {})
    if not isinstance(params, dict):
        raise InputError(f"expected a mapping such as {_show(defaults) if defaults else '{}'}",
                         file=file, field=field)
    for name, value in params.items():
        if name in RETIRED.get(rule_id, ()):
            continue
        where = f"{field}.{name}"
        if name not in defaults:
            known = ", ".join(defaults)
            hint = f"known: {known}" if known else f"{rule_id} takes no parameters"
            raise InputError(f"unknown parameter '{name}'; {hint}", file=file, field=where)
        problem = _problem(value, defaults[name], where,
                           optional=name in OPTIONAL.get(rule_id, ()),
                           real=name in MEASURES.get(rule_id, ()),
                           pair=name in RANGES.get(rule_id, ()))
        if problem:
            raise InputError(problem[1], file=file, field=problem[0])
    for check in AGREEMENT.get(rule_id, ()):
        problem = check(params)
        if problem:
            raise InputError(problem[1], file=file, field=f"{field}.{problem[0]}")


def _problem(value: Any, default: Any, where: str, *, optional: bool = False,
             real: bool = False, pair: bool = False) -> tuple[str, str] | None:
    """(field, problem) of a value that does not have its default's shape, else None."""
    if default is None or (value is None and optional):
        return None
    wanted = _describe(default, real) + (" or null" if optional else "")
    if isinstance(default, dict):
        if not isinstance(value, dict):
            return where, f"expected {wanted}, got {_show(value)}"
        for key, item in value.items():
            if key not in default:
                return f"{where}.{key}", f"unknown key '{key}'; known: {', '.join(default)}"
            found = _problem(item, default[key], f"{where}.{key}", real=real)
            if found:
                return found
        return None
    if isinstance(default, list):
        if pair:
            wanted = f"a [low, high] pair of {_numbers(default, real)}"
        if not isinstance(value, list) or (pair and len(value) != 2):
            return where, f"expected {wanted}, got {_show(value)}"
        element = default[0] if default else 0.0
        if any(isinstance(x, float) for x in default):
            element = next(x for x in default if isinstance(x, float))
        for i, item in enumerate(value):
            found = _problem(item, element, f"{where}[{i}]", real=real)
            if found:
                return found
        if pair and value[0] > value[1]:
            return where, f"low {_show(value[0])} is above high {_show(value[1])}"
        return None
    if isinstance(default, str):
        return None if isinstance(value, str) else (where, f"expected {wanted}, got {_show(value)}")
    whole = isinstance(default, int) and not real
    if not _is_number(value) or (whole and not isinstance(value, int)):
        return where, f"expected {wanted}, got {_show(value)}"
    if value < 0 <= default:
        return where, f"{_show(value)} is below 0; expected {wanted}"
    return None


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _describe(default: Any, real: bool) -> str:
    """What a value shaped like ``default`` is, with the default as the example."""
    if isinstance(default, dict):
        return f"a mapping like {_show(default)}"
    if isinstance(default, list):
        return f"a list of {_numbers(default, real)}"
    if isinstance(default, str):
        return f"a text like {_show(default)}"
    if isinstance(default, int) and not real:
        return f"a whole number like {default}"
    return f"a number like {_show(default)}"


def _numbers(default: list, real: bool) -> str:
    whole = all(isinstance(x, int) for x in default) and not real
    return f"{'whole ' if whole else ''}numbers like {_show(default)}"


def _show(value: Any) -> str:
    """A value as it would be written in the YAML file."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _monotony_levels(params: dict[str, Any]) -> tuple[str, str] | None:
    """Each monotony level costs its own weight, so there is one weight per level."""
    levels, weights = params.get("levels", []), params.get("weights", [])
    if len(levels) != len(weights):
        return "weights", (f"{len(levels)} levels but {len(weights)} weights; "
                           "give one weight per level")
    return None


def _weekend_share(params: dict[str, Any]) -> tuple[str, str] | None:
    """The weekend's share of the week's load cannot be more than all of it."""
    share = params.get("max_share", 0)
    if share > 1:
        return "max_share", f"{share:g} is not a share between 0 and 1"
    return None


AGREEMENT: dict[str, tuple[Callable[[dict[str, Any]], tuple[str, str] | None], ...]] = {
    "S-MONOTONY": (_monotony_levels,),
    "S-WEEKEND-LOAD": (_weekend_share,),
}
