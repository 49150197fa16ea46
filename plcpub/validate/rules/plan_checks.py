"""Lint of the plan itself. Published plans contain mistakes; plcpub encodes them as published
and reports them here as warnings: wrong weekdays, milestones out of order or outside the year,
caps that cannot be reached, restated rules that disagree, sums that do not add up, rates that
disagree with the national table in force. Broken references inside the plan file are errors.
"""
from __future__ import annotations

import datetime as dt

from plcpub.load.source import inside
from plcpub.model.derived import grant_ceiling, resolve_path, same_value
from plcpub.model.plan import Plan
from plcpub.review.timetable import day_slots
from plcpub.util.money import amount_in_words, format_money
from plcpub.util.rocdate import DateParseError, academic_year_bounds, format_roc, parse_roc_date
from plcpub.validate.rules import Ctx, rule
from plcpub.validate.rules.schedule import weekday_findings


@rule("plan.weekday-mismatch", "warning", "計畫中的日期與星期不符", "plan")
def plan_weekdays(ctx: Ctx):
    weekday_findings(ctx, ctx.plan, ctx.pb.doc, "計畫日期")
    for i, st in enumerate(ctx.plan.statements):
        try:
            d = parse_roc_date(st.value)
        except DateParseError:
            continue
        weekday_findings(ctx, d, ctx.pb.doc, "計畫日期", base=("statements", i, "value"), clause=st.clause)


def year_bounds(plan: Plan) -> tuple[dt.date, dt.date]:
    if plan.year_kind == "academic":
        return academic_year_bounds(plan.year)
    return dt.date(plan.year + 1911, 1, 1), dt.date(plan.year + 1911, 12, 31)


@rule("plan.milestone-order", "warning", "日程順序錯誤", "plan")
def milestone_order(ctx: Ctx):
    p = ctx.plan
    if p.execution.end.date < p.execution.start.date:
        ctx.report(("execution", "end"), "執行期程的結束日期早於開始日期。", clause=p.execution.clause)
    prev = None
    for i, m in enumerate(p.timeline):
        if m.end and m.end.date < m.date.date:
            ctx.report(("timeline", i, "end"), f"「{m.name}」的結束日期早於開始日期。", clause=m.clause)
        if prev and m.date.date < prev.date.date:
            ctx.report(("timeline", i, "date"), f"「{m.name}」（{format_roc(m.date.date)}）排在「{prev.name}」"
                                                f"（{format_roc(prev.date.date)}）之後，日期卻比較早。", clause=m.clause)
        prev = m


@rule("plan.milestone-outside-year", "warning", "日程不在計畫年度範圍內", "plan")
def milestone_outside_year(ctx: Ctx):
    start, end = year_bounds(ctx.plan)
    # Applications come up to a year before; closing and booklets up to three months after.
    lo, hi = start.replace(year=start.year - 1), end + dt.timedelta(days=92)
    for i, m in enumerate(ctx.plan.timeline):
        for key, d in (("date", m.date), ("end", m.end)):
            if d is not None and not lo <= d.date <= hi:
                ctx.report(("timeline", i, key), f"「{m.name}」的日期 {format_roc(d.date)} 不在 {ctx.plan.year_label}"
                                                 f"計畫的合理範圍（{format_roc(lo)}～{format_roc(hi)}）內，年份可能寫錯。", clause=m.clause)
    w = ctx.plan.execution
    for key, d in (("start", w.start), ("end", w.end)):
        if not lo <= d.date <= hi:
            ctx.report(("execution", key), f"執行期程 {format_roc(d.date)} 不在計畫年度範圍內。", clause=w.clause)


@rule("plan.cap-unreachable", "warning", "所載上限無法達到", "plan")
def cap_unreachable(ctx: Ctx):
    for i, t in enumerate(ctx.plan.tiers):
        if t.stated_max is None:
            continue
        best = grant_ceiling(ctx.plan, t, None, schools=t.max_schools or 2)
        if best is not None and best != t.stated_max:
            how = "、".join(f"{b.amount:,}" for b in t.bonuses) or "無加給"
            ctx.report(("tiers", i, "stated_max"), f"「{t.name}」所載上限 {format_money(t.stated_max)}，但依基本額 "
                                                   f"{format_money(t.cap)} 與加給（{how}）"
                                                   f"{'及最多 ' + str(t.max_schools) + ' 校' if t.max_schools else ''}"
                                                   f"計算，最多只能達到 {format_money(best)}。", clause=t.clause)


