"""`build` (the default): load -> validate -> render -> write, like mkdocs' build.

Nothing is published when validation finds errors; the previous site stays as it was.
"""
from __future__ import annotations

import sys
from pathlib import Path

from plcpub.commands.check import format_text, validate_project
from plcpub.load.project import load_project
from plcpub.render.site import build_site


def run(root: Path, out: Path) -> int:
    project = load_project(root)
    report = validate_project(project)
    diagnostics = report.sorted()
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        print(format_text(errors, root))
        print(f"有 {len(errors)} 個錯誤，網站未更新（{out.name}/ 保持原狀）。", file=sys.stderr)
        return 1
    pages = build_site(project, out)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    print(f"已產生網站：{out}（{pages} 頁；{len(project.plans)} 個計畫、{len(project.submissions)} 個社群；"
          f"{warnings} 個警告，執行 python build.py check 查看）")
    return 0
