"""A content-addressed cache for work that is the same for the same inputs: parsed submissions
and their rule findings. Keys are hashes of everything the work read (file bytes, the plan,
plcpub's own code), so a stale entry cannot be hit; entries are pickles under .cache/objects/."""
from __future__ import annotations

import hashlib
import os
import pickle
import time
from functools import lru_cache
from pathlib import Path

from plcpub import __version__
from plcpub.paths import Paths


@lru_cache(maxsize=1)
def code_digest() -> str:
    """plcpub's version, source and own templates: any change invalidates every cached result."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for p in sorted(package.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and (p.suffix in (".py", ".yaml") or "templates" in p.parts):
            h.update(p.relative_to(package).as_posix().encode() + p.read_bytes())
    return h.hexdigest()


def key_of(*parts: bytes | str) -> str:
    h = hashlib.sha256(code_digest().encode())
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def folder_stats(folder: Path) -> str:
    """Names, sizes and times of a community folder's files (photos and records that rules read)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            st = os.stat(os.path.join(dirpath, name))
            out.append(f"{os.path.relpath(os.path.join(dirpath, name), folder)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(out)


class FileDigests:
    """sha256 of files, remembered by (size, mtime, ctime, inode) as git's index does: a rebuild of a city
    with thousands of phone photos stats them instead of reading gigabytes. One table per process
    (`file_digest`), loaded from and saved to the project's .cache by the build."""

    RACY_NS = 2_000_000_000  # a file written in the last 2 s may change again within the same mtime tick

    def __init__(self):
        self.table: dict[str, tuple[tuple[int, int, int, int], bytes]] = {}
        self.changed = False

    def digest(self, path: Path | str) -> bytes:
        """Raises OSError like open() when the file cannot be read."""
        name = os.fspath(path)
        st = os.stat(name)
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        hit = self.table.get(name)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        with open(name, "rb") as f:
            value = hashlib.file_digest(f, "sha256").digest()
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > self.RACY_NS:
            self.table[name] = (stamp, value)
            self.changed = True
        return value

    def load(self, path: Path) -> None:
        try:
            self.table.update(pickle.loads(path.read_bytes()))
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            pass

    def save(self, path: Path) -> None:
        if not self.changed:
            return
        self.table = {name: entry for name, entry in self.table.items() if os.path.exists(name)}  # deleted files go
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(self.table, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(path)
            self.changed = False
        except OSError:
            pass


DIGESTS = FileDigests()


def file_digest(path: Path | str) -> bytes:
    return DIGESTS.digest(path)


def digests_file(root: Path) -> Path:
    return Paths(root).digests


class ObjectCache:
    KEEP_UNUSED_DAYS = 7  # superseded entries stay a week: undoing an edit is still a cache hit

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str):
        try:
            value = pickle.loads(self._path(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None
        self.used.add(key)
        return value

    def sweep(self) -> int:
        """Remove entries this run did not use and nobody wrote for a week: every edit leaves the
        old parse, findings and booklet behind, and editors rebuild many times a day."""
        cutoff = time.time() - self.KEEP_UNUSED_DAYS * 86400
        removed = 0
        try:
            subdirs = list(os.scandir(self.folder))
        except OSError:
            return 0
        for sub in subdirs:
            if not sub.is_dir():
                continue
            for entry in os.scandir(sub.path):
                try:
                    if entry.name.split(".")[0] not in self.used and entry.stat().st_mtime < cutoff:
                        os.unlink(entry.path)
                        removed += 1
                except OSError:
                    pass
        return removed

    def put(self, key: str, value) -> None:
        self.used.add(key)
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(path)
        except OSError:  # a read-only or full disk only costs speed
            pass


def project_cache(root: Path) -> ObjectCache:
    return ObjectCache(Paths(root).objects)
