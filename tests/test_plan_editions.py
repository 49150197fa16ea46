"""Issue #21, items 1–3: plan editions. `new plan` writes next year's edition (dates moved a year,
weekdays worked out again, values to review marked, plan.md's years moved) that passes check;
`diff` compares two plans rule by rule with both clauses, the national standards in force on
each plan's dates and the forms' fields; a plan naming its predecessor shows the comparison."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml

from plcpub.cli import main
from plcpub.load.project import load_project
from plcpub.render.plandiff import compare
from plcpub.review.plandiff import STANDARDS

from .conftest import project_copy

OLD, NEW = "hsinchu-111", "hsinchu-112"


@pytest.fixture
def root(tmp_path):
    return project_copy(tmp_path / "proj")


def made(root, capsys) -> str:
    assert main(["--root", str(root), "new", "plan", "--from", OLD, "--id", NEW]) == 0
    return capsys.readouterr().out


def test_next_years_plan_moves_every_date_and_passes_check(root, capsys):
    out = made(root, capsys)
    assert "待確認" in out and f"diff {OLD} {NEW}" in out
    project = load_project(root)
    old, new = project.plans[OLD].plan, project.plans[NEW].plan
    assert (new.id, new.year, new.predecessor) == (NEW, 112, OLD)
    for a, b in zip(old.timeline, new.timeline):
        assert b.date.date == a.date.date.replace(year=a.date.date.year + 1), b.name
        assert b.date.weekday_ok, b.name  # a weekday written beside the date is the new date's
        assert (a.date.stated_weekday is None) == (b.date.stated_weekday is None), b.name
    assert new.execution.start.date == dt.date(2023, 8, 1)
    text = (root / "plans" / NEW / "plan.yaml").read_text("utf-8")
    assert text.count(f"# 待確認（由 {OLD} 帶入）") >= len(old.timeline) + len(old.tiers)  # dates and caps marked
    prose = (root / "plans" / NEW / "plan.md").read_text("utf-8")
    assert "112學年度" in prose and "111學年度" not in prose
    assert main(["--root", str(root), "check", str(root / "plans" / NEW)]) == 0  # warnings allowed, no errors
    out = capsys.readouterr().out
    assert "weekday-mismatch" not in out  # the moved weekdays are right (the 111 plan's 4月10日(四) was not)
    assert main(["--root", str(root), "diff", OLD, NEW, "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert [c["what"] for c in changes] == ["年度（民國）"]  # moved with the year: nothing else differs


def test_new_plan_refuses_bad_ids_and_writes_nothing(root, capsys):
    assert main(["--root", str(root), "new", "plan", "--from", OLD, "--id", "Hsinchu 112"]) == 2
    assert "不能當作計畫代號" in capsys.readouterr().err
    assert main(["--root", str(root), "new", "plan", "--from", OLD, "--id", "keelung-113"]) == 1
    assert "已經存在" in capsys.readouterr().err
    assert main(["--root", str(root), "new", "plan", "--from", "nowhere-1", "--id", "x-2"]) == 2
    assert sorted(p.name for p in (root / "plans").iterdir()) == sorted(p.name for p in (root / "plans").iterdir()
                                                                        if (p / "plan.yaml").exists())


def test_diff_names_each_change_with_both_clauses(root, capsys):
    made(root, capsys)
    plan = root / "plans" / NEW / "plan.yaml"
    text = plan.read_text("utf-8")
    text = text.replace("date: 112年3月30日(四), duty: application", "date: 112年4月7日(五), duty: application")
    text = re.sub(r"(id: misc, name: 雜支[^\n]*\n)", r"\1", text)
    text = text.replace("- 動態校內故事分享", "- 動態校內故事分享", 1)
    data = yaml.safe_load(text)
    first_cap = data["tiers"][0]["cap"]
    text = text.replace(f"cap: {first_cap}", f"cap: {first_cap + 1000}", 1)
    plan.write_text(text, "utf-8")
    assert main(["--root", str(root), "diff", OLD, NEW]) == 0
    out = capsys.readouterr().out
    assert re.search(r"申請截止：日期（或起始日）：111年3月30日（三） → 112年4月7日（五）（陸、三", out)
    assert re.search(rf"經費上限：{first_cap:,} → {first_cap + 1000:,}（", out)


def test_diff_across_cities_and_decades_lists_the_national_standards(project):
    """Taichung 103 (2014) against Hsinchu 111 (2022): lecturer fees per hour became per 50-minute
    period, the NHI supplementary premium 2 % became 2.11 %."""
    d = compare(project.plans["taichung-103"].plan, project.plans["hsinchu-111"].plan)
    national = {c.what: (c.before, c.after) for c in d.changes if c.section == STANDARDS}
    assert national["講座鐘點費計算單位"] == ("每時", "每節")
    assert national["二代健保補充保費費率"] == ("2%", "2.11%")
    assert national["講座鐘點費（外聘）"] == ("1,600元／時", "2,000元／節")
    assert any(c.section == "社群類別" for c in d.changes) and all(c.sentence for c in d.changes)


def test_diff_compares_the_forms_fields(root, capsys, project):
    made(root, capsys)
    plan = root / "plans" / NEW / "plan.yaml"
    old_questions = project.plans[OLD].plan.outcome.questions
    text = plan.read_text("utf-8").replace(old_questions[-1], "社群如何協助新進教師？")
    plan.write_text(text, "utf-8")
    new = load_project(root)
    d = compare(new.plans[OLD].plan, new.plans[NEW].plan)
    forms = [c for c in d.changes if c.section == "表件欄位"]
    assert any("新增欄位" in c.what and "社群如何協助新進教師" in c.after for c in forms), [c.sentence for c in forms]


@pytest.mark.slow
def test_a_plan_naming_its_predecessor_shows_the_comparison(root, capsys):
    made(root, capsys)
    plan = root / "plans" / NEW / "plan.yaml"
    data = yaml.safe_load(plan.read_text("utf-8"))
    cap = data["tiers"][0]["cap"]
    plan.write_text(plan.read_text("utf-8").replace(f"cap: {cap}", f"cap: {cap + 1000}", 1), "utf-8")
    assert main(["--root", str(root), "build"]) == 0
    capsys.readouterr()
    page = (root / "site" / NEW / "index.html").read_text("utf-8")
    section = page[page.index("與上一年度比較"):]
    assert f'href="../{OLD}/"' in section
    row = re.search(r"<tr>\s*<td>[^<]*經費上限</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>", section)
    assert row and row.group(1) == f"{cap:,}" and row.group(2) == f"{cap + 1000:,}" and "／" in row.group(3)
    assert "與上一年度比較" not in (root / "site" / OLD / "index.html").read_text("utf-8")


def test_every_pair_of_seed_plans_compares_and_a_plan_equals_itself(project):
    from plcpub.render.plandiff import as_json, as_markdown, as_text

    for a in project.plans.values():
        for b in project.plans.values():
            d = compare(a.plan, b.plan)
            assert as_text(d) and as_markdown(d) and json.loads(as_json(d))["after"] == b.plan.id
            if a is b:
                assert d.changes == []
            else:
                assert d.changes and all(c.section and c.what and (c.before or c.after) for c in d.changes)


def test_every_plans_next_edition_passes_check_and_differs_only_by_its_year(tmp_path, capsys):
    """Each seed plan rolled forward: check finds no error (a plan no school has applied to yet
    cannot be short of applications: that is a note, not an error per school), and the diff
    finds nothing but the year and the national standards in force on the new dates (every
    written year, in the rules and in the forms' labels, moved with the plan)."""
    root = project_copy(tmp_path / "proj")
    seeds = load_project(root).plans
    for old in sorted(seeds):
        new = re.sub(r"\d+$", lambda m: str(int(m.group()) + 1), old)
        assert main(["--root", str(root), "new", "plan", "--from", old, "--id", new]) == 0, old
        capsys.readouterr()
        assert main(["--root", str(root), "check", str(root / "plans" / new)]) == 0, capsys.readouterr().out
        out = capsys.readouterr().out
        assert main(["--root", str(root), "diff", old, new, "--format", "json"]) == 0
        changes = json.loads(capsys.readouterr().out)["changes"]
        assert [c["what"] for c in changes if c["section"] != STANDARDS] == ["年度（民國）"], changes
        if seeds[old].plan.school_requirements and seeds[old].schools_doc is not None:
            assert "info[school.required-count] 資料中還沒有任何社群申請" in out


def test_a_year_left_unmoved_is_named_as_such(project):
    """A later edition that kept last year's dates and 「111學年度」 differs in exactly those, and
    the diff says why the same words are listed: the year did not move with the plan."""
    from plcpub.review.plandiff import diff_plans

    plan = project.plans[OLD].plan
    changes = diff_plans(plan, plan.model_copy(update={"year": plan.year + 1})).changes
    kept = [c for c in changes if c.what != "年度（民國）"]
    assert kept and all(c.after == f"{c.before}（年份未隨年度順延）" for c in kept)
    assert {c.what for c in kept} >= {"計畫名稱", "開始日期"}