@rule("plan.rule-conflict", "warning", "同一規定前後不一致", "plan")
def rule_conflict(ctx: Ctx):
    for i, st in enumerate(ctx.plan.statements):
        value = resolve_path(ctx.plan, st.path)
        if value is None:
            ctx.report(("statements", i, "path"), f"找不到計畫參數「{st.path}」。", severity="error",
                       rule_id="plan.reference")
            continue
        if not same_value(value, st.value):
            shown = str(value) if not isinstance(value, list) else "、".join(map(str, value))
            parent = st.path.rsplit(".", 1)[0] if "." in st.path else ""
            other = st.versus or (getattr(resolve_path(ctx.plan, parent), "clause", None) if parent else None)
            ctx.report(("statements", i, "value"), f"計畫兩處寫法不一致：{st.clause or '一處'}寫「{st.value}」，"
                                                   f"{other or '另一處'}寫「{shown}」。", clause=st.clause)


@rule("plan.sum-mismatch", "warning", "計畫內的合計不符", "plan")
def sum_mismatch(ctx: Ctx):
    sums = {}
    for i, t in enumerate(ctx.plan.tables):
        for j, line in enumerate(t.lines):
            if line.unit_price is not None and line.quantity is not None:
                expect = int(line.unit_price * line.quantity)
                if expect != line.total:
                    ctx.report(("tables", i, "lines", j, "total"), f"「{t.title}」{line.item}：{line.unit_price:,} × "
                                                                  f"{line.quantity} = {expect:,}，表上寫 {line.total:,}。", clause=t.clause)
        s = sum(line.total for line in t.lines)
        sums[t.id] = t.stated_total
        if s != t.stated_total:
            ctx.report(("tables", i, "stated_total"), f"「{t.title}」各項合計 {format_money(s)}，表上合計寫 "
                                                      f"{format_money(t.stated_total)}。", clause=t.clause)
        if t.stated_total_words and t.stated_total_words.replace("台", "臺") != amount_in_words(t.stated_total):
            ctx.report(("tables", i, "stated_total_words"), f"「{t.title}」國字合計寫「{t.stated_total_words}」，"
                                                            f"{format_money(t.stated_total)}應寫作「{amount_in_words(t.stated_total)}」。",
                       clause=t.clause)
        if t.within_cap_of_tier:
            tier = ctx.plan.tier(t.within_cap_of_tier)
            if tier and tier.cap is not None and s > tier.cap:
                ctx.report(("tables", i, "stated_total"), f"「{t.title}」合計 {format_money(s)} 超過「{tier.name}」上限 "
                                                          f"{format_money(tier.cap)}。", clause=t.clause)
    for i, ts in enumerate(ctx.plan.table_sums):
        s = sum(sums.get(k, 0) for k in ts.tables)
        if s != ts.stated_total:
            ctx.report(("table_sums", i, "stated_total"), f"各表合計 {format_money(s)}，計畫所載總經費 "
                                                          f"{format_money(ts.stated_total)}。", clause=ts.clause)
    aw = ctx.plan.awards
    if aw:
        groups = {g.id: g for g in aw.groups}
        for i, st in enumerate(aw.stated_totals):
            s = sum(groups[g].quotas.get(st.level, 0) for g in st.groups if g in groups)
            if s != st.count:
                ctx.report(("awards", "stated_totals", i, "count"), f"{st.level}名額：計畫寫共 {st.count} 隊，各組名額合計 {s} 隊。",
                           clause=st.clause)


@rule("plan.weights-sum", "warning", "權重合計不是 100%", "plan")
def weights_sum(ctx: Ctx):
    def check(path, criteria, what, clause):
        ws = [c.weight for c in criteria if c.weight is not None]
        if ws and sum(ws) != 100:
            ctx.report(path, f"{what}的權重合計 {sum(ws)}%，不是 100%。", clause=clause)
    if ctx.plan.review:
        check(("review", "criteria"), ctx.plan.review.criteria, "審查原則", ctx.plan.review.clause)
    if ctx.plan.awards:
        for i, sc in enumerate(ctx.plan.awards.scoring):
            check(("awards", "scoring", i, "criteria"), sc.criteria, "評選標準", sc.clause)


