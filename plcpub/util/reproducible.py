"""Byte-identical outputs for identical inputs: zip-based documents (ODT, ODS, XLSX) carry the
time they were written in every entry; this rewrites them with one fixed time, same order. The
build's own clock honours SOURCE_DATE_EPOCH, so two builds of the same input at different times agree."""
from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

FIXED = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


def normalise_zip(path: Path) -> Path:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for info in src.infolist():  # order kept: ODF needs "mimetype" first and stored
            fixed = zipfile.ZipInfo(info.filename, FIXED)
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            data = src.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            dst.writestr(fixed, data)
    tmp.replace(path)
    return path


def build_time() -> dt.datetime:
    """Now (UTC, whole seconds), or SOURCE_DATE_EPOCH when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return now.replace(microsecond=0)


def build_date() -> dt.date:
    """Today (local), or SOURCE_DATE_EPOCH's date when set."""
    return build_time().date() if os.environ.get("SOURCE_DATE_EPOCH") else dt.date.today()
