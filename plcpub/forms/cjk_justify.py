"""Justify Chinese text as a typesetter does: WeasyPrint's `text-align: justify` stretches only
spaces (layout/inline.justify_line), so a line of Chinese, which has none, stays ragged. Here a
line holding CJK characters gets its spare width spread over the gaps between characters
(CSS Text 3 `text-justify: inter-character`), never inside a run of Latin letters or digits.

The gaps are widened advances of the glyphs already shaped, so kerning and ligatures stay, and
the PDF's text keeps the same characters in the same order — nothing is inserted that a screen
reader or copy-paste would meet. Line breaks are WeasyPrint's own: this runs after a line is
broken.

WeasyPrint internals touched, each held by a test in tests/test_engine.py:
- `weasyprint.layout.inline.justify_line(context, line, extra_width)`, replaced (`install`);
  the original still justifies lines without CJK characters;
- `weasyprint.text.line_break.Layout.set_text(text, justify)`, wrapped: at drawing time
  WeasyPrint rebuilds each text box's Pango layout (`reactivate` → `set_text(justify=True)`),
  so the gaps are kept on the layout (`cjk_gaps`) and put into its glyphs there;
- `draw.text.draw_first_line` sets the layout's single-paragraph mode, then reads its first
  line: the mode is set here first, so Pango keeps the widened line instead of shaping again;
- the box tree's `TextBox.text/position_x/width/pango_layout/style`, `LineBox`/`InlineBox`
  `children`, atomic boxes' `translate`. A gap at a text box's start moves the box.
"""
from __future__ import annotations

import unicodedata

_installed = False
LATIN = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def is_wide(char: str) -> bool:
    """CJK ideographs, kana, bopomofo and full-width punctuation (East Asian Width W or F)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def opportunities(text: str) -> list[int]:
    """Indices i of `text` whose gap before them may widen: next to a wide character or after a
    space, never between two Latin letters or digits, never before trailing spaces."""
    end = len(text.rstrip(" \u00a0"))
    found = []
    for i in range(1, end):
        before, char = text[i - 1], text[i]
        if before in LATIN and char in LATIN:
            continue
        if is_wide(before) or is_wide(char) or before in " \u00a0":
            found.append(i)
    return found


def install() -> None:
    """Replace WeasyPrint's line justification for the process (idempotent)."""
    global _installed
    if _installed:
        return
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.text import line_break
    from weasyprint.text.ffi import TO_UNITS, ffi, pango

    spaces_only = inline.justify_line
    set_text = line_break.Layout.set_text

    def set_text_with_gaps(self, text, justify=False):
        set_text(self, text, justify)
        gaps = getattr(self, "cjk_gaps", None)
        if not (justify and gaps):
            return
        pango.pango_layout_set_single_paragraph_mode(self.layout, True)  # as drawing will
        characters = {}  # UTF-8 offset → character index
        offset = 0
        for index, char in enumerate(self.text):
            characters[offset] = index
            offset += len(char.encode())
        line, _ = self.get_first_line()
        glyph_items, run = [], line.runs[0]
        while run != ffi.NULL:
            glyph_items.append(run.data)
            run = run.next
        starts = [(item, i, characters.get(item.item.offset + item.glyphs.log_clusters[i]))
                  for item in glyph_items for i in range(item.glyphs.num_glyphs)]
        for (item, i, first), (_, _, following) in zip(starts, starts[1:] + [(None, 0, len(self.text))]):
            if first is None or following is None or following <= first:
                continue  # inside a cluster: its last glyph takes the gap after it
            widen = sum(gaps[first + 1:following + 1])
            if widen:
                item.glyphs.glyphs[i].geometry.width += round(widen * TO_UNITS)

    def leaves(box):
        """The line's text and atomic boxes, left to right."""
        if isinstance(box, boxes.TextBox):
            yield box
        elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            for child in box.children:
                if child.is_in_normal_flow():
                    yield from leaves(child)
        else:
            yield box

    def justify_line(context, line, extra_width):
        if line.style["direction"] == "rtl":
            return spaces_only(context, line, extra_width)
        parts = list(leaves(line))
        texts = [part.text if isinstance(part, boxes.TextBox) else "\ufffc" for part in parts]
        whole = "".join(texts)
        if not any(is_wide(char) for char in whole):
            return spaces_only(context, line, extra_width)
        gaps = opportunities(whole)
        if not gaps:
            return None
        spacing = extra_width / len(gaps)
        starts, position = {}, 0
        for part, text in zip(parts, texts):
            starts[id(part)] = position
            position += len(text)
        wanted = set(gaps)

        def widen(box, x_advance):
            if isinstance(box, boxes.TextBox):
                start = starts[id(box)]
                if start in wanted:  # the gap before this box moves the box
                    x_advance += spacing
                box.position_x += x_advance
                inside = [i for i in range(1, len(box.text)) if start + i in wanted]
                if inside:
                    layout = line_break.create_layout(box.text, box.style, context, max_width=None,
                                                      justification_spacing=0)
                    layout.cjk_gaps = [spacing if start + i in wanted else 0.0 for i in range(len(box.text))]
                    layout.deactivate()  # drawing rebuilds it (set_text_with_gaps)
                    box.pango_layout = layout
                    box.width += spacing * len(inside)
                    x_advance += spacing * len(inside)
                return x_advance
            if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
                box.position_x += x_advance
                before = x_advance
                for child in box.children:
                    if child.is_in_normal_flow():
                        x_advance = widen(child, x_advance)
                box.width += x_advance - before
                return x_advance
            if starts.get(id(box)) in wanted:
                x_advance += spacing
            box.translate(x_advance, 0)
            return x_advance

        widen(line, 0)
        return None

    line_break.Layout.set_text = set_text_with_gaps
    inline.justify_line = justify_line
    _installed = True
