"""ODS budget sheets: LibreOffice (headless) opens them and its formulas give our totals."""
from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from plcpub.forms.ods import write_budget_sheet
from plcpub.model.derived import budget_total

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
    assert int(float(cell(results["blank"], "合計"))) == 0
    assert cell(results["over"], "雜支", 6) == "超過上限"
