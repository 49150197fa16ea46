"""Incremental build benchmark at city scale (goal: no-op ≤ 3 s, one edited submission ≤ 10 % of
a full build). Baseline, same run: the full build of the same project."""
from __future__ import annotations

import io
import subprocess
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

from benchmarks.synth import ROOT, make_project
from plcpub.cli import main


def _build(root: Path, *extra: str) -> tuple[float, str]:
    buf = io.StringIO()
    t = time.perf_counter()
    with redirect_stdout(buf):
        code = main(["--root", str(root), *extra])
    assert code == 0, buf.getvalue()
    return time.perf_counter() - t, buf.getvalue().strip().splitlines()[-1]


def _command(root: Path, *extra: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), *extra], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def bench_incremental(workdir: Path, n: int = 1000) -> None:
    root = make_project(workdir / "incremental", n)
    _build(root)  # fonts, forms and photos cached: what every later build starts from
    full, _ = _build(root, "build", "--full")
    noop, said = _build(root)
    assert "已是最新" in said
    edits = []
    for k in (7, 8, 9):  # best of three single edits: a build of a few seconds is noisy on a shared machine
        sub = root / "content" / "hsinchu-111" / f"synth-{k:05d}" / "community.yaml"
        sub.write_text(sub.read_text("utf-8").replace("summary: ", "summary: 修改後："), "utf-8")
        edits.append(_build(root))
    edit, said = min(edits)
    cli_full = _command(root, "build", "--full")  # as editors run it: a fresh interpreter, imports included
    cli_edits = []
    for k in (10, 11, 12):
        sub = root / "content" / "hsinchu-111" / f"synth-{k:05d}" / "community.yaml"
        sub.write_text(sub.read_text("utf-8").replace("summary: ", "summary: 修改後："), "utf-8")
        cli_edits.append(_command(root))
    cli_edit = min(cli_edits)
    rendered = said.split("只重新產生有變更的 ")[1].split(" 頁")[0] if "只重新產生" in said else "all"
    print(f"site, {n} communities: full build {full:.1f} s (baseline)")
    print(f"no-op rebuild: {noop:.2f} s ({noop / full:.3f}x) -> goal <= 3 s {'met' if noop <= 3 else 'NOT met'}")
    print(f"one submission edited: {edit:.1f} s ({edit / full:.2f}x, {rendered} pages rendered) "
          f"-> goal <= 10 % {'met' if edit <= 0.1 * full else 'NOT met'}")
    print(f"the same as commands (python build.py, interpreter start and imports included): full {cli_full:.1f} s, "
          f"one edit {cli_edit:.1f} s ({cli_edit / cli_full:.2f}x)")
