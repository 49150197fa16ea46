"""The default build: validates, publishes atomically, refuses to publish on errors."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from plcpub.cli import main

ROOT = Path(__file__).resolve().parent.parent


def project_copy(tmp_path: Path) -> Path:
    for d in ("plans", "content", "templates"):
        shutil.copytree(ROOT / d, tmp_path / d)
    return tmp_path


def test_build_publishes_plans_without_private_data(tmp_path):
    root = project_copy(tmp_path)
    assert main(["--root", str(root)]) == 0
    pages = list((root / "site").rglob("*.html"))
    assert (root / "site" / "index.html").is_file() and len(pages) == 6
    text = "\n".join(p.read_text("utf-8") for p in pages)
    assert 'lang="zh-Hant-TW"' in text and "課程研創學習社群" in text
    assert not re.search(r"@example\.edu\.tw|03-555\d{4}", text)  # conveners' e-mails and phones
    assert not list(root.glob(".site-*"))  # the temporary folder was swapped in, not left behind


def test_build_with_errors_keeps_the_previous_site(tmp_path):
    root = project_copy(tmp_path)
    assert main(["--root", str(root)]) == 0
    before = (root / "site" / "index.html").read_text("utf-8")
    bad = root / "content" / "hsinchu-111" / "183601-math-inquiry" / "community.yaml"
    bad.write_text(bad.read_text("utf-8").replace("unit_price: 80}", "unit_price: 800}"), "utf-8")
    assert main(["--root", str(root)]) == 1
    assert (root / "site" / "index.html").read_text("utf-8") == before


def test_markdown_cannot_inject_html(tmp_path):
    root = project_copy(tmp_path)
    md = root / "plans" / "keelung-113" / "plan.md"
    md.write_text(md.read_text("utf-8") + '\n## 測試\n\n<script>alert(1)</script> [點我](javascript:alert(1))\n', "utf-8")
    assert main(["--root", str(root)]) == 0
    html = (root / "site" / "keelung-113" / "index.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in html and 'href="javascript:' not in html
