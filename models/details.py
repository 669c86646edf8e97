"""What a session holds, in words: strength exercises and the nutrition annotation.

Exercises come from the RULES.md pool (001, 002, 000) and rotate deterministically through
the week so that two strength sessions differ. Beginners and the first weeks of a block are
bodyweight only (001); near race day strength is maintenance (fewer sets).
"""

from __future__ import annotations

from .plan import Session

STRENGTH_POOL: tuple[tuple[str, ...], ...] = (
    ("single-leg squat", "Romanian deadlift", "hip thrust", "calf raise on a step",
     "anti-rotation core work", "row"),
    ("step-up", "Bulgarian split squat", "single-leg deadlift", "calf raise on a step",
     "hip-stability work", "press"),
    ("squat", "deadlift", "lunge", "plyometric jumps", "anti-rotation core work", "row"),
)
BODYWEIGHT_POOL: tuple[tuple[str, ...], ...] = (
    ("single-leg squat", "step-up", "lunge", "calf raise on a step", "anti-rotation core work"),
    ("Bulgarian split squat", "single-leg deadlift", "hip thrust", "calf raise on a step",
     "hip-stability work"),
)


def strength_details(index: int, bodyweight_only: bool, maintenance: bool) -> str:
    pool = BODYWEIGHT_POOL if bodyweight_only else STRENGTH_POOL
    exercises = ", ".join(pool[index % len(pool)])
    notes = []
    if bodyweight_only:
        notes.append("bodyweight only")
    if maintenance:
        notes.append("maintenance: 2 sets")
    return f"{exercises}" + (f" ({'; '.join(notes)})" if notes else "")


def annotate(sessions: list[Session], bodyweight_only: bool, maintenance: bool,
             bodyweight_kg: float | None = None) -> list[Session]:
    """Sessions with ``details`` filled: exercises for strength, protein notes if known."""
    result = []
    strength_seen = 0
    for session in sorted(sessions, key=lambda s: (s.date, s.start)):
        if session.details:
            result.append(session)
            continue
        text = ""
        if session.type == "strength":
            text = strength_details(strength_seen, bodyweight_only, maintenance)
            strength_seen += 1
            if bodyweight_kg:
                text += f"; protein 20-40 g within 1-2 h after"
        result.append(session.model_copy(update={"details": text}))
    return result
