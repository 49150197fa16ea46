"""Issue #17, item 6: seed clauses that were prose or approximations, now plan data with rules."""
from __future__ import annotations

import dataclasses

from plcpub.model.submission import Host
from plcpub.validate.rules import Ctx, load_all_rules, run_rules


def findings(project, plan_id, sb, rule):
    load_all_rules()
    return [d for d in run_rules(Ctx(project, project.plans[plan_id], sb), "submission") if d.rule == rule]


def with_session(sb, **changes):
    s = sb.sub.schedule[0].model_copy(update=changes)
    return dataclasses.replace(sb, sub=sb.sub.model_copy(update={"schedule": [s, *sb.sub.schedule[1:]]}))


def test_the_open_observation_lifts_the_members_unpaid_rule_only_for_itself(project):
    """Hsinchu 伍、二 備註6: members are not paid for co-planning, observation or debrief, 「唯若
    觀課為開放全市教師參與之觀摩研習，則授課教師可視為講師」: an open observation may pay its
    teacher; an open co-planning or debrief still may not (it used to be lifted too)."""
    sb = next(sb for sb in project.submissions_of("hsinchu-111") if sb.sub.schedule)
    member = Host(name=sb.sub.members[0].name, kind="member")
    observation = with_session(sb, method="公開授課", host=member, open_to_city=True)
    assert findings(project, "hsinchu-111", observation, "lecturer.unpaid-activity") == []
    for method in ("共同備課", "同儕省思對話"):
        open_but_not_observed = with_session(sb, method=method, host=member, open_to_city=True)
        found = findings(project, "hsinchu-111", open_but_not_observed, "lecturer.unpaid-activity")
        assert len(found) == 1 and "伍、二 備註6" in found[0].clause, method
    closed = with_session(sb, method="公開授課", host=member, open_to_city=False)
    assert len(findings(project, "hsinchu-111", closed, "lecturer.unpaid-activity")) == 1


def test_the_autonomy_tier_reports_a_practice_lesson(project):
    """Hsinchu 專業自主: 教師學習社群成果報告（含一堂實踐教學課程成果）."""
    sb = next(sb for sb in project.submissions_of("hsinchu-111")
              if sb.outcome is not None and project.plans["hsinchu-111"].plan.tier(sb.sub.tier).id == "autonomy")
    assert findings(project, "hsinchu-111", sb, "outcome.practice-lesson") == []
    without = dataclasses.replace(sb, outcome=sb.outcome.model_copy(update={"practice_lesson": None}))
    assert len(findings(project, "hsinchu-111", without, "outcome.practice-lesson")) == 1


def test_the_nhi_rate_follows_each_meetings_date_within_the_school_year(project):
    """Tainan 109 (2020-08 to 2021-07) straddles the national change from 1.91 % to 2.11 % on
    2021-01-01: meetings from then on use 2.11 %, those before 1.91 % (it used 1.91 % for all)."""
    from decimal import Decimal

    from plcpub.model.derived import percent_of
    from plcpub.util.rocdate import RocDate

    plan = project.plans["tainan-109"].plan
    pr = next(pr for pr in plan.budget.percent_rules if pr.rate_source == "national-nhi")
    assert percent_of(plan, pr) == Decimal("1.91")  # the blank sheet and the rules page: the rate at the start
    sb = next(sb for sb in project.submissions_of("tainan-109") if sb.id == "213602-principals")
    assert all(s.date.date.year >= 2021 for s in sb.sub.schedule if s.host and s.host.kind != "host")
    assert percent_of(plan, pr, sub=sb.sub) == Decimal("2.11")
    assert findings(project, "tainan-109", sb, "budget.nhi-premium") == []
    early = [s.model_copy(update={"date": RocDate(s.date.date.replace(year=2020, month=10))}) for s in sb.sub.schedule]
    moved = dataclasses.replace(sb, sub=sb.sub.model_copy(update={"schedule": early}))
    assert percent_of(plan, pr, sub=moved.sub) == Decimal("1.91")
    found = findings(project, "tainan-109", moved, "budget.nhi-premium")
    assert len(found) == 1 and "1.91" in found[0].message
    lecture = next(s for s in sb.sub.schedule if s.host and s.host.kind != "host")
    half = [*sb.sub.schedule, lecture.model_copy(update={"date": RocDate(lecture.date.date.replace(year=2020, month=10))})]
    mixed = percent_of(plan, pr, sub=sb.sub.model_copy(update={"schedule": half}))
    assert Decimal("1.91") < mixed < Decimal("2.11")


