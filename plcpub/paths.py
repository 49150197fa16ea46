"""Every folder plcpub reads or writes, named once.

A project is a folder with `plans/` and `content/`; it may hold `templates/<kind>/` with files
that replace the package's own (plcpub/templates/<kind>/) of the same name. Everything plcpub
keeps between runs lives under the project's `.cache/`, one folder per mechanism:

    objects/          parses, rule findings, photo answers, booklet pages (cache.ObjectCache)
    file-digests.pickle  file contents' digests remembered by stat (cache.FileDigests)
    photos/           photos prepared for print and web, by content digest (render/photos.py)
    fonts/            the forms' subset CJK font, by character set (forms/font.py; PLCPUB_CACHE shares it)
    jinja/<kind>/     compiled templates
    <kind>-stamps/    PDFs and ODTs skipped when their input is unchanged (util/stamps.py)
    site-build/       the generated docs tree and mkdocs.yml handed to MkDocs
    site-state.json   what each output folder's last build read (render/site/incremental.py)
    preview/          what `serve` shows
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Paths:
    root: Path

    @property
    def plans(self) -> Path:
        return self.root / "plans"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def own_templates(self) -> Path:
        """The project's template overrides (optional)."""
        return self.root / "templates"

    def templates(self, kind: str) -> list[Path]:
        """Where templates of `kind` (site, forms, review, booklet) are looked up, the project's first."""
        own = self.own_templates / kind
        return [own, PACKAGE_TEMPLATES / kind] if own.is_dir() else [PACKAGE_TEMPLATES / kind]

    def template_files(self, kind: str, sub: str = "") -> dict[str, Path]:
        """Every file under templates/<kind>/<sub>/ by its relative name, the project's replacing the
        package's (assets and theme overrides are copied as whole folders)."""
        found: dict[str, Path] = {}
        for base in reversed(self.templates(kind)):
            folder = base / sub if sub else base
            if folder.is_dir():
                for p in sorted(folder.rglob("*")):
                    if p.is_file() and "__pycache__" not in p.parts:
                        found[p.relative_to(folder).as_posix()] = p
        return found

    @property
    def cache(self) -> Path:
        return self.root / ".cache"

    @property
    def objects(self) -> Path:
        return self.cache / "objects"

    @property
    def digests(self) -> Path:
        return self.cache / "file-digests.pickle"

    @property
    def photos(self) -> Path:
        return self.cache / "photos"

    @property
    def fonts(self) -> Path:
        """Shared between project copies when PLCPUB_CACHE is set (tests: building the font takes ~40 s)."""
        return Path(os.environ.get("PLCPUB_CACHE", self.cache)) / "fonts"

    def jinja(self, kind: str) -> Path:
        return self.cache / "jinja" / kind

    def stamps(self, kind: str) -> Path:
        return self.cache / f"{kind}-stamps"

    @property
    def site_build(self) -> Path:
        return self.cache / "site-build"

    @property
    def preview(self) -> Path:
        return self.cache / "preview"
