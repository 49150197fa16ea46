"""Reading a photo file safely, before anything is published: a known format (JPEG, PNG, WebP,
iPhone HEIC), not a decompression bomb, intact to the last byte. `check` asks `inspect` of every
photo and `decodes` of every photo it will publish; render/photos.py prepares them for print and
the web with the same strict opening."""
from __future__ import annotations

import warnings
from contextlib import contextmanager
from pathlib import Path

MAX_PIXELS = 80_000_000  # beyond this a file is a decompression bomb, not a photo (phones: 12–50 MP)


class PhotoError(ValueError):
    """A photo that cannot be published; the message is for the school (zh-TW)."""


_heif = {"tried": False}


def _register_heif() -> bool:
    """Teach Pillow HEIC (iPhone photos) on first need: loading libheif costs ~0.3 s per run.
    True when this call newly registered it (so opening again may now succeed)."""
    if _heif["tried"]:
        return False
    _heif["tried"] = True
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # HEIC then reads as "not an image", with the message in open_photo
        return False
    register_heif_opener()
    return True


@contextmanager
def strict_decoding():
    """Decode every byte or fail. Importing WeasyPrint sets Pillow's ImageFile.LOAD_TRUNCATED_IMAGES
    for the whole process (see forms/pdf.py), after which a half-copied JPEG decodes with a grey
    lower half instead of raising; our own decoding switches it off while it runs."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def open_photo(src: Path):
    """Open without decoding pixels. Pillow's own decompression-bomb guard stays on for the whole
    process (WeasyPrint included); ours is stricter and speaks to the school."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # answered below, in words
            try:
                img = Image.open(src)
            except UnidentifiedImageError:
                if not _register_heif():
                    raise
                img = Image.open(src)
    except Image.DecompressionBombError:
        raise PhotoError(f"照片過大（超過 {2 * (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000} 百萬像素），可能是惡意檔案；"
                         f"請縮小到 {MAX_PIXELS // 1_000_000} 百萬像素以下。") from None
    except UnidentifiedImageError:
        raise PhotoError("不是可讀取的照片（請用 JPEG、PNG、WebP 或 HEIC）。") from None
    except OSError:
        raise PhotoError("照片無法讀取，檔案可能不完整。") from None
    w, h = img.size
    if w * h > MAX_PIXELS:
        raise PhotoError(f"照片 {w}×{h}（{w * h / 1e6:.0f} 百萬像素）過大，可能是惡意檔案；請縮小到 {MAX_PIXELS // 1_000_000} 百萬像素以下。")
    return img


BROKEN = "照片檔案損壞或不完整（例如只複製了一半），無法解碼；請重新匯出或重新複製照片。"


def inspect(src: Path) -> tuple[int, int]:
    """(width, height) as the photo stands upright (a phone's EXIF rotation applied), after the
    cheap checks `check` can afford for every photo: a known format, not a bomb, structure intact
    (PNG checksums). `decodes` goes further for published photos."""
    img = open_photo(src)
    w, h, kind = img.width, img.height, img.format
    try:
        img.verify()
    except Exception:  # Pillow raises many kinds for broken structure
        raise PhotoError("照片檔案損壞（內容與檢查碼不符），請重新匯出照片。") from None
    if kind in ("JPEG", "MPO", "HEIF", "WEBP", "TIFF"):  # formats a camera writes its rotation into
        try:
            turned = open_photo(src).getexif().get(0x0112, 1) in (5, 6, 7, 8)  # Orientation: a quarter turn
        except Exception:  # unreadable EXIF: the photo as stored
            turned = False
        if turned:
            return h, w
    return w, h


def decodes(src: Path) -> None:
    """Decode every byte of a photo that will be published, as the build will (a truncated JPEG
    passes `inspect`). JPEGs decode at 1/8 scale: all data is read, a fraction of the work."""
    with strict_decoding():
        img = open_photo(src)
        try:
            if img.format == "JPEG":
                img.draft("RGB", (max(1, img.width // 8), max(1, img.height // 8)))
            img.load()
        except (OSError, SyntaxError, ValueError, EOFError):
            raise PhotoError(BROKEN) from None
