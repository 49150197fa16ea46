"""Users' Markdown, rendered once with markdown-it-py and raw HTML off, so prose cannot inject
HTML or scripts into the site, and links with unsafe schemes (javascript:) are dropped.

Images are data too: an image is shown only when the caller maps its source to a file it has
published (a story's consented photo, copied without metadata); any other image, a remote
tracking pixel or /etc/os-release, is printed as its alt text and fetches nothing.
`check` reports such images where they are written (load/markdown.py `image_refs`)."""
from __future__ import annotations

from plcpub.load.markdown import local_path, markdown_parser


def render_markdown(text: str, heading_offset: int = 0, images: dict[str, str] | None = None) -> str:
    """HTML for users' Markdown; heading_offset demotes headings (a story's ## sits under the page's ##).
    `images` maps a local source (as `local_path` spells it) to the address it is published at."""
    md = markdown_parser()
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
