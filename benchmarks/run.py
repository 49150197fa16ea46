"""Benchmarks (a script, not a timed test). Prints each figure with a baseline measured in the
same run, so the ratio means something on any machine.

    python benchmarks/run.py            # 1,000 submissions
    python benchmarks/run.py --n 5000

check: load + validate N synthetic submissions, in-process and as the real command.
Baseline: the same pipeline the naive way: PyYAML's pure-Python loader in one process.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from benchmarks.synth import make_project  # noqa: E402
from plcpub.commands.check import validate_project  # noqa: E402
from plcpub.load import project as project_mod  # noqa: E402
from plcpub.load import yamlsrc  # noqa: E402
from plcpub.load.project import load_project  # noqa: E402


def timed_check(root: Path) -> tuple[float, int, int]:
    t = time.perf_counter()
    project = load_project(root)
    report = validate_project(project)
    elapsed = time.perf_counter() - t
    return elapsed, len(project.submissions), sum(d.severity == "error" for d in report.items)


def best_of(k: int, fn):
    runs = [fn() for _ in range(k)]
    return min(runs, key=lambda r: r[0])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "bench", args.n)
        fast = best_of(args.repeat, lambda: timed_check(root))
        t = time.perf_counter()
        cli = subprocess.run([sys.executable, str(Path(__file__).resolve().parent.parent / "build.py"), "--root",
                              str(root), "check", "--format", "json"], capture_output=True)
        cli_time = time.perf_counter() - t
        loader, parallel = yamlsrc._Loader, project_mod.PARALLEL_MIN_FILES
        yamlsrc._Loader, project_mod.PARALLEL_MIN_FILES = yaml.SafeLoader, 10**9  # the naive way
        base = best_of(args.repeat, lambda: timed_check(root))
        yamlsrc._Loader, project_mod.PARALLEL_MIN_FILES = loader, parallel
    print(f"check {fast[1]} submissions: {fast[0]:.2f} s ({fast[0] / fast[1] * 1000:.2f} ms each), "
          f"{fast[2]} errors")
    print(f"`python build.py check` end to end (with interpreter start): {cli_time:.2f} s, exit {cli.returncode}")
    print(f"baseline (pure-Python YAML, one process): {base[0]:.2f} s; ratio {fast[0] / base[0]:.2f}x")
    print(f"goal: 1,000 submissions <= 2 s -> {'met' if fast[0] * 1000 / fast[1] <= 2 else 'NOT met'}")
    return 1 if fast[2] else 0


if __name__ == "__main__":
    sys.exit(main())
