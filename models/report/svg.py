"""Inline SVG charts for the HTML report: weekly load bars with monotony and ACWR lines.

Plain SVG text, no plotting library and no script, so the report stays one self-contained
file that renders the same on screen, printed and offline.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 56, 28, 40
ACWR_BAND = (0.8, 1.3)  # the commonly cited "sweet spot" of the acute:chronic ratio
LOAD_COLOUR, MONOTONY_COLOUR, ACWR_COLOUR = "#8fb3d9", "#d9822b", "#2a7a4b"


def nice_ceiling(value: float) -> float:
    """A round axis maximum at or above value (1, 2, 2.5, 5 x 10^n)."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def axis_number(value: float) -> str:
    """An axis label: '2.5' below 10, '1,200' above."""
    return f"{value:g}" if value < 10 else f"{value:,.0f}"


def load_chart(weekly: pd.DataFrame, title: str = "") -> str:
    """Bars of weekly load (left axis); monotony and ACWR as lines on a ratio axis (right).

    ``weekly`` has one row per week with columns week_start, load, monotony, acwr (NaN where
    a value is undefined: the line is broken there, not drawn through zero).
    """
    weeks = len(weekly)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    loads = pd.to_numeric(weekly.get("load"), errors="coerce").fillna(0).tolist()
    ratios = {name: pd.to_numeric(weekly.get(name), errors="coerce").tolist()
              for name in ("monotony", "acwr")}
    finite = [v for values in ratios.values() for v in values if v is not None and math.isfinite(v)]
    load_max = nice_ceiling(max(loads, default=0))
    ratio_max = nice_ceiling(max([2.0, *finite]))
    slot = plot_w / max(weeks, 1)

    def x(i: float) -> float:
        return LEFT + slot * (i + 0.5)

    def y_load(v: float) -> float:
        return TOP + plot_h * (1 - v / load_max)

    def y_ratio(v: float) -> float:
        return TOP + plot_h * (1 - min(v, ratio_max) / ratio_max)

    parts = svg_start("chart", title, "weekly load chart")
    band_top, band_bottom = y_ratio(ACWR_BAND[1]), y_ratio(ACWR_BAND[0])
    parts.append(f'<rect x="{LEFT}" y="{band_top:.1f}" width="{plot_w}" '
                 f'height="{band_bottom - band_top:.1f}" fill="{ACWR_COLOUR}" '
                 f'fill-opacity="0.08"/>')
    parts += grid(LEFT, TOP, plot_w, plot_h, load_max)
    for k in range(5):  # the right axis' labels (ACWR)
        fraction = k / 4
        y = TOP + plot_h * (1 - fraction)
        parts.append(f'<text x="{LEFT + plot_w + 6}" y="{y + 4:.1f}" fill="#4a5568">'
                     f'{ratio_max * fraction:g}</text>')
    bar_w = max(2.0, min(slot * 0.6, 44.0))
    for i, load in enumerate(loads):
        top = y_load(load)
        week = weekly.iloc[i]
        label = f"week of {pd.Timestamp(week['week_start']):%Y-%m-%d}: load {int(load)}"
        parts.append(f'<rect class="load-bar" x="{x(i) - bar_w / 2:.1f}" y="{top:.1f}" '
                     f'width="{bar_w:.1f}" height="{TOP + plot_h - top:.1f}" '
                     f'fill="{LOAD_COLOUR}"><title>{escape(label)}</title></rect>')
    for name, colour in (("monotony", MONOTONY_COLOUR), ("acwr", ACWR_COLOUR)):
        segments, current = [], []
        for i, value in enumerate(ratios[name]):
            if value is None or not math.isfinite(value):
                if current:
                    segments.append(current)
                current = []
                continue
            current.append((x(i), y_ratio(value)))
        if current:
            segments.append(current)
        for points in segments:
            if len(points) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
                parts.append(f'<polyline class="{name}" points="{path}" fill="none" '
                             f'stroke="{colour}" stroke-width="2"/>')
            for px, py in points:
                parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{colour}"/>')
    step = max(1, math.ceil(weeks / 16))  # at most ~16 labels on the x axis
    for i in range(0, weeks, step):
        day = pd.Timestamp(weekly.iloc[i]["week_start"])
        parts.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" '
                     f'fill="#4a5568">{day:%d %b}</text>')
    if not any(v is not None and math.isfinite(v) for v in ratios["acwr"]):
        parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{TOP + 14}" text-anchor="middle" '
                     f'fill="#4a5568">ACWR needs 4 weeks of plan</text>')
    parts.append(f'<text x="{LEFT}" y="{TOP - 10}" fill="#4a5568">load (RPE x min)</text>')
    parts.append(f'<text x="{LEFT + plot_w}" y="{TOP - 10}" text-anchor="end" '
                 f'fill="#4a5568">ratio</text>')
    legend_y = HEIGHT - 8
    legend = [("load", LOAD_COLOUR, "rect"), ("monotony", MONOTONY_COLOUR, "line"),
              ("ACWR", ACWR_COLOUR, "line"),
              (f"ACWR {ACWR_BAND[0]}-{ACWR_BAND[1]}", ACWR_COLOUR, "band")]
    lx = LEFT
    for text, colour, shape in legend:
        if shape == "line":
            parts.append(f'<line x1="{lx}" x2="{lx + 16}" y1="{legend_y - 4}" '
                         f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="2"/>')
        else:
            opacity = ' fill-opacity="0.15"' if shape == "band" else ""
            parts.append(f'<rect x="{lx}" y="{legend_y - 9}" width="16" height="10" '
                         f'fill="{colour}"{opacity}/>')
        parts.append(f'<text x="{lx + 20}" y="{legend_y}" fill="#2d3748">{escape(text)}</text>')
        lx += 28 + 7 * len(text)
    parts.append("</svg>")
    return "".join(parts)


def svg_start(css_class: str, title: str | None, fallback: str, width: int = WIDTH,
              height: int = HEIGHT) -> list[str]:
    """The opening of a chart's inline SVG (size, accessible label, optional title)."""
    parts = [f'<svg class="{css_class}" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="{escape(title or fallback)}" '
             f'xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="inherit">']
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    return parts


def grid(left: float, top: float, plot_w: float, plot_h: float, top_value: float) -> list[str]:
    """Five horizontal grid lines with the left axis' labels, 0 to ``top_value``."""
    parts = []
    for k in range(5):
        fraction = k / 4
        y = top + plot_h * (1 - fraction)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#d9dde3" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'fill="#4a5568">{axis_number(top_value * fraction)}</text>')
    return parts
