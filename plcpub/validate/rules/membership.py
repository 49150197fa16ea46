"""Who may form a community: member counts, schools, cross-school rules, tier eligibility."""
from __future__ import annotations

from plcpub.model.derived import application_level
from plcpub.review.lineage import completed_in_tier, lineage
from plcpub.validate.rules import Ctx, did_you_mean, rule


def _tier(ctx: Ctx):
    return ctx.plan.tier(ctx.sub.tier)


@rule("tier.unknown", "error", "申請類別不在計畫中", "submission")
def tier_unknown(ctx: Ctx):
    if _tier(ctx) is None:
        names = [t.name for t in ctx.plan.tiers]
        if not ctx.sub.tier:
            ctx.report(("plan",), f"請填寫申請類別（tier），可填：{'、'.join(names)}。", key=True)
        else:
            ctx.report(("tier",), f"申請類別「{ctx.sub.tier}」不在本計畫中。{did_you_mean(ctx.sub.tier, names)}")


@rule("tier.commissioned", "error", "此類別須受委託辦理", "submission")
def tier_commissioned(ctx: Ctx):
    t = _tier(ctx)
    if t and t.applicant == "bureau" and not ctx.sub.commission_ref:
        ctx.report(("tier",), f"「{t.name}」須受委託辦理，學校不能自行申請；若已受委託，請填 commission_ref（委託文號）。",
                   clause=t.clause)


@rule("tier.advance", "error", "連續年數進階規定", "submission")
def tier_advance(ctx: Ctx):
    """「連續申請滿3年…可直接進階」: the years completed before this one (years_running counts this
    year too), and where the earlier years are in the data, the years they show."""
    t, sub = _tier(ctx), ctx.sub
    if t is None or not sub.direct_advance:
        return
    if t.advance is None:
        ctx.report(("direct_advance",), f"「{t.name}」沒有直接進階的規定，direct_advance 應為 false。")
        return
    src = ctx.plan.tier(t.advance.from_tier)
    need = f"直接進階至「{t.name}」須已連續辦理「{src.name if src else t.advance.from_tier}」滿 {t.advance.min_years} 年（不含本年度）"
    declared = (sub.years_running or 0) - 1
    if declared < t.advance.min_years:
        ctx.report(("years_running",) if sub.years_running else ("direct_advance",),
                   f"{need}，本社群填寫本年度為第 {sub.years_running or '（未填）'} 年，即已辦理 {max(declared, 0)} 年。",
                   clause=t.advance.clause)
        return
    line = lineage(ctx.project, ctx.sb)
    shown = completed_in_tier(ctx.project, line, src.id if src else t.advance.from_tier)
    if line.conclusive and shown < t.advance.min_years:
        ctx.report(("direct_advance",), f"{need}；資料中的上一年度紀錄只有 {shown} 年（predecessor）。", clause=t.advance.clause)


@rule("membership.min-members", "error", "社群人數不足", "submission")
def min_members(ctx: Ctx):
    t = _tier(ctx)
    if t is None:
        return
    need, clause = (t.min_members, t.clause) if t.min_members else (ctx.plan.membership.min_members,
                                                                      ctx.plan.membership.clause)
    have = 1 + len(ctx.sub.members)
    if need and have < need:
        ctx.report(("members",), f"「{t.name}」至少需要 {need} 位教師（含召集人），目前只有 {have} 位。", clause=clause)


@rule("membership.duplicate-member", "error", "成員重複", "submission")
def duplicate_member(ctx: Ctx):
    seen = {(ctx.sub.convener.name, ctx.sub.convener.school)}
    for i, p in enumerate(ctx.sub.members):
        key = (p.name, p.school)
        if key in seen:
            ctx.report(("members", i, "name"), f"成員「{p.name}」重複列出（召集人不必再列入成員）。")
        seen.add(key)


@rule("school.unknown", "error", "學校代碼不在名冊中", "submission")
def school_unknown(ctx: Ctx):
    reg = ctx.pb.schools
    names = [f"{c} {s.name}" for c, s in reg.items()]

    def check(path, code):
        if code and code not in reg:
            ctx.report(path, f"學校代碼「{code}」不在本計畫的學校名冊中。{did_you_mean(code, list(reg))}"
                       if len(reg) > 15 else f"學校代碼「{code}」不在本計畫的學校名冊中。可用：{'、'.join(names)}。")

    sub = ctx.sub
    check(("school",), sub.school)
    for i, c in enumerate(sub.partner_schools):
        check(("partner_schools", i), c)
    check(("funding_school",), sub.funding_school)
    check(("convener", "school"), sub.convener.school)
    for i, p in enumerate(sub.members):
        check(("members", i, "school"), p.school)


