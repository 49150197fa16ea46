"""Review benchmark: schedule 2,000 applications and score 10,000 score rows (goal: each ≤ 1 s).

Baselines, measured in the same run: scheduling without reviewer data (nothing to keep apart:
the least work a timetable can be), and scoring with a linear search for
each row's case (the obvious first version)."""
from __future__ import annotations

import datetime as dt
import time
from types import SimpleNamespace

from plcpub.load.project import ReviewBundle, load_project
from plcpub.model.review import CaseScore, Reviewer, ScoreSheet
from plcpub.model.workflow import Publication
from plcpub.review import scoring
from plcpub.review.cases import Case
from plcpub.review.timetable import build_timetable

from benchmarks.synth import ROOT

NAMED = Publication(page=True, school=True, name=True)


def _cases(n: int) -> list[Case]:
    out = []
    for i in range(1, n + 1):
        school = f"S{i % 300:03d}"
        sb = SimpleNamespace(id=f"c{i:05d}", sub=SimpleNamespace(school=school, name=f"社群{i}", partner_schools=[]))
        out.append(Case(f"113-{i:05d}", sb, school, school, f"區{i % 12}", dt.date(2024, 4, 1 + i % 25), NAMED))
    return out


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def bench_review(n_cases: int = 2000, n_rows: int = 10000) -> None:
    project = load_project(ROOT)
    rs = project.plans["keelung-113"].plan.review.sessions.model_copy(
        update={"total_sessions": None, "order": ["district", "submission", "keep-school-together"]})
    cases = _cases(n_cases)
    reviewers = [Reviewer(id=f"r{k}", name=f"委員{k}", school=f"S{k * 7:03d}", sessions=list(range(k, 400, 3)))
                 for k in range(1, 10)]
    ours = min(_timed(lambda: build_timetable(rs, cases, reviewers)) for _ in range(3))
    naive = min(_timed(lambda: build_timetable(rs, cases)) for _ in range(3))
    print(f"schedule {n_cases} applications (order rules, 9 part-time reviewers kept off their schools): {ours:.3f} s")
    print(f"baseline, the same without reviewer data (cases in order): {naive:.3f} s; ratio {ours / naive:.2f}x "
          f"-> goal <= 1 s {'met' if ours <= 1 else 'NOT met'}")

    pb = project.plans["taoyuan-111"]
    base = project.submissions_of("taoyuan-111")[0]
    per_reviewer = n_rows // 5
    subs = [SimpleNamespace(id=f"t{i:05d}", sub=base.sub.model_copy(update={"name": f"社群{i}"})) for i in range(per_reviewer)]
    sheets = [(ScoreSheet(reviewer=f"r{k}", scores=[
        CaseScore(case=sb.id, scores={"timeliness": 20 + (i + k) % 6, "completeness": 15 + i % 11, "richness": 30 + (i * k) % 21})
        for i, sb in enumerate(subs)]), None) for k in range(5)]
    bundle = ReviewBundle(sheets=sheets)
    ours = min(_timed(lambda: scoring.score(pb, subs, bundle, {})) for _ in range(3))
    fast_find = scoring.find_case
    scoring.find_case = lambda key, by_id, codes: codes.get(key) or next((sb for sb in subs if sb.id == key), None)
    try:
        naive = _timed(lambda: scoring.score(pb, subs, bundle, {}))
    finally:
        scoring.find_case = fast_find
    print(f"score {n_rows} rows ({per_reviewer} communities × 5 reviewers) into ranks and awards: {ours:.3f} s")
    print(f"baseline, linear search for each row's case: {naive:.2f} s; ratio {ours / naive:.2f}x "
          f"-> goal <= 1 s {'met' if ours <= 1 else 'NOT met'}")
