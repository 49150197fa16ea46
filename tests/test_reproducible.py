"""Two builds of the same input, from two fresh copies (separate caches, separate folders), are
byte-identical: PDFs, spreadsheets, pages, search index, sitemap. Slow: two full builds."""
from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from .conftest import ROOT, project_copy

pytestmark = pytest.mark.slow


def digests(site):
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    sites = []
    for name in ("a", "b"):
        root = project_copy(tmp_path / name)
        env = {"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
               "PLCPUB_CACHE": str(tmp_path / name / ".cache")}
        subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root)], check=True, env=env,
                       capture_output=True)
        sites.append(digests(root / "site"))
    a, b = sites
    assert a.keys() == b.keys()
    different = sorted(k for k in a if a[k] != b[k])
    assert different == [], different[:10]
