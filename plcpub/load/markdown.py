"""Markdown files with optional YAML front matter (`---` ... `---` at the top)."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt

from plcpub.load.source import Source
from plcpub.load.yamlsrc import Located, parse_yaml


@dataclass
class MarkdownDoc:
    source: Source
    meta: Located | None
    body: str
    body_line: int  # 1-based line where the body starts, for locating body problems


def parse_markdown(source: Source) -> MarkdownDoc:
    text = source.text
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                front = "\n".join(lines[1:i])
                meta = parse_yaml(source, front, line_offset=1)
                return MarkdownDoc(source, meta, "\n".join(lines[i + 1:]), i + 2)
    return MarkdownDoc(source, None, text, 1)


def split_sections(body: str) -> list[tuple[str, str]]:
    """Split Markdown at level-2 headings: [(title, markdown)], the preamble titled ''."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in body.split("\n"):
        if line.startswith("## "):
            sections.append((line[3:].strip(), []))
        else:
            sections[-1][1].append(line)
    return [(t, "\n".join(ls).strip()) for t, ls in sections if t or "\n".join(ls).strip()]


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one CommonMark parser (raw HTML off) that both the checks and the renderers read with."""
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
    for tok in markdown_parser().parse(text or ""):
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


def shown_in_text(body: str, files: list[str]) -> set[int]:
    """The indexes of `files` that a story's text shows in place (![caption](file)): the community
    page and the booklet put them there and not again below, and the booklet prints them wider."""
    by_path = {local_path(f): i for i, f in enumerate(files)}
    return {by_path[p] for _, _, src in image_refs(body) if (p := local_path(src)) in by_path}
