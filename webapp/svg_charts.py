"""Charts as inline SVG built on the server: no scripts, no external files, readable without colour."""
from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

BAR = "#0b5cad"
TRACK = "#e6edf5"


def bar_chart(title: str, rows: Sequence[dict], width: int = 640, label_width: int = 230, row_height: int = 24,
              limit: int = 15) -> Markup:
    """Horizontal bars, one per {"key", "count"} row, most first; the title is the accessible name."""
    rows = list(rows)[:limit]
    if not rows:
        return Markup(f'<p class="chart-empty">{escape(title)}：暂无数据</p>')
    top = max(r["count"] for r in rows) or 1
    plot = width - label_width - 60
    height = row_height * len(rows) + 8
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, r in enumerate(rows):
        y = 4 + i * row_height
        w = max(1, round(plot * r["count"] / top))
        label = str(r["key"])
        parts.append(f'<text x="{label_width - 8}" y="{y + row_height * 0.7:.0f}" text-anchor="end" '
                     f'font-size="13" fill="#1f2328">{escape(_short(label))}</text>'
                     f'<rect x="{label_width}" y="{y + 3}" width="{w}" height="{row_height - 8}" fill="{BAR}">'
                     f'<title>{escape(label)}：{r["count"]}</title></rect>'
                     f'<text x="{label_width + w + 6}" y="{y + row_height * 0.7:.0f}" font-size="13" '
                     f'fill="#1f2328">{r["count"]}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(label: str, limit: int = 15) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def rate_bar(title: str, rate: float | None, width: int = 320) -> Markup:
    """A rate in 0..1 as a filled track with its percentage."""
    if rate is None:
        return Markup(f'<p class="chart-empty">{escape(title)}：暂无案件</p>')
    filled = round((width - 70) * rate)
    pct = f"{rate * 100:.1f}%"
    return Markup(f'<svg class="chart" role="img" viewBox="0 0 {width} 28" width="{width}" height="28" '
                  f'aria-label="{escape(title)} {pct}"><title>{escape(title)} {pct}</title>'
                  f'<rect x="0" y="6" width="{width - 70}" height="16" fill="{TRACK}"/>'
                  f'<rect x="0" y="6" width="{filled}" height="16" fill="{BAR}"/>'
                  f'<text x="{width - 62}" y="19" font-size="14" fill="#1f2328">{pct}</text></svg>')
