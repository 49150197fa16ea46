"""Issue #17: a city outside the seeds writes its plan as data and its central rules hold.

plans/newtaipei-111 is written from the plan's public summary with no Python naming it: a flat
cap and no tiers, 400 funded teams of which some seats are reserved per kind, an application
window that closes at noon, per-school quotas by class count with each level of a school
counted on its own and some kinds outside them, and funding decided by 序位法. Each test moves
the example data across one of those lines and checks the finding lands where the user must act."""
from __future__ import annotations

import dataclasses

import pytest

from plcpub.diagnostics import Report
from plcpub.load.project import Project
from plcpub.render.review.views import funding_view
from plcpub.render.site.pages import plan_site, school_quotas
from plcpub.review import plan_review
from plcpub.validate import validate_project

PLAN = "newtaipei-111"


def with_plan(project, **changes) -> Project:
    """The project with the plan changed as a plan author would (a copy; nothing on disk)."""
    pb = project.plans[PLAN]
    plan = pb.plan.model_copy(update=changes)
    plans = dict(project.plans) | {PLAN: dataclasses.replace(pb, plan=plan)}
    return Project(project.root, plans, list(project.submissions), Report(), dict(project.reviews))


def findings(project, rule) -> list:
    validate_project(project, plan_ids={PLAN}, submissions=project.submissions_of(PLAN))
    return [d for d in project.report.items if d.rule == rule]


def test_the_plan_is_written_without_python_and_checks_clean(project):
    p = Project(project.root, dict(project.plans), list(project.submissions), Report(), dict(project.reviews))
    validate_project(p, plan_ids={PLAN}, submissions=p.submissions_of(PLAN))
    mine = [d for d in p.report.items if PLAN in d.file]
    assert [(d.rule, d.severity) for d in mine] == [("deadline.application", "warning")]  # the one sent at 13:05
    assert "12:00" in mine[0].message and "13:05" in mine[0].message and mine[0].file.endswith("014501-late-application/community.yaml")
    plan = project.plans[PLAN].plan
    assert not plan.tiers_stated and plan.budget.cap == 15000 and plan.tier(None).cap == 15000


@pytest.mark.parametrize("max_teams, reserved", [(1, 0), (3, 1)])
def test_team_quotas_are_enforced_on_the_teams_past_them(project, max_teams, reserved):
    """Quotas 0 and 1 with 4 funded teams used to pass in silence."""
    plan = project.plans[PLAN].plan
    quotas = [q.model_copy(update={"count": reserved if q.name == "特殊教育社群" else 0}) for q in plan.funding.quotas]
    p = with_plan(project, funding=plan.funding.model_copy(update={"max_teams": max_teams, "quotas": quotas}))
    found = findings(p, "funding.over-quota")
    funded = [sb for sb in p.submissions_of(PLAN) if plan.status(sb.sub.status).funded]
    assert len(funded) == 4
    flagged = {d.file.split("/")[2] for d in found}
    order = [d.sb.id for d in plan_review(p, p.plans[PLAN]).funding.decisions]
    kept = sorted((sb for sb in funded), key=lambda sb: order.index(sb.id))
    if reserved == 0:  # the special-education seat is 0: that team is past its quota; 1 team in all
        assert "014601-special-education" in flagged
    else:  # the teams first in the ranking keep their seats; the ones after the limit are named
        assert kept[0].id not in flagged
    assert len(flagged) >= len(funded) - max_teams
    assert all(d.severity == "error" and "隊" in d.message for d in found)


def test_the_school_quota_error_lands_on_the_application_that_broke_it(project):
    """014601 runs two general applications (sent 4/25 and 4/28) and an exempt special-education
    one: with a quota of 1 the later general one is flagged, not the last in folder order."""
    plan = project.plans[PLAN].plan
    reqs = [r.model_copy(update={"max": 1}) for r in plan.school_requirements]
    found = findings(with_plan(project, school_requirements=reqs), "school.required-count")
    assert [d.file.split("/")[2] for d in found] == ["014601-math-inquiry"]
    assert "依送件先後這是第 2 個" in found[0].message and "不計入" in found[0].message


def test_each_level_of_a_school_is_counted_on_its_own(project):
    """新店溪畔高中 runs 國中 (12 classes) and 高中 (24): one application each stays within a
    quota of 1 per level, with no invented school code per level."""
    plan = project.plans[PLAN].plan
    reqs = [r.model_copy(update={"max": 1}) for r in plan.school_requirements]
    found = findings(with_plan(project, school_requirements=reqs), "school.required-count")
    assert not [d for d in found if "014301" in d.file]
    school = project.plans[PLAN].schools["014301"]
    assert school_quotas(plan, school) == ["國中 12 班：至多 2 個社群（特殊教育社群、校長社群、典範社群不計入）",
                                           "高中 24 班：至多 4 個社群（特殊教育社群、校長社群、典範社群不計入）"]


def test_funding_is_decided_by_ranks_within_groups_pending_applications_included(project):
    pr = plan_review(project, project.plans[PLAN])
    decisions = {d.sb.id: d for d in pr.funding.decisions}
    assert "014602-principal-leadership" in decisions and "014301-junior-english" in decisions  # still in review
    assert "014501-late-application" not in decisions  # rejected: not a candidate
    general = [d for d in pr.funding.decisions if d.seat_name == "一般"]
    assert [d.place for d in general] == [1, 2, 3, 4]
    assert [d.sb.id for d in general][:2] == ["014601-reading-literacy", "014601-math-inquiry"]  # rank sums 4 and 6
    assert all(d.reason for d in pr.funding.decisions)
    assert decisions["014601-math-inquiry"].granted == 10000  # the bureau's amount, below the 12,000 asked
    assert pr.results is None  # no awards: nothing is called 績優, no certificates


def test_the_pages_say_what_the_plan_says(project):
    pb = project.plans[PLAN]
    site = plan_site(pb, project)
    assert site.tiers == [] and "每一社群補助上限 15,000元。" in site.budget_rules
    assert len(site.quotas) == 7 and all("不計入" in q for q in site.quotas)
    assert ("社群申請", "111年4月20日（三） 至 111年5月23日（一） 12:00 止") in site.timeline
    assert not any("跨校社群至少" in m for m in site.membership)  # the summary says nothing of cross-school minimums
    view = funding_view(pb.plan, plan_review(project, pb), project.submissions_of(PLAN))
    assert [r[2] for r in view.funded] == ["融合教育支持社群", "閱讀素養共備社群", "數學探究教學社群", "高中跨域STEM社群"]
    assert view.funded[2][4:] == ["12000", "10000"] and view.granted_total == 46000
    assert "特殊教育社群：名額 20 隊，已核定 1 隊" in view.seats
    hidden = [row for row in view.audit if row[2] == "校長課程領導社群"]
    assert not hidden  # still in review: the record names it by case code only
