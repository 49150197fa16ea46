"""`python build.py serve`: the preview comes up and follows edits to plans/ (live reload)."""
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


def test_serve_previews_and_reloads_on_plan_edits(tmp_path: Path):
    root = project_copy(tmp_path)
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(root), "serve", "--dev-addr",
                             f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/keelung-113/"
        assert wait_for(lambda: fetch(url), 90), "preview did not come up"
        md = root / "plans" / "keelung-113" / "plan.md"
        md.write_text(md.read_text("utf-8") + "\n## 即時預覽測試\n\n這段文字是剛加上的。\n", "utf-8")
        assert wait_for(lambda: "這段文字是剛加上的" in (fetch(url) or ""), 90), "edit did not reach the preview"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
