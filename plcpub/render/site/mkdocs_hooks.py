"""MkDocs hooks for every site build (mkdocs.yml lists this file).

MkDocs and Material each create the theme's jinja environment themselves (`theme.get_env()`:
the build, and Material's search plugin twice for its translations), so the theme's get_env is
wrapped before any plugin runs to give every such environment the compiled-template cache."""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from plcpub.util.jinja import bytecode_cache


@event_priority(100)  # before Material's search plugin builds its first environment
def on_config(config):
    theme = config.theme
    make_env = type(theme).get_env
    cache = bytecode_cache(Path(config.config_file_path).parent.parent / "jinja" / "theme")

    def get_env():
        env = make_env(theme)
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env
    return config
