"""`import FILE --plan ID`: a filled form becomes content/<plan>/<folder>/community.yaml, then
`check` runs on it. On any problem the errors are printed and nothing is written."""
from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from plcpub.commands import check
from plcpub.commands.folders import FolderError, community_folder, folder_name_from, open_plan, refuse
from plcpub.forms.importer import import_form
from plcpub.load.project import SUBMISSION_FILE, load_submission
from plcpub.diagnostics import Report

HEADER = "# yaml-language-server: $schema=../../../schemas/submission.schema.json\n# 由 {src} 匯入\n"


def run(root: Path, file: str, plan_id: str, name: str | None) -> int:
    src = Path(file)
    if not src.is_file():
        print(f"找不到檔案：{file}", file=sys.stderr)
        return 2
    try:
        pb = open_plan(root, plan_id)
        named = community_folder(root, plan_id, name) if name is not None else None
    except FolderError as e:
        return refuse(e)
    report = Report()
    result = import_form(src, pb.plan)
    if result.errors:
        for e in result.errors:
            print(f"{file}: error[form.import] {e}")
        print(f"匯入失敗：{len(result.errors)} 個問題，content/ 沒有任何變更。")
        return 1
    if result.budget_only:
        return _update_budget(root, src, pb, result.data, named, report)
    data = result.data
    folder = named or root / "content" / plan_id / folder_name_from(f"{data['school']}-{data['name']}")
    target = folder / SUBMISSION_FILE
    if target.exists():
        print(f"{target.relative_to(root)} 已存在，不覆寫；請用 --name 指定其他資料夾名稱。", file=sys.stderr)
        return 1
    text = HEADER.format(src=src.name) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    return _land(root, src, text, target, report, new=True)


def _land(root: Path, src: Path, text: str, target: Path, report: Report, new: bool) -> int:
    """Write `text` to `target` only if it loads as a submission, then run check on it."""
    with tempfile.TemporaryDirectory() as tmp:  # the file must load before it may land in content/
        trial = Path(tmp) / SUBMISSION_FILE
        trial.write_text(text, "utf-8")
        if load_submission(trial, Path(tmp), report) is None or report.errors:
            for d in report.errors:
                print(f"{src}: error[{d.rule}] {d.message}")
            print("匯入失敗：表件內容無法轉成申請資料，content/ 沒有任何變更。")
            return 1
        target.parent.mkdir(parents=True, exist_ok=not new)
        shutil.copyfile(trial, target)
    print(f"已{'匯入' if new else '更新'} {target.relative_to(root)}；以下是檢查結果：")
    return check.run([str(target)], "text", root)


def _update_budget(root: Path, src: Path, pb, data: dict, folder: Path | None, report: Report) -> int:
    """An ODS budget sheet replaces the `budget:` block of the community it names; the rest of
    community.yaml (comments included) stays as written."""
    plan_dir = root / "content" / pb.plan.id
    if folder:
        target = folder / SUBMISSION_FILE
    else:
        matches = [f for f in sorted(plan_dir.glob(f"*/{SUBMISSION_FILE}")) if _name_of(f) == data["name"]]
        if len(matches) != 1:
            why = "找不到" if not matches else f"有 {len(matches)} 個"
            print(f"{src}: error[form.import] {why}名為「{data['name']}」的社群；請用 --name 指定社群資料夾。")
            return 1
        target = matches[0]
    if not target.is_file():
        print(f"{src}: error[form.import] 找不到 {target.relative_to(root)}。")
        return 1
    block = yaml.safe_dump({"budget": data["budget"]}, allow_unicode=True, sort_keys=False, width=110)
    return _land(root, src, replace_block(target.read_text("utf-8"), "budget", block), target, report, new=False)


def _name_of(path: Path) -> str | None:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None  # `check` reports broken files; here they just cannot be the target
    return data.get("name") if isinstance(data, dict) else None


def replace_block(text: str, key: str, block: str) -> str:
    """`text` with its top-level `key:` block replaced by `block` (appended when absent)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if start is None:
        return text.rstrip("\n") + "\n" + block
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"[^\s#-]", lines[i])), len(lines))
    return "".join(lines[:start]) + block + "".join(lines[end:])
