"""`build` (the default): load -> validate -> render -> write, like mkdocs' build.

Nothing is published when validation finds errors; the previous site stays as it was.
"""
from __future__ import annotations

import sys
from pathlib import Path

from plcpub.cache import project_cache
from plcpub.commands.prog import command
from plcpub.paths import Paths
from plcpub.commands.check import format_text
from plcpub.validate import validate_project
from plcpub.load.project import load_project
from plcpub.render import photos
from plcpub.render.site import build_site, is_up_to_date
from plcpub.render.site.incremental import input_digest, stage_previous
from plcpub.util.gcpause import collector_paused


def run(root: Path, out: Path, full: bool = False) -> int:
    live: set[bytes] = set()  # every input file's digest: the photo cache keeps what these still need
    inputs = input_digest(root, live)
    if not full and is_up_to_date(root, out, inputs):
        print(f"網站已是最新：資料、範本與程式都沒有變更（{out}）。要全部重新產生請執行 {command('build --full')}。")
        return 0
    paths = Paths(root)
    staged = None if full else stage_previous(paths.cache, out)  # staged while we load and check
    try:
        with collector_paused(freeze=True):
            project = load_project(root, cache=project_cache(root))
            report = validate_project(project)
        diagnostics = report.sorted()
        errors = [d for d in diagnostics if d.severity == "error"]
        if errors:
            print(format_text(errors, root))
            print(f"有 {len(errors)} 個錯誤，網站未更新（{out.name}/ 保持原狀）。", file=sys.stderr)
            return 1
        result = build_site(project, out, incremental=not full, inputs=inputs, staged=staged)
        staged = None  # build_site has used it up
        project.cache.sweep()
        photos.sweep(paths.photos, live)
    finally:
        if staged is not None:  # errors in the data, or a failure while building: the staged copy goes
            staged.discard()
    warnings = sum(d.severity == "warning" for d in diagnostics)
    how = "" if result.mode == "full" else f"；只重新產生有變更的 {result.rendered} 頁"
    print(f"已產生網站：{out}（{result.pages} 頁；{len(project.plans)} 個計畫、{len(project.submissions)} 個社群{how}；"
          f"{warnings} 個警告，執行 {command('check')} 查看）")
    return 0
