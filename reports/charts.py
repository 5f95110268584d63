"""Small inline-SVG charts for the HTML documents: no JavaScript, no CDN, works offline and
prints. Deterministic output (fixed sizes, rounded coordinates) so reruns give equal bytes.
"""

from __future__ import annotations

from html import escape

PALETTE = ("#1f5f8b", "#e07b00", "#3a923a", "#b8322e", "#7a5195", "#6c6c6c")


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(title: str, items: list[tuple[str, float]], width: int = 640, bar_height: int = 22) -> str:
    """Horizontal bars, one per (label, value)."""
    if not items:
        return f'<p class="leeg">{escape(title)}: geen gegevens.</p>'
    label_w, pad = 230, 6
    top = max(v for _, v in items) or 1
    height = len(items) * (bar_height + pad) + 30
    parts = [f'<svg class="grafiek" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<title>{escape(title)}</title>']
    for i, (label, value) in enumerate(items):
        y = 20 + i * (bar_height + pad)
        w = (width - label_w - 80) * value / top
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_height * 0.7:.0f}" text-anchor="end" '
                     f'font-size="12">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{_n(max(w, 1))}" height="{bar_height}" '
                     f'fill="{PALETTE[0]}"><title>{escape(label)}: {value:g}</title></rect>')
        parts.append(f'<text x="{label_w + max(w, 1) + 6:.0f}" y="{y + bar_height * 0.7:.0f}" '
                     f'font-size="12">{value:,.0f}</text>'.replace(",", "."))
    parts.append("</svg>")
    return "".join(parts)


def line_chart(title: str, periods: list[str], series: dict[str, list[float]], width: int = 640,
               height: int = 260) -> str:
    """One line per series over the periods, with a legend."""
    if not periods or not series:
        return f'<p class="leeg">{escape(title)}: geen gegevens.</p>'
    left, right, top_pad, bottom = 60, 40, 20, 70
    top = max((max(v) for v in series.values() if v), default=0) or 1
    step = (width - left - right) / max(len(periods) - 1, 1)

    def xy(i: int, v: float) -> str:
        x = left + i * step
        y = top_pad + (height - top_pad - bottom) * (1 - v / top)
        return f"{x:.1f},{y:.1f}"

    parts = [f'<svg class="grafiek" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<title>{escape(title)}</title>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#999"/>',
             f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end" font-size="11">{top:,.0f}</text>'
             .replace(",", "."),
             f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end" font-size="11">0</text>']
    for i, p in enumerate(periods):
        parts.append(f'<text x="{left + i * step:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                     f'font-size="11">{escape(p)}</text>')
    for k, (name, values) in enumerate(series.items()):
        color = PALETTE[k % len(PALETTE)]
        points = " ".join(xy(i, v) for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2.5" points="{points}">'
                     f'<title>{escape(name)}</title></polyline>')
        for i, v in enumerate(values):
            parts.append(f'<circle cx="{xy(i, v).split(",")[0]}" cy="{xy(i, v).split(",")[1]}" r="3" fill="{color}">'
                         f'<title>{escape(name)} {escape(periods[i])}: {v:g}</title></circle>')
        lx = left + (k % 2) * 280
        ly = height - 30 + (k // 2) * 14
        parts.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{color}"/>'
                     f'<text x="{lx + 14}" y="{ly}" font-size="11">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
