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

from benchmarks.synth import ROOT, make_project  # noqa: E402
from plcpub.validate import validate_project  # noqa: E402
from plcpub.load import project as project_mod  # noqa: E402
from plcpub.load import yamlsrc  # noqa: E402
from plcpub.commands import forms  # noqa: E402
from plcpub.forms.acroform import AcroFormFinisher  # noqa: E402
from plcpub.forms.font import SYSTEM_FONT, covered  # noqa: E402
from plcpub.forms.pdf import render_html, write_pdf  # noqa: E402
from plcpub.forms.render import project_font  # noqa: E402
from plcpub.forms.spec import application  # noqa: E402
from plcpub.load.project import load_project  # noqa: E402
from plcpub.render.booklet import write_booklet_pages  # noqa: E402
from plcpub.render.review.outputs import write_review  # noqa: E402
from plcpub.render.site import PlanOutputs, write_pages  # noqa: E402
from plcpub.render.site.publish import publish  # noqa: E402


def timed_check(root: Path) -> tuple[float, int, int]:
    t = time.perf_counter()
    project = load_project(root)
    report = validate_project(project)
    elapsed = time.perf_counter() - t
    return elapsed, len(project.submissions), sum(d.severity == "error" for d in report.items)


def best_of(k: int, fn):
    runs = [fn() for _ in range(k)]
    return min(runs, key=lambda r: r[0])


def flat_nav(tree) -> None:
    """The naive baseline: every community in the navigation (what MkDocs does with a flat nav)."""
    for section, ps in zip(tree.config["nav"][1:], tree.plans):
        entries = next(iter(section.values()))
        for i, entry in enumerate(entries):
            if isinstance(entry, dict) and next(iter(entry.values())) == f"{ps.id}/communities.md":
                title = next(iter(entry))
                entries[i] = {title: [f"{ps.id}/communities.md"] +
                              [{cp.name: f"{ps.id}/communities/{cp.id}.md"} for cp in ps.community_pages]}
    tree.write_config()


def site_figures(root: Path, naive: bool) -> tuple[float, int, int, int]:
    """(seconds, largest community page in bytes, average community page, whole site bytes)."""
    project = load_project(root)
    out = root / ("site-naive" if naive else "site")
    src = project.paths.site_build.with_name("site-build-naive") if naive else project.paths.site_build  # each from scratch
    t = time.perf_counter()
    outputs = {pid: PlanOutputs([], write_review(project, pb, src / "docs"), write_booklet_pages(project, pb, src / "docs"))
               for pid, pb in sorted(project.plans.items())}  # forms: their own benchmark
    tree = write_pages(project, outputs, src)
    if naive:
        flat_nav(tree)
    publish(tree, out, project.paths.cache, incremental=False, keep_spare=False)
    elapsed = time.perf_counter() - t
    pages = [p.stat().st_size for p in (out / "hsinchu-111" / "communities").glob("*/index.html")]
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return elapsed, max(pages), sum(pages) // len(pages), total


def bench_site(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "bench", n)
        fast = site_figures(root, naive=False)
        naive = site_figures(root, naive=True)
    kb = 1024
    print(f"site, {n} communities, pruned nav: {fast[0]:.1f} s; community page max {fast[1] / kb:.0f} KB "
          f"(avg {fast[2] / kb:.0f} KB); site {fast[3] / kb / kb:.1f} MB")
    print(f"baseline, every community in the nav: {naive[0]:.1f} s; community page max {naive[1] / kb:.0f} KB; "
          f"site {naive[3] / kb / kb:.1f} MB; time ratio {fast[0] / naive[0]:.2f}x")
    ok = fast[0] <= 0.5 * naive[0] and fast[1] <= 40 * kb and fast[3] <= 60 * kb * kb
    print(f"goal: <= 0.5x naive time, <= 40 KB per community page, <= 60 MB site -> {'met' if ok else 'NOT met'}")


