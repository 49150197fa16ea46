"""`build` (the default): the whole pipeline, top to bottom, like mkdocs' commands/build.py.

Nothing is published when validation finds errors; the previous site stays as it was.
"""
from __future__ import annotations

import sys
from pathlib import Path

from plcpub.cache import project_cache
from plcpub.commands.check import format_text
from plcpub.commands.prog import command
from plcpub.forms.render import project_font, write_plan_forms
from plcpub.load.project import load_project
from plcpub.paths import Paths
from plcpub.render import photos
from plcpub.render.booklet import write_booklet_pages
from plcpub.render.review.outputs import write_review
from plcpub.render.site import PlanOutputs, write_pages
from plcpub.render.site.incremental import input_digest, stage_previous
from plcpub.render.site.publish import is_up_to_date, publish
from plcpub.process import collector_paused
from plcpub.validate import validate_project


def run(root: Path, out: Path, full: bool = False) -> int:
    paths = Paths(root)
    live: set[bytes] = set()  # every input file's digest: the photo cache keeps what these still need
    inputs = input_digest(root, live)  # 0. nothing changed since the last build into `out`: done
    if not full and is_up_to_date(paths, out, inputs):
        print(f"網站已是最新：資料、範本與程式都沒有變更（{out}）。要全部重新產生請執行 {command('build --full')}。")
        return 0
    staged = None if full else stage_previous(paths.cache, out)  # the last site, staged while we load and check
    try:
        with collector_paused(freeze=True):
            project = load_project(root, cache=project_cache(root))  # 1. load plans/ and content/
            report = validate_project(project)  # 2. validate
        diagnostics = report.sorted()
        errors = [d for d in diagnostics if d.severity == "error"]
        if errors:
            print(format_text(errors, root))
            print(f"有 {len(errors)} 個錯誤，網站未更新（{out.name}/ 保持原狀）。", file=sys.stderr)
            return 1
        docs = paths.site_build / "docs"
        font = project_font(project)
        outputs = {pid: PlanOutputs(write_plan_forms(project, pb, docs / pid / "downloads", font),  # 3. each output
                                    write_review(project, pb, docs),  # writes its files and returns its links
                                    write_booklet_pages(project, pb, docs))
                   for pid, pb in sorted(project.plans.items())}
        tree = write_pages(project, outputs, paths.site_build)  # 4. the site's pages link them
        result = publish(tree, out, paths.cache, incremental=not full, inputs=inputs, staged=staged)  # 5. engine, swap
        staged = None  # publish has used it up
        project.cache.sweep()  # 6. forget cache entries nobody needs any more
        photos.sweep(paths.photos, live)
    finally:
        if staged is not None:  # errors in the data, or a failure while building: the staged copy goes
            staged.discard()
    warnings = sum(d.severity == "warning" for d in diagnostics)
    how = "" if result.mode == "full" else f"；只重新產生有變更的 {result.rendered} 頁"
    print(f"已產生網站：{out}（{result.pages} 頁；{len(project.plans)} 個計畫、{len(project.submissions)} 個社群{how}；"
          f"{warnings} 個警告，執行 {command('check')} 查看）")
    return 0
