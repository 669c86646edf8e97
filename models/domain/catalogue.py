"""Session types (easy run, hill repeats, strength, ...) loaded from data/sessions.yaml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.domain.errors import InputError
from models.domain.bundled import DATA_DIR
from models.domain.yamlfile import read_yaml, validation_error

MUSCLE_GROUPS: tuple[str, ...] = (
    "calves", "hamstrings", "quads", "glutes", "hip_flexors", "core", "upper_body",
)
REST = "rest"
RACE = "race"
NOT_SCHEDULED = (REST, RACE)  # listed in the catalogue, never chosen by the solver


class MinuteRange(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min: int = Field(ge=0)
    max: int = Field(ge=0)
    default: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> "MinuteRange":
        if not self.min <= self.default <= self.max:
            raise ValueError("need min <= default <= max")
        return self


class SessionType(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    label: str
    running: bool
    hard: bool
    minutes: MinuteRange
    choices: tuple[int, ...] = ()
    rpe: int = Field(ge=0, le=10)
    muscles: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _known_muscles_and_choices(self) -> "SessionType":
        unknown = set(self.muscles) - set(MUSCLE_GROUPS)
        if unknown:
            raise ValueError(f"unknown muscle groups {sorted(unknown)}; use {list(MUSCLE_GROUPS)}")
        bad = [c for c in self.choices if not self.minutes.min <= c <= self.minutes.max]
        if bad:
            raise ValueError(f"choices {bad} lie outside {self.minutes.min}-{self.minutes.max}")
        return self

    @property
    def hard_run(self) -> bool:
        return self.running and self.hard


class Catalogue(BaseModel):
    """All session types by name; ``rest`` and ``race`` are listed but never scheduled (the
    race is put on race day by the block, models/block/race.py)."""

    model_config = ConfigDict(frozen=True)

    types: dict[str, SessionType]

    def __getitem__(self, name: str) -> SessionType:
        try:
            return self.types[name]
        except KeyError:
            raise InputError(
                f"unknown session type '{name}'; use one of {', '.join(self.schedulable)}"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self.types

    @property
    def schedulable(self) -> list[str]:
        return [name for name in self.types if name not in NOT_SCHEDULED]

    def muscles_of(self, name: str) -> tuple[str, ...]:
        return self.types[name].muscles


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    path = Path(path) if path else DATA_DIR / "sessions.yaml"
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputError("expected a mapping of session types", file=str(path))
    try:
        return Catalogue(
            types={name: SessionType(name=name, **(spec or {})) for name, spec in raw.items()}
        )
    except InputError:
        raise
    except Exception as error:  # pydantic.ValidationError, TypeError on odd YAML
        raise validation_error(error, str(path)) from None


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    return load_catalogue()
