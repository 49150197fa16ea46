"""Issue #16, item 6: import never loses data. A form holds part of a community's file; import
merges what it holds into the file and keeps the rest, an unchanged form changes no byte, any
error writes nothing, and a community past the school's stage changes only with --force."""
from __future__ import annotations

import difflib
import subprocess
import sys

import pytest

from plcpub.forms.importer import import_form
from plcpub.forms.merge import merge_text
from plcpub.forms.ods import write_budget_sheet
from plcpub.forms.odt import write_odt
from plcpub.forms.prefill import prefilled
from plcpub.forms.spec import application

from .conftest import ROOT, project_copy

DRAFT = "183605-local-curriculum"  # hsinchu-111, 草稿


def _items(plan):
    return {it.name for it in plan.budget.items}


def _unchanged(path, plan, text):
    res = import_form(path, plan)
    assert res.errors == [], res.errors
    new, changed = merge_text(text, res.data, res.holds, _items(plan))
    return new == text and not changed, changed


@pytest.mark.slow
def test_every_unchanged_prefilled_form_imports_to_the_same_bytes(project, tmp_path):
    """ODT and ODS for every example community, the fillable PDF for one of each plan."""
    from plcpub.forms.pdf import render_html, write_pdf
    from plcpub.forms.acroform import AcroFormFinisher
    from plcpub.forms.render import project_font

    font = project_font(project)
    pdf_done = set()
    for sb in project.submissions:
        plan = project.plans[sb.sub.plan].plan
        text = (sb.dir / "community.yaml").read_text("utf-8")
        spec = prefilled(application(plan), plan, sb.sub)
        for path in (write_odt(spec, tmp_path / f"{sb.id}.odt"),
                     write_budget_sheet(plan, tmp_path / f"{sb.id}.ods", sb.sub)):
            same, changed = _unchanged(path, plan, text)
            assert same, (sb.id, path.suffix, changed)
        if plan.id not in pdf_done:
            pdf = write_pdf(render_html(spec, project.paths.templates("forms"), font, printable=False),
                            tmp_path / f"{sb.id}.pdf", True, [font.parent], finisher=AcroFormFinisher(spec))
            same, changed = _unchanged(pdf, plan, text)
            assert same, (sb.id, "pdf", changed)
            pdf_done.add(plan.id)
    assert len(pdf_done) == len(project.plans)


def test_a_changed_form_changes_only_what_it_holds(project):
    """A member renamed and a place cleared: those lines change; a lecturer's unit and title, a
    line's details, the status and its history stay as written."""
    from plcpub.forms.importer import to_submission

    sb = next(s for s in project.submissions_of("hsinchu-111") if s.id == "183501-cross-domain-inquiry")
    plan = project.plans["hsinchu-111"].plan
    spec = prefilled(application(plan), plan, sb.sub)
    values = {f.name: f.value for f in spec.all_fields()} | {"member_2_name": "劉建智", "s2_place": "",
                                                           "b_printing_qty": "30", "b_printing_total": "2400",
                                                           "budget_total": "", "budget_words": ""}
    res = to_submission(spec, plan, values)
    text = (sb.dir / "community.yaml").read_text("utf-8")
    new, changed = merge_text(text, res.data, res.holds, _items(plan))
    assert changed == ["members", "schedule", "budget"]
    diff = list(difflib.unified_diff(text.splitlines(), new.splitlines(), n=0, lineterm=""))[2:]
    gone = [d[1:] for d in diff if d.startswith("-")]
    came = [d[1:] for d in diff if d.startswith("+")]
    assert gone == ["- {name: 劉建志, school: '183501', subject: 社會}", "  place: 竹風國中會議室",
                    "- {item: 印刷費, quantity: 60, unit: 份, unit_price: 80, note: 講義、學習單印製}"]
    assert came == ["- {name: 劉建智, school: '183501', subject: 社會}",
                    "- {item: 印刷費, quantity: 30, unit: 份, unit_price: 80, note: 講義、學習單印製}"]
    assert "unit: 國立清華大學教育學院, title: 教授" in new and "details:" in new and "status: 已繳成果報告" in new


def _import(root, *args):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "import", *args],
                          capture_output=True, text=True)