@rule("school.eligibility", "error", "學校不符申請資格", "submission")
def school_eligibility(ctx: Ctx):
    el = ctx.plan.eligibility
    s = ctx.pb.schools.get(ctx.sub.school)
    if s is None:
        return
    level = application_level(ctx.sub, s)
    if el.school_levels and level is not None and level not in el.school_levels:
        ctx.report(("school",), f"{s.name}（{level}）不在本計畫的適用學制（{'、'.join(el.school_levels)}）。",
                   clause=el.clause)
    bad = set(s.flags) & set(el.exclude_flags)
    if bad:
        ctx.report(("school",), f"{s.name}有註記「{'、'.join(sorted(bad))}」，依計畫不得申請本補助。", clause=el.clause)


@rule("school.eligibility-declared", "error", "學校自陳不符申請資格", "submission")
def declared_eligibility(ctx: Ctx):
    """The form asks the school itself (本校參與／未參與…評鑑計畫): a school that
    declares an excluded flag may not apply, and a declaration the registry contradicts is named."""
    el = ctx.plan.eligibility
    declared = set(ctx.sub.declared_flags) & set(el.exclude_flags)
    if declared:
        ctx.report(("declared_flags",), f"申請書勾選「本校{'、'.join(sorted(declared))}」，依計畫不得申請本補助。",
                   clause=el.clause)
    s = ctx.pb.schools.get(ctx.sub.school)
    if s is None:
        return
    denied = set(ctx.sub.undeclared_flags) & set(s.flags) & set(el.exclude_flags)
    if denied:
        ctx.report(("undeclared_flags",), f"申請書勾選本校未{'、'.join(sorted(denied))}，但學校名冊註記{s.name}有此情形，請確認。",
                   clause=el.clause, severity="warning")


@rule("submission.double-funding", "error", "已獲其他計畫補助不得重複申請", "submission")
def double_funding(ctx: Ctx):
    if ctx.plan.eligibility.no_double_funding and ctx.sub.other_funding:
        ctx.report(("other_funding",), f"本社群已獲「{'、'.join(ctx.sub.other_funding)}」補助，依計畫不得重複申請。",
                   clause=ctx.plan.eligibility.clause)


@rule("membership.cross-school", "error", "跨校設定與成員學校不一致", "submission")
def cross_school(ctx: Ctx):
    sub, t = ctx.sub, _tier(ctx)
    n = len([c for c in sub.all_schools() if c in ctx.pb.schools])  # unknown codes: school.unknown says so
    if not sub.cross_school and n > 1:
        ctx.report(("cross_school",), f"成員來自 {n} 所學校，應將 cross_school 設為 true（跨校社群）。")
    if t and t.cross_school == "required" and not sub.cross_school:
        ctx.report(("cross_school",), f"「{t.name}」必須是跨校社群。", clause=t.clause)
    if t and t.cross_school == "forbidden" and sub.cross_school:
        ctx.report(("cross_school",), f"「{t.name}」不能以跨校方式申請。", clause=t.clause)


@rule("membership.min-schools", "error", "跨校社群校數不足", "submission")
def min_schools(ctx: Ctx):
    sub, t = ctx.sub, _tier(ctx)
    if not sub.cross_school:
        return
    need = max(ctx.plan.membership.cross_school_min_schools, (t.min_schools or 0) if t else 0)
    n = len(sub.all_schools())
    if n < need:
        ctx.report(("partner_schools",) if ctx.doc.has(("partner_schools",)) else ("cross_school",),
                   f"跨校社群至少需要 {need} 所學校，目前只有 {n} 所（請在 partner_schools 列出夥伴學校）。",
                   clause=(t.clause if t and t.min_schools else ctx.plan.membership.clause))


@rule("membership.max-schools", "error", "跨校社群超過校數上限", "submission")
def max_schools(ctx: Ctx):
    t = _tier(ctx)
    n = len(ctx.sub.all_schools())
    if t and t.max_schools and n > t.max_schools:
        ctx.report(("partner_schools",), f"「{t.name}」最多 {t.max_schools} 所學校，目前有 {n} 所。", clause=t.clause)


@rule("membership.funding-school", "error", "跨校社群未指定或誤指經費核銷學校", "submission")
def funding_school(ctx: Ctx):
    sub, m = ctx.sub, ctx.plan.membership
    if not sub.cross_school:
        return
    if m.funding_school_required and not sub.funding_school:
        ctx.report(("cross_school",), "跨校社群須指定辦理經費核銷的學校（funding_school）。", clause=m.clause)
    elif sub.funding_school and sub.funding_school not in sub.all_schools():
        ctx.report(("funding_school",), f"經費核銷學校「{sub.funding_school}」必須是召集人或成員所屬的學校。",
                   clause=m.clause)


@rule("membership.convener-once", "error", "同一人擔任召集人超過上限", "aggregate")
def convener_once(ctx: Ctx):
    limit = ctx.plan.membership.convener_max_communities
    if not limit:
        return
    seen: dict[tuple, int] = {}
    for sb in ctx.project.submissions_of(ctx.plan.id):
        key = (sb.sub.convener.name, sb.sub.convener.school)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > limit:
            ctx.report(("convener", "name"), f"{key[0]} 已擔任其他社群的召集人；每人最多申請 {limit} 個社群。",
                       doc=sb.doc, clause=ctx.plan.membership.clause)
