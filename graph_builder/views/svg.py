"""Charts as inline SVG (no JavaScript, no CDN): horizontal bars, stacked bars, Lorenz curves.

Every text is escaped, so a name such as ``<img src=x onerror=alert(1)>`` is drawn as text.

Examples
--------
>>> svg = bar_chart([("区农业农村局", 3.5), ("<b>", 1.0)], title="load")
>>> svg.startswith("<svg") and "&lt;b&gt;" in svg and "<b>" not in svg
True
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["PALETTE", "bar_chart", "stacked_bars", "lorenz_chart"]

PALETTE = ("#08306b", "#6b6b6b", "#9ecae1", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 12, weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}">'
            f"{escape(text)}</text>")


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, width: int = 680, colour: str = PALETTE[0],
              label_width: int = 230, fmt: str = "{:.2f}") -> str:
    """Horizontal bars, one per (label, value), in the order given."""
    row, top = 20, 28
    height = top + row * len(items) + 10
    peak = max((v for _, v in items), default=0.0) or 1.0
    span = width - label_width - 70
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title)}" font-family="sans-serif">', _text(4, 16, title, size=14, weight="bold")]
    for i, (label, value) in enumerate(items):
        y = top + i * row
        w = span * value / peak
        parts.append(_text(label_width - 6, y + 13, label, anchor="end"))
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{colour}">'
                     f"<title>{escape(label)}: {escape(fmt.format(value))}</title></rect>")
        parts.append(_text(label_width + w + 4, y + 13, fmt.format(value), size=11))
    parts.append("</svg>")
    return "".join(parts)


def stacked_bars(rows: Sequence[tuple[str, dict[str, float]]], keys: Sequence[str], *, title: str,
                 width: int = 680, label_width: int = 160) -> str:
    """One horizontal bar per row, split into ``keys`` (a legend on top)."""
    row, top = 24, 48
    height = top + row * len(rows) + 10
    peak = max((sum(v.values()) for _, v in rows), default=0.0) or 1.0
    span = width - label_width - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title)}" font-family="sans-serif">', _text(4, 16, title, size=14, weight="bold")]
    x = 4.0
    for i, key in enumerate(keys):
        parts.append(f'<rect x="{x:.1f}" y="26" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>')
        parts.append(_text(x + 16, 36, key, size=11))
        x += 22 + 7 * len(key)
    for r, (label, values) in enumerate(rows):
        y = top + r * row
        parts.append(_text(label_width - 6, y + 15, label, anchor="end"))
        x = float(label_width)
        for i, key in enumerate(keys):
            w = span * values.get(key, 0.0) / peak
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" '
                             f'fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(label)} — {escape(key)}: '
                             f"{values.get(key, 0.0):.2f}</title></rect>")
            x += w
        parts.append(_text(x + 4, y + 15, f"{sum(values.values()):.1f}", size=11))
    parts.append("</svg>")
    return "".join(parts)


def lorenz_chart(series: Sequence[tuple[str, Sequence[tuple[float, float]]]], *, title: str,
                 size: int = 320) -> str:
    """Lorenz curves (share of parties → share of load) with the line of equality."""
    pad = 40
    inner = size - 2 * pad
    legend_h = 16 * len(series)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 220}" height="{size + legend_h}" role="img" '
             f'aria-label="{escape(title)}" font-family="sans-serif">', _text(4, 16, title, size=14, weight="bold"),
             f'<rect x="{pad}" y="{pad}" width="{inner}" height="{inner}" fill="none" stroke="#bbb"/>',
             f'<line x1="{pad}" y1="{pad + inner}" x2="{pad + inner}" y2="{pad}" stroke="#bbb" '
             'stroke-dasharray="4 3"/>',
             _text(pad + inner / 2, size - 8, "share of parties (lightest first)", anchor="middle", size=11),
             _text(pad + inner + 6, pad + 10, "share of load", size=11)]
    for i, (name, points) in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        path = " ".join(f"{pad + x * inner:.1f},{pad + inner - y * inner:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2">'
                     f"<title>{escape(name)}</title></polyline>")
        parts.append(f'<rect x="{pad + inner + 10}" y="{pad + 24 + 16 * i}" width="12" height="3" fill="{colour}"/>')
        parts.append(_text(pad + inner + 26, pad + 30 + 16 * i, name, size=11))
    parts.append("</svg>")
    return "".join(parts)
