"""Per-school requirements: how many communities of a tier each school must run."""
from __future__ import annotations

from plcpub.model.derived import counts_as_application
from plcpub.validate.rules import Ctx, rule


def _active(ctx: Ctx):
    for sb in ctx.project.submissions_of(ctx.plan.id):
        if counts_as_application(ctx.plan, sb.sub):
            yield sb


@rule("school.required-count", "error", "學校應申請的社群數不符", "aggregate")
def required_count(ctx: Ctx):
    if not ctx.plan.school_requirements or ctx.pb.schools_doc is None:
        return
    by_school: dict[tuple, list] = {}
    for sb in _active(ctx):
        t = ctx.plan.tier(sb.sub.tier)
        if t:
            by_school.setdefault((sb.sub.school, t.id), []).append(sb)
    for idx, school in enumerate(ctx.pb.schools.values()):  # registry order: idx is the list index
        for req in ctx.plan.school_requirements:
            if req.level != school.level:
                continue
            if req.min_classes is not None and school.classes < req.min_classes:
                continue
            if req.max_classes is not None and school.classes > req.max_classes:
                continue
            t = ctx.plan.tier(req.tier)
            subs = by_school.get((school.code, t.id if t else req.tier), [])
            name = t.name if t else req.tier
            if len(subs) < req.min:
                ctx.report(("schools", idx, "code"), f"{school.name}（{school.level}，{school.classes} 班）至少要申請 {req.min} 個"
                                                     f"「{name}」，目前 {len(subs)} 個。", doc=ctx.pb.schools_doc, clause=req.clause)
            if req.max is not None and len(subs) > req.max:
                ctx.report(("tier",), f"{school.name}（{school.classes} 班）至多申請 {req.max} 個「{name}」，"
                                      f"這是第 {len(subs)} 個。", doc=subs[-1].doc, clause=req.clause)


@rule("school.support-area", "error", "待加強領域未申請社群", "aggregate")
def support_area(ctx: Ctx):
    r = ctx.plan.support_area_rule
    if r is None or ctx.pb.schools_doc is None:
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
