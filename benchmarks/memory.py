"""Peak memory at national scale (goal: ≤ 2 GB at 10,000 communities): `check` and a full site
build of a synthetic 10,000-community project, each in its own process. Baseline, same run: the
same at 1,000, to show how memory grows."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.synth import ROOT, make_project


def _peak(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak MB of the largest process) for one command run in a fresh child."""
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
               "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
               "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, r.returncode)")
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, check=True).stdout.split()
    assert out[2] in ("0", "1"), out
    return float(out[0]), float(out[1])


def bench_memory(workdir: Path, sizes=(1000, 10000)) -> None:
    for n in sizes:
        root = make_project(workdir / f"mem-{n}", n)
        build = [sys.executable, str(ROOT / "build.py"), "--root", str(root)]
        check = _peak(build + ["check"])
        site = _peak(build + ["build", "--full"])
        print(f"{n} communities: check {check[0]:.1f} s, peak {check[1]:.0f} MB; full site build {site[0]:.0f} s, "
              f"peak {site[1]:.0f} MB" + (f" -> goal <= 2 GB {'met' if max(check[1], site[1]) <= 2048 else 'NOT met'}"
                                          if n >= 10000 else " (baseline)"))
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        bench_memory(Path(tmp), tuple(int(x) for x in sys.argv[1:]) or (1000, 10000))
        print(f"({time.perf_counter() - t:.0f} s in all)")
