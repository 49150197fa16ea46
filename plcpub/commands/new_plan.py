"""`new plan --from ID --id NEW`: next year's edition of a plan, written beside it.

plan.yaml, plan.md and the plan's other files are copied with every date moved by the years
between the editions (weekdays worked out again) and every year reference (111學年度) moved
with them; comments and layout stay. Each moved date and each amount or percentage is marked
`# 待確認` for the centre to check against the new plan as published; the new plan names its
predecessor (so its site shows 「與上一年度比較」). The national standards in force on the new
dates are listed where they differ. Nothing is written unless the new plan loads and passes
its plan checks (warnings allowed)."""
from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from plcpub.commands.folders import FolderError, open_plan, refuse
from plcpub.diagnostics import Report
from plcpub.load.project import Project, load_plan
from plcpub.load.tree import PLAN_FILE
from plcpub.render.plandiff import compare
from plcpub.review.plandiff import STANDARDS
from plcpub.util.rocdate import shift_years
from plcpub.validate.rules import Ctx, load_all_rules, run_rules

REVIEW_KEYS = re.compile(r"\b(cap|stated_max|school_cap|rate|max_unit_price|detail_max_unit_price|amount|percent|"
                         r"quotas|total|min_score|level_min_scores|max_quantity)\s*:")
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _depth(line: str) -> int:
    """Open flow brackets a line leaves (outside quotes), to keep marks out of a flow mapping."""
    depth, quote = 0, None
    for ch in line.split(" #", 1)[0]:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
    return depth


def next_plan_yaml(text: str, old_id: str, new_id: str, years: int) -> tuple[str, int, int]:
    """(plan.yaml for the new edition, dates moved, lines marked 待確認)."""
    out, depth, moved_total, marks = [], 0, 0, 0
    for line in text.split("\n"):
        if re.match(r"id\s*:", line):
            out.append(f"id: {new_id}")
            continue
        if re.match(r"year\s*:", line):
            year = int(re.search(r"\d+", line).group(0))
            out += [f"year: {year + years}", f"predecessor: {old_id}  # 上一年度計畫（網站顯示「與上一年度比較」）"]
            continue
        if re.match(r"predecessor\s*:", line):
            continue
        if line.lstrip().startswith("#"):
            out.append(shift_years(line, years)[0])
            continue
        new, moved = shift_years(line, years)
        reasons = ([f"日期已順延 {years} 年並重算星期"] if moved else []) + (["金額或比例"] if REVIEW_KEYS.search(line) else [])
        if reasons and depth == 0:
            indent = line[:len(line) - len(line.lstrip())]
            out.append(f"{indent}# 待確認（由 {old_id} 帶入）：{'、'.join(reasons)}")
            marks += 1
        out.append(new)
        moved_total += moved
        depth += _depth(line)
    return "\n".join(out), moved_total, marks


def run(root: Path, source_id: str, new_id: str) -> int:
    try:
        old = open_plan(root, source_id)
    except FolderError as e:
        return refuse(e)
    if not ID.match(new_id):
        return refuse(FolderError(f"--id「{new_id}」不能當作計畫代號：請用小寫英文字母、數字與「-」，例如 city-112。"))
    target = root / "plans" / new_id
    if target.exists():
        return refuse(FolderError(f"plans/{new_id}/ 已經存在；請換一個代號，或先移走舊的資料夾。", code=1))
    stated = re.search(r"(\d+)$", new_id)
    years = int(stated.group(1)) - old.plan.year if stated and int(stated.group(1)) != old.plan.year else 1
    if years <= 0:
        return refuse(FolderError(f"新計畫的年度（{new_id}）須晚於 {source_id}（{old.plan.year}）。"))

    with tempfile.TemporaryDirectory(dir=root / "plans") as tmp:
        work = Path(tmp) / new_id
        shutil.copytree(old.dir, work)
        text, moved, marks = next_plan_yaml((old.dir / PLAN_FILE).read_text("utf-8"), source_id, new_id, years)
        (work / PLAN_FILE).write_text(text, "utf-8")
        for md in work.glob("*.md"):
            md.write_text(shift_years(md.read_text("utf-8"), years)[0], "utf-8")
        report = Report()
        new = load_plan(work, root, report)
        errors = [d for d in report.items if d.severity == "error"]
        if new is not None:
            load_all_rules()
            errors += [d for d in run_rules(Ctx(Project(root), new), "plan") if d.severity == "error"]
        if new is None or errors:
            for d in errors[:5]:
                print(f"{d.file.replace(tmp + '/', 'plans/')}:{d.line}:{d.column}: {d.message}", file=sys.stderr)
            print(f"新計畫有 {len(errors)} 個錯誤，沒有建立 plans/{new_id}/。", file=sys.stderr)
            return 1
        work.rename(target)
    d = compare(old.plan, new.plan)
    standards = [c for c in d.changes if c.section == STANDARDS]
    print(f"已建立 plans/{new_id}/（由 {source_id} 順延 {years} 年）：{moved} 個日期已順延並重算星期，"
          f"{marks} 處標示「# 待確認」，請對照新年度公布的計畫逐一確認。")
    for c in standards:
        print(f"全國標準：{c.sentence}（{c.clause_after}）")
    print(f"與 {source_id} 相比 {len(d.changes)} 項不同：python build.py diff {source_id} {new_id}")
    return 0
