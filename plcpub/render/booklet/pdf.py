"""The booklet as PDF: cover, preface, table of contents with page numbers, a chapter per story
(running header with the school, photos with captions), back cover. Two variants: the screen
edition is a tagged PDF (PDF/UA-1) for screen readers; the print-shop edition has 3 mm bleed and
crop marks. Photos are prepared at print resolution for the size they are placed at."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plcpub.forms.pdf import photo_url, render_template, write_pdf, write_pdf_cached
from plcpub.render.booklet.chapters import INLINE_SCHEME, Book
from plcpub.load.photo import PhotoError
from plcpub.model.plan import BOOKLET_MARGIN_MM, PAGE_MM, PHOTO_GAP_MM, photo_width_mm
from plcpub.paths import Paths
from plcpub.render.booklet.press import press_ready
from plcpub.render.photos import prepare, prepare_many, target_pixels
from plcpub.util.stamps import write_if_changed



BLEED_MM = 3
PRESS_VERSION = "press-1"  # in the print edition's cache key: a change to press.py makes it again


@dataclass
class PlacedPhoto:
    uri: str
    caption: str
    width_mm: float  # as many side by side as fit (model.plan.photo_columns)


def place_photos(book: Book, cache: Path) -> tuple[dict[str, list[PlacedPhoto]], dict[str, str]]:
    """Each chapter's photos below its text, and its text with the photos it shows in place, all
    downscaled to ~300 dpi at their placed width, prepared on every core (a photo that cannot be
    read is left out here; `check` has already reported it as photo.invalid)."""
    widths = {ch.id: photo_width_mm(book.size, len(ch.photos) - len(ch.inline)) for ch in book.chapters}
    inline_px = target_pixels(photo_width_mm(book.size, 1))
    jobs = [(ch, i, ph) for ch in book.chapters for i, ph in enumerate(ch.photos)]
    pixels = [inline_px if i in ch.inline else target_pixels(widths[ch.id]) for ch, i, _ in jobs]
    prepared = prepare_many([(ph.src, cache, px, round(px * 0.8)) for (_, _, ph), px in zip(jobs, pixels)])
    placed: dict[str, list[PlacedPhoto]] = {ch.id: [] for ch in book.chapters}
    texts = {ch.id: ch.html for ch in book.chapters}
    for (ch, i, ph), result in zip(jobs, prepared):
        url = "" if isinstance(result, PhotoError) else photo_url(result.path)
        if i in ch.inline:
            texts[ch.id] = texts[ch.id].replace(f'src="{INLINE_SCHEME}{i}"', f'src="{url}"')
        elif url:
            placed[ch.id].append(PlacedPhoto(url, ph.photo.caption, round(widths[ch.id] - 0.5, 1)))
    return placed, texts


def booklet_html(book: Book, templates: list[Path], cache: Path, print_shop: bool) -> str:
    cover = None
    if book.cover:
        try:
            cover = photo_url(prepare(book.cover, cache, target_pixels(PAGE_MM[book.size][0])).path)
        except PhotoError:
            cover = None
    w, h = PAGE_MM[book.size]
    photos, texts = place_photos(book, cache)
    return render_template("booklet.html", templates, book=book, photos=photos, texts=texts, cover=cover,
                           print_shop=print_shop, bleed=BLEED_MM, page_width=w, page_height=h, margin=BOOKLET_MARGIN_MM, photo_gap=PHOTO_GAP_MM,
                           inline_width=photo_width_mm(book.size, 1))


def write_booklet(book: Book, paths: Paths, plan_dir: Path, target: Path, print_shop: bool = False) -> Path:
    html = booklet_html(book, paths.templates("booklet"), paths.photos, print_shop)
    if not print_shop:  # tagged for screen readers
        return write_pdf_cached(html, target, paths.stamps("booklet"), False, [paths.photos, plan_dir],
                                photos=paths.photos, pdf_variant="pdf/ua-1")

    def press() -> Path:  # bleed from the layout, then slug, marks and signatures (press.py)
        write_pdf(html, target, False, [paths.photos, plan_dir], paths.photos)
        press_ready(target, BLEED_MM)
        return target
    return write_if_changed(target, paths.stamps("booklet"), html + PRESS_VERSION, press)
