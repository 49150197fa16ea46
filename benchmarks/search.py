"""Search at city and national scale (issue #18): what a phone downloads before its first result,
and what indexing costs the build.

The synthetic city is built once; Pagefind's index of it is timed on its own (`update_index`, the whole site),
then each query is typed into the site's search box in Chromium from an empty cache and every
byte fetched until the results list is filled is counted. Baseline, same run: the whole index,
what a client fetching all of it (as Material's lunr index was fetched) would download.

    python -m benchmarks.search [--n 1000]
"""
from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import make_project  # noqa: E402
from plcpub.cli import main as plcpub_main  # noqa: E402
from plcpub.render.site import SITE_NAME  # noqa: E402
from plcpub.render.site.search import OUTPUT, indexed_pages, update_index  # noqa: E402

QUERIES = ["跨校", "公開授課", "晨光國小", "成果集", "台南", "鐘點費", "閱讀素養"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def fetched_before_results(site: Path, queries: list[str]) -> dict[str, tuple[int, int]]:
    """query -> (bytes fetched from the index and the search script until results show, results shown)."""
    from playwright.sync_api import sync_playwright

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            for q in queries:
                context = browser.new_context(viewport={"width": 390, "height": 800})  # a phone, empty cache
                page = context.new_page()
                sizes: list[int] = []
                page.on("response", lambda r: sizes.append(int(r.headers.get("content-length") or 0))
                        if f"/{OUTPUT}/" in r.url or r.url.endswith("/search.js") else None)
                page.goto(base, wait_until="networkidle")
                sizes.clear()  # the page itself is not search
                page.locator("input.md-search__input").fill(q)
                page.wait_for_function("q => document.querySelector('.md-search-result__list').dataset.query === q",
                                       arg=page.locator("input.md-search__input").input_value(), timeout=60000)
                out[q] = (sum(sizes), page.locator(".md-search-result__item").count())
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return out


def bench_search(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "bench", n)
        t = time.perf_counter()
        assert plcpub_main(["--root", str(root), "build", "--full"]) == 0
        build = time.perf_counter() - t
        site = root / "site"
        t = time.perf_counter()
        update_index(site, SITE_NAME)
        pages = len(indexed_pages(site))
        indexing = time.perf_counter() - t
        files = [f for f in (site / OUTPUT).rglob("*") if f.is_file()]
        whole = sum(f.stat().st_size for f in files)
        fetched = fetched_before_results(site, QUERIES)
    kib = 1024
    print(f"search, {n} communities ({pages} pages): site build {build:.1f} s, of which Pagefind's index {indexing:.1f} s "
          f"({indexing / build:.0%})")
    print(f"baseline, the whole index (what a client fetching all of it downloads): {whole / kib / kib:.1f} MiB "
          f"in {len(files)} files")
    for q, (size, shown) in fetched.items():
        print(f"  {q}: {size / kib:.0f} KiB before the first result ({shown} shown), {size / whole:.3f}x the whole index")
    worst = max(size for size, _ in fetched.values())
    print(f"median {statistics.median(s for s, _ in fetched.values()) / kib:.0f} KiB, worst {worst / kib:.0f} KiB; "
          f"goal: under 2 MB before the first result -> {'met' if worst < 2_000_000 else 'NOT met'}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    bench_search(ap.parse_args().n)
