"""Editable ODT/ODS forms as a school uses them: LibreOffice opens and prints every one, a form
filled in (boxes ticked with V, a member row added) and saved by LibreOffice imports back, and a
budget sheet edited in LibreOffice updates the community's budget. Slow: runs LibreOffice."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from odf import teletype
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.text import P

from plcpub.forms.importer import import_form
from plcpub.forms.ods import write_budget_sheet
from plcpub.forms.odt import write_odt
from plcpub.forms.render import write_plan_forms
from plcpub.forms.spec import application

from .conftest import ROOT, project_copy

pytestmark = pytest.mark.slow
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
ARTIFACTS = ROOT / "tests" / "artifacts"


def soffice(files: list[Path], outdir: Path, to: str) -> None:
    """Convert with LibreOffice headless, as a school's 'open, save as' would."""
    if SOFFICE is None:
        pytest.fail("LibreOffice is not installed: run `bash dev.sh test`, which installs it")
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{outdir}/lo-profile", "--convert-to", to,
                    "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def editable(project, tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("odf")
    return [p for pid in sorted(project.plans) for e in write_plan_forms(project, project.plans[pid], out)
            for _, p in e.files if p.suffix in (".odt", ".ods")]


def test_libreoffice_opens_and_prints_every_odt_and_ods(editable, tmp_path, project):
    soffice(editable, tmp_path, "pdf")
    for f in editable:
        pdf = tmp_path / f"{f.stem}.pdf"
        assert pdf.is_file(), f.name
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.replace(" ", "")
        plan = project.plans[f.name[:f.name.index("-", f.name.index("-") + 1)]].plan
        assert f"{plan.city}{plan.year}" in text, f.name  # the title, in Chinese, survived
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stem in ("hsinchu-111-application", "hsinchu-111-outcome"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(tmp_path / f"{stem}.pdf"),
                        str(ARTIFACTS / f"odt-{stem}")], check=True)


def _tables(doc) -> dict[str, Table]:
    return {t.getAttribute("name"): t for t in doc.text.getElementsByType(Table)}


def _set(cell: TableCell, text: str) -> None:
    for p in cell.getElementsByType(P):
        cell.removeChild(p)
    cell.addElement(P(text=text))


def _row(table: Table, heading: str) -> list[TableCell]:
    for row in table.getElementsByType(TableRow):
        cells = row.getElementsByType(TableCell)
        if cells and teletype.extractText(cells[0]).removesuffix("*").strip() == heading:
            return cells
    raise AssertionError(heading)


def _fill_like_a_school(blank: Path, target: Path) -> None:
    """Type into the blank application as someone in Writer would: values after labels, V in boxes,
    ● for the tier, a ninth member in an inserted row."""
    doc = load(str(blank))
    t = _tables(doc)
    _set(_row(t["application.0"], "社群名稱")[1], "閱讀素養測試社群")
    _set(_row(t["application.0"], "申請學校代碼")[1], "183602")
    tier = _row(t["application.0"], "申請類別")[1]
    paragraphs = tier.getElementsByType(P)
    second = teletype.extractText(paragraphs[1])
    tier.removeChild(paragraphs[1])
    tier.insertBefore(P(text="●" + second[1:]), paragraphs[2])
    cross = _row(t["application.0"], "跨校社群")[1]  # 是／否: ● before 否
    no = cross.getElementsByType(P)[1]
    cross.addElement(P(text="●" + teletype.extractText(no)[1:]))
    cross.removeChild(no)
    _set(_row(t["application.1"], "姓名")[1], "簡佩君")
    members = t["application.2"].getElementsByType(TableRow)
    for i, (school, name) in enumerate([("183602", "羅志豪")] + [("", f"成員{k}") for k in range(2, 10)], 1):
        if i == 9:  # the form has 8 rows: insert a ninth, as the seed's "依需求自行增列" asks
            new = TableRow()
            for _ in range(4):
                new.addElement(TableCell())
            members[-1].parentNode.addElement(new)
            members = t["application.2"].getElementsByType(TableRow)
        cells = members[i].getElementsByType(TableCell)
        _set(cells[0], str(i))
        _set(cells[1], school)
        _set(cells[2], name)
    area = t["application.3"].getElementsByType(TableCell)[0]
    _set(area, "V " + teletype.extractText(area)[2:])
    schedule = next(name for name, table in t.items() if "日期" in teletype.extractText(table.getElementsByType(TableRow)[0]))
    cells = t[schedule].getElementsByType(TableRow)[1].getElementsByType(TableCell)
    for cell, text in zip(cells[1:], ["111.09.14", "13:30", "15:00", "專書共讀", "主題探討（含影帶、專書）", "簡佩君", "主持人"]):
        _set(cell, text)
    budget = next(name for name, table in t.items() if "單價（元）" in teletype.extractText(table))
    printing = _row(t[budget], "印刷費（份）")
    _set(printing[1], "20")
    _set(printing[2], "50")
    doc.save(str(target))


