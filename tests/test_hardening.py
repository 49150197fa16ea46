"""What a public site must never do: leak a teacher's phone, e-mail or ID number, publish a draft
or rejected community, carry GPS in a photo, or be left half-written when a build is killed.
Slow: scans the built site, builds and kills a build."""
from __future__ import annotations

import hashlib
import re
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from .conftest import ROOT, project_copy

pytestmark = pytest.mark.slow
NATIONAL_ID = re.compile(r"\b[A-Z][12]\d{8}\b")


def private_values() -> tuple[set[str], set[str]]:
    """Every phone (digits only) and e-mail written in the example submissions."""
    phones, emails = set(), set()
    for f in (ROOT / "content").rglob("*.yaml"):
        text = f.read_text("utf-8")
        phones |= {re.sub(r"\D", "", m) for m in re.findall(r"phone: *['\"]?([\d\-() #轉]+)", text)}
        emails |= set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.-]+", text))
    return {p for p in phones if len(p) >= 8}, emails


def search_data_text(path) -> str:
    """A Pagefind file as text: gunzipped, its words turned back into the characters they stand for
    (render/site/search.py writes a pair of Chinese characters as zh + two code points)."""
    import gzip

    text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    return re.sub(r"zh((?:[0-9a-f]{5}){1,2})", lambda m: "".join(chr(int(m.group(1)[i:i + 5], 16))
                                                               for i in range(0, len(m.group(1)), 5)), text)


def public_text(site) -> dict[str, str]:
    """The text of every published file a reader can open: pages, data, calendars, PDFs, spreadsheets."""
    out = {}
    for p in site.rglob("*"):
        if not p.is_file():
            continue
        if p.suffix in (".html", ".json", ".xml", ".ics", ".csv", ".js", ".txt"):
            out[str(p)] = p.read_text("utf-8", errors="replace")
        elif p.suffix in (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"):
            out[str(p)] = search_data_text(p)
        elif p.suffix == ".pdf":
            out[str(p)] = subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True).stdout
        elif p.suffix in (".xlsx", ".ods", ".odt"):
            with zipfile.ZipFile(p) as z:
                out[str(p)] = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return out


def test_no_private_data_in_any_public_output(built):
    phones, emails = private_values()
    assert phones and emails  # the examples do contain contact data: the scan means something
    texts = public_text(built)
    assert len(texts) > 100
    for path, text in texts.items():
        digits = re.sub(r"\D", "", text)
        assert not [p for p in phones if p in digits], path
        assert not [e for e in emails if e in text], path
        assert not NATIONAL_ID.search(text), path


def test_no_unpublished_community_is_named(built, project):
    def public(sb):
        st = project.plans[sb.sub.plan].plan.status(sb.sub.status)
        return st is not None and st.public

    shown = {sb.sub.name for sb in project.submissions if public(sb)}
    hidden = {sb.sub.name for sb in project.submissions if not public(sb)} - shown  # drafts, rejected, in review
    assert hidden
    texts = public_text(built)  # pages, search index, sitemap, calendars, CSV, XLSX, ODS, ODT, PDF text
    assert {p.rsplit(".", 1)[-1] for p in texts} >= {"html", "json", "xml", "csv", "xlsx", "ods", "odt", "pdf",
                                                    "pf_fragment", "pf_index"}
    for path, text in texts.items():
        text = text.replace("\u200b", "")
        assert not [name for name in hidden if name in text], path


def test_published_photos_carry_no_metadata(built):
    photos = [p for p in built.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png") and "assets" not in p.parts]
    assert photos
    for p in photos:
        data = p.read_bytes()
        assert b"Exif" not in data and b"GPS" not in data and b"tEXt" not in data, p


def test_a_killed_build_leaves_the_previous_site_intact(tmp_path):
    root = project_copy(tmp_path / "proj")
    build = [sys.executable, str(ROOT / "build.py"), "--root", str(root)]
    subprocess.run(build, check=True, capture_output=True)
    site = root / "site"
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()}
    proc = subprocess.Popen(build + ["build", "--full"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not any(d.is_dir() and any(d.rglob("*.html")) for d in root.glob(".site-*")):
        time.sleep(0.05)  # wait until MkDocs is writing pages into the temporary folder
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()}
    assert after == before
    subprocess.run(build + ["build", "--full"], check=True, capture_output=True)  # and the next build still works
    assert (site / "index.html").is_file()
