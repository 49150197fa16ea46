"""`forms`: prefilled application forms for every community, for schools to print, sign and
stamp. They contain phone numbers and e-mails, so they go to a private folder (default
`forms/`, git-ignored), never into the public site. Rendering runs on every core (--jobs)."""
from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from plcpub.cache import project_cache
from plcpub.commands.check import format_text, validate_project
from plcpub.forms.ods import write_budget_sheet
from plcpub.forms.odt import write_odt
from plcpub.forms.pdf import render_html, render_template, write_pdf
from plcpub.forms.prefill import prefilled
from plcpub.forms.render import project_font
from plcpub.forms.spec import application
from plcpub.forms.summary import school_sheets
from plcpub.load.project import load_project

_JOBS: list = []  # set before the pool forks: (spec, plan, submission, target) per community


def _render(indexes: list[int], templates: Path, font: Path) -> int:
    for i in indexes:
        spec, plan, sub, target = _JOBS[i]
        filled = prefilled(spec, plan, sub)
        write_pdf(render_html(filled, templates, font, True), target, False, [font.parent])
        write_odt(filled, target.with_suffix(".odt"))
        write_budget_sheet(plan, target.with_name(target.name.replace("-application.pdf", "-budget.ods")), sub)
    return len(indexes)


def run(root: Path, out: Path, plan_id: str | None, jobs: int | None) -> int:
    project = load_project(root, cache=project_cache(root))
    errors = [d for d in validate_project(project).sorted() if d.severity == "error"]
    if errors:
        print(format_text(errors, root))
        print(f"有 {len(errors)} 個錯誤，請先修正再產生表件。")
        return 1
    font = project_font(project)
    _JOBS.clear()
    for pid, pb in sorted(project.plans.items()):
        if plan_id and pid != plan_id:
            continue
        spec = application(pb.plan)
        for sb in project.submissions_of(pid):
            _JOBS.append((spec, pb.plan, sb.sub, out / pid / f"{sb.id}-application.pdf"))
    if not _JOBS:
        print("沒有可產生的表件。")
        return 0
    jobs = max(1, jobs or os.cpu_count() or 1)
    started = time.perf_counter()
    templates = root / "templates" / "forms"
    chunks = [list(range(i, len(_JOBS), jobs)) for i in range(jobs)]
    if jobs == 1:
        _render(chunks[0], templates, font)
    else:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            list(pool.map(_render, chunks, [templates] * jobs, [font] * jobs))
    sheets = 0
    for pid, pb in sorted(project.plans.items()):
        if plan_id and pid != plan_id:
            continue
        for code, sheet in school_sheets(pb, project.submissions_of(pid)).items():
            write_pdf(render_template("summary.html", templates, font, sheet=sheet),
                      out / pid / f"school-{code}-summary.pdf", False, [font.parent])
            sheets += 1
    print(f"已產生 {len(_JOBS)} 份預填申請書（PDF、ODT）與經費概算表（ODS）、{sheets} 份學校彙整表到 {out}（{time.perf_counter() - started:.1f} 秒，{jobs} 個程序）。"
          "內含聯絡資料，請勿公開。")
    return 0
