"""Users' Markdown, rendered once with markdown-it-py and raw HTML off, so prose cannot inject
HTML or scripts into the site, and links with unsafe schemes (javascript:) are dropped."""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_markdown(text: str, heading_offset: int = 0) -> str:
    """HTML for users' Markdown; heading_offset demotes headings (a story's ## sits under the page's ##)."""
    md = _md()
    tokens = md.parse(text or "")
    if heading_offset:
        for tok in tokens:
            if tok.type in ("heading_open", "heading_close"):
                tok.tag = f"h{min(6, int(tok.tag[1]) + heading_offset)}"
    return md.renderer.render(tokens, md.options, {})
