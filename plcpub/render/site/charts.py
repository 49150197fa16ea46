"""Bar charts as HTML tables drawn at build time: no chart library, no request leaves the page.

The chart is the data table itself (a caption, a header row, one row per key with the figure
as text beside its bar), so it reads the same to a screen reader, stays legible at 390 px (the
text is page text, not a scaled drawing) and prints without colour."""
from __future__ import annotations

from html import escape

from markupsafe import Markup

COLOURS = ("#2f6fad", "#3d8c6e", "#c07a2c", "#8a5aa8", "#b8474c", "#4c8ca8")


def bar_chart(chart_id: str, title: str, data: dict[str, int], fmt=str, key_label: str = "項目",
              value_label: str = "數值") -> Markup:
    """Horizontal bars, one per key, each labelled with its formatted value."""
    if not data:
        return Markup(f'<p class="plc-empty">{escape(title)}：尚無資料。</p>')
    top = max(data.values()) or 1
    rows = []
    for i, (key, value) in enumerate(data.items()):
        share = max(1, round(65 * value / top)) if value else 0  # the longest bar leaves room for its figure
        rows.append(f'<tr><th scope="row">{escape(key)}</th><td><span class="plc-bar" aria-hidden="true" '
                    f'style="width:{share}%;background:{COLOURS[i % len(COLOURS)]}"></span>'
                    f'<span class="plc-bar-value">{escape(fmt(value))}</span></td></tr>')
    return Markup(f'<table class="plc-bars" id="{chart_id}"><caption>{escape(title)}</caption>'
                  f'<thead><tr><th scope="col">{escape(key_label)}</th><th scope="col">{escape(value_label)}</th></tr></thead>'
                  f'<tbody>{"".join(rows)}</tbody></table>')  # every piece of text in it was escaped above
