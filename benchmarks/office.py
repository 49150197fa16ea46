"""The centre's year at city scale: `status` (every plan's duties on a day), `accounts` and the
report's figures over N synthetic communities. Baseline, same run: loading the project, which
every one of these commands does first; the ratio says what they add to it."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from benchmarks.synth import make_project
from plcpub.load.project import load_project
from plcpub.review.duties import plan_day
from plcpub.review.money import accounts
from plcpub.review.report import plan_report


def _timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def bench_office(workdir: Path, n: int = 1000) -> None:
    root = make_project(workdir / "office", n, reports=True)
    load, project = _timed(lambda: load_project(root))
    subs = {pid: project.submissions_of(pid) for pid in project.plans}
    days = [dt.date(2022, 8, 1) + dt.timedelta(days=k * 30) for k in range(12)]  # a day a month for a year
    status, found = _timed(lambda: [plan_day(pb, subs[pid], day) for day in days for pid, pb in project.plans.items()])
    duties = sum(len(d.duties) for d in found) / len(days)
    money, rows = _timed(lambda: [a for pid, pb in project.plans.items() for a in accounts(pb, subs[pid])])
    report, _ = _timed(lambda: [plan_report(pb, subs[pid], public) for pid, pb in project.plans.items()
                                for public in (True, False)])
    total = len(project.submissions)
    # last year's application, looked up by plan and folder for every community page and by the
    # lineage rules: Project.submission's index against the scan it replaced, same run
    keys = [(sb.sub.plan, sb.id) for sb in project.submissions]
    scan, _ = _timed(lambda: [next((s for s in project.submissions if s.sub.plan == p and s.id == f), None)
                              for p, f in keys])
    lookup, _ = _timed(lambda: [project.submission(p, f) for p, f in keys])
    print(f"office, {total} communities: loading (baseline) {load:.2f} s")
    print(f"  status on one day: {status / len(days) * 1000:.0f} ms ({duties:.0f} duties), ratio to loading "
          f"{status / len(days) / load:.3f}x")
    print(f"  accounts ({len(rows)} funded): {money * 1000:.0f} ms, ratio {money / load:.3f}x; "
          f"report figures (public and private): {report * 1000:.0f} ms, ratio {report / load:.3f}x")
    print(f"  every community looked up by plan and folder: {lookup * 1000:.1f} ms with the index, "
          f"{scan * 1000:.0f} ms scanning (ratio {lookup / scan:.4f}x); scanning is {scan / load:.3f}x of loading")
