"""A PDF as a person sees it, through poppler: words with their boxes (pdftotext -bbox) and the
rendered page's colours at points (pdftoppm). Tests assert positions and ink, not file sizes."""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class PageView:
    width: float
    height: float
    words: list[Word]

    def find(self, text: str) -> Word:
        """The first word containing `text` (poppler splits CJK runs into words at its own places)."""
        return next(w for w in self.words if text in w.text)

    def line_of(self, word: Word, tolerance: float = 2.0) -> list[Word]:
        return sorted((w for w in self.words if abs(w.cy - word.cy) <= tolerance), key=lambda w: w.x0)


def page_view(pdf: Path, page: int) -> PageView:
    """Page `page` (1-based) in PDF points, origin top left."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out)
    words = [Word(unescape(t), float(a), float(b), float(c), float(d)) for a, b, c, d, t in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]
    return PageView(float(size.group(1)), float(size.group(2)), words)


def render(pdf: Path, page: int, target: Path, dpi: int = 50):
    """The page as pixels (PIL image) and as a PNG at `target` (.png added), for people to look at."""
    from PIL import Image

    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(target)], check=True)
    return Image.open(f"{target}.png").convert("RGB")


def ink(img, box: tuple[float, float, float, float]) -> float:
    """Share of non-white pixels in a box given as fractions of the page (x0, y0, x1, y1)."""
    w, h = img.size
    histogram = img.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h))).convert("L").histogram()
    return sum(histogram[:235]) / max(1, sum(histogram))


def images_on(pdf: Path, page: int) -> int:
    out = subprocess.run(["pdfimages", "-list", "-f", str(page), "-l", str(page), str(pdf)],
                         capture_output=True, text=True, check=True).stdout
    return sum(1 for line in out.splitlines()[2:] if " image " in line)


@dataclass(frozen=True)
class TextLine:
    """One line of text as PDFium (Chrome's and Edge's engine) places it: PDF points, origin top
    left; `left`/`right` are the first and last glyphs' loose boxes, `size` the font size."""
    text: str
    left: float
    right: float
    top: float
    bottom: float
    size: float
    chars: tuple = ()  # (character, left, right) each

    def span(self, word: str) -> float:
        """From the left of `word`'s first character to the right of its last."""
        at = self.text.index(word)
        return self.chars[at + len(word) - 1][2] - self.chars[at][1]


def pdfium_text_lines(pdf: Path, page: int) -> list[TextLine]:
    """Page `page` (1-based) as PDFium's lines, top to bottom (characters grouped by baseline)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(pdf))
    try:
        sheet = doc[page - 1]
        height = sheet.get_height()
        text = sheet.get_textpage()
        rows: dict[int, list] = {}
        key = None
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char in "\r\n":
                continue
            left, bottom, right, top = text.get_charbox(i, loose=True)
            size = raw.FPDFText_GetFontSize(text.raw, i)
            if char != " " or key is None:  # a space PDFium infers has no box of its own: it joins its line
                key = round(bottom * 2)
            rows.setdefault(key, []).append((left, right, height - top, height - bottom, size, char))
        lines = []
        for key in sorted(rows, reverse=True):
            row = sorted(rows[key])
            lines.append(TextLine("".join(c[5] for c in row), row[0][0], max(c[1] for c in row if c[5] != " "),
                                  min(c[2] for c in row), max(c[3] for c in row), max(c[4] for c in row),
                                  tuple((c[5], c[0], c[1]) for c in row)))
        return lines
    finally:
        doc.close()
