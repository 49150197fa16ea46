"""What the loader may read from plans/ and content/, found in one walk of both folders.

Three things are refused here, each with an error located at the folder or link:
- a symbolic link anywhere inside plans/ or content/ (a linked community folder would publish
  whatever it points at, pages and photos included);
- a community or plan folder whose name cannot be published (its name becomes file names and
  web addresses: `#`, `?`, `%`, line breaks, hidden or over-long names break links or the build);
- a community.yaml where nothing looks for it (content/<plan>/a/b/ would be silently skipped).
A refused folder is not loaded at all, so no output can publish it.
"""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from plcpub.load.source import display_path
from plcpub.diagnostics import Diagnostic

PLAN_FILE = "plan.yaml"
SUBMISSION_FILE = "community.yaml"
REVIEWS_DIR = "reviews"  # content/<plan>/reviews/: reviewers.yaml and one score sheet per reviewer

MAX_NAME_BYTES = 120  # 40 Chinese characters; the longest file made from it (…-application.pdf.<pid>.tmp) stays far below 255
_FORBIDDEN = {"#": "網址會在「#」處截斷", "?": "網址會在「?」處截斷", "%": "「%」在網址中有特殊意義",
              "/": "「/」是資料夾分隔符號", "\\": "「\\」是 Windows 的資料夾分隔符號",
              ":": "Windows 無法使用「:」", "*": "Windows 無法使用「*」", '"': "Windows 無法使用「\"」",
              "<": "Windows 無法使用「<」", ">": "Windows 無法使用「>」", "|": "Windows 無法使用「|」"}
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
HINT = "請改用中文、英文字母、數字、「-」或「_」命名。"


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a folder the site publishes (zh-TW, for a clerk), or None if it can.
    The same test guards `import --name` and `new community --name`."""
    if not name or name in (".", ".."):
        return "資料夾名稱是空的或是「.」、「..」。"
    for ch, why in _FORBIDDEN.items():
        if ch in name:
            return f"資料夾名稱含有「{ch}」：{why}。"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") for c in name):
        return "資料夾名稱含有換行、Tab 或看不見的控制字元。"
    if name.startswith("."):
        return "以「.」開頭的資料夾是隱藏資料夾，網站不會發布。"
    if name != name.strip() or name.endswith("."):
        return "資料夾名稱的開頭或結尾有空白或「.」（Windows 會自動去掉，連結就對不上）。"
    if name.split(".")[0].lower() in _RESERVED:
        return f"「{name}」是 Windows 保留的裝置名稱。"
    size = len(name.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        return f"資料夾名稱過長（{size} 位元組，上限 {MAX_NAME_BYTES}，約 {MAX_NAME_BYTES // 3} 個中文字）。"
    return None


@dataclass
class Tree:
    plan_dirs: list[Path] = field(default_factory=list)
    submission_files: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def _shown(path: Path, root: Path) -> str:
    """The path as a terminal can print it: a line break in a name shows as \\n, not as a new line."""
    text = display_path(path, root) + ("/" if path.is_dir() and not path.is_symlink() else "")
    return "".join(c if unicodedata.category(c)[0] != "C" else c.encode("unicode_escape").decode() for c in text)


def _refuse(tree: Tree, path: Path, root: Path, rule: str, message: str) -> None:
    shown = _shown(path, root)
    tree.problems.append(Diagnostic(shown, 1, 1, rule, "error", message))


def _symlink(tree: Tree, path: Path, root: Path) -> None:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    _refuse(tree, path, root, "file.symlink",
            f"「{path.name}」是連結（指向 {target}）；基於安全，plans/ 與 content/ 內不可有連結，請改放實際的檔案或資料夾。")


def _walk(tree: Tree, folder: Path, root: Path, depth: int, on_file) -> None:
    """Every entry under `folder` without following links; links are refused where they are."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():
            _symlink(tree, path, root)
        elif entry.is_dir(follow_symlinks=False):
            if entry.name in (PLAN_FILE, SUBMISSION_FILE):  # a folder where a file belongs: the loader says so
                on_file(path, depth)
            _walk(tree, path, root, depth + 1, on_file)
        else:
            on_file(path, depth)


def scan(root: Path) -> Tree:
    """Plan folders and submission files to load, and what was refused (see the module docstring)."""
    tree = Tree()
    plans, content = root / "plans", root / "content"
    if plans.is_symlink():
        _symlink(tree, plans, root)
    elif plans.is_dir():
        def plan_file(path: Path, depth: int) -> None:
            if path.name == PLAN_FILE and depth == 1:
                tree.plan_dirs.append(path.parent)
        _walk(tree, plans, root, 0, plan_file)
    if content.is_symlink():
        _symlink(tree, content, root)
    elif content.is_dir():
        def content_file(path: Path, depth: int) -> None:
            if path.name != SUBMISSION_FILE:
                return
            folder = path.parent
            if depth != 2 or folder.name == REVIEWS_DIR:
                _refuse(tree, path, root, "file.misplaced",
                        "社群資料夾必須直接放在 content/<計畫代號>/ 之下；"
                        "這個檔案不會被檢查，也不會發布。")
                return
            problem = name_problem(folder.name)
            if problem:
                _refuse(tree, folder, root, "folder.name", f"{problem}這個社群不會被檢查，也不會發布。{HINT}")
                return
            tree.submission_files.append(path)
        _walk(tree, content, root, 0, content_file)
    tree.plan_dirs.sort()
    tree.submission_files.sort()
    return tree
