"""Issue #14's costs: `check` decoding every photo it will publish, and refusing an archive bomb.

Photos: 47 stories × 3 phone photos of 12 MP (the booklet benchmark's project). `check` cold (empty
cache: every published photo decoded once), warm after one edit to a community (answers come from
the digest cache), and the baseline in the same run: the same check with decoding switched off
(what `check` did before: open + verify, which lets a truncated JPEG through).
Bomb: a 1 MB ODS whose content.xml inflates to 1 GB, given to `import` (one process each, with
its own peak memory, VmHWM); the baseline is the same command on a normal filled budget sheet.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from benchmarks.booklet import make_booklet_project
from benchmarks.synth import ROOT


def _check(root: Path, decode: bool, fresh: bool = True) -> float:
    from plcpub.cache import project_cache
    from plcpub.commands import check
    from plcpub.validate import validate_project
    from plcpub.load.project import load_project
    from plcpub.validate.rules import outcome

    real, warm_up = outcome.decodes, check.decode_published_photos
    if fresh:  # no parse, rule or decode answers from an earlier run
        shutil.rmtree(root / ".cache" / "objects", ignore_errors=True)
    if not decode:  # check as it was: open and verify only
        outcome.decodes = lambda path: None
        check.decode_published_photos = lambda project, subs: None
    try:
        t = time.perf_counter()
        report = validate_project(load_project(root, cache=project_cache(root)))
        elapsed = time.perf_counter() - t
    finally:
        outcome.decodes, check.decode_published_photos = real, warm_up
    assert not [d for d in report.errors if d.rule.startswith(("photo.", "file."))]  # (other plans have no communities here)
    return elapsed


def bomb(path: Path) -> Path:
    """A 1 MB ODS whose well-formed content.xml inflates to 1 GB (tests/test_archives.py uses it too)."""
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        info = zipfile.ZipInfo("content.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
                    b'xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><text:p>')
            for _ in range(1024):
                f.write(chunk)
            f.write(b"</text:p></office:document-content>")
    return path


def _import(file: Path) -> dict:
    code = ("import sys, time, re, json; t = time.perf_counter(); from plcpub.cli import main; "
            "rc = main(sys.argv[1:]); peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
            "print(json.dumps({'rc': rc, 'seconds': time.perf_counter() - t, 'peak_mb': int(peak) / 1024}))")
    out = subprocess.run([sys.executable, "-c", code, "--root", str(ROOT), "import", str(file), "--plan", "hsinchu-111",
                          "--name", "benchmark-never-written"], capture_output=True, text=True, cwd=ROOT, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_security(workdir: Path) -> None:
    root = make_booklet_project(workdir / "photos-bench")
    base = _check(root, decode=False)
    cold = _check(root, decode=True)
    community = root / "content" / "hsinchu-111" / "story-00" / "community.yaml"
    community.write_text(community.read_text("utf-8") + "\n# edited\n", "utf-8")
    warm = _check(root, decode=True, fresh=False)
    print(f"check, 47 stories × 3 photos of 12 MP, empty cache: {cold:.2f} s (every published photo decoded once, "
          f"on every core); baseline, the same check without decoding: {base:.2f} s; ratio {cold / base:.2f}x. "
          f"After one edit: {warm:.2f} s (answers from the digest cache)")
    from plcpub.forms.ods import write_budget_sheet
    from plcpub.load.project import load_project
    project = load_project(ROOT)
    sb = next(sb for sb in project.submissions if sb.sub.plan == "hsinchu-111" and sb.sub.budget)
    normal = write_budget_sheet(project.plans["hsinchu-111"].plan, workdir / "normal.ods", sb.sub)
    attack, ordinary = _import(bomb(workdir / "bomb.ods")), _import(normal)
    print(f"import of a 1 MB ODS inflating to 1 GB: refused in {attack['seconds']:.2f} s at {attack['peak_mb']:.0f} MB peak "
          f"(exit {attack['rc']}); baseline, a normal budget sheet: {ordinary['seconds']:.2f} s at "
          f"{ordinary['peak_mb']:.0f} MB (exit {ordinary['rc']}); goal <= 2 s and <= 200 MB -> "
          f"{'met' if attack['seconds'] <= 2 and attack['peak_mb'] <= 200 and attack['rc'] == 1 else 'NOT met'}")