@rule("plan.rate-mismatch", "warning", "計畫所載單價或比率與國家標準不符", "plan")
def rate_mismatch(ctx: Ctx):
    on = ctx.plan.execution.start.date
    table = ctx.standards.lecturer_table(on)
    items = {it.id: it for it in ctx.plan.budget.items}

    def check_rate(path, it, price, unit, where):
        if it.category not in ("lecturer-fee", "assistant-fee") or not it.lecturer_kind:
            return
        rate = table.rate(it.lecturer_kind, it.assistant)
        if rate is None:
            return
        unit_ok = unit is None or unit == table.unit_zh
        if price != rate or not unit_ok:
            ctx.report(path, f"{where}{it.name}寫 {price:,} 元／{unit or it.unit or table.unit_zh}，但 {format_roc(on, False)} 施行的"
                             f"講座鐘點費支給表為 {rate:,} 元／{table.unit_zh}。", clause=it.clause)

    for i, it in enumerate(ctx.plan.budget.items):
        if it.rate is not None and it.rate_source == "national":
            check_rate(("budget", "items", i, "rate"), it, it.rate, it.unit, "")
        if it.category == "consultation" and it.max_unit_price and it.max_unit_price > ctx.standards.attendance_max(on):
            ctx.report(("budget", "items", i, "max_unit_price"), f"{it.name}上限 {it.max_unit_price:,} 元，高於出席費支給上限 "
                                                                 f"{ctx.standards.attendance_max(on):,} 元。", clause=it.clause)
    for i, pr in enumerate(ctx.plan.budget.percent_rules):
        if pr.rate_source == "national-nhi" and pr.percent is not None:
            nat = ctx.standards.nhi_percent(on)
            if pr.percent != nat:
                ctx.report(("budget", "percent_rules", i, "percent"), f"二代健保補充保費率寫 {pr.percent}%，"
                                                                      f"{format_roc(on, False)} 施行的費率為 {nat}%。", clause=pr.clause)
    for i, t in enumerate(ctx.plan.tables):
        for j, line in enumerate(t.lines):
            it = items.get(line.catalogue_item or "")
            if it and line.unit_price is not None:
                check_rate(("tables", i, "lines", j, "unit_price"), it, line.unit_price, line.unit, f"「{t.title}」")


@rule("plan.session-arithmetic", "warning", "審查場次時間表與設定不符", "plan")
def session_arithmetic(ctx: Ctx):
    r = ctx.plan.review
    if r is None or r.sessions is None:
        return
    s = r.sessions
    per_day = s.cases_per_session * s.sessions_per_day
    if s.max_cases_per_day and s.max_cases_per_day != per_day:
        ctx.report(("review", "sessions", "max_cases_per_day"), f"每日最多 {s.max_cases_per_day} 案，但每場 {s.cases_per_session} 案 × "
                                                                f"每日 {s.sessions_per_day} 場 = {per_day} 案。", clause=s.clause)
    if len(s.gaps_minutes) != s.sessions_per_day - 1:
        ctx.report(("review", "sessions", "gaps_minutes"), f"每日 {s.sessions_per_day} 場之間應有 {s.sessions_per_day - 1} 段休息，"
                                                           f"目前設定 {len(s.gaps_minutes)} 段。", clause=s.clause, severity="error")
        return
    computed = [slot for slot in day_slots(s, s.sessions_per_day) if slot.kind == "session"]  # what the timetable will do
    for k, (slot, got) in enumerate(zip(s.stated_slots, computed)):
        first, last = k * s.cases_per_session + 1, (k + 1) * s.cases_per_session
        if (slot.start, slot.end) != (got.start, got.end) or (slot.cases and slot.cases != f"{first}-{last}"):
            ctx.report(("review", "sessions", "stated_slots", k), f"第 {k + 1} 場依設定應為 {got.start:%H:%M}-{got.end:%H:%M}"
                                                                  f"（第 {first}~{last} 案）。", clause=s.clause)


