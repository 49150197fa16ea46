"""`report [--plan ID]`: the year in figures for the ministry (review/report.py) as an XLSX and,
per plan, a short A4 PDF with charts. Private (written to private/): it counts every funded
community and the money spent and returned; the site's statistics page shows the public part."""
from __future__ import annotations

import sys
from pathlib import Path

from plcpub.commands.folders import FolderError, load_plans, refuse
from plcpub.commands.status import PRIVATE
from plcpub.render.office import write_report_pdf, write_report_sheet
from plcpub.review.report import plan_report


def run(root: Path, plan_id: str | None) -> int:
    try:
        project, ids = load_plans(root, plan_id)
    except FolderError as e:
        return refuse(e)
    reports = [plan_report(project.plans[i], project.submissions_of(i), public=False) for i in ids]
    out = root / PRIVATE
    written = [write_report_sheet(reports, out / (f"report-{plan_id}.xlsx" if plan_id else "report.xlsx"))]
    for r in reports:
        written.append(write_report_pdf(r, out / f"report-{r.plan}.pdf", project.paths.templates("office")))
        print(f"{r.city}{r.year}：" + "；".join(f"{label} {value}" for label, value in r.figures[:4]))
    print("已寫入 " + "、".join(str(p.relative_to(root)) for p in written) + "（承辦內部使用）", file=sys.stderr)
    return 0
