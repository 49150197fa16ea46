"""Users' Markdown, rendered once with markdown-it-py and raw HTML off, so prose cannot inject
HTML or scripts into the site, and links with unsafe schemes (javascript:) are dropped.

Images are data too: an image is shown only when the caller maps its source to a file it has
published (a story's consented photo, copied without metadata); any other image, a remote
tracking pixel or /etc/os-release, is printed as its alt text and fetches nothing.
`check` reports such images where they are written (`image_refs`)."""
from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def local_path(src: str) -> str | None:
    """A relative path inside the writer's own folder ('story/1.png'), or None for anything else
    (a URL, an absolute path, '..' out of the folder)."""
    src = unquote(src or "").strip()
    if not src or "://" in src or src.startswith(("/", "\\", "data:", "//")) or ":" in src.split("/")[0]:
        return None
    norm = posixpath.normpath(src.replace("\\", "/"))
    return None if norm == ".." or norm.startswith("../") else norm


def image_refs(text: str) -> list[tuple[int, int, str]]:
    """(line, column, source) of every image the Markdown would show; line and column 1-based
    within `text` (markdown-it gives block lines; the column is where the source is written)."""
    lines = (text or "").split("\n")
    out = []
    for tok in _md().parse(text or ""):
        for child in tok.children or []:
            if child.type != "image":
                continue
            src = child.attrGet("src") or ""
            first, last = tok.map if tok.map else (0, len(lines))
            raw = unquote(src)
            where = next(((i, lines[i].find(raw)) for i in range(first, last) if raw and raw in lines[i]),
                         (first, -1))
            out.append((where[0] + 1, where[1] + 1 if where[1] >= 0 else 1, raw))
    return out


def render_markdown(text: str, heading_offset: int = 0, images: dict[str, str] | None = None) -> str:
    """HTML for users' Markdown; heading_offset demotes headings (a story's ## sits under the page's ##).
    `images` maps a local source (as `local_path` spells it) to the address it is published at."""
    md = _md()
    tokens = md.parse(text or "")
    for tok in tokens:
        if heading_offset and tok.type in ("heading_open", "heading_close"):
            tok.tag = f"h{min(6, int(tok.tag[1]) + heading_offset)}"
        for child in tok.children or []:
            if child.type != "image":
                continue
            target = (images or {}).get(local_path(child.attrGet("src")) or "")
            if target is None:  # not a file we published: its words, never a fetch
                child.type, child.tag, child.nesting, child.attrs = "text", "", 0, {}
                child.content = "".join(c.content for c in child.children or []) or child.content
                child.children = None
            else:
                child.attrSet("src", target)
    return md.renderer.render(tokens, md.options, {})
