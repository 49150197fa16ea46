"""`check`: load every plan and submission, run all rules, print diagnostics like a compiler.

Reads top to bottom as the pipeline: load -> model (done while loading) -> validate -> report.
Exit status: 0 clean (warnings allowed), 1 errors.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from plcpub.cache import project_cache
from plcpub.diagnostics import SEVERITY_ZH, Diagnostic
from plcpub.load.project import load_project
from plcpub.process import collector_paused
from plcpub.validate import validate_project


def _selected(d: Diagnostic, selected: list[Path] | None, root: Path) -> bool:
    if not selected:
        return True
    p = (root / d.file).resolve()
    return any(p == s or p.is_relative_to(s) for s in selected)


def format_text(ds: list[Diagnostic], root: Path, color: bool = False) -> str:
    out = []
    sources: dict[str, list[str]] = {}
    for d in ds:
        out.append(f"{d.file}:{d.line}:{d.column}: {d.severity}[{d.rule}] {d.message}")
        if d.file not in sources:
            try:
                sources[d.file] = (root / d.file).read_text("utf-8", errors="replace").replace("\r\n", "\n").split("\n")
            except OSError:
                sources[d.file] = []
        lines = sources[d.file]
        if 0 < d.line <= len(lines) and len(lines[d.line - 1]) < 400:
            src = lines[d.line - 1]
            out.append(f"  {d.line:>4} | {src}")
            # caret under the column; CJK characters are two cells wide in a terminal
            pad = sum(2 if ord(c) > 0x2E80 else 1 for c in src[: d.column - 1])
            out.append(f"       | {' ' * pad}^")
        if d.clause:
            out.append(f"       = 依據：{d.clause}")
    n_err = sum(d.severity == "error" for d in ds)
    n_warn = sum(d.severity == "warning" for d in ds)
    n_info = sum(d.severity == "info" for d in ds)
    out.append(f"檢查完成：{n_err} 個{SEVERITY_ZH['error']}、{n_warn} 個{SEVERITY_ZH['warning']}、{n_info} 個{SEVERITY_ZH['info']}。")
    return "\n".join(out)


def format_github(ds: list[Diagnostic]) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    return "\n".join(f"::{level[d.severity]} file={d.file},line={d.line},col={d.column},title={d.rule}::"
                     f"{d.message.replace('%', '%25').replace(chr(10), '%0A')}" for d in ds)


def run(paths: list[str], fmt: str, root: Path) -> int:
    selected = [Path(p).resolve() for p in paths]
    missing = [p for p, s in zip(paths, selected) if not s.exists()]
    if missing:
        print(f"找不到：{'、'.join(missing)}", file=sys.stderr)
        return 2
    extra = []
    for s in selected:  # files or folders outside plans/ and content/ (e.g. test cases) are loaded too
        if s.is_relative_to((root / "content").resolve()) or s.is_relative_to((root / "plans").resolve()):
            continue
        if s.is_file():
            extra.append(s)
        else:
            extra += sorted(p for p in s.rglob("*.yaml") if p.name in ("plan.yaml", "community.yaml"))
    with collector_paused(freeze=True):
        project = load_project(root, extra_files=extra, cache=project_cache(root))
        report = validate_project(project)
    ds = [d for d in report.sorted() if _selected(d, selected, root)]
    if fmt == "json":
        print(json.dumps([d.as_dict() for d in ds], ensure_ascii=False, indent=2))
    elif fmt == "github":
        if ds:
            print(format_github(ds))
    else:
        print(format_text(ds, root))
    return 1 if any(d.severity == "error" for d in ds) else 0
