"""Issue #18, item 3: a rules page says what the plan says. Where the plan contradicts itself,
the page prints the plan's own words and notes the conflict (what plan lint found); sentences
the plan does not state are not printed; what is enforced is shown."""
from __future__ import annotations

import dataclasses

from plcpub.render.site.pages import plan_site
from plcpub.validate.rules import Ctx, load_all_rules, run_rules


def site(project, plan_id):
    return plan_site(project.plans[plan_id], project)


def test_a_cap_the_plan_states_twice_shows_both(project):
    s = site(project, "keelung-113")
    row = next(r for r in s.tiers if r[0] == "跨校社群")
    assert row[2] == "35,000元（計畫所載；依基本額與加給計算為 32,500元）"
    assert any("35,000" in msg and "32,500" in msg for msg, _ in s.conflicts)


def test_amounts_inside_the_plans_own_conflict_are_a_warning(project):
    """Five schools: the plan's rule gives 32,500, its text says 35,000. 34,000 is the plan's
    doubt (a warning), 36,000 is over both (an error)."""
    load_all_rules()
    pb = project.plans["keelung-113"]
    sb = next(sb for sb in project.submissions_of("keelung-113") if pb.plan.tier(sb.sub.tier).id == "cross-school")
    schools = [c for c in pb.schools if c != sb.sub.school][:4]
    for total, severity in ((34000, "warning"), (36000, "error")):
        others = sum(b.amount for b in sb.sub.budget[1:])
        first = sb.sub.budget[0].model_copy(update={"quantity": 1, "unit_price": total - others})
        sub = sb.sub.model_copy(update={"partner_schools": schools, "budget": [first, *sb.sub.budget[1:]]})
        found = [d for d in run_rules(Ctx(project, pb, dataclasses.replace(sb, sub=sub)), "submission")
                 if d.rule == "budget.total-cap"]
        assert [d.severity for d in found] == [severity], (total, found)


def test_dates_and_counts_as_the_plan_wrote_them(project):
    s = site(project, "hsinchu-111")
    when = dict(s.timeline)["初審結果及審查意見公告"]
    assert when.startswith("111年4月10日(四)前") and "星期日" in when  # its own words, the weekday conflict noted
    assert dict(s.timeline)["審查結果公告"].endswith("前")
    research = next(r for r in s.tiers if r[0] == "課程研創學習社群")
    assert research[3] == "12\u00a0次（附件二 三、進度規劃表備註1寫「6」）"
    assert "連續 3 年辦理「專題實踐學習社群」者可直接申請" in research[7]
    assert "鼓勵：線上活動\u00a01\u00a0次" in research[5]


def test_no_sentence_the_plan_does_not_state(project):
    for plan_id in project.plans:
        s = site(project, plan_id)
        text = " ".join(s.membership + [c for row in s.tiers for c in row])
        assert "推舉一人擔任召集人" not in text and "教育處" not in text, plan_id
    taoyuan = site(project, "taoyuan-111")
    assert not any("跨校" in m or "學制" in m for m in taoyuan.membership)  # Taoyuan states neither


def test_what_is_enforced_is_shown(project):
    keelung = site(project, "keelung-113")
    assert any("共辦理 6 場" in x for x in keelung.sessions)
    venue = next(r for r in keelung.budget_items if r[0] == "場地佈置費")
    assert "以 3,000 元為上限" in venue[3] and "以 1,000 元以內為宜" in venue[3]
    taichung = site(project, "taichung-103")
    assert any("參與教育部102學年度教師專業發展評鑑計畫者不得申請" in m for m in taichung.membership)
    tainan = site(project, "tainan-109")
    assert len(tainan.quotas) == 4


def test_the_home_page_lists_coming_steps_by_date_and_a_landing_page_the_next_one(project):
    """112年10月1日 sorted before 112年6月20日 as text; the landing page names the next step, or
    the application deadline that has passed."""
    import datetime as dt

    from plcpub.render.site import home_upcoming

    plans = [plan_site(pb, project, today=dt.date(2023, 5, 1)) for pb in project.plans.values()]
    dates = [row[0] for row in home_upcoming(plans)]
    assert dates == sorted(dates) and len(dates) >= 5
    hsinchu = next(p for p in plans if p.id == "hsinchu-111")
    assert hsinchu.next_step[0] == "動態校內社群故事分享與發表"
    later = plan_site(project.plans["keelung-113"], project, today=dt.date(2030, 1, 1))
    assert later.next_step is None and later.past_step == ("社群申請截止（平臺執行至步驟5）", "113年4月26日（五）")
    assert later.caps.startswith("專業發展 10,000元")
