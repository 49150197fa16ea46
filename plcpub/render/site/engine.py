"""The site engine: MkDocs with the Material theme builds the generated tree (site/__init__.py)
into HTML. Every touch of an MkDocs or Material internal lives in this module or is named here,
so a release that breaks one fails one named test (tests/test_engine.py):

- `build`: MkDocs' Python API (`load_config`, `commands.build.build`), strict, dirty mode for
  one-page rebuilds (`dirty=True`), quieting MkDocs' dirty-build warning (a log filter).
- the search plugin's module-global `jieba`, swapped for the helper-process segmenter while a
  build runs (`segmenting_with`);
- `theme.get_env`, wrapped before any plugin runs to cache compiled templates (`on_config`, the
  hook that mkdocs_hooks.py hands to MkDocs);
- Material's `search/search_index.json` format, merged after a one-page rebuild (merge_search_index);
- Material's `partials/search.html` and `partials/languages/custom.html`, overridden in
  templates/site/overrides/ (a copy of Material's partial with our labels);
- `mkdocs.livereload.LiveReloadServer`, its `error_handler`, its build loop's `_rebuild_cond` and
  `_want_rebuild` (set by `watch_and_rebuild` on file events from watchfiles, inotify, instead of
  MkDocs' polling observer, which stats every file every 0.5 s), and `_watched_paths` (the reload
  script is injected only when it is not empty).
"""
from __future__ import annotations

import json
import logging
import threading
from contextlib import contextmanager
from pathlib import Path

from plcpub.render.site.segmenter import Segmenter, import_jieba
from plcpub.util.jinja import bytecode_cache

HOOKS = Path(__file__).with_name("mkdocs_hooks.py")


class _QuietDirty(logging.Filter):
    """MkDocs warns that dirty builds may leave stale navigation; ours only run when the nav is
    unchanged, and in strict mode that warning would abort the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


_QUIET = _QuietDirty()


def build(src: Path, site_dir: Path, dirty: bool = False, segmenter: Segmenter | None = None) -> None:
    """Build `src/mkdocs.yml` into `site_dir` (strict: a broken link or nav entry fails the build).
    `dirty`: only pages whose HTML is missing are rendered (publish.py removes the stale ones)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    for name in ("mkdocs", "material", "jieba"):
        logging.getLogger(name).setLevel(logging.ERROR)
    build_log = logging.getLogger("mkdocs.commands.build")
    if _QUIET not in build_log.filters:  # added once per process, not once per build (serve runs many)
        build_log.addFilter(_QUIET)
    jieba = import_jieba()  # before Material's search plugin imports it the slow way
    if jieba is not None:  # without it search still works for Latin text; Chinese queries find little
        jieba.setLogLevel(logging.ERROR)  # it announces its dictionary on stderr otherwise
    config = load_config(config_file=str(src / "mkdocs.yml"), strict=True, site_dir=str(site_dir))
    with segmenting_with(segmenter):
        mkdocs_build(config, dirty=dirty)
    patch_search_worker(site_dir)


# Material's search worker cuts a Chinese query into the longest words its index holds, but never
# tries the whole query as one word (`o<t.length`): 跨校 became 跨* and found 跨域 first; 申請表
# became 申請* and found every 申請. Letting the loop reach the end keeps a query that is itself
# an indexed word whole. tests/test_engine.py checks the patch applies to the installed Material.
WORKER_LOOP = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"
WORKER_LOOP_FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"


def patch_search_worker(site_dir: Path) -> bool:
    """Apply the whole-word fix to the built search worker; False when Material's code changed."""
    patched = False
    for worker in (Path(site_dir) / "assets" / "javascripts" / "workers").glob("search.*.min.js"):
        code = worker.read_text("utf-8")
        if WORKER_LOOP in code:
            worker.write_text(code.replace(WORKER_LOOP, WORKER_LOOP_FIXED), "utf-8")
            patched = True
        patched = patched or WORKER_LOOP_FIXED in code
    return patched


SEARCH_INDEX = Path("search") / "search_index.json"  # Material's search index, relative to the site


def read_search_index(site: Path) -> dict | None:
    try:
        return json.loads((site / SEARCH_INDEX).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def merge_search_index(site: Path, old: dict | None, rebuilt: set[str], pages: set[str]) -> None:
    """After a dirty build, Material's index holds only the pages it rendered: put back the
    entries of every other page that still exists (its `docs` list, keyed by `location`)."""
    path = site / SEARCH_INDEX
    if old is None or not path.exists():
        return
    new = json.loads(path.read_text("utf-8"))
    keep = [d for d in old.get("docs", []) if d["location"].split("#")[0] not in rebuilt
            and d["location"].split("#")[0] in pages]
    new["docs"] = keep + new.get("docs", [])
    path.write_text(json.dumps(new, ensure_ascii=False, separators=(",", ":")), "utf-8")


def live_reload_server(builder, host: str, port: int, root: Path, error_page):
    """MkDocs' live-reload server (serve): it serves `root` and reloads browsers after `builder`;
    `error_page(code)` gives the bytes of our own 404 page."""
    from mkdocs.livereload import LiveReloadServer

    logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)  # its English chatter
    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(root))
    server.error_handler = error_page
    return server


@contextmanager
def segmenting_with(segmenter: Segmenter | None):
    """Material's search plugin uses `segmenter` instead of its own jieba for the duration."""
    from material.plugins.search import plugin

    if plugin.jieba is None:  # without jieba, Material does not segment at all
        yield
        return
    from plcpub.render.site.search import FoldingCut
    saved = plugin.jieba
    plugin.jieba = FoldingCut(segmenter if segmenter is not None else saved)
    try:
        yield
    finally:
        plugin.jieba = saved


def on_config(config):
    """MkDocs hook (mkdocs_hooks.py; priority 100, before Material's search plugin builds its first
    environment). MkDocs and Material each create the theme's jinja environment themselves
    (`theme.get_env()`: the build, and Material's search plugin twice for its translations), so
    the theme's get_env is wrapped to give every such environment the compiled-template cache."""
    theme = config.theme
    make_env = type(theme).get_env
    cache = bytecode_cache(Path(config.config_file_path).parent.parent / "jinja" / "theme")

    def get_env():
        env = make_env(theme)
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env
    return config


def request_rebuild(server) -> None:
    """Ask the live-reload server's build loop for a build, as its own watch callback does."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def watch_and_rebuild(server, folders: list[Path]) -> threading.Event:
    """Rebuild the preview when anything under `folders` changes, from the kernel's file events
    (watchfiles) rather than a poll of every file; set the returned event to stop watching."""
    import watchfiles

    stop = threading.Event()
    for folder in folders:  # MkDocs injects its reload script only into pages of a server that watches something;
        server._watched_paths[str(folder)] = 1  # listed, not scheduled: its polling observer runs with nothing to poll

    def loop() -> None:
        for _ in watchfiles.watch(*folders, stop_event=stop, debounce=200, raise_interrupt=False):
            request_rebuild(server)

    threading.Thread(target=loop, name="plcpub-watch", daemon=True).start()
    return stop