def test_the_annexs_one_lecturer_line_adjusted_for_an_external_lecturer_passes(project):
    """Taichung 附件-2 has one 講師鐘點費 line at 800/時 「內聘講師(外聘講師 請自行調整為1600元/時」:
    a school that follows it writes 講師鐘點費 at 1,600 for its external lecturer, which is the
    external item (budget.unit-rate used to refuse it as an internal line); the NHI line the
    annex lists is checked at the national 2 % (no rule applied it before)."""
    from decimal import Decimal

    from plcpub.model.submission import BudgetLine

    plan = project.plans["taichung-103"].plan
    sb = next(sb for sb in project.submissions_of("taichung-103")
              if any(plan.line_item(b).id == "lecturer-external" for b in sb.sub.budget))
    lines = [b.model_copy(update={"item": "講師鐘點費"}) if plan.line_item(b).id == "lecturer-external" else b
             for b in sb.sub.budget]
    annex = dataclasses.replace(sb, sub=sb.sub.model_copy(update={"budget": lines}))
    assert plan.line_item(BudgetLine(item="講師鐘點費", quantity=Decimal(2), unit_price=1600)).id == "lecturer-external"
    assert plan.line_item(BudgetLine(item="講師鐘點費", quantity=Decimal(2), unit_price=800)).id == "lecturer-internal"
    for rule in ("budget.unit-rate", "budget.nhi-premium", "budget.max-quantity"):
        assert findings(project, "taichung-103", annex, rule) == [], rule
    wrong = [b.model_copy(update={"unit_price": b.unit_price + 10}) if plan.line_item(b).category == "nhi" else b
             for b in sb.sub.budget]
    found = findings(project, "taichung-103", dataclasses.replace(sb, sub=sb.sub.model_copy(update={"budget": wrong})),
                     "budget.nhi-premium")
    assert len(found) == 1 and "2%" in found[0].message


def test_two_lecturing_together_are_paid_half_each(project):
    """Keelung 柒、一、3「如係兩人講述，依未滿一節減半支給」: a 90-minute lecture by two external
    lecturers supports 2 periods between them, not 4 (the schedule must match the budget)."""
    from plcpub.model.derived import scheduled_units
    from plcpub.model.submission import CoLecturer

    plan = project.plans["keelung-113"].plan
    sb = next(sb for sb in project.submissions_of("keelung-113")
              if any(s.host and s.host.kind == "external" for s in sb.sub.schedule))
    i = next(i for i, s in enumerate(sb.sub.schedule) if s.host and s.host.kind == "external")
    s = sb.sub.schedule[i]
    alone = scheduled_units(plan, sb.sub, _std(), "external")
    paired = s.model_copy(update={"host": s.host.model_copy(update={"co_lecturers": [CoLecturer(name="李文", kind="external")]})})
    two = sb.sub.model_copy(update={"schedule": [*sb.sub.schedule[:i], paired, *sb.sub.schedule[i + 1:]]})
    assert scheduled_units(plan, two, _std(), "external") == alone  # the meeting's units, shared
    doubled = [b.model_copy(update={"quantity": b.quantity * 2}) if plan.line_item(b).id == "lecturer-external" else b
               for b in two.budget]
    found = findings(project, "keelung-113", dataclasses.replace(sb, sub=two.model_copy(update={"budget": doubled})),
                     "budget.lecturer-periods")
    assert len(found) == 1


def test_an_expert_who_sends_written_advice_gets_no_attendance_fee(project):
    """Keelung 柒、二、2: 未親自出席，而以書面、錄音或錄影等方式提供意見者，不得支給出席費."""
    from decimal import Decimal

    from plcpub.model.submission import BudgetLine

    sb = next(sb for sb in project.submissions_of("keelung-113")
              if sb.sub.schedule and not any(s.host and s.host.kind == "consultant" for s in sb.sub.schedule))
    expert = Host(name="張教授", kind="consultant", unit="國立臺灣師範大學")
    with_expert = with_session(sb, host=expert)
    lines = [*with_expert.sub.budget, BudgetLine(item="出席費", quantity=Decimal(1), unit="人次", unit_price=2000)]
    present = dataclasses.replace(with_expert, sub=with_expert.sub.model_copy(update={"budget": lines}))
    assert findings(project, "keelung-113", present, "budget.consultation-count") == []
    away = with_session(present, host=expert.model_copy(update={"remote": True}))
    found = findings(project, "keelung-113", away, "budget.consultation-count")
    assert len(found) == 1 and "書面" in found[0].message


def _std():
    from plcpub.standards import load_standards
    return load_standards()
