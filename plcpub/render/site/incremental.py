"""Rebuild only what changed.

Three levels, cheapest first:
  1. nothing changed: the inputs (plans/, content/, templates/, plcpub itself) hash the same as at
     the last successful build into the same folder -> nothing to do;
  2. pages changed, not the site's frame (mkdocs.yml with its nav, theme overrides, assets): the
     previous site is copied and MkDocs renders only pages whose source is newer (its "dirty"
     mode); pages that disappeared are removed and the search index is merged;
  3. otherwise a full build.
Every level ends in the same atomic swap, so a reader never sees half a site.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from plcpub import __version__
from plcpub.cache import code_digest, file_digest
from plcpub.util.swap import remove_in_background

STATE_FILE = "site-state.json"
INPUT_DIRS = ("plans", "content", "templates")


def _hash_tree(h, root: Path, folder: Path, seen: set[bytes] | None = None) -> None:
    """Paths and contents of every file under `folder` into `h`; each file's digest into `seen`."""
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0")
            try:
                digest = file_digest(p)
            except OSError:
                h.update(b"unreadable")
                continue
            h.update(digest)
            if seen is not None:
                seen.add(digest)


def input_digest(root: Path, seen: set[bytes] | None = None) -> str:
    """Everything a build reads: the project's data and templates, plcpub's code, the site URL.
    `seen` collects the digest of every input file (what the photo cache keeps)."""
    h = hashlib.sha256(f"{code_digest()}\0{os.environ.get('PLCPUB_SITE_URL', '')}\0".encode())
    for d in INPUT_DIRS:
        _hash_tree(h, root, root / d, seen)
    return h.hexdigest()


def frame_digest(src: Path) -> str:
    """What every page is drawn with: mkdocs.yml (nav included), theme overrides, assets, and the
    MkDocs and Material versions (an upgraded theme's files are copied anew by a full build only)."""
    from importlib.metadata import version

    h = hashlib.sha256(f"{__version__}\0{version('mkdocs')}\0{version('mkdocs-material')}".encode())
    h.update((src / "mkdocs.yml").read_bytes())
    _hash_tree(h, src, src / "overrides")
    _hash_tree(h, src, src / "docs" / "assets")
    return h.hexdigest()


