"""The five seed plans are encoded as published; the plan checks must find their real mistakes."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from plcpub.validate import validate_project
from plcpub.load.project import Project
from plcpub.diagnostics import Report

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["keelung-113", "hsinchu-111", "tainan-109", "taichung-103", "taoyuan-111"]


@pytest.fixture(scope="module")
def findings(project):
    p = Project(project.root, dict(project.plans), list(project.submissions), Report(), dict(project.reviews))
    validate_project(p)
    return p.report.items


def plan_findings(findings, plan_id):
    return [d for d in findings if d.file.startswith(f"plans/{plan_id}/")]


def line_of(plan_id, needle):
    for i, line in enumerate((ROOT / "plans" / plan_id / "plan.yaml").read_text("utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_all_seeds_are_encoded(project):
    assert set(SEEDS) <= set(project.plans)


def test_no_plan_has_errors(findings):
    assert [d for d in findings if d.file.startswith("plans/") and d.severity == "error"] == []


@pytest.mark.parametrize("plan_id, rule, needle", [
    ("hsinchu-111", "plan.weekday-mismatch", "111年4月10日(四)"),        # 10 Apr 2022 was a Sunday
    ("hsinchu-111", "plan.rule-conflict", 'value: "6"'),                 # 課程研創: 12 meetings vs 6 in the form note
    ("hsinchu-111", "plan.rule-conflict", "value: 111年6月15日"),         # annex 4 due date a year early
    ("keelung-113", "plan.cap-unreachable", "stated_max: 35000"),        # 25,000 + 3 × 2,500 = 32,500
    ("taichung-103", "plan.rule-conflict", 'value: "3"'),                # ≥ 6 members vs form's 3
    ("tainan-109", "plan.rule-conflict", "素養導向教學設計、素養導向評量"),
    ("taoyuan-111", "plan.weekday-mismatch", "111年7月7日(星期五)"),       # 7 Jul 2022 was a Thursday
    ("taoyuan-111", "plan.rule-conflict", "111年7月7日(星期五)"),          # showcase 112 vs 111
    ("taoyuan-111", "plan.rule-conflict", "國小、國中、高中"),               # advanced group with/without 高中
    ("taoyuan-111", "plan.rate-mismatch", "unit_price: 1000, quantity: 2"),  # 外聘隸屬 1,000/時 vs 1,500/節
])
def test_seed_mistakes_are_reported(findings, plan_id, rule, needle):
    got = [(d.rule, d.line) for d in plan_findings(findings, plan_id)]
    assert (rule, line_of(plan_id, needle)) in got, got


def test_correct_statements_are_not_flagged(findings):
    ok = {d.rule for d in plan_findings(findings, "keelung-113")}
    assert "plan.session-arithmetic" not in ok  # the briefing-day table matches 9 cases × 90 min, breaks, lunch
    assert not [d for d in plan_findings(findings, "taoyuan-111") if d.rule == "plan.sum-mismatch"]  # 216,000 adds up
    assert not [d for d in plan_findings(findings, "taichung-103") if d.rule in ("plan.sum-mismatch", "plan.weights-sum")]


def test_no_city_is_named_in_python_code():
    """Rules are driven by plan data: a sixth city must not need code changes."""
    names = re.compile(r"新竹|基隆|臺南|台南|臺中|台中|桃園|新北|hsinchu|keelung|tainan|taichung|taoyuan|newtaipei|new taipei", re.I)
    for p in (ROOT / "plcpub").rglob("*.py"):
        assert not names.search(p.read_text("utf-8")), p
