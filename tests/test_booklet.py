"""The outcome booklet as editors and readers see it: the table of contents points at the right
pages, bookmarks are the stories, fonts are embedded, lines never start with punctuation, the
print-shop edition has bleed, and only consented stories and photos appear. Slow: builds the site."""
from __future__ import annotations

import re
import subprocess

import pytest
from pypdf import PdfReader

from plcpub.load.project import load_project
from plcpub.render.booklet.chapters import build_book

from .conftest import ROOT
from .pdfview import images_on, ink, page_view, pdfium_text_lines, render

pytestmark = pytest.mark.slow
ARTIFACTS = ROOT / "tests" / "artifacts"
LINE_START_FORBIDDEN = "，。、；：？！」』）》〉"


def pages_text(pdf) -> list[str]:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout.split("\f")


@pytest.fixture(scope="module")
def booklet(built):
    return built / "hsinchu-111" / "booklet" / "hsinchu-111-booklet.pdf"


def test_toc_page_numbers_match_the_chapters(booklet, project):
    book = build_book(project, project.plans["hsinchu-111"])
    assert len(book.chapters) >= 8
    pages = pages_text(booklet)
    toc = next(p for p in pages if "目錄" in p)
    for ch in book.chapters:
        line = next(x for x in toc.splitlines() if ch.title in x)
        number = int(re.search(r"(\d+)\s*$", line).group(1))
        assert ch.title in pages[number - 1].replace(" ", "").replace("\n", "") or ch.title in pages[number - 1], ch.title


