"""`cases --plan ID [--record]`: the plan's review cases in submission order, and (with --record)
their codes written into each community.yaml, so codes announced with the timetable never change.

Recording edits only one line per file (a `case_code:` line after `status:`), keeping comments
and layout; every file is checked before any is written, so an error writes nothing."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from plcpub.commands.folders import FolderError, broken_plan, plan_folder, refuse
from plcpub.commands.prog import command
from plcpub.load.project import load_project
from plcpub.review.cases import review_cases
from plcpub.util.rocdate import format_roc


def with_code(text: str, code: str) -> str | None:
    """`text` with `case_code: "<code>"` after its top-level `status:` line; None if it has none."""
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if re.match(r"status\s*:", line)), None)
    if at is None:
        return None
    return "\n".join(lines[:at + 1] + [f'case_code: "{code}"  # 審查案件編號：已登錄，不再變動'] + lines[at + 1:])


def run(root: Path, plan_id: str, record: bool) -> int:
    try:
        plan_folder(root, plan_id)
    except FolderError as e:
        return refuse(e)
    project = load_project(root)
    pb = project.plans.get(plan_id)
    if pb is None:
        return refuse(broken_plan(plan_id))
    cases = review_cases(pb, project.submissions_of(plan_id))
    print("案件編號\t狀態\t送件日期\t學校\t社群（資料夾）")
    for c in cases:
        when = format_roc(c.submitted) if c.submitted else "—"
        print(f"{c.code}\t{'已登錄' if c.recorded else '暫定'}\t{when}\t{c.school_name}\t{c.sb.sub.name}（{c.sb.id}）")
    todo = [c for c in cases if not c.recorded]
    if not record:
        if todo:
            print(f"有 {len(todo)} 件為暫定編號；公告審查時程時執行 {command(f'cases --plan {plan_id} --record')} 登錄，之後不再變動。")
        return 0
    edits = []
    for c in todo:
        path = c.sb.doc.source.path
        text = with_code(path.read_text("utf-8"), c.code)
        if text is None:
            print(f"{path}: 找不到「status:」這一行，無法登錄案件編號；沒有寫入任何檔案。", file=sys.stderr)
            return 1
        edits.append((path, text))
    for path, text in edits:
        path.write_text(text, "utf-8")
    print(f"已登錄 {len(edits)} 件的案件編號（寫入各社群的 community.yaml）。")
    return 0
