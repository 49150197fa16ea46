"""Issue #21, item 4: communities across years. A community names its predecessor (plan and
folder); 第N年 and 連續N年 are verified from the earlier years where the data holds them (an
info where it does not); the form says what the rule means (第N年 counts this year; 滿3年 does
not); the community page shows last year's result. Tested with hsinchu-112 made by `new plan`
and a community that continues from hsinchu-111."""
from __future__ import annotations

import copy
import re

import pytest

from plcpub.cli import main
from plcpub.forms.odt import read_odt, write_odt
from plcpub.forms.prefill import prefilled
from plcpub.forms.spec import application
from plcpub.load.project import load_project
from plcpub.util.rocdate import shift_years
from plcpub.validate import validate_project

from .conftest import project_copy

OLD, NEW = "hsinchu-111", "hsinchu-112"
BOOKS = "183604-picture-books"  # 專題實踐學習社群 in 111, its first year (no years_running)


def continued(root, name: str, approved: bool = False, **changes) -> None:
    """Last year's community carried into hsinchu-112 with a predecessor link and `changes`
    (sent; `approved`: through review to 審查通過, which the site publishes)."""
    src = shift_years((root / "content" / OLD / BOOKS / "community.yaml").read_text("utf-8"), 1)[0]  # its meetings
    text = src.replace(f"plan: {OLD}", f"plan: {NEW}").replace("\nstatus:", f"\npredecessor: {{plan: {OLD}, folder: {BOOKS}}}\nstatus:", 1)
    history = ["- {date: 112年3月1日, status: 草稿}", "- {date: 112年3月20日, status: 已送件}"]
    if approved:
        history += ["- {date: 112年4月8日, status: 初審完成}", "- {date: 112年5月31日, status: 審查通過}"]
    text = re.sub(r"(?m)^status: .*$", "status: " + ("審查通過" if approved else "已送件"), text)
    text = re.sub(r"(?ms)^history:\n(- .*?\n)+", "history:\n" + "\n".join(history) + "\n", text)
    for key, value in changes.items():
        text = re.sub(rf"(?m)^{key}: .*$\n?", "", text)
        text = text.replace("\nstatus:", f"\n{key}: {value}\nstatus:", 1)
    folder = root / "content" / NEW / name
    folder.mkdir(parents=True)
    (folder / "community.yaml").write_text(text, "utf-8")


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = project_copy(tmp_path_factory.mktemp("lineage") / "proj")
    assert main(["--root", str(root), "new", "plan", "--from", OLD, "--id", NEW]) == 0
    continued(root, "second-year", approved=True, years_running=2)
    continued(root, "said-third", years_running=3)
    continued(root, "advance-now", years_running=3, direct_advance="true", tier="課程研創學習社群")
    continued(root, "advance-claims", years_running=4, direct_advance="true", tier="課程研創學習社群")
    return root


@pytest.fixture(scope="module")
def found(root):
    project = load_project(root)
    report = validate_project(project)
    return {folder: [(d.rule, d.severity, d.message) for d in report.items if f"/{NEW}/{folder}/" in d.file]
            for folder in ("second-year", "said-third", "advance-now", "advance-claims")}


def test_the_second_year_as_the_data_shows_passes(found):
    assert [f for f in found["second-year"] if f[0].startswith(("lineage", "tier.advance"))] == []


def test_a_year_count_the_data_contradicts_is_an_error(found):
    assert [(r, s) for r, s, _ in found["said-third"] if r.startswith("lineage")] == [("lineage.years", "error")]
    assert any("第 2 年" in m for r, _, m in found["said-third"] if r == "lineage.years")


def test_a_third_year_applicant_has_not_completed_three_years(found):
    """The bug the issue names: 第3年申請 means two years done; 滿3年 needs three."""
    advance = [m for r, _, m in found["advance-now"] if r == "tier.advance"]
    assert advance and "已辦理 2 年" in advance[0] and "不含本年度" in advance[0]


def test_a_claim_the_earlier_years_do_not_bear_out_is_an_error(found):
    """第4年 (three done) is claimed, but the data holds one year of 專題實踐 before this one."""
    advance = [m for r, _, m in found["advance-claims"] if r == "tier.advance"]
    assert advance and "只有 1 年" in advance[0]
    assert [r for r, _, _ in found["advance-claims"] if r == "lineage.years"] == ["lineage.years"]


def test_the_form_says_what_the_rule_counts(project):
    spec = application(project.plans[OLD].plan)
    labels = {f.name: f.label for f in spec.all_fields()}
    assert "含本年" in labels["years_running"]  # this year counts: 第3年 is two years done
    assert labels["direct_advance"].startswith("已辦滿 3 年")  # years done: this one does not count


def test_a_form_downloaded_with_the_old_label_still_imports(project, tmp_path):
    pb = project.plans[OLD]
    sb = next(s for s in project.submissions_of(OLD) if s.sub.years_running)
    spec = prefilled(application(pb.plan), pb.plan, sb.sub)
    old = copy.deepcopy(spec)
    for f in old.all_fields():
        if f.name == "years_running":
            f.label = "第幾年申請"  # as the form read before this change
    _, values, _ = read_odt(write_odt(old, tmp_path / "old.odt"), application(pb.plan))
    assert values["years_running"] == str(sb.sub.years_running)


@pytest.mark.slow
def test_the_community_page_shows_last_years_result(tmp_path, capsys):
    root = project_copy(tmp_path / "proj")
    assert main(["--root", str(root), "new", "plan", "--from", OLD, "--id", NEW]) == 0
    continued(root, "second-year", approved=True, years_running=2)
    assert main(["--root", str(root), "build"]) == 0
    capsys.readouterr()
    site = root / "site"
    page = (site / NEW / "communities" / "second-year" / "index.html").read_text("utf-8")
    row = re.search(r"<th scope=\"row\">上一年度</th><td><a href=\"([^\"]+)\">([^<]+)</a>", page)
    assert row and row.group(1).endswith(f"{OLD}/communities/{BOOKS}/")
    assert "新竹市111學年度「英語繪本共讀社群」：已核結，核定 10,504元，成果報告已繳。" == row.group(2)
