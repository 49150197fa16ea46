"""Reading files safely: size limit, encoding, BOM, CRLF.

Clerks save files from Word or Notepad; Big5 and UTF-16 must give a clear error, not a crash.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from plcpub.diagnostics import Diagnostic

MAX_FILE_BYTES = 2 * 1024 * 1024  # a submission is a few KB; 2 MB leaves room for long stories


class SourceError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass
class Source:
    path: Path
    display: str  # path as shown to users (relative to the project when possible)
    text: str

    def line(self, n: int) -> str:
        lines = self.text.split("\n")
        return lines[n - 1] if 0 < n <= len(lines) else ""


def display_path(path: Path, root: Path | None = None) -> str:
    try:
        return os.path.relpath(path, root or Path.cwd())
    except ValueError:
        return str(path)


def _fail(display: str, rule: str, message: str) -> SourceError:
    return SourceError(Diagnostic(display, 1, 1, rule, "error", message))


def read_source(path: Path, root: Path | None = None) -> Source:
    display = display_path(path, root)
    if path.is_symlink() and not path.resolve().is_relative_to((root or Path.cwd()).resolve()):
        raise _fail(display, "file.symlink", "檔案是指向專案外的連結，基於安全不予讀取。")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(display, "file.too-large",
                        f"檔案過大（{size / 1024 / 1024:.1f} MB），上限為 {MAX_FILE_BYTES // 1024 // 1024} MB；"
                        "照片請另存檔案，不要貼進 YAML。")
        data = path.read_bytes()
    except SourceError:
        raise
    except IsADirectoryError:
        raise _fail(display, "file.unreadable", "這是資料夾，不是檔案。")
    except OSError as e:
        raise _fail(display, "file.unreadable", f"無法讀取檔案（{e.strerror or e}）。")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(display, "file.encoding", "檔案是 UTF-16 編碼，請另存為「UTF-8」編碼後再試。")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise SourceError(Diagnostic(display, line, 1, "file.encoding", "error",
                                     "檔案不是 UTF-8 編碼（可能是 Big5），請用記事本或編輯器「另存為 UTF-8」後再試。"))
    if "\x00" in text:
        raise _fail(display, "file.encoding", "檔案含有 NUL 字元，看起來不是文字檔。")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(path, display, text)


def inside(base: Path, rel: str) -> Path | None:
    """The file `rel` under `base`, or None if the path leaves `base` (absolute, a URL, '..' or a
    link out): data never names a file outside its own folder."""
    if rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel) or "://" in rel:
        return None
    parts = Path(rel).parts
    plain = base / rel
    if ".." not in parts and not any(os.path.islink(base.joinpath(*parts[:k])) for k in range(1, len(parts) + 1)):
        return plain  # no way out without '..' or a link: skip the slow full resolve (thousands of photos)
    p = plain.resolve()
    return p if p.is_relative_to(base.resolve()) else None
