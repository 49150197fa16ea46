"""Markdown files with optional YAML front matter (`---` ... `---` at the top)."""
from __future__ import annotations

from dataclasses import dataclass

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