@pytest.mark.slow
def test_the_import_command_merges_shows_the_diff_and_writes_nothing_on_error(project, tmp_path):
    from plcpub.load.project import load_project

    root = project_copy(tmp_path / "proj")
    copy = load_project(root)
    sb = next(s for s in copy.submissions_of("hsinchu-111") if s.id == DRAFT)
    plan = copy.plans["hsinchu-111"].plan
    target = sb.dir / "community.yaml"
    before = target.read_text("utf-8")
    spec = prefilled(application(plan), plan, sb.sub)

    same = write_odt(spec, tmp_path / "same.odt")
    r = _import(root, str(same), "--plan", "hsinchu-111", "--name", DRAFT)
    assert r.returncode == 0 and "沒有任何變更" in r.stdout, r.stdout + r.stderr
    assert target.read_text("utf-8") == before

    for f in spec.all_fields():
        if f.name == "community_name":
            f.value = sb.sub.name + "（修訂）"
    r = _import(root, str(write_odt(spec, tmp_path / "renamed.odt")), "--plan", "hsinchu-111", "--name", DRAFT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"-name: {sb.sub.name}" in r.stdout and f"+name: {sb.sub.name}（修訂）" in r.stdout  # the diff
    after = target.read_text("utf-8")
    assert [b for b in after.splitlines() if b not in before.splitlines()] == [f"name: {sb.sub.name}（修訂）"]

    closed = next(s for s in copy.submissions_of("hsinchu-111") if s.id == "183502-chinese-reading")  # 已核結
    spec = prefilled(application(plan), plan, closed.sub)
    for f in spec.all_fields():  # 印刷費 far above the tier's cap: check's error, so nothing may land
        if f.name == "b_printing_price":
            f.value = "99999"
        if f.name == "b_printing_qty":
            f.value = "99"
    closed_before = (closed.dir / "community.yaml").read_text("utf-8")
    over = write_odt(spec, tmp_path / "over.odt")
    r = _import(root, str(over), "--plan", "hsinchu-111", "--name", closed.id, "--force")
    assert r.returncode == 1 and "error[" in r.stdout and "沒有任何變更" in r.stdout, r.stdout + r.stderr
    assert (closed.dir / "community.yaml").read_text("utf-8") == closed_before


def test_a_total_that_disagrees_is_named_not_taken(project):
    from plcpub.forms.importer import to_submission

    sb = next(s for s in project.submissions_of("hsinchu-111") if s.id == "183501-cross-domain-inquiry")
    plan = project.plans["hsinchu-111"].plan
    spec = prefilled(application(plan), plan, sb.sub)
    values = {f.name: f.value for f in spec.all_fields()} | {"b_printing_qty": "30"}  # totals left as they were
    res = to_submission(spec, plan, values)
    assert res.data is None
    assert "經費概算表「印刷費」的總價寫 4800，但數量 × 單價為 2,400 元。" in res.errors
    assert any("合計寫" in e for e in res.errors)
    values |= {"b_printing_total": "", "budget_total": "", "budget_words": ""}  # cleared: worked out on import
    assert to_submission(spec, plan, values).errors == []


def test_messages_speak_to_a_form_user(project, tmp_path):
    """A Word file, a negative quantity, a field pasted full: each named as a clerk would say it."""
    from plcpub.forms.importer import to_submission

    plan = project.plans["hsinchu-111"].plan
    word = tmp_path / "申請書.docx"
    word.write_bytes(b"PK\x03\x04")
    assert import_form(word, plan).errors == ["Word 檔無法直接匯入：請用 Word、Excel 或 LibreOffice 開啟後，「另存新檔」為 .odt 再匯入。"
                                              .replace("Word 檔", ".docx 檔")]
    sb = next(s for s in project.submissions_of("hsinchu-111") if s.id == "183501-cross-domain-inquiry")
    spec = prefilled(application(plan), plan, sb.sub)
    values = {f.name: f.value for f in spec.all_fields()}
    res = to_submission(spec, plan, values | {"b_printing_qty": "-3", "b_printing_total": ""})
    assert "經費概算表「印刷費」的數量是 -3，數量不能是負數。" in res.errors
    res = to_submission(spec, plan, values | {"summary": "字" * 20_000})
    assert len(res.errors) == 1 and "「概述」有 20,000 字" in res.errors[0]
    assert "YAML" not in res.errors[0] and "照片" not in res.errors[0]


def test_two_lines_of_one_item_are_not_folded_into_one(project):
    """The form has one row per budget item; a file with two 印刷費 lines is refused, not merged."""
    from plcpub.forms.merge import MergeError

    sb = next(s for s in project.submissions_of("hsinchu-111") if s.id == "183501-cross-domain-inquiry")
    plan = project.plans["hsinchu-111"].plan
    text = (sb.dir / "community.yaml").read_text("utf-8")
    doubled = text.replace("- {item: 印刷費, quantity: 60, unit: 份, unit_price: 80, note: 講義、學習單印製}",
                           "- {item: 印刷費, quantity: 60, unit: 份, unit_price: 80, note: 講義、學習單印製}\n"
                           "- {item: 印刷費, quantity: 10, unit: 份, unit_price: 50, note: 成果手冊}")
    assert doubled != text
    from plcpub.forms.importer import to_submission
    spec = prefilled(application(plan), plan, sb.sub)
    res = to_submission(spec, plan, {f.name: f.value for f in spec.all_fields()})
    with pytest.raises(MergeError, match="印刷費"):
        merge_text(doubled, res.data, res.holds, _items(plan))
