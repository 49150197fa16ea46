"""Users' Markdown, rendered once with markdown-it-py and raw HTML off, so prose cannot inject
HTML or scripts into the site, and links with unsafe schemes (javascript:) are dropped.

Images are data too: an image is shown only when the caller maps its source to a file it has
published (a story's consented photo, copied without metadata); any other image, a remote
tracking pixel or /etc/os-release, is printed as its alt text and fetches nothing.
`check` reports such images where they are written (load/markdown.py `image_refs`)."""
from __future__ import annotations

from plcpub.load.markdown import local_path, markdown_parser


def render_markdown(text: str, top_heading: int | None = None, images: dict[str, str] | None = None) -> str:
    """HTML for users' Markdown. With `top_heading`, its headings are renumbered to sit under the page's own: the
    highest level the writer used becomes `top_heading` and each deeper level used the next, so a
    story's ## and #### under a chapter's h1 become h2 and h3, never a skipped level (PDF/UA).
    `images` maps a local source (as `local_path` spells it) to the address it is published at."""
    md = markdown_parser()
    tokens = md.parse(text or "")
    used = sorted({int(t.tag[1]) for t in tokens if t.type == "heading_open"})
    level = {lv: min(6, top_heading + i) for i, lv in enumerate(used)} if top_heading else {}
    for tok in tokens:
        if top_heading and tok.type in ("heading_open", "heading_close"):
            tok.tag = f"h{level[int(tok.tag[1])]}"
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
