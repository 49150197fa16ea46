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
from plcpub.forms.importer import import_form
from plcpub.load.project import SUBMISSION_FILE, load_plan, load_submission
from plcpub.validate.diagnostics import Report

HEADER = "# yaml-language-server: $schema=../../../schemas/submission.schema.json\n# 由 {src} 匯入\n"


def run(root: Path, file: str, plan_id: str, name: str | None) -> int:
    src = Path(file)
    if not src.is_file():
        print(f"找不到檔案：{file}", file=sys.stderr)
        return 2
    report = Report()
    pb = load_plan(root / "plans" / plan_id, root, report) if (root / "plans" / plan_id / "plan.yaml").is_file() else None
    if pb is None:
        print(f"找不到計畫「{plan_id}」或計畫有錯誤。", file=sys.stderr)
        return 2
    result = import_form(src, pb.plan)
    if result.errors:
        for e in result.errors:
            print(f"{file}: error[form.import] {e}")
        print(f"匯入失敗：{len(result.errors)} 個問題，content/ 沒有任何變更。")
        return 1
    data = result.data
    folder = name or re.sub(r"[\s/\\:*?\"<>|]+", "-", f"{data['school']}-{data['name']}").strip("-")
    target = root / "content" / plan_id / folder / SUBMISSION_FILE
    if target.exists():
        print(f"{target.relative_to(root)} 已存在，不覆寫；請用 --name 指定其他資料夾名稱。", file=sys.stderr)
        return 1
    text = HEADER.format(src=src.name) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    with tempfile.TemporaryDirectory() as tmp:  # the new file must load before it may land in content/
        trial = Path(tmp) / SUBMISSION_FILE
        trial.write_text(text, "utf-8")
        if load_submission(trial, Path(tmp), report) is None or report.errors:
            for d in report.errors:
                print(f"{file}: error[{d.rule}] {d.message}")
            print("匯入失敗：表件內容無法轉成申請資料，content/ 沒有任何變更。")
            return 1
        target.parent.mkdir(parents=True)
        shutil.copyfile(trial, target)
    print(f"已匯入 {target.relative_to(root)}；以下是檢查結果：")
    return check.run([str(target)], "text", root)