def bench_forms() -> None:
    """Blank fillable application form as the site writes it (AcroForm repairs and scripts
    included): the subset font vs the system font (the naive form)."""
    project = load_project(ROOT)
    pb = project.plans["hsinchu-111"]
    font = project_font(project)
    spec = application(pb.plan)
    templates = project.paths.templates("forms")
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for label, f in (("subset font", font), ("system font (naive)", SYSTEM_FONT)):
            html = render_html(spec, templates, f, False)
            if f == SYSTEM_FONT:  # the naive form uses the installed font family as it is
                html = html.replace('* { font-family: "PLC Form";', '* { font-family: "Noto Sans CJK TC";')
            finish = AcroFormFinisher(spec)
            write_pdf(html, Path(tmp) / "warmup.pdf", True, [f.parent], finisher=finish)  # imports, fontconfig: once
            t = time.perf_counter()
            out = write_pdf(html, Path(tmp) / "form.pdf", True, [f.parent], finisher=finish)
            results[label] = (time.perf_counter() - t, out.stat().st_size)
    fast, naive = results["subset font"], results["system font (naive)"]
    mb = 1024 * 1024
    print(f"blank fillable form, subset font: {fast[0]:.2f} s, {fast[1] / mb:.2f} MB")
    print(f"baseline, system font: {naive[0]:.2f} s, {naive[1] / mb:.2f} MB; "
          f"ratios time {fast[0] / naive[0]:.2f}x, size {fast[1] / naive[1]:.2f}x")
    print(f"font holds {len(covered()):,} code points (Big5, the MOE standard tables and the HKSCS hanzi) plus the project's characters")
    print(f"goal (issue #16): <= 3.5 MB and <= 1.5 s -> {'met' if fast[1] <= 3.5 * mb and fast[0] <= 1.5 else 'NOT met'}")


def bench_prefilled(n: int, baseline_n: int = 100) -> None:
    """Prefilled application PDF + ODS for n communities on every core; baseline: one process."""
    rates = {}
    for label, count, jobs in (("parallel", n, None), ("one process (baseline)", baseline_n, 1)):
        with tempfile.TemporaryDirectory() as tmp:
            root = make_project(Path(tmp) / "bench", count)
            project_font(load_project(root))  # font built before timing
            t = time.perf_counter()
            forms.run(root, root / "forms", None, jobs)
            elapsed = time.perf_counter() - t
            pdfs = list((root / "forms").rglob("*-application.pdf"))
            size = sum(p.stat().st_size for p in pdfs) / len(pdfs)
            rates[label] = (elapsed, count, size)
    par, seq = rates["parallel"], rates["one process (baseline)"]
    print(f"prefilled forms, {par[1]} communities on every core: {par[0]:.1f} s ({par[0] / par[1]:.2f} s each), "
          f"avg PDF {par[2] / 1024:.0f} KB")
    print(f"baseline, one process on {seq[1]}: {seq[0]:.1f} s ({seq[0] / seq[1]:.2f} s each); "
          f"per-form ratio {(par[0] / par[1]) / (seq[0] / seq[1]):.2f}x")


def _benches(n: int):
    """(name, run(workdir)) for every benchmark but `check`, which runs last and sets the exit code."""
    from benchmarks.booklet import bench_booklet
    from benchmarks.incremental import bench_incremental
    from benchmarks.memory import bench_memory
    from benchmarks.office import bench_office
    from benchmarks.review import bench_review
    from benchmarks.security import bench_security

    return [("memory", lambda tmp: bench_memory(tmp)), ("incremental", lambda tmp: bench_incremental(tmp, n)),
            ("booklet", lambda tmp: bench_booklet(tmp)), ("review", lambda tmp: bench_review()),
            ("prefilled", lambda tmp: bench_prefilled(n)), ("forms", lambda tmp: bench_forms()),
            ("site", lambda tmp: bench_site(n)), ("security", lambda tmp: bench_security(tmp)),
            ("office", lambda tmp: bench_office(tmp, n))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=["check", "site", "incremental", "memory", "forms", "prefilled", "review", "booklet",
                                           "security", "office"],
                    help="run one benchmark (default: all)")
    args = ap.parse_args()
    for name, bench in _benches(args.n):  # every issue's figures, each against its baseline
        if args.only in (None, name):
            with tempfile.TemporaryDirectory() as tmp:
                bench(Path(tmp))
            if args.only == name:
                return 0
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
