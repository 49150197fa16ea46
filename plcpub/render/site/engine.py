"""The site engine: MkDocs with the Material theme builds the generated tree (site/__init__.py)
into HTML. Every touch of an MkDocs or Material internal lives in this module or is named here,
so a release that breaks one fails one named test (tests/test_engine.py):

- `build`: MkDocs' Python API (`load_config`, `commands.build.build`), strict, dirty mode for
  one-page rebuilds (`dirty=True`), quieting MkDocs' dirty-build warning (a log filter).
- `theme.get_env`, wrapped before any plugin runs to cache compiled templates (`on_config`, the
  hook that mkdocs_hooks.py hands to MkDocs);
- Material's `partials/header.html`, `partials/search.html` and `partials/languages/custom.html`,
  overridden in templates/site/overrides/: the header shows the search box without Material's
  search plugin, the box without the hooks that would mount Material's search (Pagefind answers
  it, search.py), and the language is zh-Hant-TW;
- `mkdocs.livereload.LiveReloadServer`, its `error_handler`, its build loop's `_rebuild_cond` and
  `_want_rebuild` (set by `watch_and_rebuild` on file events from watchfiles, inotify, instead of
  MkDocs' polling observer, which stats every file every 0.5 s), and `_watched_paths` (the reload
  script is injected only when it is not empty).

WeasyPrint's internals are touched in one module too: forms/cjk_justify.py (Chinese justified
between characters), with its tests in the same tests/test_engine.py.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from plcpub.util.jinja import bytecode_cache

HOOKS = Path(__file__).with_name("mkdocs_hooks.py")


class _QuietDirty(logging.Filter):
    """MkDocs warns that dirty builds may leave stale navigation; ours only run when the nav is
    unchanged, and in strict mode that warning would abort the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


_QUIET = _QuietDirty()


def build(src: Path, site_dir: Path, dirty: bool = False) -> None:
    """Build `src/mkdocs.yml` into `site_dir` (strict: a broken link or nav entry fails the build).
    `dirty`: only pages whose HTML is missing are rendered (publish.py removes the stale ones)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    for name in ("mkdocs", "material"):
        logging.getLogger(name).setLevel(logging.ERROR)
    build_log = logging.getLogger("mkdocs.commands.build")
    if _QUIET not in build_log.filters:  # added once per process, not once per build (serve runs many)
        build_log.addFilter(_QUIET)
    config = load_config(config_file=str(src / "mkdocs.yml"), strict=True, site_dir=str(site_dir))
    mkdocs_build(config, dirty=dirty)


def live_reload_server(builder, host: str, port: int, root: Path, error_page):
    """MkDocs' live-reload server (serve): it serves `root` and reloads browsers after `builder`;
    `error_page(code)` gives the bytes of our own 404 page."""
    from mkdocs.livereload import LiveReloadServer

    logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)  # its English chatter
    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(root))
    server.error_handler = error_page
    return server


def on_config(config):
    """MkDocs hook (mkdocs_hooks.py; priority 100, before any plugin builds an environment). MkDocs
    and Material create the theme's jinja environment themselves (`theme.get_env()`), so the
    theme's get_env is wrapped to give every such environment the compiled-template cache."""
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
