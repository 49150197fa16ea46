"""The public site as built by `python build.py`: what it publishes, what it must never publish,
and that a failing build leaves the previous site alone. One build per test session (slow)."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from plcpub.cli import main

from .conftest import project_copy
from plcpub.render.images import strip_metadata

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def all_text(site: Path) -> str:
    return "\n".join(p.read_text("utf-8", errors="replace") for p in site.rglob("*")
                     if p.is_file() and p.suffix in (".html", ".json", ".xml", ".js", ".css"))


def test_pages_exist_and_speak_zh_hant(built):
    for rel in ("index.html", "404.html", "sitemap.xml", "hsinchu-111/index.html", "hsinchu-111/rules/index.html",
                "hsinchu-111/communities/index.html", "hsinchu-111/stats/index.html",
                "hsinchu-111/communities/183601-math-inquiry/index.html", "hsinchu-111/schools/183601/index.html"):
        assert (built / rel).is_file(), rel
    html = (built / "index.html").read_text("utf-8")
    assert '<html lang="zh-Hant-TW"' in html and "Made with" not in html


def test_only_public_statuses_are_published(built):
    communities = {p.name for p in (built / "hsinchu-111" / "communities").iterdir() if p.is_dir()}
    assert "183601-math-inquiry" in communities
    assert "183605-local-curriculum" not in communities  # draft
    assert "183503-art-aesthetics" not in communities    # rejected
    assert "173605-new-teachers" not in {p.name for p in (built / "keelung-113" / "communities").iterdir()}


def test_no_phone_or_email_anywhere(built):
    text = all_text(built)
    assert not re.search(r"[\w.]+@example\.edu\.tw", text)
    assert not re.search(r"\b0\d-\d{4,8}\b", text.replace("03-5220097", ""))  # the centre's own number is public


def test_community_page_shows_budget_total_in_words(built):
    html = (built / "hsinchu-111" / "communities" / "183601-math-inquiry" / "index.html").read_text("utf-8")
    assert "7,416元" in html and "新臺幣柒仟肆佰壹拾陸元整" in html
    assert "111年9月7日（三）" in html and "陳冠宇" in html


def test_markdown_cannot_inject_html(built):
    html = (built / "keelung-113" / "index.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in html and 'href="javascript:' not in html


def test_no_request_leaves_the_site(built):
    """No CDN, no web fonts: every src/href/url() points inside the site (canonical links aside)."""
    for p in built.rglob("*"):
        if p.suffix == ".html":
            text = p.read_text("utf-8")
            for m in re.finditer(r'<(script|img|link|iframe|source)\b[^>]*?(?:src|href)="(https?:)?//([^"/]+)', text):
                assert 'rel="canonical"' in m.group(0) or m.group(3).startswith("localhost"), (p, m.group(0))
        elif p.suffix == ".css":
            assert not re.search(r"url\(['\"]?(https?:)?//", p.read_text("utf-8")), p
            assert "@import" not in p.read_text("utf-8"), p


def test_the_site_has_pagefinds_index_and_not_materials(built):
    assert (built / "pagefind" / "pagefind-entry.json").is_file() and (built / "assets" / "search.js").is_file()
    assert not (built / "search").exists()  # Material's whole-site index is not built


def test_failed_build_keeps_the_previous_site(tmp_path):
    root = project_copy(tmp_path)
    assert main(["--root", str(root)]) == 0
    before = (root / "site" / "index.html").read_text("utf-8")
    bad = root / "content" / "hsinchu-111" / "183601-math-inquiry" / "community.yaml"
    bad.write_text(bad.read_text("utf-8").replace("unit_price: 80}", "unit_price: 800}"), "utf-8")
    assert main(["--root", str(root)]) == 1
    assert (root / "site" / "index.html").read_text("utf-8") == before
    assert not [p for p in root.glob(".site-*") if "trash" not in p.name]  # no half-built site left
    for _ in range(100):  # the staged copy the failed build did not use is deleted after the command returns
        if not list(root.glob(".site-*")):
            break
        time.sleep(0.1)
    assert not list(root.glob(".site-*"))


@pytest.mark.parametrize("extra", [b"tEXtComment\x00secret", b"eXIfMM\x00*GPS"])
def test_published_png_has_no_metadata(extra):
    import struct
    import zlib
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
           + chunk(extra[:4], extra[4:]) + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b""))
    out = strip_metadata(png)
    assert extra[4:] not in out and out.endswith(chunk(b"IEND", b""))


def test_downloads_page_links_existing_forms(built):
    html = (built / "hsinchu-111" / "downloads" / "index.html").read_text("utf-8")
    links = re.findall(r'href="([^"]+\.(?:pdf|odt|ods))"', html)
    assert len(links) == 7 * 3 + 1  # Hsinchu's annexes 1, 2, 2-appendix 1–2, 3, 3-1, 4 in three formats + the ODS
    for link in links:
        assert (built / "hsinchu-111" / "downloads" / link).stat().st_size > 2_000  # no dead links
