"""Incremental builds: nothing changed -> nothing done; one submission edited -> only its pages
rendered, the rest of the site and the search index intact; a removed community disappears;
a changed stylesheet rebuilds everything. Slow: builds the example site several times."""
from __future__ import annotations

import gzip
import json
import shutil

import pytest

from plcpub.cli import main

from .conftest import override, project_copy

pytestmark = pytest.mark.slow


def index(site):
    """The pages the search box finds, by URL, with the text it shows for each: the whole-site
    index less the pages it lists as replaced, plus the delta of pages changed since."""
    replaced = set(json.loads((site / "pagefind" / "plcpub.json").read_text("utf-8"))["replaced"])
    pages = {}
    for folder in ("pagefind", "pagefind-delta"):
        for f in (site / folder / "fragment").glob("*.pf_fragment"):
            if folder == "pagefind" and f.stem in replaced:
                continue
            data = gzip.decompress(f.read_bytes())
            assert data.startswith(b"pagefind_dcd")
            fragment = json.loads(data[len(b"pagefind_dcd"):])
            assert fragment["url"] not in pages, fragment["url"]  # each page once
            pages[fragment["url"]] = fragment["meta"]["text"]
    return pages


def test_rebuilds_only_what_changed(tmp_path, capsys):
    root = project_copy(tmp_path / "proj")
    site = root / "site"
    assert main(["--root", str(root)]) == 0
    full_index = index(site)
    other = site / "hsinchu-111" / "communities" / "183601-math-inquiry" / "index.html"
    before = other.stat().st_mtime_ns
    capsys.readouterr()

    assert main(["--root", str(root)]) == 0
    assert "已是最新" in capsys.readouterr().out and other.stat().st_mtime_ns == before

    sub = root / "content" / "hsinchu-111" / "183604-picture-books" / "community.yaml"
    sub.write_text(sub.read_text("utf-8").replace("summary: 兩校", "summary: 增量測試：兩校"), "utf-8")
    published = {}  # the live site's files, held by a second name: staging must never write into them
    for rel in ("hsinchu-111/communities/183604-picture-books/index.html", "sitemap.xml", "pagefind/pagefind-entry.json",
                "pagefind/plcpub.json"):
        (tmp_path / "held" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "held" / rel).hardlink_to(site / rel)
        published[rel] = (site / rel).read_bytes()
    assert main(["--root", str(root)]) == 0
    for rel, before_bytes in published.items():
        assert (tmp_path / "held" / rel).read_bytes() == before_bytes, rel
    out = capsys.readouterr().out
    assert "只重新產生有變更的" in out
    rendered = int(out.split("只重新產生有變更的 ")[1].split(" 頁")[0])
    assert 1 <= rendered <= 5
    assert "增量測試" in (site / "hsinchu-111" / "communities" / "183604-picture-books" / "index.html").read_text("utf-8")
    assert other.stat().st_mtime_ns == before  # untouched page: not rewritten
    docs = index(site)
    assert docs.keys() == full_index.keys() and "增量測試" in docs["/hsinchu-111/communities/183604-picture-books/"]
    assert (site / "pagefind-delta").is_dir()  # only the changed pages were indexed again

    shutil.rmtree(root / "content" / "hsinchu-111" / "183604-picture-books")
    assert main(["--root", str(root)]) == 0
    assert not (site / "hsinchu-111" / "communities" / "183604-picture-books").exists()
    assert "/hsinchu-111/communities/183604-picture-books/" not in index(site)

    css = override(root, "site/assets/plcpub.css")  # the project restyles the site
    css.write_text(css.read_text("utf-8") + "\n/* changed */\n", "utf-8")
    capsys.readouterr()
    assert main(["--root", str(root)]) == 0
    assert "只重新產生" not in capsys.readouterr().out  # the frame changed: a full build
    assert other.stat().st_mtime_ns != before


def test_a_failed_build_leaves_no_staged_copy_behind(tmp_path, capsys):
    root = project_copy(tmp_path / "proj")
    assert main(["--root", str(root)]) == 0
    sub = root / "content" / "hsinchu-111" / "183604-picture-books" / "community.yaml"
    sub.write_text(sub.read_text("utf-8").replace("summary: 兩校", "summary: 失敗測試：兩校"), "utf-8")
    page = override(root, "site/community.md")
    page.write_text(page.read_text("utf-8") + "\n{{ page.no_such_field }}\n", "utf-8")  # fails while pages are written
    assert main(["--root", str(root)]) != 0
    assert [p.name for p in root.iterdir() if p.name.startswith(".site-") and "trash" not in p.name] == []
    assert "失敗測試" not in (root / "site" / "hsinchu-111" / "communities" / "183604-picture-books" / "index.html").read_text("utf-8")


def test_each_output_folder_stays_incremental(tmp_path, capsys):
    """`build` and `serve`'s preview (or a second --out) keep their own state: building one does
    not make the next build of the other a full one."""
    root = project_copy(tmp_path / "proj")
    assert main(["--root", str(root)]) == 0
    assert main(["--root", str(root), "build", "--out", "preview"]) == 0
    sub = root / "content" / "hsinchu-111" / "183604-picture-books" / "community.yaml"
    sub.write_text(sub.read_text("utf-8").replace("summary: 兩校", "summary: 兩處輸出：兩校"), "utf-8")
    for out in ("site", "preview"):
        capsys.readouterr()
        assert main(["--root", str(root), "build", "--out", out]) == 0
        assert "只重新產生有變更的" in capsys.readouterr().out, out
        page = root / out / "hsinchu-111" / "communities" / "183604-picture-books" / "index.html"
        assert "兩處輸出" in page.read_text("utf-8")
    capsys.readouterr()
    assert main(["--root", str(root)]) == 0
    assert "已是最新" in capsys.readouterr().out
