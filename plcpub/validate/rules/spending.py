"""Actual spending (spending.yaml, 核銷): checked by the budget's own rules — rates and the
national standards on each line's date, unit-price caps, percentages such as 雜支 — and against
the grant: no more than granted in total, each item within what was approved unless the plan
lets items offset one another (勻支), receipts for every line, the balance returned."""
from __future__ import annotations

import dataclasses

from plcpub.model.derived import granted_amount
from plcpub.review.money import item_key, overspent
from plcpub.util.money import format_money
from plcpub.validate.rules import RULES, Ctx, rule

NOT_FOR_SPENDING = {"budget.total-cap"}  # the spent total is held to the grant (spending.over-granted)


def _view(ctx: Ctx) -> Ctx:
    """The community with its spent lines in place of its budget, located in spending.yaml."""
    sb = ctx.sb
    sub = sb.sub.model_copy(update={"budget": sb.spending.budget})
    return Ctx(ctx.project, ctx.pb, dataclasses.replace(sb, sub=sub, doc=sb.spending_doc), ctx.standards)


@rule("spending.standards", "error", "實支不符經費規定（鐘點費標準、單價上限、比例）", "submission")
def spending_standards(ctx: Ctx):
    """Every budget rule on the spent lines, in its own words (實支：…（the budget rule's title））."""
    if ctx.sb.spending is None:
        return
    view = _view(ctx)
    for info in list(RULES.values()):
        if info.scope != "submission" or not info.id.startswith("budget.") or info.id in NOT_FOR_SPENDING:
            continue
        view.rule_id, view.severity, view.found = info.id, info.severity, []
        info.fn(view)
        ctx.found += [dataclasses.replace(d, rule=ctx.rule_id, message=f"實支：{d.message}（{info.title}）") for d in view.found]


@rule("spending.over-granted", "error", "實支超過核定金額", "submission")
def over_granted(ctx: Ctx):
    s = ctx.sb.spending
    if s is None:
        return
    granted = granted_amount(ctx.plan, ctx.sub)
    if s.total > granted:
        ctx.report(("budget",), f"實支合計 {format_money(s.total)} 超過核定金額 {format_money(granted)}。",
                   doc=ctx.sb.spending_doc, key=True)


@rule("spending.over-item", "error", "經費項目實支超過核定（未依勻支規定）", "submission")
def over_item(ctx: Ctx):
    s = ctx.sb.spending
    if s is None:
        return
    for problem in overspent(ctx.plan, ctx.sub.budget, s.budget):
        at = next((i for i, line in enumerate(s.budget) if item_key(ctx.plan, line) in problem.items), 0)
        ctx.report(("budget", at, "item"), problem.message(ctx.plan), clause=problem.clause, doc=ctx.sb.spending_doc)


@rule("spending.receipts", "warning", "實支項目沒有單據", "submission")
def receipts(ctx: Ctx):
    s = ctx.sb.spending
    if s is None:
        return
    for i, line in enumerate(s.budget):
        if line.amount > 0 and line.receipts == 0:
            ctx.report(("budget", i, "receipts"), f"{line.item}實支 {format_money(line.amount)}，單據張數為 0。",
                       doc=ctx.sb.spending_doc)


@rule("spending.balance", "warning", "已繳回的結餘款與核定減實支不符", "submission")
def balance(ctx: Ctx):
    s = ctx.sb.spending
    if s is None or s.returned is None:
        return
    owed = max(0, granted_amount(ctx.plan, ctx.sub) - s.total)
    if s.returned != owed:
        ctx.report(("returned",), f"結餘款應為核定 {format_money(granted_amount(ctx.plan, ctx.sub))} 減實支 "
                                  f"{format_money(s.total)}＝{format_money(owed)}，此處填 {format_money(s.returned)}。",
                   doc=ctx.sb.spending_doc)