@rule("plan.reference", "error", "計畫內部參照錯誤", "plan")
def references(ctx: Ctx):
    p = ctx.plan
    tiers = {t.id for t in p.tiers} | {t.name for t in p.tiers}
    statuses = {s.id for s in p.workflow.statuses}
    items = {it.id for it in p.budget.items}

    def need(path, value, pool, what):
        if value not in pool:
            ctx.report(path, f"{what}「{value}」不存在於本計畫。")

    need(("workflow", "initial"), p.workflow.initial, statuses, "狀態")
    for i, tr in enumerate(p.workflow.transitions):
        for v in tr.from_:
            need(("workflow", "transitions", i, "from"), v, statuses, "狀態")
        for v in tr.to:
            need(("workflow", "transitions", i, "to"), v, statuses, "狀態")
    for i, c in enumerate(p.workflow.clocks):
        need(("workflow", "clocks", i, "end_status"), c.end_status, statuses, "狀態")
        if c.start_status:
            need(("workflow", "clocks", i, "start_status"), c.start_status, statuses, "狀態")
    for i, d in enumerate(p.workflow.documents):
        for j, v in enumerate(d.before):
            need(("workflow", "documents", i, "before", j), v, statuses, "狀態")
    letters = p.workflow.letters
    if letters and letters.template:
        found = inside(ctx.pb.dir, letters.template)
        if found is None or not found.is_file():
            ctx.report(("workflow", "letters", "template"), f"公文範本「{letters.template}」須是計畫資料夾中的檔案。",
                       rule_id="file.missing" if found is not None else "file.outside")
    for i, m in enumerate(p.timeline):
        if m.done_status:
            need(("timeline", i, "done_status"), m.done_status, statuses, "狀態")
    for i, pr in enumerate(p.budget.percent_rules):
        need(("budget", "percent_rules", i, "item"), pr.item, items, "經費項目")
    for i, tr in enumerate(p.budget.transfers):
        for j, v in enumerate(tr.items):
            need(("budget", "transfers", i, "items", j), v, items, "經費項目")
    for i, t in enumerate(p.tiers):
        if t.advance:
            need(("tiers", i, "advance", "from_tier"), t.advance.from_tier, tiers, "類別")
        for j, area in enumerate(t.required_content):
            if p.catalogues.content_areas:
                need(("tiers", i, "required_content", j), area, set(p.catalogues.content_areas), "社群內容")
    for i, r in enumerate(p.school_requirements):
        if r.tier:
            need(("school_requirements", i, "tier"), r.tier, tiers, "類別")
    if p.support_area_rule:
        need(("support_area_rule", "tier"), p.support_area_rule.tier, tiers, "類別")
    if p.outcome:
        for j, t in enumerate(p.outcome.public_lesson_record_tiers):
            need(("outcome", "public_lesson_record_tiers", j), t, tiers, "類別")
        for j, t in enumerate(p.outcome.practice_lesson_tiers):
            need(("outcome", "practice_lesson_tiers", j), t, tiers, "類別")
    if p.awards:
        for i, g in enumerate(p.awards.groups):
            for t in g.tiers:
                need(("awards", "groups", i, "tiers"), t, tiers, "類別")
            for lvl in g.quotas:
                need(("awards", "groups", i, "quotas", lvl), lvl, set(p.awards.levels), "獎項")
    if p.booklet:
        for j, s in enumerate(p.booklet.statuses):
            need(("booklet", "statuses", j), s, statuses, "狀態")
    if p.funding:
        f = p.funding
        names = statuses | {s.name for s in p.workflow.statuses}
        for j, s in enumerate(f.candidates):
            need(("funding", "candidates", j), s, names, "狀態")
        for j, c in enumerate(f.tie_break):
            need(("funding", "tie_break", j), c, {c.id for c in (p.review.criteria if p.review else [])}, "審查項目")
        kinds = tiers | set(p.catalogues.community_kinds)
        for i, q in enumerate(f.quotas):
            for j, k in enumerate(q.kinds):
                need(("funding", "quotas", i, "kinds", j), k, kinds, "社群類型或類別")
        if f.max_teams is not None and sum(q.count for q in f.quotas) > f.max_teams:
            ctx.report(("funding", "quotas"), f"保留名額合計 {sum(q.count for q in f.quotas)} 隊，超過全市核定上限 {f.max_teams} 隊。",
                       clause=f.clause)
    for i, t in enumerate(p.tables):
        for j, line in enumerate(t.lines):
            if line.catalogue_item:
                need(("tables", i, "lines", j, "catalogue_item"), line.catalogue_item, items, "經費項目")
        if t.within_cap_of_tier:
            need(("tables", i, "within_cap_of_tier"), t.within_cap_of_tier, tiers, "類別")


@rule("plan.quota-bands", "error", "各校名額的班級數區間重疊或有空缺", "plan")
def quota_bands(ctx: Ctx):
    """Class-count bands of one tier and level must neither overlap (a school would get two
    quotas) nor leave a gap between them (a school would get none)."""
    groups: dict[tuple, list] = {}
    for i, r in enumerate(ctx.plan.school_requirements):
        groups.setdefault((r.tier, r.level), []).append((i, r))
    for bands in groups.values():
        bands.sort(key=lambda ir: ir[1].min_classes or 0)
        for (_, a), (j, b) in zip(bands, bands[1:]):
            lo = b.min_classes or 0
            if a.max_classes is None or lo <= a.max_classes:
                ctx.report(("school_requirements", j, "min_classes"), f"各校名額「{a.band_text}」與「{b.band_text}」的班級數區間"
                           "重疊：同一所學校會有兩個名額。", clause=b.clause)
            elif lo > a.max_classes + 1:
                gap = f"{a.max_classes + 1}" + (f"–{lo - 1}" if lo - 1 > a.max_classes + 1 else "")
                ctx.report(("school_requirements", j, "min_classes"), f"各校名額「{a.band_text}」與「{b.band_text}」之間少了 {gap} 班"
                           "的學校：這些學校沒有名額。", clause=b.clause)
