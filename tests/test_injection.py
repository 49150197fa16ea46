"""Input cannot become code or a request: Markdown's raw HTML and javascript: links are inert,
templates escape data, and WeasyPrint may read only the project's own files."""
from __future__ import annotations

import re

import pytest

from plcpub.forms.pdf import PHOTO_SCHEME, project_only_fetcher, write_pdf
from plcpub.render.markdown import render_markdown

from .conftest import project_copy


def test_markdown_raw_html_and_script_links_are_inert():
    html = render_markdown('<script>alert(1)</script>\n\n[點我](javascript:alert(1)) <img src=x onerror=alert(1)>'
                           '\n\n[資料](data:text/html;base64,PHNjcmlwdD4=)')
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript:' not in html and 'href="data:' not in html


def test_weasyprint_reads_only_allowed_files(tmp_path):
    allowed = tmp_path / "fonts"
    allowed.mkdir()
    (allowed / "ok.txt").write_text("ok")
    photos = tmp_path / "photos"
    photos.mkdir()
    fetch = project_only_fetcher([allowed], photos).fetch
    assert fetch((allowed / "ok.txt").as_uri())
    for url in ("file:///etc/passwd", "https://example.com/x.png", "http://127.0.0.1:8000/", "ftp://x/y",
                (allowed / ".." / ".." / "etc" / "passwd").as_uri(), PHOTO_SCHEME + "../../etc/passwd"):
        with pytest.raises(ValueError):
            fetch(url)


def test_a_hostile_form_value_is_text_not_markup(tmp_path):
    target = write_pdf('<p>社群名稱：&lt;img src="file:///etc/passwd"&gt;</p><img src="file:///etc/passwd">'
                       '<link rel="stylesheet" href="https://example.com/x.css">', tmp_path / "x.pdf", False, [tmp_path])
    assert target.stat().st_size > 500  # rendered, with the blocked resources simply left out


@pytest.mark.slow
def test_hostile_names_are_escaped_on_the_site(tmp_path):
    from plcpub.cli import main
    root = project_copy(tmp_path / "proj")
    sub = root / "content" / "hsinchu-111" / "183604-picture-books" / "community.yaml"
    text = sub.read_text("utf-8")
    sub.write_text(re.sub(r"(?m)^name: .*$", """name: '"><script>alert(1)</script>英語社群'""", text, count=1), "utf-8")
    assert main(["--root", str(root)]) == 0
    page = (root / "site" / "hsinchu-111" / "communities" / "183604-picture-books" / "index.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # body text
    assert '"><script>' not in page  # and nothing breaks out of <title> or <meta content="…">
    listing = (root / "site" / "hsinchu-111" / "communities" / "index.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in listing


def test_markdown_images_show_only_published_photos():
    """![](http://…) became a tracking pixel and ![](/etc/os-release) an <img> on the public site."""
    from plcpub.load.markdown import image_refs, local_path
    text = ("![追蹤](http://x.test/t.png)\n\n![系統](/etc/os-release) ![上層](../other/a.png)\n\n"
            "![協定相對](//x.test/a.png) ![資料](data:image/png;base64,AAAA) ![照片](story/1.png)")
    html = render_markdown(text, images={"story/1.png": "photo-1.png"})
    assert html.count("<img") == 1 and '<img src="photo-1.png" alt="照片"' in html
    assert "x.test" not in html and "/etc/" not in html and "../other" not in html and "data:" not in html
    assert "追蹤" in html and "系統" in html  # the words stay
    assert "<img" not in render_markdown(text)  # nothing mapped: nothing fetched
    assert [local_path(src) for _, _, src in image_refs(text)] == [None, None, None, None, None, "story/1.png"]
    assert [(line, col) for line, col, _ in image_refs(text)][:2] == [(1, 7), (3, 7)]
