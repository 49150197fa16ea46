"""The booklet as PDF: cover, preface, table of contents with page numbers, a chapter per story
(running header with the school, photos with captions), back cover. Two variants: the screen
edition is a tagged PDF (PDF/UA-1) for screen readers; the print-shop edition has 3 mm bleed and
crop marks. Photos are prepared at print resolution for the size they are placed at."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from plcpub.forms.pdf import photo_url, render_template, weasy_document, write_pdf, write_pdf_cached
from plcpub.render.booklet.chapters import INLINE_SCHEME, Book
from plcpub.load.photo import PhotoError, inspect
from plcpub.model.plan import (BOOKLET_MARGIN_MM, MAX_PHOTO_HEIGHT_MM, PAGE_MM, PHOTO_GAP_MM,
                               lone_photo_width_mm, photo_widths_mm)
from plcpub.paths import Paths
from plcpub.render.booklet.press import press_ready
from plcpub.render.photos import prepare, prepare_many, target_pixels
from plcpub.util.stamps import write_if_changed



BLEED_MM = 3
BOOKLET_MARGIN_TOP_MM, BOOKLET_MARGIN_BOTTOM_MM = 22, 20  # booklet.html @page margin
STORY_END = "end-"  # the anchor closing each story (booklet.html)
PRESS_VERSION = "press-1"  # in the print edition's cache key: a change to press.py makes it again


@dataclass
class PlacedPhoto:
    uri: str
    caption: str
    width_mm: float  # as many side by side as fit (model.plan.photo_columns)

    @property
    def below_mm(self) -> int:
        """Space under a photo and its caption: large photos (two to a row or one) get more air."""
        return 7 if self.width_mm > 70 else 5


def place_photos(book: Book, cache: Path, shifts: dict[str, int] | None = None
                 ) -> tuple[dict[str, list[PlacedPhoto]], dict[str, str]]:
    """Each chapter's photos below its text, and its text with the photos it shows in place, all
    downscaled to ~300 dpi at their placed width, prepared on every core (a photo that cannot be
    read is left out here; `check` has already reported it as photo.invalid). `shifts` puts one
    photo more or fewer to a row in some chapters (balanced_html)."""
    shifts = shifts or {}
    ratios: dict[tuple[str, int], float] = {}  # upright width/height, from the file's header (cheap)
    for ch in book.chapters:
        for i, ph in enumerate(ch.photos):
            try:
                w, h = inspect(ph.src)
                ratios[ch.id, i] = w / h
            except PhotoError:  # `check` has reported it; the booklet goes without
                pass
    width_of: dict[tuple[str, int], float] = {}
    for ch in book.chapters:
        shown = [i for i in range(len(ch.photos)) if i not in ch.inline and (ch.id, i) in ratios]
        widths = photo_widths_mm(book.size, [ratios[ch.id, i] for i in shown], shifts.get(ch.id, 0))
        width_of.update({(ch.id, i): w for i, w in zip(shown, widths)})
    inline = lone_photo_width_mm(book.size)
    jobs = [(ch, i, ph) for ch in book.chapters for i, ph in enumerate(ch.photos) if (ch.id, i) in ratios]
    prepared = prepare_many([(ph.src, cache, target_pixels(width_of.get((ch.id, i), inline)),
                              target_pixels(MAX_PHOTO_HEIGHT_MM)) for ch, i, ph in jobs])
    placed: dict[str, list[PlacedPhoto]] = {ch.id: [] for ch in book.chapters}
    texts = {ch.id: ch.html for ch in book.chapters}
    for ch in book.chapters:  # an unreadable photo placed in the text: its place left empty
        for i in ch.inline:
            if (ch.id, i) not in ratios:
                texts[ch.id] = texts[ch.id].replace(f'src="{INLINE_SCHEME}{i}"', 'src=""')
    for (ch, i, ph), result in zip(jobs, prepared):
        url = "" if isinstance(result, PhotoError) else photo_url(result.path)
        if i in ch.inline:
            texts[ch.id] = texts[ch.id].replace(f'src="{INLINE_SCHEME}{i}"', f'src="{url}"')
        elif url:
            placed[ch.id].append(PlacedPhoto(url, ph.photo.caption, width_of[ch.id, i]))
    return placed, texts


def booklet_html(book: Book, templates: list[Path], cache: Path, print_shop: bool,
                 shifts: dict[str, int] | None = None) -> str:
    cover = None
    if book.cover:
        try:
            cover = photo_url(prepare(book.cover, cache, target_pixels(PAGE_MM[book.size][0])).path)
        except PhotoError:
            cover = None
    w, h = PAGE_MM[book.size]
    photos, texts = place_photos(book, cache, shifts)
    return render_template("booklet.html", templates, book=book, photos=photos, texts=texts, cover=cover,
                           print_shop=print_shop, bleed=BLEED_MM, page_width=w, page_height=h, margin=BOOKLET_MARGIN_MM, margin_top=BOOKLET_MARGIN_TOP_MM,
                           margin_bottom=BOOKLET_MARGIN_BOTTOM_MM, photo_gap=PHOTO_GAP_MM, story_end=STORY_END,
                           inline_width=lone_photo_width_mm(book.size))


MIN_LAST_PAGE_FILL = 0.55  # a story's last page over half full (it was a fifth: one photo alone); measured
# at the story's end anchor, below the last caption's margin, so a little above the half the ink must reach


def story_ends(html: str, allowed: list[Path], photos: Path) -> dict[str, tuple[int, float]]:
    """Lay the booklet out (WeasyPrint's public Document.pages[].anchors; tests/test_engine.py
    holds its shape) and return, per story,
    how many pages it spans and how far down its last page it ends (0–1 of the page's height)."""
    doc = weasy_document(html, allowed, photos).render()
    starts, ends = {}, {}
    for number, page in enumerate(doc.pages):
        for name, box in page.anchors.items():  # (left, top, …) in CSS px from the page's top left
            if name.startswith(STORY_END):
                ends[name[len(STORY_END):]] = (number, box[1] / page.height)
            else:
                starts.setdefault(name, number)
    return {cid: (number - starts.get(cid, number) + 1, y) for cid, (number, y) in ends.items()}


def balanced_html(book: Book, paths: Paths, plan_dir: Path, print_shop: bool) -> str:
    """The booklet with every story's last page at least half full where its photos can make it
    so, as an editor would: a story that spills onto a page it barely uses first gets one more
    photo to a row (smaller, pulling the spill back); if its last page is still nearly empty, one
    fewer (larger, filling that page). Each layout costs as much as writing the PDF, so the choice
    is kept by the booklet's content (`layout.json` beside the stamps) and both editions reuse it."""
    templates, cache = paths.templates("booklet"), paths.photos
    plain = booklet_html(book, templates, cache, False)
    memo_path = paths.stamps("booklet") / "layout.json"
    try:
        memo = json.loads(memo_path.read_text("utf-8"))
    except (OSError, ValueError):
        memo = {}
    key = hashlib.sha256(plain.encode("utf-8")).hexdigest()
    if key not in memo:
        top = BOOKLET_MARGIN_TOP_MM / PAGE_MM[book.size][1]
        bottom = 1 - BOOKLET_MARGIN_BOTTOM_MM / PAGE_MM[book.size][1]

        def sparse(html: str) -> set[str]:
            return {cid for cid, (pages, y) in story_ends(html, [cache, plan_dir], cache).items()
                    if pages > 1 and (y - top) / (bottom - top) < MIN_LAST_PAGE_FILL}
        shifts: dict[str, int] = {}
        for shift in (1, -1):
            failing = sparse(booklet_html(book, templates, cache, False, shifts) if shifts else plain)
            failing = {cid for cid in failing if shifts.get(cid, 0) != -1}
            if not failing:
                break
            shifts.update({cid: shift for cid in failing})
        memo = {key: shifts}  # the current booklet's only
        memo_path.parent.mkdir(parents=True, exist_ok=True)
        memo_path.write_text(json.dumps(memo, sort_keys=True), "utf-8")
    shifts = memo[key]
    if not shifts and not print_shop:
        return plain
    return booklet_html(book, templates, cache, print_shop, shifts)


def write_booklet(book: Book, paths: Paths, plan_dir: Path, target: Path, print_shop: bool = False) -> Path:
    html = balanced_html(book, paths, plan_dir, print_shop)
    if not print_shop:  # tagged for screen readers
        return write_pdf_cached(html, target, paths.stamps("booklet"), False, [paths.photos, plan_dir],
                                photos=paths.photos, pdf_variant="pdf/ua-1")

    def press() -> Path:  # bleed from the layout, then slug, marks and signatures (press.py)
        write_pdf(html, target, False, [paths.photos, plan_dir], paths.photos)
        press_ready(target, BLEED_MM)
        return target
    return write_if_changed(target, paths.stamps("booklet"), html + PRESS_VERSION, press)
