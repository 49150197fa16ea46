"""A filled form is checked as an archive before anything is decompressed or parsed.

ODT and ODS files are zip archives of XML. A 1 MB file can expand to gigabytes (a zip bomb), and
XML can define entities that expand to gigabytes (billion laughs); either would exhaust the
machine before the importer sees a single field. The zip directory states every member's size,
and zipfile never inflates a member beyond its stated size, so checking the directory is enough
for sizes; the XML members are then streamed once, with a bounded buffer, to refuse document
type declarations (no OpenDocument file has one, so no entity can be defined).
"""
from __future__ import annotations

import zipfile
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024  # a filled form is well under 1 MB; room for pasted photos
MAX_MEMBERS = 1000
MAX_XML_BYTES = 8 * 1024 * 1024  # content.xml of a form with 100 schedule rows is ~300 KB
MAX_MEMBER_BYTES = 30 * 1024 * 1024  # an embedded picture
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100  # XML compresses 5–20×; a member far above that is built to expand
RATIO_FROM_BYTES = 1024 * 1024  # small members may compress further without harm
_CHUNK = 64 * 1024


class ArchiveError(Exception):
    """A file refused before reading; the message is for the school (zh-TW)."""


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ArchiveError(f"檔案過大（{size / 1024 / 1024:.1f} MB），表件上限 {MAX_FILE_BYTES // 1024 // 1024} MB；"
                           "請確認選的是網站下載、填好的表件。")


def check_odf(path: Path) -> None:
    """Refuse an ODT/ODS whose members would expand beyond what a form can hold, or whose XML
    declares a document type (entities). Cheap: reads the zip directory and the XML once."""
    check_size(path)
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
            if len(members) > MAX_MEMBERS:
                raise ArchiveError(f"檔案內含 {len(members)} 個項目，不像是表件（上限 {MAX_MEMBERS}）。")
            total = 0
            for m in members:
                xml = m.filename.endswith(".xml")
                limit = MAX_XML_BYTES if xml else MAX_MEMBER_BYTES
                total += m.file_size
                if m.file_size > limit or total > MAX_TOTAL_BYTES:
                    raise ArchiveError(f"檔案內的「{m.filename}」解壓縮後 {m.file_size / 1024 / 1024:.0f} MB，"
                                       "遠超過表件的大小，可能是惡意檔案，不予匯入。")
                if m.file_size > RATIO_FROM_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                    raise ArchiveError(f"檔案內的「{m.filename}」壓縮比異常（{m.file_size // max(m.compress_size, 1)} 倍），"
                                       "可能是惡意檔案（壓縮炸彈），不予匯入。")
            for m in members:
                if m.filename.endswith(".xml") and _declares_doctype(z, m):
                    raise ArchiveError(f"檔案內的「{m.filename}」含有文件類型宣告（DOCTYPE／ENTITY），"
                                       "OpenDocument 表件不會有，可能是惡意檔案，不予匯入。")
    except zipfile.BadZipFile:
        raise ArchiveError("無法讀取：檔案損壞或不是 OpenDocument 檔案。") from None
    except (OSError, RuntimeError, NotImplementedError, ValueError):  # encrypted, unknown compression, bad CRC
        raise ArchiveError("無法讀取：檔案損壞、加密或使用不支援的壓縮方式。") from None


def _declares_doctype(z: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    tail = b""
    with z.open(member) as f:
        while chunk := f.read(_CHUNK):
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return True
            tail = window[-16:]
    return False
