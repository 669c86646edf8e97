"""Inline SVG of the planned running volume per week against the week's volume target.

Volume is the first thing a coach prescribes, so it gets its own figure next to the load
chart: a bar per week of running minutes (low intensity at the bottom, high on top, so the
intensity split shows in greyscale too) and a dark tick at the week's target. Drawn like
models/report/svg.py: plain SVG text, no script, a tooltip (<title>) per week.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from models.report.svg import grid, nice_ceiling, svg_start

WIDTH, HEIGHT = 760, 200
LEFT, RIGHT, TOP, BOTTOM = 56, 56, 28, 40
LOW_COLOUR, HIGH_COLOUR, TARGET_COLOUR = "#a3d3a1", "#c05621", "#1a202c"


def _numbers(weekly: pd.DataFrame, column: str) -> list[float]:
    if column not in weekly:
        return [math.nan] * len(weekly)
    return pd.to_numeric(weekly[column], errors="coerce").astype(float).tolist()


def week_volume_text(run_min: float, target: float, low_share: float) -> str:
    """'225 run min of 240 target (94 %), low intensity 0.78' - one week in words."""
    text = f"{int(run_min)} run min"
    if math.isfinite(target) and target > 0:
        text += f" of {int(target)} target ({100 * run_min / target:.0f} %)"
    else:
        text += " (no target)"
    if math.isfinite(low_share):
        text += f", low intensity {low_share:.2f}"
    return text


def volume_chart(weekly: pd.DataFrame, title: str = "") -> str:
    """Stacked bars of low and high running minutes and the target tick of every week.

    ``weekly``: week_start, run_min, low_share and (optional) run_min_target, NaN where a
    week has no target (no tick is drawn there).
    """
    weeks = len(weekly)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    running = [0.0 if math.isnan(v) else v for v in _numbers(weekly, "run_min")]
    shares = _numbers(weekly, "low_share")
    targets = _numbers(weekly, "run_min_target")
    top_value = nice_ceiling(max([*running, *(t for t in targets if math.isfinite(t))],
                                 default=0))
    slot = plot_w / max(weeks, 1)
    bar_w = max(2.0, min(slot * 0.6, 44.0))

    def x(i: float) -> float:
        return LEFT + slot * (i + 0.5)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - min(v, top_value) / top_value)

    parts = svg_start("chart volume", title, "weekly running volume chart", WIDTH, HEIGHT)
    parts += grid(LEFT, TOP, plot_w, plot_h, top_value)
    for i in range(weeks):
        share = shares[i] if math.isfinite(shares[i]) else 0.0
        low = running[i] * share
        base, middle, top = y(0), y(low), y(running[i])
        monday = pd.Timestamp(weekly.iloc[i]["week_start"])
        label = f"week of {monday:%Y-%m-%d}: " + week_volume_text(running[i], targets[i],
                                                                   shares[i])
        shapes = [f'<rect x="{x(i) - bar_w / 2:.1f}" y="{middle:.1f}" width="{bar_w:.1f}" '
                  f'height="{base - middle:.1f}" fill="{LOW_COLOUR}"/>',
                  f'<rect x="{x(i) - bar_w / 2:.1f}" y="{top:.1f}" width="{bar_w:.1f}" '
                  f'height="{middle - top:.1f}" fill="{HIGH_COLOUR}"/>']
        if math.isfinite(targets[i]):
            tick = y(targets[i])
            shapes.append(f'<line class="target" x1="{x(i) - slot * 0.45:.1f}" '
                          f'x2="{x(i) + slot * 0.45:.1f}" y1="{tick:.1f}" y2="{tick:.1f}" '
                          f'stroke="{TARGET_COLOUR}" stroke-width="2.5"/>')
        parts.append(f'<g class="volume-week"><title>{escape(label)}</title>'
                     f'{"".join(shapes)}</g>')
    step = max(1, math.ceil(weeks / 16))
    for i in range(0, weeks, step):
        day = pd.Timestamp(weekly.iloc[i]["week_start"])
        parts.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" '
                     f'fill="#4a5568">{day:%d %b}</text>')
    if not any(math.isfinite(t) for t in targets):
        parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{TOP + 14}" text-anchor="middle" '
                     f'fill="#4a5568">no volume target for these weeks</text>')
    parts.append(f'<text x="{LEFT}" y="{TOP - 10}" fill="#4a5568">running minutes '
                 f'(race not counted)</text>')
    legend_y, lx = HEIGHT - 8, LEFT
    for text, colour, shape in (("low intensity (easy, jog, long)", LOW_COLOUR, "rect"),
                                ("high (tempo, hill, sprint)", HIGH_COLOUR, "rect"),
                                ("target", TARGET_COLOUR, "line")):
        if shape == "line":
            parts.append(f'<line x1="{lx}" x2="{lx + 16}" y1="{legend_y - 4}" '
                         f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="2.5"/>')
        else:
            parts.append(f'<rect x="{lx}" y="{legend_y - 9}" width="16" height="10" '
                         f'fill="{colour}"/>')
        parts.append(f'<text x="{lx + 20}" y="{legend_y}" fill="#2d3748">{escape(text)}</text>')
        lx += 28 + 6 * len(text)
    parts.append("</svg>")
    return "".join(parts)
