"""Issue #20, done when one seed plan's year runs with the commands from the call to the report:
Keelung 113, one community from the school's formal review to its closing. Each duty shows up
in `status` on the day it falls due and leaves once it is done."""
from __future__ import annotations

import json

import pytest
import yaml
from openpyxl import load_workbook

from plcpub.cli import main

from .conftest import project_copy
from .test_decide import KEELUNG, pending_copy

pytestmark = pytest.mark.slow


def duties(root, day: str, capsys) -> list[dict]:
    assert main(["--root", str(root), "status", "--plan", KEELUNG, "--today", day, "--format", "json"]) == 0
    return [d for d in json.loads(capsys.readouterr().out)[0]["duties"] if d["community"] == "x-year"]


def test_keelung_113_from_the_call_to_the_report(tmp_path, capsys):
    root = project_copy(tmp_path / "proj")
    folder = pending_copy(root, "x-year")
    source = folder / "community.yaml"

    waiting = duties(root, "113年5月10日", capsys)
    assert [(d["kind"], d["state"]) for d in waiting] == [("decision", "已等待 14 天")]

    assert main(["--root", str(root), "decide", f"{KEELUNG}/x-year", "return", "--date", "113年5月20日"]) == 0
    capsys.readouterr()
    due = duties(root, "113年5月30日", capsys)
    assert any(d["kind"] == "revision" and d["state"] == "今天到期" and d["clause"] == "玖、四" for d in due)
    late = duties(root, "113年5月31日", capsys)
    assert any(d["kind"] == "revision" and d["overdue"] and d["days"] == 1 for d in late)

    # the school revises, uploads the stamped budget sheet (步驟7) and resubmits
    text = source.read_text("utf-8").replace("\nstatus: 審查說明會後退回修改", "\nstatus: 修改完成再次提交", 1)
    text = text.replace("status: 審查說明會後退回修改}", "status: 審查說明會後退回修改}\n- {date: 113年5月29日, status: 修改完成再次提交}\n"
                        "documents:\n- {document: stamped-budget, file: 經費概算表核章.pdf, date: 113年5月29日}")
    source.write_text(text, "utf-8")
    assert [d["kind"] for d in duties(root, "113年5月31日", capsys)] == ["decision"]  # back with the centre

    assert main(["--root", str(root), "decide", f"{KEELUNG}/x-year", "approve", "--date", "113年6月3日",
                 "--amount", "3000"]) == 0
    capsys.readouterr()
    assert duties(root, "113年9月1日", capsys) == []  # running: nothing due
    closing = duties(root, "114年8月15日", capsys)
    assert [(d["kind"], d["overdue"]) for d in closing] == [("closing", True)]  # 2 weeks after 114年7月31日

    (folder / "spending.yaml").write_text(
        "submitted: 114年8月10日\nbudget:\n"
        "- {item: 內聘講座鐘點費, quantity: 2, unit: 節, unit_price: 1000, receipts: 2}\n"
        "- {item: 講義費, quantity: 12, unit: 份, unit_price: 50, receipts: 1}\nreturned: 400\n", "utf-8")
    assert main(["--root", str(root), "check", str(folder)]) == 0
    capsys.readouterr()
    assert main(["--root", str(root), "decide", f"{KEELUNG}/x-year", "close", "--date", "114年8月12日"]) == 0
    capsys.readouterr()
    assert duties(root, "114年8月15日", capsys) == []
    assert yaml.safe_load(source.read_text("utf-8"))["status"] == "結案_可彙整"

    assert main(["--root", str(root), "accounts", "--plan", KEELUNG]) == 0
    capsys.readouterr()
    rows = list(load_workbook(root / "private" / f"accounts-{KEELUNG}.xlsx")["社群明細"].iter_rows(values_only=True))
    mine = dict(zip(rows[0], next(r for r in rows if r[-1].endswith("/x-year"))))
    assert (mine["核定金額"], mine["實支金額"], mine["結餘款"], mine["已繳回"]) == (3000, 2600, 400, 400)
    assert main(["--root", str(root), "report", "--plan", KEELUNG]) == 0
    capsys.readouterr()
    figures = {r[1]: r[2] for r in load_workbook(root / "private" / f"report-{KEELUNG}.xlsx")["總表"].iter_rows(
        min_row=2, values_only=True)}
    assert figures["核定社群"] == "6 個" and "400" in figures["繳回結餘款"]
    letters = sorted(p.name for p in (root / "private" / KEELUNG / "letters" / "x-year").iterdir())
    assert [n for n in letters if n.endswith(".pdf")] == ["2024-05-20-return.pdf", "2024-06-03-approve.pdf",
                                                          "2025-08-12-close.pdf"]
