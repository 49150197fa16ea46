"""The review files as people use them: the timetable page and its PDF (A4 landscape), CSV and
XLSX (openpyxl and LibreOffice read the same rows), results with certificates. Slow: builds the site."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from .conftest import ROOT
from .pdfview import ink, page_view, render

pytestmark = pytest.mark.slow
ARTIFACTS = ROOT / "tests" / "artifacts"


def text(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def test_timetable_page_and_files(built):
    out = built / "keelung-113" / "review"
    html = (out / "index.html").read_text("utf-8")
    assert "審查結果說明（上午場1）" in html and "第 1~6 案" in html and "113-001" in html
    assert "keelung-113-timetable.pdf" in html and "keelung-113-timetable.xlsx" in html
    assert "英語口說社群" not in html and "02-2" not in html  # the rejected case is not named; no phones
    pdf = PdfReader(str(out / "keelung-113-timetable.pdf"))
    box = pdf.pages[0].mediabox
    assert box.width > box.height  # A4 landscape
    assert "審查結果說明（上午場1）" in text(out / "keelung-113-timetable.pdf")
    csv = (out / "keelung-113-timetable.csv").read_bytes()
    assert csv.startswith("\ufeff\"序號\"".encode("utf-8")) and "海洋教育跨校社群".encode("utf-8") in csv
    rows = list(load_workbook(out / "keelung-113-timetable.xlsx")["審查時程"].values)
    assert rows[0][:4] == ("序號", "日期", "時間", "案件編號") and len(rows) == 7 and rows[1][0] == 1
    page = page_view(out / "keelung-113-timetable.pdf", 1)  # as printed: a header row read left to right
    row = page.line_of(next(w for w in page.words if w.text == "序號"))
    header = [next(w for w in row if w.text == c) for c in ("序號", "日期", "時間", "案件編號", "學校", "社群名稱", "類別")]
    assert [w.x0 for w in header] == sorted(w.x0 for w in header)
    assert header[-1].x1 < page.width - 20  # the last column is on the page, not cut off
    first = page.find("113-001")
    assert first.cy > header[0].cy and abs(first.cx - header[3].cx) < 40  # case 1 under its column
    title = page.find("審查時程")
    assert title.cy < page.height * 0.12 and abs(title.cx - page.width / 2) < page.width * 0.25
    render(out / "keelung-113-timetable.pdf", 1, ARTIFACTS / "review-timetable", dpi=60)


def test_results_page_xlsx_and_certificates(built, tmp_path):
    out = built / "taoyuan-111" / "results"
    html = (out / "index.html").read_text("utf-8")
    assert "初階社群國小組" in html and "閱讀素養初階社群" in html and "未頒發（參選社群不足）" in html
    assert "評選紀錄" in html and "組內第 1 名" in html
    wb = load_workbook(out / "taoyuan-111-results.xlsx")
    assert wb.sheetnames == ["得獎名單", "評選紀錄"]
    winners = list(wb["得獎名單"].values)
    assert len(winners) == 1 + 6 and winners[1][1] == "特優"
    certs = PdfReader(str(out / "taoyuan-111-certificates.pdf"))
    assert len(certs.pages) == 6
    first = text(out / "taoyuan-111-certificates.pdf")
    assert "獎" in first and "中華民國一百一十二年七月七日" in first.replace(" ", "") and "召集人" in first
    fonts = subprocess.run(["pdffonts", str(out / "taoyuan-111-certificates.pdf")], capture_output=True, text=True).stdout
    assert "Serif" in fonts and " no " not in fonts.split("\n", 2)[2].replace("yes yes", "")  # every font embedded
    cert = page_view(out / "taoyuan-111-certificates.pdf", 1)  # as a principal holds it
    heading = [cert.find("獎"), cert.find("狀")]
    assert all(w.y0 < cert.height * 0.3 for w in heading)
    assert abs((heading[0].x0 + heading[1].x1) / 2 - cert.width / 2) < 15  # the title centred
    assert heading[0].y1 - heading[0].y0 > 40  # and large
    body = cert.find("閱讀素養初階社群")
    date = cert.find("中華民國")
    assert heading[0].y1 < body.y0 < date.y0 and date.y0 > cert.height * 0.75  # title, citation, date at the foot
    img = render(out / "taoyuan-111-certificates.pdf", 1, ARTIFACTS / "review-certificate")
    assert ink(img, (0.05, 0.05, 0.95, 0.075)) > 0.05 and ink(img, (0.3, 0.8, 0.7, 0.82)) < 0.02  # a frame; the foot is clear
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is not installed: run `bash dev.sh test`"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76",
                    "--outdir", str(tmp_path), str(out / "taoyuan-111-results.xlsx")], check=True, capture_output=True,
                   timeout=180)
    assert "閱讀素養初階社群" in (tmp_path / "taoyuan-111-results.csv").read_text("utf-8")


def test_the_results_files_say_who_scored_what_and_who_stepped_out(built):
    """評選紀錄 lists each criterion's and each reviewer's score (numbered, not named), marks the
    reviewer who works at the school as 迴避 and says the score is the other two's mean; scores
    keep two decimals in Excel (93.50, not 93.5); criteria read as the plan names them."""
    out = built / "taoyuan-111" / "results"
    ws = load_workbook(out / "taoyuan-111-results.xlsx")["評選紀錄"]
    rows = list(ws.iter_rows())
    header = [c.value for c in rows[0]]
    assert header[7:] == ["及時性（25）", "完整性（25）", "豐富性（50）", "書面審核（40）", "現場發表（60）", "委員1", "委員2", "委員3"]
    first = {h: c for h, c in zip(header, rows[1])}
    assert first["社群名稱"].value == "閱讀素養初階社群" and first["分數"].value == 93.5 and first["分數"].number_format == "0.00"
    assert first["委員2"].value == "迴避" and first["委員1"].value == 92 and first["委員3"].value == 95
    assert "1 位委員任職於本校而迴避，分數為其餘 2 位委員評分之平均" in first["說明"].value
    assert "陳淑芬" not in " ".join(str(c.value) for row in rows for c in row)  # reviewers are not named in public
    html = (out / "index.html").read_text("utf-8")
    assert "<li>及時性（25%）：資料是否按時上傳</li>" in html and "：及時性：" not in html


def test_a_plan_that_awards_nothing_shows_review_results_without_empty_columns(tmp_path):
    from plcpub.load.project import load_project
    from plcpub.render.review.views import results_view
    from plcpub.review import plan_review

    from .conftest import project_copy

    root = project_copy(tmp_path / "proj")
    reviews = root / "content" / "taichung-103" / "reviews"
    reviews.mkdir()
    scores = "{needs: 18, feasibility: 17, goals: 18, members: 16, budget: 9, other: 8}"
    (reviews / "r1.yaml").write_text(f"reviewer: r1\nscores:\n  - {{case: 193501-science-inquiry, scores: {scores}}}\n"
                                     f"  - {{case: 193602-english-field, scores: {scores}}}\n", "utf-8")
    project = load_project(root)
    view = results_view(project.plans["taichung-103"].plan, plan_review(project, project.plans["taichung-103"]))
    assert (view.title, view.record_title) == ("審查結果", "審查紀錄")
    assert "組別" not in view.audit_columns and "結果" not in view.audit_columns
    assert all(len(row) == len(view.audit_columns) for row in view.audit) and view.audit[0][2] == "86.00"


def test_the_timetable_spreadsheet_holds_the_sessions_and_prints_on_a4_landscape_one_page_wide(built, tmp_path):
    """The plan's own table (時間, 活動內容, 主持, 出席人員, 備註) as the first sheet, check-in and
    breaks included; printed through LibreOffice, each sheet is A4 landscape and one page wide."""
    xlsx = built / "keelung-113" / "review" / "keelung-113-timetable.xlsx"
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["場次", "審查時程"]
    rows = list(wb["場次"].values)
    assert rows[0] == ("日期", "時間", "內容", "主持", "出席人員", "備註")
    assert rows[1][2:4] == ("報到", "教專助理") and rows[2][3:5] == ("審查委員", "第 1~6 案申請學校")
    assert "唱名未到" in rows[2][5]
    for ws in wb:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1 and ws.page_setup.paperSize == 9
    soffice = shutil.which("soffice")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "keelung-113-timetable.pdf"
    pages = PdfReader(str(pdf)).pages
    assert len(pages) == 2  # one page per sheet: nothing spills onto a second page across
    for page in pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 842) < 3 and abs(h - 595) < 3  # A4 landscape
    first = page_view(pdf, 1)
    assert first.find("備註").x1 < first.width and first.find("教專助理").y0 < first.height
