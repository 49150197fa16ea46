"""One test per MkDocs, Material or WeasyPrint internal that plcpub touches (render/site/engine.py
and forms/cjk_justify.py list them), so a release that changes one fails here, by name, before it
breaks a site or a PDF."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
import yaml

from plcpub.paths import PACKAGE_TEMPLATES
from plcpub.render.site import engine


def mini_site(src: Path) -> Path:
    """Two pages with the production theme, overrides and hooks."""
    (src / "docs").mkdir(parents=True)
    (src / "docs" / "index.md").write_text("# 首頁\n\n教師專業學習社群。\n", "utf-8")
    (src / "docs" / "other.md").write_text("# 另一頁\n\n公開授課。\n", "utf-8")
    overrides = PACKAGE_TEMPLATES / "site" / "overrides"
    config = {"site_name": "測試", "docs_dir": "docs", "use_directory_urls": True,
              "theme": {"name": "material", "language": "custom", "custom_dir": str(overrides), "font": False},
              "plugins": [], "hooks": [str(engine.HOOKS)], "nav": [{"首頁": "index.md"}, {"另一頁": "other.md"}]}
    (src / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return src


@pytest.fixture
def built(tmp_path):
    src = mini_site(tmp_path / "src")
    site = tmp_path / "site"
    engine.build(src, site)
    return src, site


def test_the_mkdocs_api_builds_strict_and_dirty_renders_only_missing_pages(built):
    """publish.py relies on it: a dirty build renders the pages whose HTML is missing (stale_pages
    removes them) and leaves the others alone."""
    src, site = built
    kept, gone = site / "index.html", site / "other" / "index.html"
    assert kept.is_file() and gone.is_file()
    later = time.time() + 3600  # newer than its source: up to date in MkDocs' eyes
    os.utime(kept, (later, later))
    gone.unlink()
    engine.build(src, site, dirty=True)  # strict: MkDocs' dirty-build warning would abort it but for our filter
    assert gone.is_file() and kept.stat().st_mtime == pytest.approx(later)


def test_the_dirty_build_warning_is_the_one_we_quiet():
    import inspect

    from mkdocs.commands import build
    assert "'dirty' build" in inspect.getsource(build)  # the text engine._QuietDirty filters on


def test_our_header_is_materials_with_the_search_box_shown_without_its_plugin(built):
    """The header override is Material's own but for the search block (so a Material release that
    changes its header fails here), and the built page has the box without Material's hooks, so
    Material's search never mounts and assets/search.js answers it."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text("utf-8")
    ours = (PACKAGE_TEMPLATES / "site" / "overrides" / "partials" / "header.html").read_text("utf-8")
    block = re.compile(r'\n *\{% if "material/search" in config.plugins %\}.*?\{% endif %\}\n *\{% endif %\}\n', re.S)
    mine = re.compile(r"\n *\{#- plcpub: the search box.*?\{% include \"partials/search.html\" %\}\n", re.S)
    assert block.search(theirs) and mine.search(ours)
    assert block.sub("\n", theirs) == mine.sub("\n", ours.split("\n", 1)[1])
    _, site = built
    page = (site / "index.html").read_text("utf-8")
    assert 'class="md-search__input"' in page and 'for="__search"' in page
    assert 'data-md-component="search' not in page  # Material's search component: not mounted


def test_the_theme_environment_is_wrapped_with_our_template_cache(tmp_path):
    from mkdocs.config import load_config
    src = mini_site(tmp_path / "src")
    config = load_config(config_file=str(src / "mkdocs.yml"))
    engine.on_config(config)
    env = config.theme.get_env()
    assert env.bytecode_cache is not None and Path(env.bytecode_cache.directory).parts[-2:] == ("jinja", "theme")


def test_our_search_partial_is_materials_named_and_unhooked():
    """templates/site/overrides/partials/search.html copies Material's partial, names the dialog and
    drops the hooks that mount Material's search; when Material changes its partial, this fails
    and the copy must be renewed."""
    import material
    theirs = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text("utf-8")
    ours = (PACKAGE_TEMPLATES / "site" / "overrides" / "partials" / "search.html").read_text("utf-8")
    ours = ours.split("\n", 1)[1]  # our first line says what we changed
    theirs = re.sub(r' data-md-component="search[a-z-]*"', "", theirs).replace("search.result.initializer", "search.result.placeholder")
    assert ours.replace(' aria-label="{{ lang.t(\'search\') }}">', ">", 1) == theirs


def test_our_language_partial_extends_materials_zh_tw():
    import material
    assert (Path(material.__file__).parent / "templates" / "partials" / "languages" / "zh-TW.html").is_file()


def test_the_live_reload_server_builds_when_watched_files_change(tmp_path):
    """serve asks MkDocs' build loop for a build on inotify events (watchfiles), not its polling
    observer; the server's internals it sets are checked here."""
    site = tmp_path / "site"
    site.mkdir()
    watched = tmp_path / "content"
    watched.mkdir()
    server = engine.live_reload_server(lambda: None, "127.0.0.1", 0, site, lambda code: b"404")
    assert server.error_handler(404) == b"404"
    assert hasattr(server, "_rebuild_cond") and server._want_rebuild is False
    stop = engine.watch_and_rebuild(server, [watched])
    try:
        assert str(watched) in server._watched_paths  # so MkDocs injects its reload script into pages
        time.sleep(0.5)  # the watcher is up
        (watched / "community.yaml").write_text("name: 測試\n", "utf-8")
        end = time.time() + 10
        while not server._want_rebuild and time.time() < end:
            time.sleep(0.05)
        assert server._want_rebuild
    finally:
        stop.set()
        server.server_close()


