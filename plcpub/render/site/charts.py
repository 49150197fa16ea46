"""Bar charts as inline SVG, drawn at build time: no chart library, no request leaves the page."""
from __future__ import annotations

from html import escape

from markupsafe import Markup

FONT = "'Noto Sans CJK TC','Noto Sans TC','PingFang TC','Microsoft JhengHei',sans-serif"
COLOURS = ("#2f6fad", "#3d8c6e", "#c07a2c", "#8a5aa8", "#b8474c", "#4c8ca8")


def bar_chart(chart_id: str, title: str, data: dict[str, int], fmt=str) -> Markup:
    """Horizontal bars, one per key, labelled with the formatted value; readable without colour."""
    if not data:
        return Markup(f'<p class="plc-empty">{escape(title)}：尚無資料。</p>')
    label_w, bar_w, row_h, pad = 150, 380, 30, 10
    value_w = 120
    height = pad * 2 + row_h * len(data) + 24
    width = label_w + bar_w + value_w
    top = max(data.values()) or 1
    parts = [f'<svg class="plc-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-labelledby="{chart_id}-t" xmlns="http://www.w3.org/2000/svg" style="font-family:{FONT}">',
             f'<title id="{chart_id}-t">{escape(title)}</title>',
             f'<text x="0" y="16" font-size="15" font-weight="bold" fill="#1f2933">{escape(title)}</text>']
    for i, (key, value) in enumerate(data.items()):
        y = 24 + pad + i * row_h
        w = max(2, round(bar_w * value / top))
        parts.append(f'<text x="{label_w - 8}" y="{y + 19}" font-size="14" text-anchor="end" fill="#1f2933">{escape(key)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}" rx="3" '
                     f'fill="{COLOURS[i % len(COLOURS)]}"><title>{escape(key)}：{escape(fmt(value))}</title></rect>')
        parts.append(f'<text x="{label_w + w + 6}" y="{y + 19}" font-size="14" fill="#1f2933">{escape(fmt(value))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # every piece of text in it was escaped above
