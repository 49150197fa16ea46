"""The example project with an attacker's and a careless clerk's data, built as a centre would, then
read back in every format: no formula from data in any spreadsheet (public or private), no hidden
case named anywhere (calendars included), every link resolves, photos placed only from the folder.
Slow: builds the site and the forms once for the whole module."""
from __future__ import annotations

import csv
import html
import io
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from openpyxl import load_workbook

from plcpub.cli import main

from .conftest import project_copy
from .test_hardening import public_text

pytestmark = pytest.mark.slow

FORMULA_NAME = '=HYPERLINK("http://x.test/","閱讀")'
FORMULA_MEMBER = "@SUM(1+1)"
FORMULA_SCHOOL = "=cmd|' /C calc'!A0"
HIDDEN = {"不公開的未通過社群", "不公開的撤回社群", "隱匿未通過國小", "隱匿撤回國中"}
SPACED = "183604 繪本 社群"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _hidden_case(root: Path, folder: str, code: str, name: str, status: str) -> None:
    src = root / "content" / "keelung-113" / "173502-rejected-example"
    dest = src.with_name(folder)
    shutil.copytree(src, dest)
    f = dest / "community.yaml"
    text = f.read_text("utf-8").replace("'173502'", f"'{code}'").replace("name: 英語口說社群", f"name: {name}")
    text = "\n".join(line for line in text.split("\n") if not line.startswith("case_code:"))
    f.write_text(text.replace("status: 未通過", f"status: {status}").replace("status: 未通過}", f"status: {status}}}"), "utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = project_copy(tmp_path_factory.mktemp("hostile"))
    plan = root / "plans" / "keelung-113" / "plan.yaml"
    _edit(plan, "    session_label: 審查結果說明\n", "    session_label: 審查結果說明\n    dates: [113年5月6日（一）]\n")
    _edit(plan, "    - {id: rejected, name: 未通過, stage: rejected}\n",
          "    - {id: rejected, name: 未通過, stage: rejected}\n    - {id: withdrawn, name: 撤回, stage: withdrawn}\n")
    _edit(plan, "to: [returned, executing, rejected]}", "to: [returned, executing, rejected, withdrawn]}")
    schools = root / "plans" / "keelung-113" / "schools.yaml"
    _edit(schools, "name: 雨都國小", "name: " + "'" + FORMULA_SCHOOL.replace("'", "''") + "'")
    schools.write_text(schools.read_text("utf-8") + '  - {code: "179998", name: 隱匿未通過國小, level: 國小, district: 仁愛區, classes: 6}\n'
                       '  - {code: "179999", name: 隱匿撤回國中, level: 國中, district: 仁愛區, classes: 9}\n', "utf-8")
    _hidden_case(root, "179998-hidden-rejected", "179998", "不公開的未通過社群", "未通過")
    _hidden_case(root, "179999-hidden-withdrawn", "179999", "不公開的撤回社群", "撤回")
    reading = root / "content" / "taoyuan-111" / "033601-basic-reading" / "community.yaml"
    _edit(reading, "name: 閱讀素養初階社群", "name: '" + FORMULA_NAME + "'")
    _edit(reading, "{name: 姚志明,", "{name: '" + FORMULA_MEMBER + "',")
    books = root / "content" / "hsinchu-111" / "183604-picture-books"
    books.rename(books.with_name(SPACED))
    story = root / "content" / "hsinchu-111" / "183601-math-inquiry" / "story.md"
    story.write_text(story.read_text("utf-8") + "\n\n成員分享課堂實踐時的樣子：\n\n![成員分享課堂實踐](story/2.png)\n", "utf-8")
    assert main(["--root", str(root), "check"]) == 0
    assert main(["--root", str(root)]) == 0
    assert main(["--root", str(root), "forms", "--plan", "taoyuan-111", "--jobs", "1"]) == 0
    return root


def test_no_spreadsheet_holds_a_formula_from_data(hostile):
    site, forms = hostile / "site", hostile / "forms"
    books = list(site.rglob("*.xlsx"))
    assert {p.name for p in books} >= {"keelung-113-timetable.xlsx", "taoyuan-111-results.xlsx"}
    texts = []
    for p in books:
        with zipfile.ZipFile(p) as z:
            assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")), p
        texts += [c.value for ws in load_workbook(p) for row in ws.iter_rows() for c in row if c.data_type == "s"]
    assert FORMULA_NAME in texts and FORMULA_SCHOOL in texts  # shown to the reader exactly as written
    for p in site.rglob("*.csv"):
        for row in csv.reader(io.StringIO(p.read_bytes().decode("utf-8-sig"), newline="")):
            for field in row:
                assert not field.startswith(("=", "+", "@", "\t", "\r")) and not re.match(r"-(?!\d+(\.\d+)?$)", field), (p, field)
    sheets = list(site.rglob("*.ods")) + list(forms.rglob("*.ods"))
    assert any(p.is_relative_to(forms) for p in sheets)  # the private, prefilled sheets are checked too
    named = False
    for p in sheets:
        with zipfile.ZipFile(p) as z:
            content = z.read("content.xml").decode("utf-8")
        formulas = re.findall(r'table:formula="([^"]*)"', content)
        assert not [f for f in formulas if "HYPERLINK" in f or "SUM(1" in f or "cmd" in f], p
        named |= FORMULA_NAME in html.unescape(re.sub(r"<[^>]+>", "", content))
    assert named  # the community named like a formula is in its own budget sheet, as text


def test_hidden_cases_are_named_in_no_public_output(hostile):
    texts = public_text(hostile / "site")
    assert any(p.endswith(".ics") for p in texts)
    for path, text in texts.items():
        text = text.replace("\u200b", "")
        assert not [h for h in HIDDEN if h in text], path
    from icalendar import Calendar
    review = hostile / "site" / "keelung-113" / "review"
    events = Calendar.from_ical((review / "keelung-113-timetable.ics").read_bytes()).walk("VEVENT")
    summaries = [str(e["summary"]) for e in events]
    assert len(summaries) == 8 and sum("「" not in s for s in summaries) >= 2  # the hidden cases keep an anonymous slot
    assert not (review / "schools" / "179998.ics").exists() and not (review / "schools" / "179999.ics").exists()
    page = (review / "index.html").read_text("utf-8")
    assert "尚在審查中的案件公開學校名稱" in page and "依計畫 玖、三、（四）備註1" in page


def test_every_link_on_the_site_resolves(hostile):
    site = hostile / "site"
    checked = 0
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        for ref in re.findall(r'(?:href|src)="([^"]+)"', html):
            if ref.startswith(("#", "http:", "https:", "mailto:", "data:", "javascript:")) or "{" in ref:
                continue
            assert " " not in ref and "\n" not in ref, (page, ref)
            path = unquote(urlsplit(ref).path)
            target = (site / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()  # 404.html: from the root
            assert target.exists() and (target.is_file() or (target / "index.html").is_file()), (page, ref)
            checked += 1
    assert checked > 1000
    spaced = site / "hsinchu-111" / "communities" / SPACED / "index.html"
    assert spaced.is_file()
    listing = (site / "hsinchu-111" / "communities" / "index.html").read_text("utf-8")
    assert "183604%20%E7%B9%AA%E6%9C%AC%20%E7%A4%BE%E7%BE%A4/" in listing
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "183604%20%E7%B9%AA%E6%9C%AC" in sitemap


def test_a_story_photo_placed_in_the_text_is_shown_there_once(hostile):
    """The text's ![](story/2.png) was an <img> pointing at a file the site never copied."""
    page = (hostile / "site" / "hsinchu-111" / "communities" / "183601-math-inquiry" / "index.html").read_text("utf-8")
    sources = re.findall(r'<img src="([^"]+)"', page)
    assert [re.sub(r"\.(png|jpg)$", "", x) for x in sources] == ["photo-2", "photo-1", "photo-3"]  # in the text, then the rest
    assert page.index('<img src="photo-2') > page.index("成員分享課堂實踐時的樣子")
