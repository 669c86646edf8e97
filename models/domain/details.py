"""What a session holds, in words: strength exercises and the nutrition annotation.

Exercises come from the docs/rules.md pool (001, 002, 000) and rotate deterministically through
the week so that two strength sessions differ. Beginners and the first weeks of a block are
bodyweight only (001); near race day strength is maintenance (fewer sets).

Nutrition (002, an annotation, never a constraint): with the bodyweight known, a strength
session carries the post-strength window (20-40 g protein within 1-2 h after) and the daily
protein range (1.6-2.2 g/kg, over 3-5 meals), rounded to whole grams.
"""

from __future__ import annotations

from models.domain.plan import Session

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


PROTEIN_G_PER_KG = (1.6, 2.2)
POST_STRENGTH_NOTE = "protein 20-40 g within 1-2 h after"


def protein_range(bodyweight_kg: float) -> tuple[int, int]:
    """Daily protein in grams: 1.6-2.2 g per kg of bodyweight (002)."""
    low, high = PROTEIN_G_PER_KG
    return round(bodyweight_kg * low), round(bodyweight_kg * high)


def daily_protein_note(bodyweight_kg: float | None) -> str:
    """'daily protein 98-134 g (1.6-2.2 g/kg) over 3-5 meals', or '' without a bodyweight."""
    if not bodyweight_kg:
        return ""
    low, high = protein_range(bodyweight_kg)
    return (f"daily protein {low}-{high} g ({PROTEIN_G_PER_KG[0]:g}-{PROTEIN_G_PER_KG[1]:g} "
            "g/kg) over 3-5 meals")


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
                text += f"; {POST_STRENGTH_NOTE}; {daily_protein_note(bodyweight_kg)}"
        result.append(session.model_copy(update={"details": text}))
    return result
