"""Photos for print and web: any phone format in (JPEG, PNG, WebP, iPhone HEIC), turned upright by
its EXIF orientation, downscaled to the size it is placed at (~300 dpi in print, screen width on
the web) and written without any metadata (no EXIF, above all no GPS). Results are cached by
content hash, so a rebuild with unchanged photos decodes nothing.

A 12-megapixel phone photo is ~4 MB; placed 80 mm wide in a booklet it needs ~950 px. Embedding
raw photos is what makes a 47-story booklet 129 MB.
"""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from plcpub.cache import file_digest
from plcpub.load.photo import BROKEN, PhotoError, open_photo, strict_decoding
from plcpub.render.images import UnsupportedImage, publish_image

PRINT_DPI = 300
WEB_WIDTH = 1200  # px: sharp in the site's content column on a high-density screen
RECIPE = "v2"  # part of the cache key: change it when the processing changes
JPEG_QUALITY = 82


@dataclass(frozen=True)
class Prepared:
    path: Path
    width: int
    height: int


def target_pixels(width_mm: float, dpi: int = PRINT_DPI) -> int:
    return round(width_mm / 25.4 * dpi)


def prepare(src: Path, cache: Path, max_width: int, max_height: int | None = None) -> Prepared:
    """`src` upright, at most max_width × max_height pixels, metadata-free, from the cache when
    unchanged: PNG stays PNG (drawings, screenshots), everything else becomes JPEG."""
    from PIL import Image, ImageOps

    key = _key(src, max_width, max_height)
    hit = _lookup(cache, key, src)
    if hit is not None:
        return hit
    with strict_decoding():
        img = open_photo(src)
        try:
            if img.format == "JPEG":  # decode at 1/2, 1/4 or 1/8 scale straight from the DCT: 4–16× less work
                img.draft("RGB", (max_width, max_height or max_width))  # never below the target: no upscaling later
            img = ImageOps.exif_transpose(img)
            img.load()
        except (OSError, SyntaxError, ValueError, EOFError):  # truncated or corrupt data shows up on decoding
            raise PhotoError(BROKEN) from None
    img.thumbnail((max_width, max_height or max_width * 4), Image.LANCZOS)
    img.info = {}  # no EXIF, XMP, comments or text chunks travel to the output
    png = output_suffix(src) == ".png"
    cache.mkdir(parents=True, exist_ok=True)
    out = cache / f"{key}{'.png' if png else '.jpg'}"
    tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    if png:
        img.save(tmp, "PNG", optimize=True)
    else:
        img.convert("RGB").save(tmp, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)  # no exif=: none written
    tmp.replace(out)
    return Prepared(out, img.width, img.height)


SOURCE_CHARS = 24


def _key(src: Path, max_width: int, max_height: int | None) -> str:
    """The original's digest, then how it was prepared: `sweep` tells leftovers by the first part."""
    recipe = hashlib.sha256(f"{RECIPE}:{max_width}:{max_height}".encode()).hexdigest()[:8]
    return f"{file_digest(src).hex()[:SOURCE_CHARS]}-{recipe}"


def cached(src: Path, cache: Path, max_width: int, max_height: int | None = None) -> Prepared | None:
    """The prepared photo from an earlier run, if there is one (its size read from the header only)."""
    return _lookup(cache, _key(src, max_width, max_height), src)


def _lookup(cache: Path, key: str, src: Path) -> Prepared | None:
    hit = cache / f"{key}{output_suffix(src)}"
    if not hit.exists():
        return None
    w, h = _size_of(hit)
    return Prepared(hit, w, h)


KEEP_UNUSED_DAYS = 7  # a photo replaced and put back within a week is still a cache hit


def sweep(cache: Path, live: set[bytes]) -> int:
    """Remove prepared photos whose original is no longer anywhere in the project (replaced or
    deleted) and that were made over a week ago. Cache names start with the original's digest;
    `live` holds the digests of the project's files, as the build's input hash found them."""
    cutoff = time.time() - KEEP_UNUSED_DAYS * 86400
    keep = {d.hex()[:SOURCE_CHARS] for d in live}
    removed = 0
    try:
        entries = list(os.scandir(cache))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.name[:SOURCE_CHARS] not in keep and entry.is_file() and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


def publish_web(src: Path, dest: Path, cache: Path) -> bool:
    """`src` at web size, upright, metadata-free, at `dest`; False (and no file) when it cannot be
    read: `check` has reported it as photo.invalid, the page goes without."""
    try:
        publish_image(prepare(src, cache, WEB_WIDTH).path, dest)  # strip_metadata is the last guard
        return True
    except (UnsupportedImage, PhotoError):
        dest.unlink(missing_ok=True)
        return False


def output_suffix(src: Path) -> str:
    """What a prepared photo is written as, known before it is prepared (pages name files early)."""
    return ".png" if src.suffix.lower() == ".png" else ".jpg"


def _size_of(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as im:
        return im.size


def _prepare_job(job: tuple[Path, Path, int, int | None]):
    try:
        return prepare(*job)
    except PhotoError as e:
        return e


def prepare_many(jobs: list[tuple[Path, Path, int, int | None]]) -> list[Prepared | PhotoError]:
    """prepare() for many photos on every core (a booklet has ~150); results in the jobs' order,
    a PhotoError in place of a photo that cannot be used."""
    from concurrent.futures import ProcessPoolExecutor

    from plcpub.process import pool_context

    results: list = [cached(*job) for job in jobs]  # a rebuild finds them all here, no pool started
    todo = [i for i, r in enumerate(results) if r is None]
    workers = min(os.cpu_count() or 1, len(todo))
    if workers < 2 or len(todo) < 8:
        done = [_prepare_job(jobs[i]) for i in todo]
    else:
        with ProcessPoolExecutor(workers, mp_context=pool_context()) as pool:
            done = list(pool.map(_prepare_job, [jobs[i] for i in todo], chunksize=4))
    for i, r in zip(todo, done):
        results[i] = r
    return results
