"""`python build.py serve`: the preview comes up, follows edits to plans/ and content/ (live reload,
through the incremental build), and keeps the last good pages while a file is broken."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, project_copy

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float):
    end = time.time() + seconds
    while time.time() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return None


def test_serve_previews_and_reloads_on_edits(tmp_path: Path):
    root = project_copy(tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(root), "serve", "--dev-addr",
                                 f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/keelung-113/"
        assert wait_for(lambda: fetch(url), 90), "preview did not come up"
        assert "livereload" in fetch(url)
        md = root / "plans" / "keelung-113" / "plan.md"
        md.write_text(md.read_text("utf-8") + "\n## 即時預覽測試\n\n這段文字是剛加上的。\n", "utf-8")
        assert wait_for(lambda: "這段文字是剛加上的" in (fetch(url) or ""), 90), "edit did not reach the preview"

        page = f"http://127.0.0.1:{port}/keelung-113/communities/173501-reading-sharing/"
        sub = root / "content" / "keelung-113" / "173501-reading-sharing" / "community.yaml"
        good = sub.read_text("utf-8")
        sub.write_text(good.replace("name: 閱讀素養專業分享社群", "name: 預覽改名社群"), "utf-8")
        assert wait_for(lambda: "預覽改名社群" in (fetch(page) or ""), 30), "community edit did not reach the preview"
        assert "只重新產生有變更的" in log.read_text("utf-8")

        sub.write_text(good.replace("name: 閱讀素養專業分享社群", "name: [壞掉"), "utf-8")
        assert wait_for(lambda: "community.yaml:4:7" in log.read_text("utf-8"), 30), log.read_text("utf-8")
        assert "預覽改名社群" in fetch(page)  # the last good preview stays
        assert proc.poll() is None
        sub.write_text(good, "utf-8")
        assert wait_for(lambda: "閱讀素養專業分享社群" in (fetch(page) or ""), 30), "preview did not recover"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_says_so_when_the_port_is_taken(tmp_path: Path):
    root = project_copy(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "serve", "--dev-addr",
                            f"127.0.0.1:{port}"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and "--dev-addr" in r.stderr and "Traceback" not in r.stderr
