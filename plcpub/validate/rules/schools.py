"""Per-school quotas: how many communities each school must or may apply for, per level."""
from __future__ import annotations

from plcpub.model.derived import (application_level, counts_as_application, kinds_of, quota_name, submission_order,
                                   submitted_entry)
from plcpub.util.rocdate import format_roc
from plcpub.validate.rules import Ctx, rule


def _active(ctx: Ctx):
    for sb in ctx.project.submissions_of(ctx.plan.id):
        if counts_as_application(ctx.plan, sb.sub):
            yield sb


def _nothing_received(ctx: Ctx, what: str) -> bool:
    """No application of this plan in the data yet (next year's edition just made, a call not
    yet answered): "too few" cannot be judged, so one note says so instead of an error per school."""
    if ctx.project.submissions_of(ctx.plan.id):
        return False
    ctx.report(("schools",), f"資料中還沒有任何社群申請，{what}待收件後再檢查。", doc=ctx.pb.schools_doc, severity="info")
    return True


def _counted(ctx: Ctx, req, school, level: str) -> list:
    """The applications `req` counts for one school level, in the order they were sent."""
    if set(school.flags) & set(req.exempt_school_flags):
        return []
    t = ctx.plan.tier(req.tier) if req.tier else None
    exempt = set(req.exempt)
    out = []
    for sb in _active(ctx):
        if sb.sub.school != school.code or application_level(sb.sub, school) != level:
            continue
        if req.tier and ctx.plan.tier(sb.sub.tier) is not t:
            continue
        if exempt & kinds_of(ctx.plan, sb.sub):
            continue
        out.append(sb)
    return sorted(out, key=lambda sb: (submission_order(ctx.plan, sb.sub), sb.id))


@rule("school.required-count", "error", "學校申請的社群數不在名額內", "aggregate")
def required_count(ctx: Ctx):
    """Too few is reported on the school in the registry; too many on each application past the
    quota, the latest by submission date (the one that broke it), not on one already counted."""
    if not ctx.plan.school_requirements or ctx.pb.schools_doc is None:
        return
    if _nothing_received(ctx, "各校應申請的社群數"):
        return
    for idx, school in enumerate(ctx.pb.schools.values()):  # registry order: idx is the list index
        for level, classes in school.level_classes().items():
            for req in ctx.plan.school_requirements:
                if not req.fits(level, classes):
                    continue
                subs, what = _counted(ctx, req, school, level), quota_name(ctx.plan, req)
                name = f"「{what}」" if what else "社群"
                where = f"{school.name}（{level}，{classes} 班）"
                if len(subs) < req.min and not set(school.flags) & set(req.exempt_school_flags):
                    ctx.report(("schools", idx, "code"), f"{where}至少要申請 {req.min} 個{name}，目前 {len(subs)} 個。",
                               doc=ctx.pb.schools_doc, clause=req.clause)
                if req.max is not None:
                    for k, sb in enumerate(subs[req.max:], req.max + 1):
                        found = submitted_entry(ctx.plan, sb.sub)
                        when = f"（{format_roc(found[1].date.date)} 送件）" if found else ""
                        ctx.report(("school",), f"{where}至多申請 {req.max} 個{name}{'（' + '、'.join(req.exempt) + '不計入）' if req.exempt else ''}，依送件先後這是第 {k} 個{when}。",
                                   doc=sb.doc, clause=req.clause)


@rule("school.level", "error", "申請學制未填或不是學校的學制", "submission")
def application_level_rule(ctx: Ctx):
    """A school running several levels (levels in the registry) says which one an application
    is for, since each level has its own quota; the level must be one the school runs."""
    school = ctx.pb.schools.get(ctx.sub.school)
    if school is None:
        return
    runs = list(school.level_classes())
    if ctx.sub.level is None and school.levels:
        ctx.report(("school",), f"{school.name}有{'、'.join(runs)}等學制，各學制名額分開計算：請填寫申請學制（level），"
                                f"可填：{'、'.join(runs)}。")
    elif ctx.sub.level is not None and ctx.sub.level not in runs:
        ctx.report(("level",), f"{school.name}沒有「{ctx.sub.level}」學制；可填：{'、'.join(runs)}。")


@rule("school.support-area", "error", "待加強領域未申請社群", "aggregate")
def support_area(ctx: Ctx):
    r = ctx.plan.support_area_rule
    if r is None or ctx.pb.schools_doc is None or not any(s.needs_support for s in ctx.pb.schools.values()):
        return
    if _nothing_received(ctx, "待加強領域是否已申請社群"):
        return
    t = ctx.plan.tier(r.tier)
    domains: dict[str, set] = {}
    for sb in _active(ctx):
        if ctx.plan.tier(sb.sub.tier) is t and sb.sub.domain:
            domains.setdefault(sb.sub.school, set()).add(sb.sub.domain)
    for idx, school in enumerate(ctx.pb.schools.values()):
        for area in school.needs_support:
            if area not in domains.get(school.code, set()):
                ctx.report(("schools", idx, "needs_support"), f"{school.name}的{area}領域列為待加強，"
                                                              f"該領域務必申請「{t.name if t else r.tier}」（domain: {area}）。",
                           doc=ctx.pb.schools_doc, clause=r.clause)
