"""Where a command may write: a plan named by `--plan` is one of plans/<id>/, and a community
folder named by `--name` is one plain folder name directly under content/<plan>/ that the site
can publish. `../other-plan/x`, `/tmp/x` and `a/b` are refused before anything is written."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from plcpub.commands.prog import command
from plcpub.diagnostics import Report
from plcpub.load.project import PlanBundle, load_plan
from plcpub.load.tree import HINT, MAX_NAME_BYTES, PLAN_FILE, name_problem


class FolderError(Exception):
    """A `--plan` or `--name` the command refuses; the message is for the user (zh-TW). `code` is
    the exit status: 2 for a usage error, 1 for a plan with errors in it."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def plan_folder(root: Path, plan_id: str) -> Path:
    """plans/<plan_id>/, which must exist and be named by its id alone."""
    plans = root / "plans"
    known = sorted(d.name for d in plans.iterdir() if (d / PLAN_FILE).is_file()) if plans.is_dir() else []
    if plan_id not in known:
        raise FolderError(f"找不到計畫「{plan_id}」。可用的計畫：{'、'.join(known) or '（plans/ 中沒有計畫）'}")
    return plans / plan_id


def open_plan(root: Path, plan_id: str) -> PlanBundle:
    """The plan `--plan` names, loaded; a plan with errors is refused with the command to see them."""
    plan_dir = plan_folder(root, plan_id)
    pb = load_plan(plan_dir, root, Report())
    if pb is None:
        raise broken_plan(plan_id)
    return pb


def load_plans(root: Path, plan_id: str | None):
    """The project and the ids of the plans a `--plan` option names (all when it names none); a
    plan that does not exist or does not load is a FolderError."""
    from plcpub.load.project import load_project

    if plan_id:
        plan_folder(root, plan_id)
    project = load_project(root)
    if plan_id and plan_id not in project.plans:
        raise broken_plan(plan_id)
    return project, [plan_id] if plan_id else sorted(project.plans)


def broken_plan(plan_id: str) -> FolderError:
    """A plan that does not load: the user is sent to check it."""
    return FolderError(f"計畫「{plan_id}」有錯誤，請先執行 {command(f'check plans/{plan_id}')}", code=1)


def community_folder(root: Path, plan_id: str, name: str) -> Path:
    """content/<plan_id>/<name>/ for a `--name` given by the user."""
    problem = name_problem(name)
    if problem:
        raise FolderError(f"--name「{name}」不能當作社群資料夾名稱：{problem}"
                          "請只寫一個資料夾名稱（不含 / 或 ..），它會建立在 "
                          f"content/{plan_id}/ 之下。{HINT}")
    return root / "content" / plan_id / name


def folder_name_from(text: str) -> str:
    """A publishable folder name made from free text (學校代碼-社群名稱 from an imported form):
    characters a folder cannot carry become '-', and it is cut to the length limit."""
    name = re.sub(r"[\s/\\:*?\"<>|#%]+", "-", text)
    name = "".join(c for c in name if name_problem(c) is None or c == "-").strip("-.")
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    name = name.rstrip("-.")
    return name if name and name_problem(name) is None else "community"


def refuse(e: FolderError) -> int:
    print(str(e), file=sys.stderr)
    return e.code
