"""Funding as decided: the applications the workflow marks funded stay within the plan's
numbers (city-wide teams, reserved seats, per school, budget envelope), and a granted amount
stays within what was asked and the ceiling."""
from __future__ import annotations

from plcpub.model.derived import budget_total, community_ceiling, granted_amount, kinds_of, submission_order
from plcpub.review import plan_review
from plcpub.util.money import format_money
from plcpub.validate.rules import Ctx, rule


@rule("funding.over-quota", "error", "核定隊數或金額超過計畫所訂", "aggregate")
def over_quota(ctx: Ctx):
    """Counted in the order the selection ranks them (submission order for the unranked): the
    error lands on each funded application past a limit, not on the first ones funded."""
    f = ctx.plan.funding
    if f is None:
        return
    place = {d.sb.id: i for i, d in enumerate(plan_review(ctx.project, ctx.pb).funding.decisions)}
    funded = [sb for sb in ctx.project.submissions_of(ctx.plan.id)
              if (st := ctx.plan.status(sb.sub.status)) is not None and st.funded]
    funded.sort(key=lambda sb: (place.get(sb.id, len(place)), submission_order(ctx.plan, sb.sub), sb.id))
    teams, seats, schools, total = 0, {}, {}, 0
    for sb in funded:
        q = f.quota_of(kinds_of(ctx.plan, sb.sub))
        seat = f.seat_name(q)
        teams += 1
        seats[seat] = seats.get(seat, 0) + 1
        schools[sb.sub.school] = schools.get(sb.sub.school, 0) + 1
        total += granted_amount(ctx.plan, sb.sub)
        limit = q.count if q else f.general_seats
        if f.max_teams is not None and teams > f.max_teams:
            ctx.report(("status",), f"全市核定隊數上限 {f.max_teams} 隊，這是第 {teams} 隊。", doc=sb.doc, clause=f.clause)
        elif limit is not None and seats[seat] > limit:
            ctx.report(("status",), f"「{seat}」名額 {limit} 隊，這是第 {seats[seat]} 隊。", doc=sb.doc,
                       clause=q.clause if q else f.clause)
        if f.per_school is not None and schools[sb.sub.school] > f.per_school:
            ctx.report(("status",), f"每校至多核定 {f.per_school} 隊，這是本校第 {schools[sb.sub.school]} 隊。", doc=sb.doc,
                       clause=f.clause)
        if f.envelope is not None and total > f.envelope:
            ctx.report(("status",), f"補助總經費 {format_money(f.envelope)}，核定到這一隊合計 {format_money(total)}，超過總經費。",
                       doc=sb.doc, clause=f.clause)


@rule("funding.granted", "error", "核定金額超過申請金額或補助上限", "submission")
def granted(ctx: Ctx):
    g = ctx.sub.granted
    if g is None:
        return
    asked = budget_total(ctx.sub)
    t = ctx.plan.tier(ctx.sub.tier)
    ceiling = community_ceiling(ctx.plan, ctx.sub)
    if g > asked:
        ctx.report(("granted",), f"核定金額 {format_money(g)}高於申請金額 {format_money(asked)}。")
    elif ceiling is not None and g > ceiling:
        ctx.report(("granted",), f"核定金額 {format_money(g)}高於補助上限 {format_money(ceiling)}。",
                   clause=t.clause if t else None)
