"""The print-shop edition made ready for the press after WeasyPrint has drawn it.

WeasyPrint lays the pages out with their bleed, but its page is the bleed box itself: its crop
marks sit inside the bleed, where the trimmed-off paper carries the picture, and there is no room
outside it. So here each page gets a slug around the bleed (MediaBox > BleedBox > TrimBox), crop
marks in registration colour drawn in the slug, starting clear of the bleed, and blank pages are
added before the back cover until the count is a multiple of 4, so the back cover is last and the
sheets fold into signatures.

Not done: a PDF/X output intent. It needs the print shop's CMYK profile (e.g. Japan Color 2001
Coated or FOGRA39), which plcpub does not ship; WeasyPrint's pdf/x variants write no intent
without one. Ask the shop which profile to convert to.
"""
from __future__ import annotations

from pathlib import Path

MM = 72 / 25.4
SLUG_MM = 10  # paper beyond the bleed, for the marks
MARK_GAP_MM, MARK_MM = 1, 5  # a mark starts this far outside the bleed and is this long


def crop_marks(width: float, height: float, bleed: float) -> bytes:
    """PDF drawing operators for the eight crop marks of a trim box (0, 0, width, height), in
    registration colour (every plate), outside the bleed."""
    start, end = bleed + MARK_GAP_MM * MM, bleed + (MARK_GAP_MM + MARK_MM) * MM
    ops = ["q", "0.25 w", "1 1 1 1 K", "[] 0 d"]
    for x, dx in ((0, -1), (width, 1)):
        for y, dy in ((0, -1), (height, 1)):
            ops.append(f"{x + dx * start:.3f} {y:.3f} m {x + dx * end:.3f} {y:.3f} l S")  # along the trim's edge y
            ops.append(f"{x:.3f} {y + dy * start:.3f} m {x:.3f} {y + dy * end:.3f} l S")
    ops.append("Q")
    return "\n".join(ops).encode("ascii")


def press_ready(path: Path, bleed_mm: float) -> int:
    """Rewrite the print-shop PDF at `path` in place; returns the blank pages added."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject, RectangleObject

    writer = PdfWriter(clone_from=PdfReader(path))
    trim = writer.pages[0].trimbox
    width, height = float(trim.width), float(trim.height)
    added = (-len(writer.pages)) % 4
    for _ in range(added):
        writer.insert_blank_page(width, height, index=len(writer.pages) - 1)  # before the back cover
    bleed, slug = bleed_mm * MM, (bleed_mm + SLUG_MM) * MM

    def stream(data: bytes):
        s = DecodedStreamObject()
        s.set_data(data)
        return writer._add_object(s)

    save, restore, marks = stream(b"q"), stream(b"Q"), stream(crop_marks(width, height, bleed))
    for page in writer.pages:
        page.trimbox = RectangleObject([0, 0, width, height])
        page.bleedbox = RectangleObject([-bleed, -bleed, width + bleed, height + bleed])
        page.mediabox = page.cropbox = RectangleObject([-slug, -slug, width + slug, height + slug])
        contents = page.get("/Contents")
        if contents is None:  # a blank page added above
            existing = []
        else:
            existing = list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]
        page[NameObject("/Contents")] = ArrayObject([save, *existing, restore, marks])
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        writer.write(f)
    tmp.replace(path)
    return added
