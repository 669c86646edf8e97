"""What a batch run tells its caller: the report, and the interruption that says how to resume."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.io.batch_folder import CRASHED, ERROR, AthleteOutcome

STATUS_ORDER = ("optimal", "feasible", "infeasible", "unknown", "invalid", ERROR, CRASHED,
                "bad_input")


class BatchInterrupted(Exception):
    """Ctrl-C: the athletes (or re-plans) written so far are complete; ``--resume`` finishes
    the rest."""

    def __init__(self, complete: int, total: int, out_dir: Path, what: str = "athletes"):
        self.complete, self.total, self.out_dir = complete, total, out_dir
        super().__init__(f"interrupted: {complete} of {total} {what} are complete in {out_dir}")


@dataclass
class BatchReport:
    out_dir: Path
    outcomes: list[AthleteOutcome]
    computed: int = 0        # athletes planned by this run
    resumed: int = 0         # athletes found complete and skipped
    athlete_weeks: int = 0   # weeks planned by this run
    elapsed: float = 0.0
    engine: str = ""
    counts: Counter = field(default_factory=Counter)
    units: list[dict[str, Any]] | None = None  # with squad sessions: groups.csv's rows
    actuals: Any = None      # with --activities: the re-plans (solver/batch/squad_actuals.py)

    @property
    def weeks_per_second(self) -> float:
        return self.athlete_weeks / self.elapsed if self.elapsed > 0 else 0.0

    def summary_line(self) -> str:
        """'30 athletes: 26 optimal, 4 infeasible; planned 30 (...) in 17.7 s on ...; see ...',
        and with squad sessions what became of the units."""
        by_status = ", ".join(f"{n} {status}" for status, n in _ordered(self.counts))
        work = f"planned {self.computed}"
        if self.computed:
            work += (f" ({self.athlete_weeks} athlete-weeks, {self.weeks_per_second:.1f}/s) "
                     f"on {self.engine}")
        line = (f"{len(self.outcomes)} athletes: {by_status}; {work}, {self.resumed} already "
                f"complete, in {self.elapsed:.1f} s; see {self.out_dir / 'summary.csv'} and "
                f"{self.out_dir / 'errors.csv'}")
        return line if self.units is None else line + self._units_part()

    def _units_part(self) -> str:
        units = self.units or []
        shown = [u for u in units if u["mode"] != "alone"]
        alone = len(units) - len(shown)
        parts = [f"{u['unit']} {u['mode']}" for u in shown[:6]]
        if len(shown) > 6:
            parts.append(f"{len(shown) - 6} more")
        if alone:
            parts.append(f"{alone} athlete{'s' if alone != 1 else ''} alone")
        hard = sum(int(u.get("squad_hard_findings") or 0) for u in units)
        warning = f"; {hard} SQUAD RULE VIOLATIONS (see groups.csv)" if hard else ""
        plural = "s" if len(units) != 1 else ""
        return (f"; {len(units)} unit{plural}: {', '.join(parts)}{warning}; "
                f"rosters in {self.out_dir / 'rosters.csv'}")


def _ordered(counts: Counter) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (STATUS_ORDER.index(kv[0])
                                                  if kv[0] in STATUS_ORDER else 99))
