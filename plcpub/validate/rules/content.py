"""What the application form ticks and writes: content areas, methods, competencies, summary."""
from __future__ import annotations

import re

from plcpub.validate.rules import Ctx, did_you_mean, rule

OTHER = "其他"


def _check_list(ctx: Ctx, field: str, values: list[str], options: list[str], what: str):
    if not options:
        return
    for i, v in enumerate(values):
        if v not in options and not (v.startswith(OTHER) and any(o.startswith(OTHER) for o in options)):
            ctx.report((field, i), f"{what}「{v}」不在計畫的選項中。{did_you_mean(v, options)}",
                       clause=ctx.plan.catalogues.clause)


@rule("content.unknown-area", "error", "社群內容不在選項中", "submission")
def unknown_area(ctx: Ctx):
    _check_list(ctx, "content_areas", ctx.sub.content_areas, ctx.plan.catalogues.content_areas, "社群內容")


@rule("content.required-areas", "error", "未勾選必要內容", "submission")
def required_areas(ctx: Ctx):
    t = ctx.plan.tier(ctx.sub.tier)
    if t is None:
        return
    missing = [a for a in t.required_content if a not in ctx.sub.content_areas]
    if missing:
        ctx.report(("content_areas",), f"「{t.name}」必須勾選：{'、'.join(missing)}。", clause=t.clause)


@rule("content.unknown-method", "error", "實施方式不在選項中", "submission")
def unknown_method(ctx: Ctx):
    _check_list(ctx, "methods", ctx.sub.methods, [m.name for m in ctx.plan.catalogues.methods], "實施方式")


@rule("content.unknown-competency", "error", "核心素養不在選項中", "submission")
def unknown_competency(ctx: Ctx):
    opts = ctx.plan.catalogues.competencies
    codes = {o.split()[0][:2]: o for o in opts}
    for i, v in enumerate(ctx.sub.competencies):
        if opts and v not in opts and v[:2] not in codes:
            ctx.report(("competencies", i), f"核心素養「{v}」不在選項中。{did_you_mean(v, opts)}",
                       clause=ctx.plan.catalogues.clause)


@rule("content.unknown-goal", "error", "社群目標不在選項中", "submission")
def unknown_goal(ctx: Ctx):
    _check_list(ctx, "goals", ctx.sub.goals, ctx.plan.catalogues.goals, "社群目標")


@rule("content.community-kind", "error", "社群類型不在選項中", "submission")
def community_kind(ctx: Ctx):
    opts = ctx.plan.catalogues.community_kinds
    k = ctx.sub.community_kind
    if opts and k is None:
        ctx.report(("name",), f"請填寫社群類型（community_kind），可選：{'、'.join(opts)}。", clause=ctx.plan.catalogues.clause)
    elif opts and k not in opts and not k.startswith(OTHER):
        ctx.report(("community_kind",), f"社群類型「{k}」不在選項中。{did_you_mean(k, opts)}",
                   clause=ctx.plan.catalogues.clause)


@rule("content.summary-length", "error", "內容概述超過字數", "submission")
def summary_length(ctx: Ctx):
    limit = ctx.plan.catalogues.summary_max_chars
    s = ctx.sub.summary or ""
    n = len(re.sub(r"\s", "", s))
    if limit and n > limit:
        ctx.report(("summary",), f"社群內容概述限 {limit} 字內，目前 {n} 字。", clause=ctx.plan.catalogues.clause)


@rule("content.outcome-checks", "error", "預期效益缺少檢核方式", "submission")
def outcome_checks(ctx: Ctx):
    for i, o in enumerate(ctx.sub.outcomes):
        if not o.checks:
            ctx.report(("outcomes", i, "outcome"), f"預期效益「{o.outcome}」需要至少一項具體檢核方式（checks）。")
