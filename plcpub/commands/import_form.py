"""`import FILE --plan ID`: a filled form becomes content/<plan>/<folder>/community.yaml, or is
merged into the one already there (forms/merge.py: what the form cannot hold is kept, an
unchanged form changes no byte), then `check` runs on it. On any problem, check's errors
included, the errors are printed and nothing is written. A community past the school's stage
(status.open_to_school) changes only with --force; every change is printed as a diff."""
from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from plcpub.commands import check
from plcpub.commands.folders import FolderError, community_folder, folder_name_from, open_plan, refuse
from plcpub.forms.importer import import_form
from plcpub.forms.merge import MergeError, load_typed, merge_text
from plcpub.load.project import SUBMISSION_FILE, load_submission
from plcpub.diagnostics import Report

HEADER = "# yaml-language-server: $schema=../../../schemas/submission.schema.json\n# 由 {src} 匯入\n"


def run(root: Path, file: str, plan_id: str, name: str | None, force: bool = False) -> int:
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
    data = result.data
    if result.budget_only:
        target = _budget_target(root, src, pb, data, named)
        if target is None:
            return 1
    else:
        folder = named or root / "content" / plan_id / folder_name_from(f"{data['school']}-{data['name']}")
        target = folder / SUBMISSION_FILE
    if target.exists():
        return _merge(root, src, pb, target, result, force, report)
    text = HEADER.format(src=src.name) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    return _land(root, src, text, target, report, new=True)


def _merge(root: Path, src: Path, pb, target: Path, result, force: bool, report: Report) -> int:
    """The form's values into the community's file; refused past the school's stage unless forced."""
    old = target.read_text("utf-8")
    try:
        status_name = (load_typed(old) or {}).get("status")
    except yaml.YAMLError:
        status_name = None  # load_submission below reports the broken file
    status = pb.plan.status(str(status_name)) if status_name else None
    where = target.relative_to(root)
    if status is not None and not status.open_to_school and not force:
        print(f"{src}: error[form.import-status] {where} 的狀態是「{status.name}」，已過學校自行修改的階段"
              f"（{status.stage_label}）；表件不會匯入。承辦人確定要改，請加 --force。")
        return 1
    try:
        new, changed = merge_text(old, result.data, result.holds, {it.name for it in pb.plan.budget.items})
    except MergeError as e:
        print(f"{src}: error[form.import] {e}")
        print("匯入失敗，content/ 沒有任何變更。")
        return 1
    if not changed:
        print(f"表件內容與 {where} 相同，沒有任何變更。")
        return 0
    print(f"{where} 將變更：{'、'.join(changed)}")
    sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"{where}（原本）",
                                               f"{where}（匯入後）", n=1))
    return _land(root, src, new, target, report, new=False, previous=old)


def _land(root: Path, src: Path, text: str, target: Path, report: Report, new: bool,
          previous: str | None = None) -> int:
    """Write `text` to `target` if it loads as a submission and `check` finds no error in it;
    otherwise put back what was there (`previous`, or nothing) and say so."""
    with tempfile.TemporaryDirectory() as tmp:  # the file must load before it may land in content/
        trial = Path(tmp) / SUBMISSION_FILE
        trial.write_text(text, "utf-8")
        if load_submission(trial, Path(tmp), report) is None or report.errors:
            for d in report.errors:
                print(f"{src}: error[{d.rule}] {d.message}")
            print("匯入失敗：表件內容無法轉成申請資料，content/ 沒有任何變更。")
            return 1
        made_folder = not target.parent.exists()
        target.parent.mkdir(parents=True, exist_ok=not new)
        shutil.copyfile(trial, target)
    print(f"已{'匯入' if new else '更新'} {target.relative_to(root)}；以下是檢查結果：")
    code = check.run([str(target)], "text", root)
    if code != 0:  # check's errors count as the form's: the file goes back to what it was
        if previous is not None:
            target.write_text(previous, "utf-8")
        else:
            target.unlink()
            if made_folder:
                shutil.rmtree(target.parent, ignore_errors=True)
        print("匯入失敗：檢查發現錯誤（見上方），content/ 沒有任何變更；請修正表件後再匯入。")
    return code


def _budget_target(root: Path, src: Path, pb, data: dict, folder: Path | None) -> Path | None:
    """The community an ODS budget sheet belongs to: --name, else the one with the sheet's name."""
    plan_dir = root / "content" / pb.plan.id
    if folder:
        target = folder / SUBMISSION_FILE
    else:
        matches = [f for f in sorted(plan_dir.glob(f"*/{SUBMISSION_FILE}")) if _name_of(f) == data["name"]]
        if len(matches) != 1:
            why = "找不到" if not matches else f"有 {len(matches)} 個"
            print(f"{src}: error[form.import] {why}名為「{data['name']}」的社群；請用 --name 指定社群資料夾。")
            return None
        target = matches[0]
    if not target.is_file():
        print(f"{src}: error[form.import] 找不到 {target.relative_to(root)}。")
        return None
    return target


def _name_of(path: Path) -> str | None:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None  # `check` reports broken files; here they just cannot be the target
    return data.get("name") if isinstance(data, dict) else None
