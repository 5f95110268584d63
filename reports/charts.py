"""Small inline-SVG charts for the HTML documents: no JavaScript, no CDN, works offline and
prints. Deterministic output (fixed sizes, rounded coordinates) so reruns give equal bytes.

Readable without colour: every line has its own marker shape and dash pattern and is
labelled directly at its last point; bars carry their value. Every chart has a visible
title and axis titles; numbers are written the Dutch way (1.234). A value of ``None`` is a
figure that cannot be computed for that period: the line has a gap there instead of a 0.
"""

from __future__ import annotations

from html import escape

# Dark enough for 3:1 against white (WCAG 1.4.11 graphics); text itself is near-black.
PALETTE = ("#1f5f8b", "#a34a00", "#2d6e2d", "#8f2420", "#5e3d7a", "#4d4d4d")
DASHES = ("", "7 4", "2 3", "10 3 2 3", "4 4", "1 2")
MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square")
TEXT = "#1a1a1a"


def nl_int(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _ticks(value: float, count: int = 4) -> list[float]:
    """Round axis ticks from 0 to a top ≥ value, about ``count`` steps of 1, 2, 2.5 or 5 × 10^k
    (never below 1: the charts count things)."""
    raw = max(value, 1) / count
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(step, 1)
    steps = -(-max(value, 1) // step)
    return [step * i for i in range(int(steps) + 1)]


def _marker(kind: str, x: float, y: float, color: str, tip: str) -> str:
    title = f"<title>{escape(tip)}</title>"
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{color}">{title}</rect>'
    if kind == "triangle":
        return (f'<polygon points="{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f}" '
                f'fill="{color}">{title}</polygon>')
    if kind == "diamond":
        return (f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" '
                f'fill="{color}">{title}</polygon>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{color}">{title}</circle>'


def _open(title: str, width: int, height: int) -> list[str]:
    return [f'<svg class="grafiek" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, Arial, '
            f'sans-serif" fill="{TEXT}">',
            f'<title>{escape(title)}</title>',
            f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>']


def bar_chart(title: str, items: list[tuple[str, float]], value_title: str, width: int = 680,
              bar_height: int = 20) -> str:
    """Horizontal bars, one per (label, value), each with its value written beside it."""
    if not items:
        return f'<p class="leeg">{escape(title)}: geen gegevens.</p>'
    label_w, pad, top_pad = 250, 6, 32
    plot_w = width - label_w - 70
    ticks = _ticks(max(v for _, v in items), 2)
    top = ticks[-1]
    height = top_pad + len(items) * (bar_height + pad) + 44
    axis_y = top_pad + len(items) * (bar_height + pad)
    parts = _open(title, width, height)
    for i, (label, value) in enumerate(items):
        y = top_pad + i * (bar_height + pad)
        w = plot_w * value / top
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_height * 0.7:.0f}" text-anchor="end" '
                     f'font-size="12">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{_n(max(w, 1))}" height="{bar_height}" '
                     f'fill="{PALETTE[0]}"><title>{escape(label)}: {nl_int(value)}</title></rect>')
        parts.append(f'<text x="{label_w + max(w, 1) + 6:.0f}" y="{y + bar_height * 0.7:.0f}" '
                     f'font-size="12">{nl_int(value)}</text>')
    parts.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + plot_w}" y2="{axis_y}" stroke="#595959"/>')
    for tick in ticks:
        x = label_w + plot_w * tick / top
        parts.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="#595959"/>'
                     f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" font-size="11">'
                     f'{nl_int(tick)}</text>')
    parts.append(f'<text x="{label_w + plot_w / 2:.0f}" y="{height - 6}" text-anchor="middle" '
                 f'font-size="12">{escape(value_title)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line_chart(title: str, periods: list[str], series: dict[str, list[float | None]], y_title: str,
               x_title: str = "Periode (maand)", width: int = 720, height: int = 300) -> str:
    """One line per series over the periods; ``None`` leaves a gap (not computable)."""
    if not periods or not series:
        return f'<p class="leeg">{escape(title)}: geen gegevens.</p>'
    left, right, top_pad, bottom = 70, 250, 34, 52
    plot_h = height - top_pad - bottom
    values = [v for vs in series.values() for v in vs if v is not None]
    if not values:
        return f'<p class="leeg">{escape(title)}: nog niet te berekenen.</p>'
    ticks = _ticks(max(values, default=0))
    top = ticks[-1]
    step = (width - left - right) / max(len(periods) - 1, 1)

    def x_of(i: int) -> float:
        return left + i * step if len(periods) > 1 else left + (width - left - right) / 2

    def y_of(v: float) -> float:
        return top_pad + plot_h * (1 - v / top)

    parts = _open(title, width, height)
    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                     f'stroke="{"#595959" if tick == 0 else "#d9d9d9"}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
                     f'{nl_int(tick)}</text>')
    for i, p in enumerate(periods):
        parts.append(f'<text x="{x_of(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                     f'font-size="11">{escape(p)}</text>')
    parts.append(f'<text x="{(left + width - right) / 2:.0f}" y="{height - 8}" text-anchor="middle" '
                 f'font-size="12">{escape(x_title)}</text>')
    parts.append(f'<text transform="translate(16 {top_pad + plot_h / 2:.0f}) rotate(-90)" text-anchor="middle" '
                 f'font-size="12">{escape(y_title)}</text>')
    label_slots: list[float] = []
    for k, (name, vals) in enumerate(series.items()):
        color, dash, marker = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)], MARKERS[k % len(MARKERS)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for run in _runs(vals):
            points = " ".join(f"{x_of(i):.1f},{y_of(vals[i]):.1f}" for i in run)
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2.5"{dash_attr} points="{points}">'
                         f'<title>{escape(name)}</title></polyline>')
        for i, v in enumerate(vals):
            if v is not None:
                parts.append(_marker(marker, x_of(i), y_of(v), color, f"{name} {periods[i]}: {nl_int(v)}"))
        last = max((i for i, v in enumerate(vals) if v is not None), default=None)
        if last is not None:
            y = y_of(vals[last]) + 4
            while any(abs(y - s) < 13 for s in label_slots):  # keep direct labels apart
                y += 13
            label_slots.append(y)
            parts.append(_marker(marker, width - right + 14, y - 4, color, name))
            parts.append(f'<text x="{width - right + 24}" y="{y:.1f}" font-size="11">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _runs(values: list[float | None]) -> list[list[int]]:
    """Indexes of the unbroken stretches of known values (a line is drawn per stretch)."""
    runs: list[list[int]] = []
    for i, v in enumerate(values):
        if v is None:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs
