"""`serve` at national scale: from saving an edited community file to the preview serving the new
page, with 10,000 communities (issue #15: file events instead of polling).

Baseline, same run: the same command with MkDocs' own polling observer (it stats every watched
file every 0.5 s), started through a launcher that swaps `engine.watch_and_rebuild` for
`server.watch` in that process only, so production code carries no benchmark flag.

    python -m benchmarks.serve [--n 10000]
"""
from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.synth import ROOT, make_project

POLLING = """
import sys
from plcpub.render.site import engine
def polling(server, folders):
    for f in folders:
        server.watch(str(f))  # MkDocs' PollingObserver
    import threading
    return threading.Event()
engine.watch_and_rebuild = polling
import plcpub.commands.serve as serve
serve.watch_and_rebuild = polling
from plcpub.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def edit_to_page(root: Path, polling: bool, edits: int = 3) -> list[float]:
    """Seconds from writing a community.yaml to its page showing the change, for `edits` edits."""
    port = _port()
    args = ["--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    cmd = [sys.executable, "-c", POLLING, *args] if polling else [sys.executable, str(ROOT / "build.py"), *args]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 3600
        while "<html" not in _fetch(f"http://127.0.0.1:{port}/") and time.time() < deadline:
            time.sleep(1)
        times = []
        for k in range(edits):
            folder = f"synth-{100 + k:05d}"
            sub = root / "content" / "hsinchu-111" / folder / "community.yaml"
            marker = f"{'輪詢' if polling else '事件'}修改{k}"
            url = f"http://127.0.0.1:{port}/hsinchu-111/communities/{folder}/"
            if "hsinchu-111" not in _fetch(url):
                continue  # not a public community: pick another
            t = time.perf_counter()
            sub.write_text(sub.read_text("utf-8").replace("summary: ", f"summary: {marker}", 1), "utf-8")
            while marker not in _fetch(url) and time.perf_counter() - t < 600:
                time.sleep(0.1)
            times.append(time.perf_counter() - t)
            time.sleep(2)
        return times
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def bench_serve(workdir: Path, n: int = 10_000) -> None:
    root = make_project(workdir / "serve", n)
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root)], check=True,
                   stdout=subprocess.DEVNULL)  # fonts, photos and caches warm, as on an editor's machine
    events = edit_to_page(root, polling=False)
    polls = edit_to_page(root, polling=True)
    print(f"serve, {n} communities, edit to served page (file events, watchfiles): best {min(events):.1f} s, "
          f"all {', '.join(f'{x:.1f}' for x in events)}")
    print(f"baseline, MkDocs' polling observer: best {min(polls):.1f} s, all {', '.join(f'{x:.1f}' for x in polls)}; "
          f"ratio {min(events) / min(polls):.2f}x")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_serve(Path(tmp), args.n)