def _states(cache: Path) -> dict:
    """Every output folder's state by its resolved path; the one-site layout of earlier versions
    (a single state with an "out" key) counts as none."""
    try:
        states = json.loads((cache / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return states if isinstance(states, dict) and "out" not in states else {}


def load_state(cache: Path, out: Path) -> dict:
    """What the last successful build into `out` recorded (`build` and `serve` keep separate sites)."""
    state = _states(cache).get(str(out.resolve()))
    return state if isinstance(state, dict) else {}


def save_state(cache: Path, out: Path, state: dict) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    states = _states(cache)
    states[str(out.resolve())] = state
    tmp = cache / f"{STATE_FILE}.tmp"
    tmp.write_text(json.dumps(states, ensure_ascii=False), "utf-8")
    tmp.replace(cache / STATE_FILE)


def docs_files(docs: Path) -> list[str]:
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())


def page_url(rel: str) -> str:
    """docs path -> site URL path (use_directory_urls): a/b.md -> a/b/, a/index.md -> a/."""
    if not rel.endswith(".md"):
        return rel
    stem = rel[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def output_of(site: Path, rel: str) -> Path:
    url = page_url(rel)
    return site / url / "index.html" if rel.endswith(".md") else site / url


def remove_outputs(site: Path, gone: list[str]) -> None:
    for rel in gone:
        out = output_of(site, rel)
        out.unlink(missing_ok=True)
        for parent in out.parents:  # drop folders the removed page leaves empty
            if parent == site or not parent.is_dir() or any(parent.iterdir()):
                break
            parent.rmdir()


REWRITTEN_EVERY_BUILD = ("sitemap.xml", "sitemap.xml.gz", "404.html")  # and the search index (search.update_index)


def stale_pages(docs: Path, site: Path, files: list[str]) -> set[str]:
    """URLs of the pages MkDocs will render in a dirty build (source newer than its output, MkDocs'
    own test). The staged site shares its files with the published one (hard links), so every
    output MkDocs is about to write, pages and copied files alike, is unlinked here first: MkDocs
    then writes a new file instead of overwriting the published one in place."""
    out = set()
    for rel in files:
        target = output_of(site, rel)
        try:
            stale = os.path.getmtime(target) < os.path.getmtime(docs / rel)
        except FileNotFoundError:
            stale = True
        if stale:
            target.unlink(missing_ok=True)
            if rel.endswith(".md"):
                out.add(page_url(rel))
    for rel in REWRITTEN_EVERY_BUILD:
        (site / rel).unlink(missing_ok=True)
    return out


class StagedCopy:
    """The previous site staged beside it, in a background thread while the project loads and
    validates. The staging folder is the site before last, kept by the last swap: it shares
    its unchanged files with the published site (hard links), so bringing it up to date touches
    only the files the last build changed (`sync_tree`); `stale_pages` then unlinks whatever MkDocs
    will rewrite, so the published files are never written into."""

    def __init__(self, out: Path):
        import tempfile
        import threading

        spare = spare_of(out)
        self.folder = spare if spare.is_dir() else Path(tempfile.mkdtemp(prefix=".site-", dir=out.parent))
        self._error: BaseException | None = None

        def work():
            try:
                copy_site(out, self.folder)
            except BaseException as e:  # reported when the copy is used
                self._error = e

        self._thread = threading.Thread(target=work, daemon=True)
        self._thread.start()

    def result(self) -> Path:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self.folder

    def discard(self) -> None:
        self._thread.join()
        if self.folder.is_dir():
            remove_in_background(self.folder)


def spare_of(out: Path) -> Path:
    """Where the site before last is kept for the next build to stage in."""
    return out.with_name(f".{out.name}-spare")


def stage_previous(cache: Path, out: Path) -> StagedCopy | None:
    """Start staging the previous site when the next build will probably only render some pages."""
    if out.is_dir() and load_state(cache, out):
        return StagedCopy(out)
    return None


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(src, dst)


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def sync_tree(src: str, dst: str) -> None:
    """Make `dst` a hard-linked twin of `src`, touching only entries that differ: a file is
    relinked when it is not the same inode (read from the directory listing, no stat), extra
    entries go. A link costs ~0.3 ms on a journaling disk and a city's site has 3,000 entries;
    between two builds a handful differ."""
    try:
        existing = {e.name: e for e in os.scandir(dst)}
    except FileNotFoundError:
        os.mkdir(dst)
        existing = {}
    for entry in os.scandir(src):
        target = existing.pop(entry.name, None)
        path = os.path.join(dst, entry.name)
        if entry.is_dir(follow_symlinks=False):
            if target is not None and not target.is_dir(follow_symlinks=False):
                os.unlink(target.path)
            sync_tree(entry.path, path)
            continue
        if target is not None:
            if not target.is_dir(follow_symlinks=False) and target.inode() == entry.inode():
                continue
            _remove(target)
        _link_or_copy(entry.path, path)
    for target in existing.values():
        _remove(target)


def copy_site(old: Path, new: Path) -> None:
    """Stage the previous site (mtimes kept: they tell MkDocs what is stale)."""
    sync_tree(str(old), str(new))


class PageInputs:
    """What each community page was last written from, so an unchanged page is neither built nor
    rendered again: the plan's files, the site templates, plcpub itself, the community's own files
    (photos by size and time)."""

    def __init__(self, manifest: Path, templates: dict[str, Path]):
        self.path = manifest
        try:
            self.previous = json.loads(manifest.read_text("utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, str] = {}
        h = hashlib.sha256(code_digest().encode())
        for name, path in templates.items():  # the project's overrides (the package's are in the code digest too)
            h.update(name.encode("utf-8") + b"\0" + file_digest(path))
        self.frame = h.hexdigest()

    def plan_key(self, pb, links) -> str:
        h = hashlib.sha256((self.frame + repr(links)).encode())
        for doc in (pb.doc, pb.schools_doc):
            if doc is not None:
                h.update(doc.source.text.encode("utf-8"))
        return h.hexdigest()

    def unchanged(self, rel: str, plan_key: str, sb, outputs: list[Path]) -> bool:
        """Record this page's inputs; True when they match the last build and its files exist."""
        h = hashlib.sha256(plan_key.encode())
        for doc in (sb.doc, sb.outcome_doc, sb.story_doc):
            if doc is not None:
                h.update(doc.source.text.encode("utf-8"))
        h.update(sb.folder_stats.encode("utf-8"))
        key = self.current[rel] = h.hexdigest()
        return self.previous.get(rel) == key and all(o.exists() for o in [self.path.parent / "docs" / rel, *outputs])

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.current), "utf-8")
