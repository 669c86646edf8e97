"""How completed training is judged against the plan: the rulebook's ``compliance`` section.

TrainingPeaks colours a planned session by the ratio completed / planned minutes: green
within +-20 %, yellow 50-79 % or 121-150 %, red otherwise (a missed session is red). Those
are the defaults; a rulebook file may change them in its ``compliance:`` section.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ComplianceBands(BaseModel):
    """Thresholds on ratio = actual minutes / planned minutes (docs/rules.md, Compliance)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    green: tuple[float, float] = (0.8, 1.2)    # ratio inside (inclusive): green
    yellow: tuple[float, float] = (0.5, 1.5)   # inside but not green: yellow; else red
    done_from: float = Field(0.8, ge=0)        # at least this ratio: done, below: partial
    moved_days: int = Field(1, ge=0, le=3)     # a session done this many days off is moved
    source: str = "TrainingPeaks compliance colours"

    @model_validator(mode="after")
    def _nested(self) -> "ComplianceBands":
        low, high = self.green
        outer_low, outer_high = self.yellow
        if not (0 <= outer_low <= low <= 1 <= high <= outer_high):
            raise ValueError("bands must nest: 0 <= yellow low <= green low <= 1 <= "
                             "green high <= yellow high")
        return self

    def band(self, ratio: float) -> str:
        """green, yellow or red for a completed / planned ratio (0 = missed)."""
        if self.green[0] <= ratio <= self.green[1]:
            return "green"
        if self.yellow[0] <= ratio <= self.yellow[1]:
            return "yellow"
        return "red"
