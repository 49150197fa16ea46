"""The outcome booklet (成果集): chapters (which stories, grouped for the table of contents), pdf
(screen and print-shop editions) and the web gallery's files, written beside the site pages."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plcpub.cache import file_digest, key_of
from plcpub.load.project import PlanBundle, Project
from plcpub.paths import Paths
from plcpub.render.booklet.chapters import Book, Group, build_book, split_volumes
from plcpub.render.booklet.pdf import write_booklet
from plcpub.render.photos import output_suffix, publish_web


@dataclass
class Volume:
    """One bound volume: its PDFs and, when there are several, its own gallery page."""
    number: int
    label: str  # "第2冊（共3冊）"; empty for a single volume
    files: list[tuple[str, str]]  # (label, file name in <plan>/booklet/)
    groups: list[Group]
    page: str = ""  # docs path of its gallery page; empty: the booklet page itself

    @property
    def stories(self) -> int:
        return sum(len(g.chapters) for g in self.groups)


@dataclass
class BookletPages:
    book: Book
    volumes: list[Volume] = field(default_factory=list)
    images: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # chapter id -> [(file, caption)]
    written: list[Path] = field(default_factory=list)


def _inputs_key(book: Book, pb: PlanBundle, root: Path, docs: Path) -> str:
    """Everything the booklet's files are made from: the book's text and order, its photos' and
    cover's bytes (digests remembered by stat), the booklet templates and plcpub itself."""
    photos = [ph.src for ch in book.chapters for ph in ch.photos] + ([book.cover] if book.cover else [])
    templates = Paths(root).template_files("booklet")  # the package's own are in key_of's code digest too
    return key_of("booklet-pages", str(docs), repr(book), str(pb.plan.booklet.volume_stories),
                  *(file_digest(p) for p in photos), *(name.encode() + file_digest(p) for name, p in templates.items()))


def write_booklet_pages(project: Project, pb: PlanBundle, docs: Path) -> BookletPages | None:
    """The booklet's PDFs and gallery images under docs/<plan>/booklet/. An edit elsewhere (most
    edits) finds the same book and reuses the last run's files without opening a photo."""
    book = build_book(project, pb)
    if book is None or not book.chapters:
        return None
    key = _inputs_key(book, pb, project.root, docs) if project.cache else None
    if key and (last := project.cache.get(key)) is not None and all(p.exists() for p in last.written):
        return last
    pages = _write(project, pb, book, docs)
    if key:
        project.cache.put(key, pages)
    return pages


def _write(project: Project, pb: PlanBundle, book: Book, docs: Path) -> BookletPages:
    out = docs / pb.plan.id / "booklet"
    pages = BookletPages(book)
    for volume in split_volumes(book, pb.plan.booklet.volume_stories):  # one WeasyPrint layout per volume: memory stays bounded
        suffix = f"-{volume.volume}" if volume.volumes > 1 else ""
        files = []
        for label, name, print_shop in (("成果集 PDF（螢幕閱讀版，含書籤與無障礙標記）", "booklet", False),
                                        ("印刷廠版 PDF（3 mm 出血、裁切標記）", "booklet-print", True)):
            path = write_booklet(volume, project.paths, pb.dir, out / f"{pb.plan.id}-{name}{suffix}.pdf", print_shop)
            files.append((label, path.name))
            pages.written.append(path)
        page = f"{pb.plan.id}/booklet/{volume.volume}.md" if volume.volumes > 1 else ""
        pages.volumes.append(Volume(volume.volume, volume.volume_label, files, volume.groups, page))
    cache = project.paths.photos
    for ch in book.chapters:
        pages.images[ch.id] = []
        for i, ph in enumerate(ch.photos, 1):
            dest = out / "img" / f"{ch.id}-{i}{output_suffix(ph.src)}"
            if publish_web(ph.src, dest, cache):
                pages.images[ch.id].append((dest.relative_to(out).as_posix(), ph.photo.caption))
                pages.written.append(dest)
    return pages
