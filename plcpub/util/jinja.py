"""Compiled templates kept between builds: compiling Material's ~50 partials and our templates
costs ~0.5 s, most of an incremental build that renders one page."""
from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache


def bytecode_cache(folder: Path) -> FileSystemBytecodeCache:
    """Jinja checks each template's source time and its own version, so a stale entry is not used."""
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))