def test_filled_odt_saved_by_libreoffice_imports_back(project, tmp_path):
    plan = project.plans["hsinchu-111"].plan
    blank = write_odt(application(plan), tmp_path / "blank.odt")
    _fill_like_a_school(blank, tmp_path / "filled.odt")
    (tmp_path / "saved").mkdir()
    soffice([tmp_path / "filled.odt"], tmp_path / "saved", "odt")
    res = import_form(tmp_path / "saved" / "filled.odt", plan)
    assert res.errors == []
    d = res.data
    assert (d["name"], d["school"], d["tier"]) == ("閱讀素養測試社群", "183602", plan.tiers[1].name)
    assert d["cross_school"] is False
    assert [m["name"] for m in d["members"]] == ["羅志豪"] + [f"成員{k}" for k in range(2, 10)]
    assert d["members"][1]["school"] == "183602"  # an empty school cell means the applying school
    assert d["content_areas"] == [plan.catalogues.content_areas[0]]
    assert d["schedule"][0]["host"] == {"name": "簡佩君", "kind": "host"}
    assert {"item": "印刷費", "quantity": "20", "unit": "份", "unit_price": 50} in d["budget"]


def test_bad_odt_is_refused_naming_the_problem(project, tmp_path):
    plan = project.plans["hsinchu-111"].plan
    other = write_odt(application(project.plans["tainan-109"].plan), tmp_path / "tainan.odt")
    assert "tainan-109" in import_form(other, plan).errors[0]
    from odf.opendocument import OpenDocumentText
    foreign = OpenDocumentText()
    foreign.text.addElement(P(text="別的文件"))
    foreign.save(str(tmp_path / "foreign.odt"))
    assert "不是 plcpub" in import_form(tmp_path / "foreign.odt", plan).errors[0]
    (tmp_path / "broken.odt").write_bytes(b"PK not really")
    assert "無法讀取" in import_form(tmp_path / "broken.odt", plan).errors[0]
    _fill_like_a_school(write_odt(application(plan), tmp_path / "blank.odt"), tmp_path / "filled.odt")
    doc = load(str(tmp_path / "filled.odt"))
    budget = next(t for t in doc.text.getElementsByType(Table) if "單價（元）" in teletype.extractText(t))
    _set(_row(budget, "印刷費（份）")[2], "五千")
    doc.save(str(tmp_path / "wrong.odt"))
    errors = import_form(tmp_path / "wrong.odt", plan).errors
    assert any("印刷費" in e for e in errors), errors


def test_budget_sheet_edited_in_libreoffice_updates_the_budget(tmp_path):
    """Prefilled ODS → a quantity changed in LibreOffice → import changes that line only. The
    community is closed (已核結): the school's import is refused, the centre's --force lands."""
    from plcpub.load.project import load_project
    root = project_copy(tmp_path / "proj")
    project = load_project(root)
    sb = next(s for s in project.submissions_of("hsinchu-111") if s.id == "183502-chinese-reading")
    plan = project.plans["hsinchu-111"].plan
    sheet = write_budget_sheet(plan, tmp_path / "in" / "sheet.ods", sb.sub)
    doc = load(str(sheet))
    for row in doc.spreadsheet.getElementsByType(TableRow):
        cells = row.getElementsByType(TableCell)
        if cells and teletype.extractText(cells[0]) == "印刷費":
            cells[1].setAttribute("value", "100")
            _set(cells[1], "100")
    doc.save(str(sheet))
    soffice([sheet], tmp_path, "ods")  # LibreOffice recomputes and caches every formula
    before = (sb.dir / "community.yaml").read_text("utf-8")
    cmd = [sys.executable, str(ROOT / "build.py"), "--root", str(root), "import"]
    r = subprocess.run(cmd + [str(tmp_path / "sheet.ods"), "--plan", "hsinchu-111"], capture_output=True, text=True)
    assert r.returncode == 1 and "--force" in r.stdout and "已核結" in r.stdout
    assert (sb.dir / "community.yaml").read_text("utf-8") == before
    r = subprocess.run(cmd + [str(tmp_path / "sheet.ods"), "--plan", "hsinchu-111", "--force"], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    after = (sb.dir / "community.yaml").read_text("utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(before.splitlines()) == len(after.splitlines()) and len(changed) == 1, changed
    assert "item: 印刷費" in changed[0][1] and "quantity: 100," in changed[0][1]  # a number, the row still one line
    assert "-" in r.stdout and "+" in r.stdout and "印刷費" in r.stdout  # the change is shown as a diff
    other = write_budget_sheet(project.plans["keelung-113"].plan, tmp_path / "k.ods")
    r = subprocess.run(cmd + [str(other), "--plan", "hsinchu-111"], capture_output=True, text=True)
    assert r.returncode == 1 and "keelung-113" in r.stdout
    assert (sb.dir / "community.yaml").read_text("utf-8") == after
