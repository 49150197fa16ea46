"""Shared fixtures: the example project is loaded once per test session (it is read-only)."""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from plcpub.cli import main
from plcpub.load.project import load_project

ROOT = Path(__file__).resolve().parent.parent
# Project copies made by tests share the subset form font (building it takes ~40 s).
os.environ.setdefault("PLCPUB_CACHE", str(ROOT / ".cache"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def project():
    return load_project(ROOT)


def project_copy(dest: Path) -> Path:
    """A project as users keep one: plans/ and content/ (templates come from the package)."""
    for d in ("plans", "content"):
        shutil.copytree(ROOT / d, dest / d)
    return dest


def override(root: Path, rel: str, text: str | None = None) -> Path:
    """The project's own copy of the package template `rel` (e.g. site/community.md), which then
    replaces the package's; `text` defaults to the package's content."""
    from plcpub.paths import PACKAGE_TEMPLATES
    target = root / "templates" / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((PACKAGE_TEMPLATES / rel).read_text("utf-8") if text is None else text, "utf-8")
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The example site, built once per session (with hostile plan prose that must come out inert)."""
    root = project_copy(tmp_path_factory.mktemp("built"))
    md = root / "plans" / "keelung-113" / "plan.md"
    md.write_text(md.read_text("utf-8") + "\n## 測試\n\n<script>alert(1)</script> [點我](javascript:alert(1))\n", "utf-8")
    assert main(["--root", str(root)]) == 0
    return root / "site"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright (which never downloads a browser here): the site's
    pages and pdf.js run in it."""
    if CHROMIUM is None:
        pytest.fail("chromium is not installed: run `bash dev.sh test`, which installs it")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@contextmanager
def serving(directory: Path):
    """`directory` over HTTP on a free local port, as a visitor's browser gets it; yields its URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def server(built):
    """The built example site over HTTP on a free local port (as a visitor's browser gets it)."""
    with serving(built) as url:
        yield url