def test_weasyprints_page_anchors_give_each_ids_top_in_css_px():
    """render/booklet/pdf.py `story_ends` reads Document.pages[].anchors[id][1] as the element's top."""
    from weasyprint import HTML

    doc = HTML(string='<style>@page { size: A5; margin: 0 } body { margin: 0 }</style><div style="height: 96px"></div><div id="end-x"></div>'
                      '<div style="break-before: page" id="y"></div>').render()
    assert doc.pages[0].anchors["end-x"][1] == pytest.approx(96) and "y" in doc.pages[1].anchors
    assert doc.pages[0].height == pytest.approx(210 / 25.4 * 96)


JUSTIFIED = ("<html lang='zh-Hant'><style>@page { size: 120mm 200mm; margin: 10mm }"
             " html { font-family: 'Noto Serif CJK TC'; font-size: 10.5pt; line-height: 1.8 }"
             " body { margin: 0 } p { text-align: %s; margin: 0 0 14pt }</style>%s</html>")
PARAGRAPHS = [
    "本社群以「閱讀理解」為核心，透過共同備課、公開授課與議課，讓教師在課堂中實踐PLC 2024的理念，"
    "並以學生學習成果檢視教學成效。每學期至少辦理六次社群聚會，由召集人安排主題與分工。",
    "第二段<strong>粗體字在中間</strong>然後<em>斜體也在</em>這一行，繼續寫很多很多的中文字讓這一行"
    "換到下一行去，看看每一行的右邊是否切齊版心的右緣。",
    "Teachers meet every other week to plan lessons together, observe one another teach and "
    "discuss what their students learned, so this paragraph is justified by its spaces alone.",
]


def justified_lines(tmp_path, align: str = "justify"):
    """The paragraphs through plcpub's WeasyPrint (forms/pdf.write_pdf), read back by PDFium, and
    which lines end a paragraph (the paragraph margin follows them)."""
    from plcpub.forms.pdf import write_pdf

    from .pdfview import pdfium_text_lines

    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    pdf = write_pdf(JUSTIFIED % (align, body), tmp_path / f"{align}.pdf", fillable=False, allowed=[])
    lines = pdfium_text_lines(pdf, 1)
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:])]
    last = [gap > min(gaps) + 7 for gap in gaps] + [True]
    return pdf, lines, last


def test_weasyprint_justification_is_replaced_for_chinese_lines(tmp_path):
    """forms/cjk_justify.py replaces layout.inline.justify_line and wraps Layout.set_text: every
    line but a paragraph's last reaches the column's right edge, Chinese lines by widening the
    gaps between characters (the drawn glyphs, so the wrapped set_text ran at drawing time),
    Latin lines by their spaces (WeasyPrint's own justification, still used); the text PDFium
    reads is the source's, with no character added; the letters of PLC keep their spacing."""
    import pypdfium2 as pdfium

    pdf, lines, last = justified_lines(tmp_path)
    right = 120 / 25.4 * 72 - 10 / 25.4 * 72
    inner = [line for line, is_last in zip(lines, last) if not is_last]
    assert len(inner) >= 6 and sum(last) == len(PARAGRAPHS), [line.text for line in lines]
    for line in inner:
        assert line.right == pytest.approx(right, abs=0.8), line.text
    assert any(line.text.startswith("Teachers") for line in inner)

    doc = pdfium.PdfDocument(str(pdf))
    read = doc[0].get_textpage().get_text_range().replace("\r\n", "")
    doc.close()
    source = "".join(re.sub("<[^>]+>", "", text) for text in PARAGRAPHS)
    assert read.replace(" ", "") == source.replace(" ", "") and "PLC 2024" in read

    _, ragged, _ = justified_lines(tmp_path, "left")
    assert [line.text for line in ragged] == [line.text for line in lines]  # the same line breaks
    assert sum(line.right < right - 3 for line in ragged[:3]) >= 2  # left-aligned, the Chinese lines are ragged
    plc = next(line for line in lines if "PLC" in line.text).span("PLC")
    assert plc == pytest.approx(next(line for line in ragged if "PLC" in line.text).span("PLC"), abs=0.05)


def test_a_widened_first_line_is_what_drawing_reads():
    """cjk_justify.py widens glyphs of the line Pango has shaped, after setting single-paragraph
    mode itself: draw.text.draw_first_line sets that mode, then reads the first line, and Pango
    keeps a line it has already shaped when the mode is unchanged."""
    import inspect

    from weasyprint import HTML
    from weasyprint.draw import text
    from weasyprint.formatting_structure import boxes
    from weasyprint.text import line_break
    from weasyprint.text.ffi import pango

    source = inspect.getsource(text.draw_first_line)
    assert source.index("set_single_paragraph_mode") < source.index("get_first_line()")
    doc = HTML(string="<p style='font-family: Noto Serif CJK TC; font-size: 10pt'>一</p>").render()
    box = doc.pages[0]._page_box
    while not isinstance(box, boxes.TextBox):
        box = box.children[0]
    layout = line_break.Layout(box.style)
    layout.set_text("一二三")
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    line, _ = layout.get_first_line()
    line.runs[0].data.glyphs.glyphs[0].geometry.width += 5000
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    again, _ = layout.get_first_line()
    assert again.runs[0].data.glyphs.glyphs[0].geometry.width == line.runs[0].data.glyphs.glyphs[0].geometry.width
    assert again.runs[0].data.glyphs.glyphs[0].geometry.width > again.runs[0].data.glyphs.glyphs[1].geometry.width


def test_justification_opportunities_are_beside_chinese_and_after_spaces():
    from plcpub.forms.cjk_justify import opportunities

    text = "實踐PLC 2024的理念  "
    assert [text[i] for i in opportunities(text)] == ["踐", "P", "2", "的", "理", "念"]
