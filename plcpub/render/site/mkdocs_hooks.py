"""MkDocs hooks for every site build (mkdocs.yml lists this file): MkDocs creates the theme's
jinja environment itself, so its compiled templates are cached here, in on_env."""
from __future__ import annotations

from pathlib import Path

from plcpub.util.jinja import bytecode_cache


def on_env(env, config, files):
    env.bytecode_cache = bytecode_cache(Path(config.config_file_path).parent.parent / "jinja" / "theme")
    return env
