"""Forms: built from plan data, fillable with Chinese values, read back without re-typing, and
every bad file refused with a message naming the problem. Slow: builds the subset font once."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from plcpub.forms.importer import import_form
from plcpub.forms.render import write_plan_forms

from .conftest import ROOT

pytestmark = pytest.mark.slow
MAX_FILLABLE = 3.5 * 1024 * 1024  # issue #16: with all of Big5 and the HKSCS hanzi embedded


@pytest.fixture(scope="module")
def forms(project, tmp_path_factory):
    """{plan: {"fillable" | "printable" | "odt": application file, "all": every file written}}."""
    out = tmp_path_factory.mktemp("forms")
    made = {}
    for pid in ("hsinchu-111", "tainan-109", "taoyuan-111"):
        files = [p for entry in write_plan_forms(project, project.plans[pid], out) for _, p in entry.files]
        made[pid] = {"all": files} | {p.name.rsplit("-", 1)[1][:-4] if p.suffix == ".pdf" else p.suffix[1:]: p
                                      for p in files if "-application" in p.name}
    return made


def fill(src: Path, dest: Path, values: dict, radios: dict = (), checks: tuple = ()) -> Path:
    """Fill as a script would, through pypdf's own API: radio states by option value (/project),
    checkboxes by their on state."""
    writer = PdfWriter(clone_from=PdfReader(str(src)))
    values = {"cross_school": "/no", **values, **dict(radios), **{name: "/on" for name in checks}}
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(str(dest))
    return dest


VALUES = {"community_name": "閱讀素養測試社群", "school": "183602", "convener_name": "簡佩君", "convener_phone": "03-5550000",
          "member_1_name": "羅志豪", "member_2_name": "蘇怡萱", "member_2_school": "183605",
          "summary": "以閱讀理解策略為主軸，共同設計提問單並公開授課。",
          "s1_date": "111.09.14", "s1_start": "13:30", "s1_end": "15:00", "s1_content": "專書共讀",
          "s1_method": "主題探討（含影帶、專書）", "s1_host": "簡佩君", "s1_host_kind": "主持人",
          "b_printing_qty": "20", "b_printing_price": "5,0", "b_misc_qty": "1", "b_misc_price": "50"}


def test_blank_fillable_form_is_small_and_has_unique_ascii_fields(forms):
    pdf = forms["hsinchu-111"]["fillable"]
    assert pdf.stat().st_size <= MAX_FILLABLE
    names = list((PdfReader(str(pdf)).get_fields() or {}).keys())
    assert names and all(n.isascii() for n in names)
    assert {"community_name", "tier", "summary", "s12_date", "b_misc_price"} <= set(names)  # 12 rows: 課程研創
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "新竹市111學年度教師專業學習社群申請書" in text and "課程研創學習社群" in text and "校長" in text


def test_printable_form_has_no_fields(forms):
    assert not PdfReader(str(forms["hsinchu-111"]["printable"])).get_fields()


def test_round_trip_with_chinese_values(forms, tmp_path, project):
    values = dict(VALUES, b_printing_price="50")
    filled = fill(forms["hsinchu-111"]["fillable"], tmp_path / "f.pdf", values, radios={"tier": "/project"},
                  checks=("area_2", "method_3"))
    shown = subprocess.run(["pdftotext", str(filled), "-"], capture_output=True, text=True).stdout
    assert "閱讀素養測試社群" in shown  # the filled value renders with the embedded font
    res = import_form(filled, project.plans["hsinchu-111"].plan)
    assert res.errors == []
    d = res.data
    assert (d["name"], d["tier"], d["school"]) == ("閱讀素養測試社群", "專題實踐學習社群", "183602")
    assert d["members"][1] == {"name": "蘇怡萱", "school": "183605"}
    assert d["content_areas"] == ["備觀議課"] and d["methods"] == ["主題探討（含影帶、專書）"]
    assert d["schedule"][0]["host"] == {"name": "簡佩君", "kind": "host"} and d["schedule"][0]["date"] == "111.09.14"
    assert {"item": "印刷費", "quantity": "20", "unit": "份", "unit_price": 50} in d["budget"]


@pytest.mark.parametrize("change, message", [
    ({"b_printing_price": "五千"}, "印刷費"),
    ({"b_printing_price": "5,000.5"}, "小數"),
    ({"community_name": ""}, "社群名稱"),
    ({"s1_host_kind": "老師"}, "類型"),
])
def test_bad_values_name_the_field(forms, tmp_path, project, change, message):
    filled = fill(forms["hsinchu-111"]["fillable"], tmp_path / "f.pdf", {**VALUES, "b_printing_price": "50", **change},
                  radios={"tier": "/autonomy"})
    res = import_form(filled, project.plans["hsinchu-111"].plan)
    assert res.data is None and any(message in e for e in res.errors), res.errors


def test_wrong_plan_not_plcpub_and_renamed_fields_are_refused(forms, tmp_path, project):
    plan = project.plans["hsinchu-111"].plan
    other = import_form(forms["tainan-109"]["fillable"], plan)
    assert other.data is None and "tainan-109" in other.errors[0]
    from weasyprint import HTML
    foreign = tmp_path / "foreign.pdf"
    HTML(string="<p>別的 PDF</p>").write_pdf(str(foreign))
    assert "不是 plcpub" in import_form(foreign, plan).errors[0]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    assert import_form(broken, plan).errors
    renamed = tmp_path / "renamed.pdf"
    writer = PdfWriter(clone_from=PdfReader(str(forms["hsinchu-111"]["fillable"])))
    for page in writer.pages:
        for annot in page.get("/Annots", []):
            if annot.get_object().get("/T") == "community_name":
                annot.get_object()[NameObject("/T")] = TextStringObject("community_nam3")
    writer.write(str(renamed))
    assert "community_nam3" in import_form(renamed, plan).errors[0]
    assert import_form(tmp_path / "x.docx", plan).errors


def test_every_listed_form_is_generated(forms):
    """Hsinchu's annexes 1–4 (with appendices 1–2 and 3-1), Taoyuan's checklist: PDF ×2 + ODT each."""
    names = {p.name for p in forms["hsinchu-111"]["all"]}
    for form in ("summary", "application", "materials", "books", "outcome", "dialogue", "story"):
        assert {f"hsinchu-111-{form}-fillable.pdf", f"hsinchu-111-{form}-printable.pdf", f"hsinchu-111-{form}.odt"} <= names
    assert "hsinchu-111-budget.ods" in names
    assert "taoyuan-111-evaluation-fillable.pdf" in {p.name for p in forms["taoyuan-111"]["all"]}
    text = lambda p: subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True).stdout  # noqa: E731
    outcome = text(next(p for p in forms["hsinchu-111"]["all"] if p.name == "hsinchu-111-outcome-printable.pdf"))
    assert "新竹市111學年度教師學習社群成果報告" in outcome and "本社群未來展望為何" in outcome and "承辦主任" in outcome
    story = text(next(p for p in forms["hsinchu-111"]["all"] if p.name == "hsinchu-111-story-printable.pdf"))
    assert "112年6月20日" in story and "47所學校的47個好學社群故事" in story
    check = text(next(p for p in forms["taoyuan-111"]["all"] if p.name == "taoyuan-111-evaluation-printable.pdf"))
    assert "期中檢核" in check and "議課紀錄" in check
    for p in forms["hsinchu-111"]["all"]:
        if p.name.endswith("-fillable.pdf"):
            assert p.stat().st_size <= MAX_FILLABLE, p.name


def test_import_command_writes_only_clean_forms(forms, tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "plans", root / "plans")
    bad = fill(forms["hsinchu-111"]["fillable"], tmp_path / "bad.pdf", VALUES, radios={"tier": "/autonomy"})  # price 5,0
    cmd = [sys.executable, str(ROOT / "build.py"), "--root", str(root), "import"]
    r = subprocess.run(cmd + [str(bad), "--plan", "hsinchu-111"], capture_output=True, text=True)
    assert r.returncode == 1 and "印刷費" in r.stdout and not (root / "content").exists()
    good = fill(forms["hsinchu-111"]["fillable"], tmp_path / "good.pdf", dict(VALUES, b_printing_price="50"),
                radios={"tier": "/autonomy"})
    r = subprocess.run(cmd + [str(good), "--plan", "hsinchu-111", "--name", "imported"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    written = (root / "content" / "hsinchu-111" / "imported" / "community.yaml").read_text("utf-8")
    assert written.startswith("# yaml-language-server:") and "閱讀素養測試社群" in written
    assert "already parsed" not in r.stderr


def test_signatures_never_stand_alone_and_name_the_plans_titles(project, tmp_path):
    """On every printable form of every plan the signature row shares its page with the form's
    content, and the titles are the plan's own (Taichung: 教務主任, 會計主任)."""
    from .pdfview import page_view

    lonely = []
    for pid, pb in project.plans.items():
        for entry in write_plan_forms(project, pb, tmp_path / pid):
            for label, path in entry.files:
                if not path.name.endswith("-printable.pdf"):
                    continue
                pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], capture_output=True,
                                                                        text=True).stdout).group(1))
                view = page_view(path, pages)
                sign = next((w for w in view.words if w.text.startswith("承辦人")), None)
                if sign is None:
                    continue
                rest = [w for w in view.words if w.y1 < sign.y0 - 2 and "頁" not in w.text]
                if not rest:
                    lonely.append(path.name)
                if pid == "taichung-103" and "-application-" in path.name:
                    assert [w.text for w in view.line_of(sign)][:4] == ["承辦人", "教務主任", "會計主任", "校長"]
    assert not lonely, f"signatures alone on the last page: {lonely}"
