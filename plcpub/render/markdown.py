"""Users' Markdown, rendered once with markdown-it-py and raw HTML off, so prose cannot inject
HTML or scripts into the site, and links with unsafe schemes (javascript:) are dropped."""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_markdown(text: str) -> str:
    return _md().render(text or "")
