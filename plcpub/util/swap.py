"""Swap a freshly built folder in for the published one in one step, so a reader (or a build
killed at any instant) sees either the old site or the new one, never none or half."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE)
    return rc == 0


TRASH_PREFIX = ".site-trash-"


def recover(out: Path) -> None:
    """A build killed between the two renames of the fallback left `out.old`: put it back. Previous
    sites a background removal did not finish (machine switched off) are removed now."""
    old = out.with_name(out.name + ".old")
    if not out.exists() and old.is_dir():
        os.replace(old, out)
    for trash in out.parent.glob(TRASH_PREFIX + "*"):
        shutil.rmtree(trash, ignore_errors=True)


def remove_in_background(folder: Path) -> None:
    """Remove a previous site (thousands of files, ~0.2 s) after this command has returned: it is
    renamed out of the way at once and a forked child deletes it."""
    trash = folder.with_name(TRASH_PREFIX + folder.name.lstrip("."))
    os.replace(folder, trash)
    try:
        pid = os.fork()
    except OSError:
        shutil.rmtree(trash, ignore_errors=True)
        return
    if pid == 0:  # the child forks the remover and leaves at once, so nothing is left to reap
        try:
            if os.fork() == 0:
                shutil.rmtree(trash, ignore_errors=True)
        finally:
            os._exit(0)  # neither runs any of the parent's exit handlers
    os.waitpid(pid, 0)


def swap_in(new: Path, out: Path, keep: Path | None = None) -> None:
    """Put `new` in place of `out`. The previous site goes, or with `keep` is kept there (the next
    incremental build stages in it)."""
    if out.is_dir() and _exchange(new, out):  # `new` now holds the previous site
        if keep is None:
            remove_in_background(new)
            return
        if new == keep:  # staged in the kept folder: the previous site is there already
            return
        if keep.exists():
            remove_in_background(keep)
        os.replace(new, keep)
        return
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        os.replace(out, old)
    os.replace(new, out)
    shutil.rmtree(old, ignore_errors=True)