def test_bookmarks_are_the_stories_and_fonts_are_embedded(booklet, project):
    book = build_book(project, project.plans["hsinchu-111"])
    outline = PdfReader(str(booklet)).outline
    top = [o.title for o in outline if not isinstance(o, list)]
    assert top == ["序", "目錄"] + [g.name for g in book.groups]  # the front matter, then each district
    stories = [o.title for group in outline if isinstance(group, list) for o in group]
    assert stories == [f"{c.school}｜{c.title}" for g in book.groups for c in g.chapters]
    fonts = subprocess.run(["pdffonts", str(booklet)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in f.split("Identity-H")[-1] or f.split()[-5] == "yes" for f in fonts), fonts
    info = subprocess.run(["pdfinfo", str(booklet)], capture_output=True, text=True).stdout
    assert re.search(r"Tagged:\s+yes", info)


def test_no_line_starts_with_closing_punctuation(booklet):
    for page in pages_text(booklet):
        for line in page.splitlines():
            words = line.split()
            for w in words[:1]:
                assert w[0] not in LINE_START_FORBIDDEN, line


def test_print_shop_edition_has_bleed(built):
    pdf = PdfReader(str(built / "hsinchu-111" / "booklet" / "hsinchu-111-booklet-print.pdf"))
    page = pdf.pages[3]
    media, trim = page.mediabox, page.trimbox
    bleed_pt = 3 / 25.4 * 72
    assert float(media.width) >= float(trim.width) + 2 * bleed_pt - 0.5


def test_cover_toc_and_chapters_look_right(booklet, project):
    """What a reader sees on the cover, the contents and a chapter's first page (rendered by poppler;
    the PNGs stay in tests/artifacts/ for people to look at)."""
    book = build_book(project, project.plans["hsinchu-111"])
    cover = page_view(booklet, 1)
    title = cover.find(book.title[:6])
    assert 0.4 < title.cy / cover.height < 0.7 and title.x0 < cover.width * 0.2  # on the navy band, left-aligned
    img = render(booklet, 1, ARTIFACTS / "booklet-cover")
    assert ink(img, (0, 0, 1, 0.05)) > 0.9 and ink(img, (0, 0.9, 1, 1)) > 0.9  # the cover image and band fill the page
    sky, band = img.getpixel((img.width // 2, 5)), img.getpixel((img.width // 2, img.height - 5))
    assert sky[2] > sky[0] and band[2] > band[0] and sum(band) < sum(sky)  # blue sky above, a darker navy band below

    toc = page_view(booklet, 3)
    heading = toc.find("目錄")
    assert heading.cy < toc.height * 0.15
    numbers = []
    for ch in book.chapters:
        entry = toc.find(ch.title[:5])
        line = toc.line_of(entry)
        number = line[-1]
        assert number.text.isdigit() and number.x0 > toc.width * 0.8, [w.text for w in line]  # the page number, at the right
        numbers.append((entry.cy, int(number.text)))
    assert [n for _, n in sorted(numbers)] == sorted(n for _, n in numbers)  # read downward, pages go up
    render(booklet, 3, ARTIFACTS / "booklet-toc")

    first = book.chapters[0]
    start = numbers[0][1]  # the first story's page, as the contents give it
    chapter = page_view(booklet, start)
    assert chapter.find(first.title[:5]).cy < chapter.height * 0.2  # the story's title at the top of its page
    assert images_on(booklet, start) >= 1
    img = render(booklet, start, ARTIFACTS / "booklet-chapter-1")
    assert ink(img, (0.1, 0.45, 0.9, 0.9)) > 0.2  # its photos, in the lower half


def test_booklet_is_small(booklet):
    assert booklet.stat().st_size < 3 * 1024 * 1024


def test_gallery_has_every_story_with_clean_photos(built, project):
    book = build_book(project, project.plans["hsinchu-111"])
    html = (built / "hsinchu-111" / "booklet" / "index.html").read_text("utf-8")
    for ch in book.chapters:
        assert ch.title in html
    imgs = re.findall(r'<img src="(img/[^"]+)"', html)
    assert imgs and all((built / "hsinchu-111" / "booklet" / i).is_file() for i in imgs)
    assert "hsinchu-111-booklet.pdf" in html and "hsinchu-111-booklet-print.pdf" in html


def test_only_consented_stories_and_photos(tmp_path):
    from .conftest import project_copy
    root = project_copy(tmp_path / "proj")
    story = next((root / "content" / "hsinchu-111").glob("*/story.md"))
    text = story.read_text("utf-8")
    story.write_text(text.replace("consent: true\n", "consent: false\n", 1), "utf-8")  # the story's own consent
    other = sorted((root / "content" / "hsinchu-111").glob("*/story.md"))[1]
    other.write_text(other.read_text("utf-8").replace("consent: true}", "consent: false}", 1), "utf-8")  # one photo
    project = load_project(root)
    book = build_book(project, project.plans["hsinchu-111"])
    ids = {c.id for c in book.chapters}
    assert story.parent.name not in ids
    chapter = next(c for c in book.chapters if c.id == other.parent.name)
    assert all(p.photo.consent for p in chapter.photos)


def test_a_big_booklet_is_bound_in_volumes(tmp_path):
    """Over `volume_stories` stories the booklet is split evenly into volumes, each its own PDF with
    its own contents and bookmarks; the preface opens volume 1 only."""
    from plcpub.render.booklet import write_booklet_pages

    from .conftest import project_copy
    root = project_copy(tmp_path / "proj")
    plan = root / "plans" / "hsinchu-111" / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("  group_by: district\n", "  group_by: district\n  volume_stories: 3\n", 1), "utf-8")
    project = load_project(root)
    pb = project.plans["hsinchu-111"]
    assert pb.plan.booklet.volume_stories == 3
    chapters = build_book(project, pb).chapters
    pages = write_booklet_pages(project, pb, tmp_path / "docs")
    count = -(-len(chapters) // 3)
    assert [v.label for v in pages.volumes] == [f"第{k}冊（共{count}冊）" for k in range(1, count + 1)]
    assert [v.page for v in pages.volumes] == [f"hsinchu-111/booklet/{k}.md" for k in range(1, count + 1)]
    seen = []
    for k, files in enumerate((v.files for v in pages.volumes), 1):
        assert [f for _, f in files] == [f"hsinchu-111-booklet-{k}.pdf", f"hsinchu-111-booklet-print-{k}.pdf"]
        pdf = tmp_path / "docs" / "hsinchu-111" / "booklet" / files[0][1]
        outline = PdfReader(str(pdf)).outline
        titles = [o.title for group in outline if isinstance(group, list) for o in group]
        assert 2 <= len(titles) <= 3
        seen += titles
        text = "".join(pages_text(pdf))
        assert f"第{k}冊（共{count}冊）" in text
        assert ("序" in text.split("目錄")[0]) == (k == 1)
    assert seen == [f"{c.school}｜{c.title}" for c in chapters]


def test_a_big_booklet_has_a_gallery_page_per_volume(tmp_path):
    """The web gallery of a booklet in volumes: the booklet page lists the volumes (contents,
    downloads, a link to each); each volume's page has its stories, photos that load, links to
    its neighbours, and a place in the navigation."""
    from plcpub.cli import main

    from .conftest import project_copy
    root = project_copy(tmp_path / "proj")
    plan = root / "plans" / "hsinchu-111" / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("  group_by: district\n", "  group_by: district\n  volume_stories: 3\n", 1), "utf-8")
    assert main(["--root", str(root)]) == 0
    project = load_project(root)
    chapters = build_book(project, project.plans["hsinchu-111"]).chapters
    count = -(-len(chapters) // 3)
    folder = root / "site" / "hsinchu-111" / "booklet"
    index = (folder / "index.html").read_text("utf-8")
    assert index.count('class="abstract plc-volume"') == count
    seen = []
    for k in range(1, count + 1):
        assert f'href="{k}/"' in index and f"hsinchu-111-booklet-{k}.pdf" in index
        html = (folder / str(k) / "index.html").read_text("utf-8")
        assert f"第{k}冊（共{count}冊）" in html
        seen += [c.title for c in chapters if f'id="{c.id}"' in html]
        assert f'href="../hsinchu-111-booklet-print-{k}.pdf"' in html
        assert ('href="../2/"' in html) == (k == 1 or (k == 3 and count >= 3))
        imgs = re.findall(r'<img src="\.\./(img/[^"]+)"', html)
        assert all((folder / i).is_file() for i in imgs)
        nav = re.sub(r"\s+", "", html.split('class="md-content"')[0])
        assert f'href="../{k % count + 1}/"' in nav and f"第{k}冊<" in nav  # the volumes are in the navigation
    assert seen == [c.title for c in chapters]
    assert all(c.title in index for c in chapters) and 'class="plc-story"' not in index  # contents, not stories


def test_an_unchanged_book_is_not_rendered_again(tmp_path, monkeypatch):
    """Most edits do not touch the booklet: the last run's files are reused without rendering or
    opening a photo; a photo replaced under the same name makes it render again."""
    import plcpub.render.booklet as booklet_module
    from plcpub.cache import ObjectCache
    from plcpub.render.booklet import write_booklet_pages

    from .conftest import project_copy
    root = project_copy(tmp_path / "proj")
    project = load_project(root, cache=ObjectCache(tmp_path / "objects"))
    pb = project.plans["hsinchu-111"]
    first = write_booklet_pages(project, pb, tmp_path / "docs")
    calls = []
    real = booklet_module.write_booklet
    monkeypatch.setattr(booklet_module, "write_booklet", lambda *a, **k: calls.append(a) or real(*a, **k))
    again = write_booklet_pages(project, pb, tmp_path / "docs")
    assert calls == [] and again.volumes == first.volumes
    photo = build_book(project, pb).chapters[0].photos[0].src
    photo.write_bytes(photo.read_bytes() + b"\0")  # same name, new bytes
    write_booklet_pages(project, pb, tmp_path / "docs")
    assert calls


def structure_headings(pdf) -> list[int]:
    """The heading levels (H1–H6) of a tagged PDF's structure tree, in reading order."""
    reader = PdfReader(str(pdf))
    out = []

    def walk(node):
        node = node.get_object()
        kind = node.get("/S")
        if kind and str(kind)[1:] in ("H1", "H2", "H3", "H4", "H5", "H6"):
            out.append(int(str(kind)[2]))
        kids = node.get("/K")
        if kids is None:
            return
        for kid in (kids if isinstance(kids, list) else [kids]):
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict):
                walk(kid)
    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return out


def test_the_screen_editions_headings_never_skip_a_level(booklet):
    """PDF/UA: a story's headings sit right under its chapter's H1 (they jumped from H1 to H4)."""
    levels = structure_headings(booklet)
    assert levels.count(1) >= 10 and 2 in levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


def test_the_print_edition_is_press_ready(built, tmp_path):
    """Boxes nest (media > bleed by the slug > trim by 3 mm), the cover picture runs into the bleed,
    crop marks stand outside the bleed, the page count is a multiple of 4 with the back cover last."""
    from PIL import Image

    pdf = built / "hsinchu-111" / "booklet" / "hsinchu-111-booklet-print.pdf"
    reader = PdfReader(str(pdf))
    mm = 72 / 25.4
    assert len(reader.pages) % 4 == 0
    for page in reader.pages:
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        assert (round(float(trim.width) / mm), round(float(trim.height) / mm)) == (210, 297)
        assert abs(float(trim.left) - float(bleed.left) - 3 * mm) < 0.01 and abs(float(bleed.top) - float(trim.top) - 3 * mm) < 0.01
        assert float(bleed.left) - float(media.left) >= 9 * mm and float(media.top) - float(bleed.top) >= 9 * mm
    assert "新竹市政府" in reader.pages[-1].extract_text()  # the back cover, last
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-singlefile", "-png", str(pdf), str(tmp_path / "cover")],
                   check=True)
    img = Image.open(tmp_path / "cover.png").convert("L")  # 1 px = 1 pt, origin at the media box's top left
    slug = float(reader.pages[0].bleedbox.left) - float(reader.pages[0].mediabox.left)
    edge, trim_at = round(slug), round(slug + 3 * mm)  # where the bleed and the trim begin, from the top left
    assert img.getpixel((edge + 2, edge + 2)) < 230  # the cover picture in the bleed, beyond the trim
    mark = [img.getpixel((x, trim_at)) for x in range(round(slug - 6 * mm) + 1, round(slug - 1 * mm))]
    assert min(mark) < 128  # a crop mark on the trim line, in the slug
    gap = [img.getpixel((x, trim_at)) for x in range(round(slug - 1 * mm) + 1, edge)]
    assert min(gap) > 200  # and clear of the bleed
    assert img.getpixel((edge - 1, edge - 1)) > 240 and img.getpixel((2, 2)) > 240  # nothing else in the slug


def test_press_ready_pads_to_signatures_before_the_back_cover(tmp_path):
    from weasyprint import HTML

    from plcpub.render.booklet.press import press_ready

    pages = "".join(f'<section style="break-before: page">第{k}頁</section>' for k in range(1, 6))
    pdf = tmp_path / "five.pdf"
    HTML(string=f"<style>@page {{ size: A5; bleed: 3mm }}</style>{pages}").write_pdf(str(pdf))
    assert press_ready(pdf, 3) == 3
    texts = [p.extract_text().strip() for p in PdfReader(str(pdf)).pages]
    assert len(texts) == 8 and texts[:4] == ["第1頁", "第2頁", "第3頁", "第4頁"] and texts[4:7] == ["", "", ""]
    assert texts[7] == "第5頁"  # the back cover stays last


def filled(pdf, page: int, tmp_path) -> float:
    """How far down the page's content area ink reaches (0–1), as pdftoppm draws it."""
    from PIL import Image

    out = tmp_path / f"fill-{page}"
    subprocess.run(["pdftoppm", "-r", "30", "-f", str(page), "-l", str(page), "-singlefile", "-png", str(pdf), str(out)],
                   check=True)
    img = Image.open(f"{out}.png").convert("L")
    w, h = img.size
    top, bottom = round(h * 22 / 297), round(h * 277 / 297)  # the page's margins (booklet.html @page)
    rows = [y for y in range(top, bottom) if min(img.getpixel((x, y)) for x in range(round(w * .08), round(w * .92), 2)) < 200]
    return (max(rows) - top) / (bottom - top) if rows else 0.0


def test_no_story_page_is_less_than_half_full(booklet, tmp_path):
    """Three photos sit in one row, not two and a lonely third on a new page (47 stories made 99
    pages, 47 of them 80 % blank): every page of every story, its last included, is half full."""
    texts = pages_text(booklet)
    first = next(i for i, t in enumerate(texts) if "目錄" in t) + 1
    story_pages = range(first + 1, len(texts))  # 1-based page numbers after the contents, before the back cover
    assert len(story_pages) >= 8
    fills = {p: filled(booklet, p, tmp_path) for p in story_pages}
    assert all(f >= 0.5 for f in fills.values()), fills


def test_long_stories_fill_one_page_or_two_never_one_and_a_fifth(tmp_path):
    """Stories from half a page to two pages of text, three photos each: a spill onto a page it
    barely uses is pulled back (smaller photos) or filled (larger ones); every story page, its
    last included, is at least half full, measured from the PDF."""
    from plcpub.render.booklet import write_booklet_pages

    from .conftest import project_copy

    root = project_copy(tmp_path / "proj")
    para = ("我們在共同備課時，先一起讀課本，再討論學生可能卡住的地方，最後把提問設計寫成學習單，"
            "讓每位老師都能在自己的班上試試看，並在議課時分享學生的反應與作品。")
    stories = sorted((root / "content" / "hsinchu-111").glob("*/story.md"))
    for k, story in enumerate(stories):
        head, _ = story.read_text("utf-8").split("\n---\n", 1)
        story.write_text(head + "\n---\n\n" + "\n\n".join([para] * (6 + 2 * k)) + "\n", "utf-8")
    project = load_project(root)
    write_booklet_pages(project, project.plans["hsinchu-111"], tmp_path / "docs")
    pdf = tmp_path / "docs" / "hsinchu-111" / "booklet" / "hsinchu-111-booklet.pdf"
    texts = pages_text(pdf)
    first = next(i for i, t in enumerate(texts) if "目錄" in t) + 1
    pages = len(PdfReader(str(pdf)).pages)
    assert pages - first - 1 > len(stories)  # some stories do take two pages
    fills = {p: filled(pdf, p, tmp_path) for p in range(first + 1, pages)}
    assert not [(p, round(f, 2)) for p, f in fills.items() if f < 0.5]
    assert justified_lines(pdf, range(first + 1, pages)) >= 40


def justified_lines(pdf, pages) -> int:
    """Every line of story text that a paragraph continues after (the next body line follows at
    the line height, not after a paragraph's margin) ends at the column's right edge, as PDFium
    places it: Chinese is justified between characters (forms/cjk_justify.py), not ragged.
    Returns how many such lines there were."""
    from plcpub.model.plan import BOOKLET_MARGIN_MM, PAGE_MM

    left = BOOKLET_MARGIN_MM / 25.4 * 72
    right = (PAGE_MM["A4"][0] - BOOKLET_MARGIN_MM) / 25.4 * 72
    checked, ragged = 0, []
    for page in pages:
        lines = [line for line in pdfium_text_lines(pdf, page) if abs(line.left - left) < 1]
        body = max({line.size for line in lines}, key=lambda size: sum(line.size == size for line in lines))
        lines = [line for line in lines if line.size == body]
        for line, below in zip(lines, lines[1:]):
            if below.top - line.top < 1.5 * (line.bottom - line.top):  # the paragraph goes on
                checked += 1
                if abs(line.right - right) > 0.8:
                    ragged.append((page, round(line.right, 1), line.text))
    assert not ragged, ragged
    return checked


def test_story_text_is_justified_to_the_right_edge(booklet):
    texts = pages_text(booklet)
    first = next(i for i, t in enumerate(texts) if "目錄" in t) + 1
    assert justified_lines(booklet, range(first + 1, len(texts))) >= 2  # the example stories are short


def test_portrait_and_landscape_photos_share_a_rows_height_and_fill_it(tmp_path):
    """A story with a portrait photo between two landscape ones: one row, the three photos equally
    tall and together as wide as the text column, as PDFium places them."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from PIL import Image

    from plcpub.render.booklet import write_booklet_pages

    from .conftest import project_copy

    root = project_copy(tmp_path / "proj")
    story = root / "content" / "hsinchu-111" / "183503-science-practice" / "story" / "2.png"
    Image.new("RGB", (900, 1200), (90, 120, 160)).save(story)  # now portrait
    project = load_project(root)
    write_booklet_pages(project, project.plans["hsinchu-111"], tmp_path / "docs")
    pdf = pdfium.PdfDocument(str(tmp_path / "docs" / "hsinchu-111" / "booklet" / "hsinchu-111-booklet.pdf"))
    mm = 72 / 25.4
    for page in pdf:
        text = page.get_textpage().get_text_range()
        if "讓學生先問問題" not in text or "目錄" in text:
            continue
        boxes = sorted(obj.get_bounds() for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8))
        assert len(boxes) == 3
        heights = [top - bottom for _, bottom, _, top in boxes]
        widths = [right - left for left, _, right, _ in boxes]
        assert max(heights) - min(heights) < 1 and widths[1] < widths[0] * 0.6  # same height; the portrait narrower
        assert len({round(bottom) for _, bottom, _, _ in boxes}) == 1  # one row
        assert abs(boxes[-1][2] - boxes[0][0] - (210 - 36) * mm) < 2 * mm  # together as wide as the column
        break
    else:
        raise AssertionError("story not found")
