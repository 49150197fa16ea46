"""Published images carry no metadata: EXIF (GPS above all), XMP and comments are removed.

PNG keeps only the chunks that draw the picture; JPEG drops APPn (except the JFIF header) and
comment segments. Anything else is not published. Resizing for print and web comes with the
booklet; this only makes copying a photo to a public page safe.
"""
from __future__ import annotations

import struct
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB"}


class UnsupportedImage(ValueError):
    pass


def _strip_png(data: bytes) -> bytes:
    out, pos = [PNG_SIGNATURE], len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise UnsupportedImage("PNG 檔案不完整")
        if kind in PNG_KEEP:
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            break
    return b"".join(out)


def _strip_jpeg(data: bytes) -> bytes:
    out, pos = [b"\xff\xd8"], 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise UnsupportedImage("JPEG 檔案格式錯誤")
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: the rest is image data
            out.append(data[pos:])
            return b"".join(out)
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        segment = data[pos:pos + 2 + length]
        is_jfif = marker == 0xE0 and segment[4:9] == b"JFIF\x00"
        if not ((0xE1 <= marker <= 0xEF) or marker == 0xFE or (marker == 0xE0 and not is_jfif)):
            out.append(segment)
        pos += 2 + length
    raise UnsupportedImage("JPEG 檔案不完整")


def strip_metadata(data: bytes) -> bytes:
    if data.startswith(PNG_SIGNATURE):
        return _strip_png(data)
    if data.startswith(b"\xff\xd8"):
        return _strip_jpeg(data)
    raise UnsupportedImage("只接受 PNG 或 JPEG 照片")


def publish_image(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(strip_metadata(src.read_bytes()))
