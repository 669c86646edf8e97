"""Rules as data: a Rulebook maps rule ids to kind (hard/soft/off), weight and parameters.

The solver and the auditor read the same Rulebook object (one source of truth). A rulebook
file may ``extends:`` another (a preset name or a path) and override only some rules.
Penalties are kept in integer centipoints internally (weight 0.05 -> 5) so that CP-SAT's
integer objective and the auditor's plain-Python sum agree exactly.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.domain.compliance_bands import ComplianceBands
from models.domain.errors import InputError
from models.domain.bundled import RULEBOOK_DIR
from models.domain.rule_params import check_params
from models.domain.workouts import check_workouts
from models.domain.yamlfile import read_yaml, validation_error

CENTI = 100  # penalty points -> integer centipoints
ALWAYS_HARD = frozenset({"H-AVAIL", "H-OVERLAP"})
SOFT_THAT_MAY_BE_HARD = frozenset({"S-STRENGTH-FIRST"})
# P-* rules shape a block of weeks (models/block/phases.py, solver/block/plan.py); they are not weekly
# constraints, so the week model and the auditor skip them. Kind hard = applied, off = not.
PERIODISATION_PREFIX = "P-"


class Kind(str, Enum):
    hard = "hard"
    soft = "soft"
    off = "off"


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    kind: Kind
    weight: float = Field(default=0.0, ge=0, le=1_000_000)
    params: dict[str, Any] = Field(default_factory=dict)
    title: str = ""
    source: str = ""
    quote: str = ""

    @field_validator("kind", mode="before")
    @classmethod
    def _yaml_off(cls, value: Any) -> Any:
        """YAML 1.1 reads an unquoted ``kind: off`` as False; the user meant 'off'."""
        return "off" if value is False else value

    @field_validator("weight")
    @classmethod
    def _centipoints(cls, value: float) -> float:
        if abs(round(value * CENTI) - value * CENTI) > 1e-6:
            raise ValueError(f"weight {value} has more than two decimals")
        return value

    @property
    def weight_cp(self) -> int:
        """The weight in integer centipoints (the unit of the solver's objective)."""
        return int(round(self.weight * CENTI))

    @property
    def is_hard(self) -> bool:
        return self.kind is Kind.hard

    @property
    def is_soft(self) -> bool:
        return self.kind is Kind.soft

    @property
    def is_active(self) -> bool:
        return self.kind is not Kind.off

    @property
    def is_periodisation(self) -> bool:
        """A P-* rule: applied when a block is derived, never inside one week's model."""
        return self.id.startswith(PERIODISATION_PREFIX)


class Rulebook(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    description: str = ""
    rules: dict[str, Rule]
    compliance: ComplianceBands = ComplianceBands()   # how completed training is judged
    # session content templates, as written (models/domain/workouts.py reads them)
    workouts: dict[str, Any] = Field(default_factory=dict)

    def __getitem__(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def param(self, rule_id: str, name: str) -> Any:
        return self.rules[rule_id].params[name]

    def applies(self, rule_id: str) -> bool:
        """The rule is in this rulebook and not off (a user file may leave a P-* rule out)."""
        rule = self.rules.get(rule_id)
        return rule is not None and rule.is_active

    def with_rule(self, rule_id: str, **changes: Any) -> "Rulebook":
        """A copy with one rule changed, e.g. ``with_rule('H-GAP', kind='soft')``."""
        rules = dict(self.rules)
        data = rules[rule_id].model_dump()
        data.update(changes)
        if "params" in changes:
            data["params"] = {**rules[rule_id].params, **changes["params"]}
        rules[rule_id] = Rule(**data)
        return Rulebook(name=self.name, description=self.description, rules=rules,
                        compliance=self.compliance, workouts=self.workouts)


def preset_names() -> list[str]:
    return sorted(p.stem for p in RULEBOOK_DIR.glob("*.yaml"))


def _resolve(name_or_path: str | Path, relative_to: Path | None = None) -> Path:
    candidate = Path(name_or_path)
    if relative_to is not None and not candidate.is_absolute():
        nearby = relative_to.parent / candidate
        if nearby.exists():
            return nearby
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate
    preset = RULEBOOK_DIR / f"{name_or_path}.yaml"
    if preset.exists():
        return preset
    raise InputError(
        f"no rulebook named '{name_or_path}'; use a preset ({', '.join(preset_names())}) "
        "or a path to a .yaml file"
    )


def _merge_rule(base: dict[str, Any] | None, override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base or {})
    for key, value in override.items():
        if key == "params" and isinstance(value, dict):
            merged["params"] = {**merged.get("params", {}), **value}
        else:
            merged[key] = value
    return merged


def _raw_rules(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, rules) of a file with its ``extends`` chain applied, before validation."""
    if path.resolve() in seen:
        raise InputError("rulebook extends itself in a loop", file=str(path), field="extends")
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputError("expected a mapping with 'rules:'", file=str(path))
    unknown_keys = set(raw) - {"name", "description", "extends", "rules", "compliance", "workouts"}
    if unknown_keys:
        raise InputError(
            f"unknown key(s) {sorted(unknown_keys)}; use name, description, extends, rules, "
            "compliance, workouts",
            file=str(path),
        )
    rules = raw.get("rules") or {}
    if not isinstance(rules, dict):
        raise InputError("expected a mapping rule id -> settings", file=str(path), field="rules")
    base_rules: dict[str, Any] = {}
    base_header: dict[str, Any] = {}
    if raw.get("extends"):
        try:
            base_path = _resolve(str(raw["extends"]), relative_to=path)
        except InputError as error:
            raise InputError(error.problem, file=str(path), field="extends") from None
        base_header, base_rules = _raw_rules(base_path, (*seen, path.resolve()))
    elif path.resolve() != (RULEBOOK_DIR / "default.yaml").resolve():
        # every rulebook is complete: a file without `extends` still builds on the defaults
        base_header, base_rules = _raw_rules(RULEBOOK_DIR / "default.yaml", (*seen, path.resolve()))
    merged = dict(base_rules)
    known = set(base_rules) if base_rules else set(rules)
    for rule_id, settings in rules.items():
        if rule_id not in known:
            raise InputError(
                f"unknown rule id '{rule_id}'; known ids are listed by `weekplan rules`",
                file=str(path), field=f"rules.{rule_id}",
            )
        if settings is None or not isinstance(settings, dict):
            raise InputError(
                "expected settings such as {kind: soft, weight: 10}",
                file=str(path), field=f"rules.{rule_id}",
            )
        merged[rule_id] = _merge_rule(base_rules.get(rule_id), settings)
        if "params" in settings:
            check_params(rule_id, merged[rule_id]["params"], str(path))
    compliance = raw.get("compliance") or {}
    if not isinstance(compliance, dict):
        raise InputError("expected a mapping such as {green: [0.8, 1.2]}", file=str(path),
                         field="compliance")
    header = {
        "name": raw.get("name") or path.stem,
        "description": raw.get("description", base_header.get("description", "")),
        "compliance": {**base_header.get("compliance", {}), **compliance},
        "workouts": _merge_workouts(base_header.get("workouts") or {}, raw.get("workouts"),
                                    path),
    }
    return header, merged


def _merge_workouts(base: dict[str, Any], override: Any, path: Path) -> dict[str, Any]:
    """A file's ``workouts:`` replaces the base's efforts and session types it names."""
    if override is None:
        return base
    if not isinstance(override, dict) or set(override) - {"efforts", "sessions"}:
        raise InputError("expected a mapping with efforts: and sessions:", file=str(path),
                         field="workouts")
    merged = {}
    for section in ("efforts", "sessions"):
        part = override.get(section) or {}
        if not isinstance(part, dict):
            raise InputError("expected a mapping by name", file=str(path),
                             field=f"workouts.{section}")
        merged[section] = {**(base.get(section) or {}), **part}
    return merged


def load_rulebook(name_or_path: str | Path | None = None) -> Rulebook:
    """A preset by name (``default``, ``001``, ...) or a rulebook file by path."""
    path = _resolve(name_or_path or "default")
    header, raw_rules = _raw_rules(path)
    rules: dict[str, Rule] = {}
    for rule_id, settings in raw_rules.items():
        try:
            rule = Rule(id=rule_id, **settings)
        except Exception as error:
            raise validation_error(error, str(path), prefix=f"rules.{rule_id}") from None
        _check_kind(rule, path)
        rules[rule_id] = rule
    try:
        bands = ComplianceBands(**header["compliance"])
    except Exception as error:
        raise validation_error(error, str(path), prefix="compliance") from None
    workouts = header["workouts"]
    if workouts:
        check_workouts(workouts, str(path))
    return Rulebook(name=str(header["name"]), description=str(header["description"]), rules=rules,
                    compliance=bands, workouts=workouts)


def _check_kind(rule: Rule, path: Path) -> None:
    field = f"rules.{rule.id}.kind"
    if rule.id in ALWAYS_HARD and not rule.is_hard:
        raise InputError(f"{rule.id} is physical and always hard", file=str(path), field=field)
    if rule.is_periodisation and rule.is_soft:
        raise InputError(f"{rule.id} shapes the block: use hard (applied) or off",
                         file=str(path), field=field)
    if rule.id.startswith("S-") and rule.is_hard and rule.id not in SOFT_THAT_MAY_BE_HARD:
        raise InputError(
            f"{rule.id} is an objective and cannot be hard (only S-STRENGTH-FIRST can)",
            file=str(path), field=field,
        )


@lru_cache(maxsize=1)
def default_rulebook() -> Rulebook:
    return load_rulebook("default")
