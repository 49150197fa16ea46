"""What each public page shows, computed in Python from the models (templates only lay it out).

Only communities whose status the plan marks public appear; phone numbers and e-mail addresses
are never copied into these view models, so no template can print them.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from plcpub.forms.annexes import plan_forms
from plcpub.load.project import PlanBundle, Project, SubmissionBundle
from plcpub.model.common import ACTIVITY_ZH, HOST_KIND_ZH
from plcpub.model.derived import (as_stated, budget_total, category, category_label, grant_ceiling, granted_amount,
                                   nhi_rates_during, percent_rule_text, quota_name)
from plcpub.render.markdown import render_markdown
from plcpub.review.lineage import lineage
from plcpub.render.plandiff import as_markdown, compare
from plcpub.render.photos import output_suffix
from plcpub.render.stories import PublicPhoto, inline_photos, public_story
from plcpub.standards import load_standards
from plcpub.review.report import PlanReport, plan_report
from plcpub.util.money import amount_in_words, format_money
from plcpub.util.reproducible import build_date
from plcpub.util.rocdate import format_roc



def number(n) -> str:
    return f"{n:,}" if n == int(n) else str(n)


@dataclass
class CommunityRow:
    url: str
    name: str
    school: str
    district: str
    level: str
    tier: str
    members: int
    meetings: int
    amount: int
    amount_text: str
    cross_school: bool


@dataclass
class CommunityPage:
    id: str
    url: str
    name: str
    plan_title: str
    school: str
    school_url: str
    partner_schools: list[str]
    funding_school: str | None
    tier: str
    status: str
    summary: str
    facts: list[tuple[str, str]]
    members: list[tuple[str, str, str, str]]
    schedule: list[tuple[str, str, str, str, str, str]]
    outcomes: list[tuple[str, str]]
    budget: list[tuple[str, str, str, str, str, str]]
    total: str
    total_words: str
    history: list[tuple[str, str, str]]
    review_slot: str = ""  # its slot in the review timetable, where one is published
    review_anchor: str = ""  # that row's id on the timetable page
    story_title: str | None = None
    story_html: str | None = None
    previous: tuple[str, str] | None = None  # (last year's result, its page's url): when that page is public
    photos: list[tuple[str, str]] = field(default_factory=list)  # (file name in the page folder, caption)


@dataclass
class SchoolPage:
    code: str
    url: str
    name: str
    level: str
    district: str
    classes: int
    rows: list[CommunityRow]
    members: int
    meetings: int
    total: str
    total_words: str
    quotas: list[str] = field(default_factory=list)  # the plan's quotas for this school, level by level


@dataclass
class PlanSite:
    id: str
    title: str
    city: str
    year_label: str
    execution: str
    organiser: str
    sections: list[tuple[str, str]]
    tiers: list[list[str]]
    membership: list[str]
    budget_items: list[list[str]]
    budget_rules: list[str]
    national: list[str]
    lecturer_rules: list[str]
    timeline: list[tuple[str, str]]
    upcoming: list[tuple[str, str, str]]  # (ISO date to sort by, name, when as the timeline prints it)
    criteria: list[tuple[str, str, str]]
    sessions: list[str]
    statuses: list[tuple[str, str, str]]
    clocks: list[str]
    awards: list[list[str]]
    award_levels: list[str]
    other_forms: list[tuple[str, str]]  # listed by the plan but not generated (the centre's own sheets)
    communities: list[CommunityRow]
    community_pages: list[CommunityStub]
    schools: list[SchoolPage]
    tier_names: list[str]
    districts: list[str]
    stats: dict = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)  # (page, title): the plan's pages, review ones included
    volume_pages: list[tuple[str, str]] = field(default_factory=list)  # (title, docs path): a big booklet's volumes
    quotas: list[str] = field(default_factory=list)  # 各校申請社群數: one line per class-count band
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (what plan lint found, the clause): shown, not corrected
    money: bool = True  # the plan funds communities: 經費 columns, totals and money charts
    report: PlanReport | None = None
    changes: str | None = None  # Markdown: the differences from the plan it names as its predecessor
    predecessor: tuple[str, str] | None = None
    caps: str = ""  # the caps in one line, for the landing page
    next_step: tuple[str, str] | None = None  # (name, when) of the plan's next dated step, for the landing page
    past_step: tuple[str, str] | None = None  # when none is ahead: the application deadline that was
    features: list[tuple[str, str]] = field(default_factory=list)  # (page, title): timetable, funded list, results, booklet


def _host(s) -> str:
    if s.host is None:
        return ""
    h = s.host
    who = h.name or "（待聘）"
    where = "、".join(x for x in (h.unit, h.title) if x)
    text = f"{HOST_KIND_ZH[h.kind]}：{who}" + (f"（{where}）" if where and h.kind != "host" else "")
    if h.co_lecturers:
        text += "；共同講述：" + "、".join(f"{c.name or '（待聘）'}（{HOST_KIND_ZH[c.kind]}）" for c in h.co_lecturers)
    if h.remote:
        text += "（書面或錄影提供意見）"
    if h.assistants:
        text += f"；助理講師 {len(h.assistants)} 位"
    return text


def public(pb: PlanBundle, sb: SubmissionBundle) -> bool:
    """Has a page of its own (and appears in lists, statistics and search)."""
    return pb.plan.publication(sb.sub.status).page


def community_photos(p, sb: SubmissionBundle) -> list[tuple[Path, str, str]]:
    """(source, published name, caption) of the story photos a community page shows."""
    return _published(public_story(p, sb) or [])


def _published(photos: list[PublicPhoto]) -> list[tuple[Path, str, str]]:
    return [(ph.src, f"photo-{i}{output_suffix(ph.src)}", ph.photo.caption) for i, ph in enumerate(photos, 1)]


@dataclass
class CommunityStub:
    """A community page not yet built: the writer builds it only when its inputs changed."""
    id: str
    name: str
    sb: SubmissionBundle


def previous_year(project: Project, sb: SubmissionBundle) -> SubmissionBundle | None:
    """Last year's application of the same community, when the data has it and its page is public
    (a result the workflow keeps private is not told on this year's page either)."""
    line = lineage(project, sb)
    earlier = line.earlier[0] if line.earlier else None
    pb = project.plans.get(earlier.sub.plan) if earlier else None
    return earlier if pb is not None and public(pb, earlier) else None


def _previous(project: Project, earlier: SubmissionBundle) -> tuple[str, str]:
    """(last year's result, its page's url) for this year's page."""
    plan = project.plans[earlier.sub.plan].plan
    status = plan.status(earlier.sub.status)
    text = f"{plan.edition}「{earlier.sub.name}」：{status.name if status else earlier.sub.status}"
    if plan.funds_communities:
        text += f"，核定 {format_money(granted_amount(plan, earlier.sub))}"
    text += "，成果報告已繳" if earlier.outcome is not None else "，成果報告未繳"
    return text + "。", f"{plan.id}/communities/{earlier.id}/"


def community_page(pb: PlanBundle, sb: SubmissionBundle, project: Project | None = None,
                   earlier: SubmissionBundle | None = None) -> CommunityPage:
    """`earlier`: last year's application (previous_year), told on the page; `project` holds its plan."""
    p, sub = pb.plan, sb.sub
    schools = pb.schools
    name_of = lambda code: schools[code].name if code in schools else code  # noqa: E731
    status = p.status(sub.status)
    members = [(m.name, name_of(m.school) if m.school else "", m.subject or "", "召集人" if i == 0 else (m.role or "成員"))
               for i, m in enumerate(sub.everyone())]
    schedule = [(str(i), format_roc(s.date.date), f"{s.start:%H:%M}–{s.end:%H:%M}", s.content,
                 s.method + ("（線上）" if s.online else ""), _host(s) + (f"｜{s.place}" if s.place else ""))
                for i, s in enumerate(sub.schedule, 1)]
    budget = []
    for line in sub.budget:
        it = p.line_item(line)
        budget.append((it.name if it else line.item, number(line.quantity), line.unit or "", format_money(line.unit_price),
                       format_money(line.amount), line.note or ""))
    total = budget_total(sub)
    facts = [("學校", name_of(sub.school)), (category_label(p), category(p, sub)),
             ("跨校", "是（" + "、".join(name_of(c) for c in sub.partner_schools) + "）" if sub.cross_school else "否")]
    if sub.funding_school:
        facts.append(("經費核銷學校", name_of(sub.funding_school)))
    if sub.years_running:
        facts.append(("申請年數", f"連續第 {sub.years_running} 年（含本年度）"))
    if sub.content_areas:
        facts.append(("社群內容", "、".join(sub.content_areas)))
    if sub.methods:
        facts.append(("實施方式", "、".join(sub.methods)))
    if sub.competencies:
        facts.append(("核心素養", "、".join(sub.competencies)))
    if sub.goals:
        facts.append(("社群目標", "、".join(sub.goals)))
    page = CommunityPage(
        id=sb.id, url=f"{p.id}/communities/{sb.id}/", name=sub.name, plan_title=p.title, school=name_of(sub.school),
        school_url=f"{p.id}/schools/{sub.school}/", partner_schools=[name_of(c) for c in sub.partner_schools],
        funding_school=name_of(sub.funding_school) if sub.funding_school else None,
        tier=category(p, sub), status=status.name if status else sub.status, summary=sub.summary or "",
        facts=facts, members=members, schedule=schedule,
        outcomes=[(o.outcome, "；".join(o.checks)) for o in sub.outcomes], budget=budget,
        total=format_money(total), total_words=amount_in_words(total),
        history=[(format_roc(h.date.date), h.status, h.note or "") for h in sub.history])
    page.previous = _previous(project, earlier) if project is not None and earlier is not None else None
    story = public_story(p, sb)
    if story is not None:
        page.story_title = sb.story.title
        published = _published(story)
        by_path, inline = inline_photos(sb.story_doc.body, story)
        page.story_html = render_markdown(sb.story_doc.body, top_heading=3,
                                          images={path: published[i][1] for path, i in by_path.items()})
        page.photos = [(name, caption) for i, (_, name, caption) in enumerate(published)
                       if i not in inline]  # a photo shown in the text is not repeated below
    return page


def community_row(pb: PlanBundle, sb: SubmissionBundle) -> CommunityRow:
    school = pb.schools.get(sb.sub.school)
    total = budget_total(sb.sub)
    return CommunityRow(f"{pb.plan.id}/communities/{sb.id}/", sb.sub.name, school.name if school else sb.sub.school,
                        school.district if school else "", school.level if school else "",
                        category(pb.plan, sb.sub), len(sb.sub.everyone()), len(sb.sub.schedule), total,
                        format_money(total), sb.sub.cross_school)


def _activities(required) -> str:
    """共同備課 1 次、觀課 1 次 (no-break spaces: an activity and its count stay on one line)."""
    return "、".join(f"{ACTIVITY_ZH[a.activity]}\u00a0{a.count}\u00a0次" for a in required)


def plan_site(pb: PlanBundle, project: Project, today=None) -> PlanSite:
    p = pb.plan
    subs = [sb for sb in project.submissions_of(p.id) if public(pb, sb)]
    rows = [community_row(pb, sb) for sb in subs]
    pages = [CommunityStub(sb.id, sb.sub.name, sb) for sb in subs]
    tiers = []
    for t in p.tiers:
        ceiling = grant_ceiling(p, t, None, schools=t.max_schools or 2)
        bonus = "、".join({"cross-school": "跨校", "per-extra-school": f"每增一校（{b.from_schools or 1} 校以上）",
                          "school-curriculum": "結合校訂課程"}[b.kind] + f"加 {format_money(b.amount)}" for b in t.bonuses)
        source = p.tier(t.advance.from_tier) if t.advance else None
        limits = "、".join(x for x in (f"至少 {t.min_schools} 校" if t.min_schools else "",
                                       f"至多 {t.max_schools} 校" if t.max_schools else "",
                                       "須跨校" if t.cross_school == "required" else "",
                                       "受委託辦理（學校不得自行申請）" if t.applicant == "bureau" else "",
                                       f"連續 {t.advance.min_years} 年辦理「{source.name if source else t.advance.from_tier}」者可直接申請"
                                       if t.advance else "") if x)
        at = f"tiers[{t.id}]."
        if t.stated_max is not None and ceiling is not None and t.stated_max != ceiling:  # the plan contradicts itself
            most = f"{format_money(t.stated_max)}（計畫所載；依基本額與加給計算為 {format_money(ceiling)}）"
        else:
            most = format_money(ceiling) if ceiling is not None and ceiling != t.cap else "—"
        activities = _activities(t.required_activities)
        if t.encouraged_activities:
            activities += ("；" if activities else "") + "鼓勵：" + _activities(t.encouraged_activities)
        tiers.append([t.name, as_stated(p, at + "cap", format_money(t.cap)) if t.cap is not None else "未載明", most,
                      as_stated(p, at + "min_meetings", f"{t.min_meetings}\u00a0次") if t.min_meetings else "—",
                      f"{t.min_members or p.membership.min_members}\u00a0人" if (t.min_members or p.membership.min_members) else "—",
                      activities or "—", bonus or "—", limits or "—"])
    m = p.membership
    membership = [x for x in (
        as_stated(p, "membership.min_members", f"每社群至少 {m.min_members} 位教師（含召集人）") + "。" if m.min_members else "",
        f"跨校社群至少 {m.cross_school_min_schools} 校。" if "cross_school_min_schools" in m.model_fields_set else "",
        "跨校社群須由召集人或成員所屬學校之一辦理經費核銷。" if m.funding_school_required else "",
        f"每人至多擔任 {m.convener_max_communities} 個社群的召集人。" if m.convener_max_communities else "",
        "已獲其他專案計畫補助之社群不得重複申請。" if p.eligibility.no_double_funding else "",
        as_stated(p, "eligibility.school_levels", f"適用學制：{'、'.join(p.eligibility.school_levels)}") + "。"
        if p.eligibility.school_levels else "",
        f"{'、'.join(p.eligibility.exclude_flags)}者不得申請。" if p.eligibility.exclude_flags else "") if x]
    items = [[it.name, it.unit or "式",
              format_money(it.rate) if it.rate else ("依國家標準" if it.rate_source == "national" else "覈實支應"),
              "；".join(it.unit_price_caps()) or "—",
              "須附品項明細" if it.requires_details else ""] for it in p.budget.items]
    rules = []
    rules += [percent_rule_text(p, pr) + "。" for pr in p.budget.percent_rules]
    rules += [f"{f.name}不予補助。" for f in p.budget.forbidden]
    if p.budget.cap is not None:
        rules.insert(0, f"每一社群補助上限 {format_money(p.budget.cap)}" + ("（各類別皆同）。" if p.tiers_stated else "。"))
    if p.budget.school_cap:
        rules.append(f"每校補助 {format_money(p.budget.school_cap)}（各社群合計）。")
    rules += p.budget.notes
    on = p.execution.start.date
    std = load_standards()
    table = std.lecturer_table(on)
    nhi = nhi_rates_during(p, std)
    national = [f"講座鐘點費支給表（{format_roc(table.start, False)}起適用）：" +
                "、".join(f"{HOST_KIND_ZH[k]} {format_money(v)}／{table.unit_zh}" for k, v in table.rates.items()) + "。",
                "二代健保補充保費率：" + "；".join(f"{format_roc(d, False)}起 {pct}%" if i else f"{pct}%" for i, (d, pct) in enumerate(nhi))
                + ("（依各場次日期適用）" if len(nhi) > 1 else "") + "。",
                f"出席費、諮詢費：每次至多 {format_money(std.attendance_max(on))}。"]
    lr = p.lecturers
    lecturer = [x for x in (
        "社群內教師不得互聘為講師支領鐘點費。" if not lr.members_may_be_paid else "",
        f"擔任講座的成員不得超過成員數的 {lr.max_member_lecturers_percent}%。" if lr.max_member_lecturers_percent else "",
        f"單一成員擔任講座，不得支領超過講座鐘點費總額的 {lr.max_single_member_fee_percent}%。"
        if lr.max_single_member_fee_percent else "",
        "講座須註明服務單位、職稱、姓名及內聘或外聘，時數須與經費概算表對應。" if lr.must_state_kind else "",
        (f"助理講師：參加人數超過 {lr.assistant.participants_per_assistant} 人方得編列 1 位，講述型課程不編列。"
         if lr.assistant else "")) if x]
    for r in lr.unpaid:
        lecturer.append(f"{'、'.join(HOST_KIND_ZH[h] for h in r.hosts)}於{'、'.join(ACTIVITY_ZH[a] for a in r.activities)}"
                        f"時段不得支領鐘點費" + (f"（{'、'.join(ACTIVITY_ZH[a] for a in r.open_to_city)}開放全市教師參與之觀摩研習者除外）"
                                               if r.open_to_city else "") + "。")
    timeline = [(mi.name, as_stated(p, f"timeline[{mi.id}].date", mi.when)) for mi in p.timeline if mi.public]
    today = today or build_date()
    upcoming = [(mi.date.date.isoformat(), mi.name, mi.when) for mi in p.timeline
                if mi.public and (mi.end or mi.date).date >= today]
    criteria = []
    if p.review:
        criteria = [(c.name, f"{c.weight}%" if c.weight is not None else "", "；".join(c.items)) for c in p.review.criteria]
    sessions = []
    if p.review and p.review.sessions:
        s = p.review.sessions
        sessions = [f"每場 {s.session_minutes} 分鐘審查 {s.cases_per_session} 案，每日 {s.sessions_per_day} 場"
                    + (f"（每日最多 {s.max_cases_per_day} 案）" if s.max_cases_per_day else "")
                    + (f"，共辦理 {s.total_sessions} 場" if s.total_sessions else "") + "。"]
        if s.check_in:
            sessions.append(f"報到：{s.check_in.start:%H:%M}–{s.check_in.end:%H:%M}。")
        sessions += [f"{sl.start:%H:%M}–{sl.end:%H:%M} {sl.label}" + (f"：第 {sl.cases} 案" if sl.cases else "")
                     for sl in s.stated_slots]
    statuses = [(st.name, st.stage_label, "列入名單" if st.public else "不上網") for st in p.workflow.statuses]
    clocks = [f"{c.name}（{c.days} 日內）。" for c in p.workflow.clocks]
    clocks += [p.document_rule(d) + (f"（{d.clause}）" if d.clause else "") + "。" for d in p.workflow.documents]
    awards, levels = [], []
    if p.awards:
        levels = p.awards.levels
        awards = [[g.name] + [str(g.quotas.get(lv, 0)) for lv in levels] for g in p.awards.groups]
    generated = {pf.form.id for pf in plan_forms(p)}
    other_forms = [(f.annex or "", f.name) for f in p.forms if f.id not in generated]
    by_school: dict[str, list[CommunityRow]] = defaultdict(list)
    for sb, row in zip(subs, rows, strict=True):
        by_school[sb.sub.school].append(row)
    schools = []
    for code, srows in sorted(by_school.items()):
        s = pb.schools.get(code)
        total = sum(r.amount for r in srows)
        schools.append(SchoolPage(code, f"{p.id}/schools/{code}/", s.name if s else code, s.level if s else "",
                                  s.district if s else "", s.classes if s else 0,
                                  srows,
                                  sum(r.members for r in srows), sum(r.meetings for r in srows),
                                  format_money(total), amount_in_words(total), school_quotas(p, s) if s else []))
    site = PlanSite(p.id, p.title, p.city, p.year_label,
                    f"{format_roc(p.execution.start.date)} 至 {format_roc(p.execution.end.date)}",
                    "、".join(x for x in (p.organiser, p.executor) if x),
                    [(t, render_markdown(md)) for t, md in pb.sections], tiers, membership, items, rules, national,
                    lecturer, timeline, upcoming, criteria, sessions, statuses, clocks, awards, levels, other_forms,
                    rows, pages, schools, [t.name for t in p.tiers], sorted({r.district for r in rows if r.district}))
    site.conflicts = plan_conflicts(project, pb)
    if not p.tiers_stated:  # one flat cap: the budget rules say it; no table of tiers the plan never named
        site.tiers, site.tier_names = [], []
    site.next_step = min(upcoming)[1:] if upcoming else None
    if site.next_step is None:  # all past: the application deadline (or the last step) still tells what was due
        last = (p.duties("application") or [mi for mi in p.timeline if mi.public] or [None])[-1]
        site.past_step = (last.name, last.when) if last else None
    site.money = p.funds_communities
    site.report = plan_report(pb, project.submissions_of(p.id), public=True)  # the year in public figures
    previous = project.plans.get(p.predecessor) if p.predecessor else None
    if previous is not None:  # 「與上一年度比較」: what changed, with both clauses
        site.changes = as_markdown(compare(previous.plan, p), heading_level=3)
        site.predecessor = (previous.plan.id, previous.plan.title)
    if p.budget.cap is not None and not p.tiers_stated:
        site.caps = f"每一社群 {format_money(p.budget.cap)}"
    elif site.money:
        site.caps = "、".join(f"{t.name} {format_money(t.cap)}" for t in p.tiers if t.cap is not None)
    site.stats = _stats(rows, site.money)
    site.quotas = [f"{r.band_text}：{r.counts_text(quota_name(p, r))}"
                   + (f"；註記為{'、'.join(r.exempt_school_flags)}的學校不受此限" if r.exempt_school_flags else "")
                   for r in p.school_requirements]
    return site


def plan_conflicts(project: Project, pb: PlanBundle) -> list[tuple[str, str]]:
    """Where the plan contradicts itself or its own arithmetic (the plan lint's warnings): the
    pages print the plan's words and list these, never a silent correction."""
    from plcpub.validate.rules import Ctx, load_all_rules, run_rules
    load_all_rules()
    found = run_rules(Ctx(project, pb), "plan")
    return [(d.message, d.clause or "") for d in found if d.rule.startswith("plan.") and d.severity == "warning"]


def school_quotas(plan, school) -> list[str]:
    """The quotas that apply to one school, per level it runs (國小 8 班：至多 6 個「…」)."""
    out = []
    for level, classes in school.level_classes().items():
        for r in plan.school_requirements:
            if r.fits(level, classes) and not set(school.flags) & set(r.exempt_school_flags):
                out.append(f"{level} {classes} 班：{r.counts_text(quota_name(plan, r))}")
    return out


def _stats(rows: list[CommunityRow], money: bool = True) -> dict:
    """Money per tier and district where the plan funds communities, else counts."""
    by_tier: dict[str, int] = defaultdict(int)
    by_district: dict[str, int] = defaultdict(int)
    by_level: dict[str, int] = defaultdict(int)
    for r in rows:
        by_tier[r.tier or "（未分類）"] += r.amount if money else 1
        by_district[r.district or "（未填）"] += r.amount if money else 1
        by_level[r.level or "（未填）"] += 1
    return {"tier": dict(by_tier), "district": dict(sorted(by_district.items())), "level": dict(sorted(by_level.items())),
            "total": format_money(sum(r.amount for r in rows)), "count": len(rows)}
