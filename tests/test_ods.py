"""ODS budget sheets: LibreOffice (headless) opens them and its formulas give our totals."""
from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from plcpub.forms.ods import write_budget_sheet
from plcpub.model.derived import budget_total
from plcpub.util.money import amount_in_words

pytestmark = pytest.mark.slow
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def computed(ods_files: list[Path], outdir: Path) -> dict[str, list[list[str]]]:
    if SOFFICE is None:
        pytest.fail("LibreOffice is not installed: run `bash dev.sh test`, which installs it")
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{outdir}/lo-profile", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(outdir), *map(str, ods_files)],
                   check=True, capture_output=True, timeout=180)
    return {p.stem: list(csv.reader((outdir / f"{p.stem}.csv").read_text("utf-8").splitlines())) for p in ods_files}


def cell(rows, label, column=4):
    return next(r[column] for r in rows if r and r[0] == label)


def test_formulas_compute_our_totals(project, tmp_path):
    subs = [sb for sb in project.submissions if sb.sub.budget][:12]
    files = [write_budget_sheet(project.plans[sb.sub.plan].plan, tmp_path / f"{sb.id}.ods", sb.sub) for sb in subs]
    blank = write_budget_sheet(project.plans["keelung-113"].plan, tmp_path / "blank.ods")
    over = next(sb for sb in project.submissions if sb.id == "183601-math-inquiry")
    plan = project.plans["hsinchu-111"].plan
    misc = next(line for line in over.sub.budget if line.item == "雜支")
    heavy = over.sub.model_copy(update={"budget": [line if line is not misc else misc.model_copy(update={"unit_price": 900})
                                                   for line in over.sub.budget]})
    flagged = write_budget_sheet(plan, tmp_path / "over.ods", heavy)
    results = computed(files + [blank, flagged], tmp_path)
    for sb in subs:
        rows = results[sb.id]
        assert int(float(cell(rows, "合計"))) == budget_total(sb.sub), sb.id
        assert cell(rows, "總計（國字）", 1) == amount_in_words(budget_total(sb.sub)), sb.id  # the live formula
    assert int(float(cell(results["blank"], "合計"))) == 0
    assert cell(results["over"], "雜支", 6) == "超過上限"


def test_the_sheet_checks_unit_price_caps_and_shows_tier_caps_and_signatories(project, tmp_path):
    """印刷 ≤ 100 元/份 and 膳費 ≤ 80 元 flag in the 檢查 column; a blank sheet lists every tier's
    cap, the amount-in-words line and the plan's signatories (Taichung: 教務主任, 會計主任)."""
    sb = next(s for s in project.submissions if s.id == "183501-cross-domain-inquiry")
    plan = project.plans["hsinchu-111"].plan
    lines = [line.model_copy(update={"unit_price": 150}) if line.item in ("印刷費", "膳費") else line
             for line in sb.sub.budget]
    over = write_budget_sheet(plan, tmp_path / "caps.ods", sb.sub.model_copy(update={"budget": lines}))
    blank = write_budget_sheet(project.plans["taichung-103"].plan, tmp_path / "tc.ods")
    rows = computed([over, blank], tmp_path)
    assert cell(rows["caps"], "印刷費", 6) == "超過單價上限" and cell(rows["caps"], "膳費", 6) == "超過單價上限"
    assert cell(rows["caps"], "雜支", 6) == ""
    assert "單價以 100 元為上限" in cell(rows["caps"], "印刷費", 7)  # 說明: the item's own rule
    caps = [r for r in rows["tc"] if r and r[0] == "補助上限"]
    assert [r[5] for r in caps] == [t.name for t in project.plans["taichung-103"].plan.tiers]
    assert any(r[:4] == ["承辦人", "教務主任", "會計主任", "校長"] for r in rows["tc"])
    assert cell(rows["tc"], "總計（國字）", 1) == "新臺幣零元整"  # blank: the formula waits for amounts
