"""Photos as schools take them: phone JPEGs with GPS and orientation, iPhone HEIC, WebP, huge or
broken files. What gets published is upright, small, and carries no metadata."""
from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from plcpub.load.photo import PhotoError, inspect
from plcpub.render.photos import prepare


def phone_jpeg(path, size=(4000, 3000), orientation=6):
    """A landscape-sensor photo with GPS and 'rotate 90°' in its EXIF, like a phone held upright."""
    img = Image.new("RGB", size, (30, 120, 200))
    img.paste((250, 200, 40), (0, 0, size[0] // 4, size[1] // 4))  # a mark in the sensor's top-left corner
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (24.0, 48.0, 15.0), 3: "E", 4: (120.0, 58.0, 5.0)}  # GPS: Hsinchu
    exif[0x010F] = "PhoneMaker"
    img.save(path, "JPEG", exif=exif, quality=90)
    return path


def test_phone_photo_is_upright_small_and_without_gps(tmp_path):
    src = phone_jpeg(tmp_path / "IMG_0001.jpg")
    out = prepare(src, tmp_path / "cache", 1000)
    assert out.path.suffix == ".jpg" and (out.width, out.height) == (1000, 1333)  # rotated: portrait now
    data = out.path.read_bytes()
    assert b"Exif" not in data and b"PhoneMaker" not in data
    with Image.open(out.path) as im:
        assert not im.getexif() and im.getpixel((out.width - 5, 5))[0] > 200  # the mark moved to the top-right
    assert out.path.stat().st_size < src.stat().st_size / 4  # flat test colours compress well; the pixels are what shrink


def test_cache_reuses_prepared_photos(tmp_path):
    src = phone_jpeg(tmp_path / "a.jpg")
    first = prepare(src, tmp_path / "cache", 800)
    stamp = first.path.stat().st_mtime_ns
    src_opened = []
    import plcpub.render.photos as photos
    real, photos.open_photo = photos.open_photo, lambda p: src_opened.append(p) or real(p)
    try:
        again = prepare(src, tmp_path / "cache", 800)
    finally:
        photos.open_photo = real
    assert again.path == first.path and again.path.stat().st_mtime_ns == stamp and src_opened == []  # not decoded again
    other = prepare(src, tmp_path / "cache", 400)  # another placed size is another file
    assert other.path != first.path and other.width == 400


def test_heic_and_webp_are_read(tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif")
    img = Image.new("RGB", (640, 480), (200, 60, 60))
    heif = pillow_heif.from_pillow(img)
    heif.save(tmp_path / "IMG_0002.HEIC", quality=80)
    out = prepare(tmp_path / "IMG_0002.HEIC", tmp_path / "cache", 320)
    assert (out.width, out.height) == (320, 240) and out.path.suffix == ".jpg"
    img.save(tmp_path / "p.webp", "WEBP")
    assert prepare(tmp_path / "p.webp", tmp_path / "cache", 100).width == 100


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "照片"),
    ("文字檔".encode(), "不是可讀取的照片"),
])
def test_bad_files_give_a_clear_message(tmp_path, data, message):
    (tmp_path / "x.png").write_bytes(data)
    with pytest.raises(PhotoError, match=message):
        prepare(tmp_path / "x.png", tmp_path / "cache", 100)


def test_decompression_bomb_is_refused_before_decoding(tmp_path):
    buf = io.BytesIO()
    Image.new("1", (20000, 12000)).save(buf, "PNG")  # 240 megapixels, a few KB on disk
    (tmp_path / "bomb.png").write_bytes(buf.getvalue())
    with pytest.raises(PhotoError, match="過大"):  # from the header: Pillow never allocates 240 MP
        inspect(tmp_path / "bomb.png")


def test_sweep_forgets_photos_no_longer_in_the_project(tmp_path):
    """Prepared copies of a replaced or deleted photo go after a week; those of photos still in
    the project stay however old they are."""
    import os

    from plcpub.render.photos import sweep
    from plcpub.render.site.incremental import input_digest

    def project_files():  # as the build finds them: its input hash collects every file's digest
        live = set()
        input_digest(root, live)
        return live

    root = tmp_path / "proj"
    folder = root / "content" / "x-111" / "c1" / "photos"
    folder.mkdir(parents=True)
    cache = root / ".cache" / "photos"
    keep = prepare(phone_jpeg(folder / "a.jpg", size=(400, 300)), cache, 100).path
    replaced = folder / "b.jpg"
    old = prepare(phone_jpeg(replaced, size=(400, 300), orientation=1), cache, 100).path
    Image.new("RGB", (300, 200), (1, 2, 3)).save(replaced)  # the school swapped the photo
    fresh = prepare(replaced, cache, 100).path
    assert len({keep, old, fresh}) == 3
    assert sweep(cache, project_files()) == 0  # made just now: an undo would still find it
    month = time.time() - 30 * 86400
    for p in (keep, old, fresh):
        os.utime(p, (month, month))
    assert sweep(cache, project_files()) == 1
    assert keep.exists() and fresh.exists() and not old.exists()


def half_copied_jpeg(path, size=(1200, 900)):
    img = Image.effect_noise(size, 60).convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    return path


def test_a_truncated_photo_is_refused_even_after_weasyprint_is_loaded(tmp_path):
    """Importing WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the process: a half-copied JPEG
    then decoded with a grey lower half and was published. Our decoding stays strict, leaves the
    flag as it found it, and never switches Pillow's bomb guard off for everyone."""
    import weasyprint  # noqa: F401  (the process a build runs in)
    from PIL import ImageFile

    from plcpub.load.photo import decodes
    src = half_copied_jpeg(tmp_path / "half.jpg")
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint's side effect, which this test guards against
    inspect(src)  # the cheap check cannot tell
    with pytest.raises(PhotoError, match="不完整"):
        decodes(src)
    with pytest.raises(PhotoError, match="不完整"):
        prepare(src, tmp_path / "cache", 600)
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # restored for WeasyPrint
    assert Image.MAX_IMAGE_PIXELS == 89_478_485  # Pillow's guard, untouched


def test_check_locates_a_broken_story_photo_and_decodes_each_photo_once(tmp_path, monkeypatch):
    from plcpub.cache import project_cache
    from plcpub.validate import validate_project
    from plcpub.load.project import load_project

    from .conftest import project_copy
    root = project_copy(tmp_path / "proj")
    folder = root / "content" / "hsinchu-111" / "183601-math-inquiry"
    half_copied_jpeg(folder / "story" / "half.jpg")
    story = folder / "story.md"
    story.write_text(story.read_text("utf-8").replace("- {file: story/3.png", "- {file: story/half.jpg, caption: 半張, consent: true}\n- {file: story/3.png"), "utf-8")
    line = next(i for i, t in enumerate(story.read_text("utf-8").split("\n"), 1) if "half.jpg" in t)
    report = validate_project(load_project(root, cache=project_cache(root)))
    bad = [d for d in report.errors if d.rule == "photo.invalid"]
    assert [(d.file, d.line) for d in bad] == [("content/hsinchu-111/183601-math-inquiry/story.md", line)]
    assert "不完整" in bad[0].message
    calls = []
    import plcpub.validate.rules.outcome as outcome
    monkeypatch.setattr(outcome, "decodes", lambda p: calls.append(p))
    community = folder / "community.yaml"
    community.write_text(community.read_text("utf-8") + "\n# 改了一行註解\n", "utf-8")  # the rules run again
    report = validate_project(load_project(root, cache=project_cache(root)))
    assert calls == [] and [d.rule for d in report.errors] == ["photo.invalid"]  # answered from the digest cache
