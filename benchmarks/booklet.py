"""Booklet benchmark: 47 stories × 3 phone photos of 12 megapixels (goal: ≤ 30 s, ≤ 15 MB).

Baseline, same run: the same booklet with the raw photos handed to WeasyPrint (what a template
with <img src="IMG_0001.jpg"> does). Then a rebuild with nothing changed, which must reuse the
photo cache and the PDF. Each variant runs in its own process so its peak memory is its own.
Last, the cost of justifying Chinese between characters (forms/cjk_justify.py): the PDF made
again from prepared photos, with it ("justified") and with WeasyPrint's own ("ragged").
"""
from __future__ import annotations

import json
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.synth import ROOT, community_yaml

STORY = """---
title: 合成故事{i:02d}：一起看見學生
consent: true
presented: 112年6月8日
presented_place: 會議室
photos:
{photos}
---

我們是一群想把課教得更好的老師。{body}

## 開始的契機

{body}

## 過程中的酸甜苦辣

{body}{body}

## 我們帶走的

{body}
"""
BODY = "共備時，我們把學生的作品攤在桌上，一張一張讀；觀課時，我們看的是學生怎麼想，而不是老師怎麼教。"


def make_photos(folder: Path, count: int, seed: int) -> list[Path]:
    """Distinct 12 MP JPEGs (~3 MB each, like a phone's): noise for texture, a coloured block to differ."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    base = Image.merge("RGB", [Image.effect_noise((4000, 3000), 60 + 20 * k).point(lambda v, k=k: v // 2 + 40 * k)
                               for k in range(3)])
    out = []
    for i in range(count):
        img = base.copy()
        x, y = rnd.randrange(0, 3000), rnd.randrange(0, 2000)
        ImageDraw.Draw(img).rectangle([x, y, x + 900, y + 700], fill=(rnd.randrange(256), rnd.randrange(256), 90))
        path = folder / f"IMG_{i:04d}.jpg"
        img.save(path, "JPEG", quality=88)
        out.append(path)
    return out


def make_booklet_project(target: Path, stories: int = 47, photos: int = 3) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "plans", target / "plans")
    pool = target / "pool"
    pool.mkdir()
    images = make_photos(pool, stories * photos, 47)
    rnd = random.Random(47)
    for i in range(stories):
        folder = target / "content" / "hsinchu-111" / f"story-{i:02d}"
        (folder / "story").mkdir(parents=True)
        text = community_yaml(i, rnd).replace("status: 審查通過", "status: 已繳成果報告")
        (folder / "community.yaml").write_text(text, "utf-8")
        refs = []
        for k in range(photos):
            src = images[i * photos + k]
            shutil.move(str(src), folder / "story" / f"{k + 1}.jpg")
            refs.append(f"- {{file: story/{k + 1}.jpg, caption: 第 {k + 1} 張活動照片, consent: true}}")
        (folder / "story.md").write_text(STORY.format(i=i, photos="\n".join(refs), body=BODY), "utf-8")
    return target


def child(root: Path, mode: str) -> None:
    """One measured run (in its own process): prints seconds, bytes and peak memory as JSON."""
    from plcpub.load.project import load_project
    from plcpub.render.booklet import pdf as booklet_pdf
    from plcpub.render.booklet.chapters import build_book
    from plcpub.model.plan import photo_widths_mm
    from plcpub.render.booklet.pdf import PlacedPhoto

    t = time.perf_counter()
    project = load_project(root)
    pb = project.plans["hsinchu-111"]
    book = build_book(project, pb)
    target = root / "out" / f"booklet-{mode}.pdf"
    if mode == "raw":  # the naive booklet: every photo embedded as it came from the phone
        booklet_pdf.place_photos = lambda book, cache, shifts=None: (
            {ch.id: [PlacedPhoto(p.src.as_uri(), p.photo.caption, w)  # the synthetic photos are 4:3
                     for p, w in zip(ch.photos, photo_widths_mm(book.size, [4 / 3] * len(ch.photos)))]
             for ch in book.chapters},
            {ch.id: ch.html for ch in book.chapters})
        allowed = [root / "content"]
        html = booklet_pdf.booklet_html(book, project.paths.templates("booklet"), project.paths.photos, False)
        from plcpub.forms.pdf import write_pdf
        write_pdf(html, target, False, allowed + [pb.dir], root / ".cache" / "photos", pdf_variant="pdf/ua-1")
    else:
        if mode == "ragged":  # WeasyPrint's own justification: spaces only, Chinese lines ragged
            from plcpub.forms import cjk_justify
            cjk_justify.install = lambda: None
        booklet_pdf.write_booklet(book, project.paths, pb.dir, target)
    from pypdf import PdfReader
    print(json.dumps({"seconds": time.perf_counter() - t, "bytes": target.stat().st_size, "stories": len(book.chapters),
                      "pages": len(PdfReader(str(target)).pages),
                      "peak_mb": max(resource.getrusage(who).ru_maxrss for who in
                                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024}))


def _run(root: Path, mode: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.booklet", "child", str(root), mode], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_booklet(workdir: Path, stories: int = 47, photos: int = 3) -> None:
    t = time.perf_counter()
    root = make_booklet_project(workdir / "booklet-bench", stories, photos)
    print(f"made {stories} stories × {photos} photos of 12 MP in {time.perf_counter() - t:.0f} s (not timed below)")
    cold, warm, raw = _run(root, "ours"), _run(root, "ours"), _run(root, "raw")
    mb = 1024 * 1024
    print(f"booklet, {cold['stories']} stories: {cold['pages']} pages, {cold['seconds']:.1f} s, {cold['bytes'] / mb:.1f} MB, "
          f"peak {cold['peak_mb']:.0f} MB (largest process); rebuild unchanged: {warm['seconds']:.1f} s")
    print(f"baseline, raw photos: {raw['seconds']:.1f} s, {raw['bytes'] / mb:.1f} MB, peak {raw['peak_mb']:.0f} MB; "
          f"ratios time {cold['seconds'] / raw['seconds']:.2f}x, size {cold['bytes'] / raw['bytes']:.2f}x")
    justified, ragged = _run(root, "justified"), _run(root, "ragged")
    print(f"the PDF again from prepared photos: justified between characters {justified['seconds']:.1f} s, "
          f"WeasyPrint's own (ragged) {ragged['seconds']:.1f} s; ratio {justified['seconds'] / ragged['seconds']:.2f}x")
    ok = cold["seconds"] <= 30 and cold["bytes"] <= 15 * mb
    print(f"goal: <= 30 s and <= 15 MB -> {'met' if ok else 'NOT met'}")


if __name__ == "__main__" and sys.argv[1:2] == ["child"]:
    child(Path(sys.argv[2]), sys.argv[3])
