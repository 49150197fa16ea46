"""Who may be paid to lead a meeting: members, observation time, assistants, stated kinds."""
from __future__ import annotations

from plcpub.model.common import ACTIVITY_ZH, HOST_KIND_ZH
from plcpub.model.derived import (PAID_HOSTS, is_member_lecturer, member_fee, session_activities,
                                  unpaid_reason)
from plcpub.util.rocdate import format_roc
from plcpub.validate.rules import Ctx, rule


def _budget_lecturer_total(ctx: Ctx) -> int:
    total = 0
    for line in ctx.sub.budget:
        it = ctx.plan.line_item(line)
        if it and it.category == "lecturer-fee":
            total += line.amount
    return total


@rule("lecturer.member-paid", "error", "社群成員互聘為講師", "submission")
def member_paid(ctx: Ctx):
    rules = ctx.plan.lecturers
    if rules.members_may_be_paid:
        return
    for i, s in enumerate(ctx.sub.schedule):
        if is_member_lecturer(ctx.sub, s):
            ctx.report(("schedule", i, "host"), f"{s.host.name or '社群成員'}是社群成員，社群內教師不得互聘為講師支領鐘點費；"
                                               "請改為主持人（kind: host）。", clause=rules.clause)


@rule("lecturer.member-half", "error", "擔任講座的成員超過一半", "submission")
def member_half(ctx: Ctx):
    pct = ctx.plan.lecturers.max_member_lecturers_percent
    if pct is None:
        return
    names = {s.host.name for s in ctx.sub.schedule if is_member_lecturer(ctx.sub, s)}
    total = len(ctx.sub.everyone())
    if names and len(names) * 100 > pct * total:
        ctx.report(("schedule",), f"有 {len(names)} 位成員擔任講座（{'、'.join(sorted(n or '?' for n in names))}），"
                                  f"超過成員數 {total} 人的 {pct}%。", clause=ctx.plan.lecturers.clause)


@rule("lecturer.member-share", "error", "單一成員鐘點費超過上限", "submission")
def member_share(ctx: Ctx):
    pct = ctx.plan.lecturers.max_single_member_fee_percent
    if pct is None:
        return
    total = _budget_lecturer_total(ctx)
    names = {s.host.name for s in ctx.sub.schedule if is_member_lecturer(ctx.sub, s) and s.host.name}
    for name in sorted(names):
        fee = member_fee(ctx.plan, ctx.sub, ctx.standards, name)
        if total and fee * 100 > pct * total:
            i = next(i for i, s in enumerate(ctx.sub.schedule) if s.host and s.host.name == name)
            ctx.report(("schedule", i, "host", "name"),
                       f"成員 {name} 擔任講座的鐘點費 {fee:,} 元，超過講座鐘點費總額 {total:,} 元的 {pct}%。",
                       clause=ctx.plan.lecturers.clause)


@rule("lecturer.unpaid-activity", "error", "此類活動不得支領鐘點費", "submission")
def unpaid_activity(ctx: Ctx):
    for i, s in enumerate(ctx.sub.schedule):
        acts = session_activities(ctx.plan, s)
        r = unpaid_reason(ctx.plan, s, acts)
        if r and s.host.kind in PAID_HOSTS:
            what = "、".join(ACTIVITY_ZH[a] for a in r.activities if a in acts)
            ctx.report(("schedule", i, "host", "kind"),
                       f"{format_roc(s.date.date)}的活動是{what}，{HOST_KIND_ZH[s.host.kind]}在此時段不得支領鐘點費；"
                       "請將 kind 改為 host（主持人）。", clause=r.clause)


def _with_assistants(ctx: Ctx):
    """(plan's assistant rule, index, session) for each meeting that budgets assistant lecturers."""
    a = ctx.plan.lecturers.assistant
    if a is None:
        return
    for i, s in enumerate(ctx.sub.schedule):
        if s.host is not None and s.host.assistants:
            yield a, i, s


@rule("lecturer.assistant-ratio", "error", "助理講師人數超過比例", "submission")
def assistant_ratio(ctx: Ctx):
    for a, i, s in _with_assistants(ctx):
        people = s.participants or len(ctx.sub.everyone())
        allowed = max(0, (people - 1) // a.participants_per_assistant)
        if len(s.host.assistants) > allowed:
            ctx.report(("schedule", i, "host", "assistants"),
                       f"參加 {people} 人，依「超過 {a.participants_per_assistant} 人編列 1 位助理講師」最多 {allowed} 位，"
                       f"目前編列 {len(s.host.assistants)} 位。", clause=a.clause)


@rule("lecturer.assistant-activity", "error", "講述型課程不得編列助理講師", "submission")
def assistant_activity(ctx: Ctx):
    for a, i, s in _with_assistants(ctx):
        acts = session_activities(ctx.plan, s)
        if acts & set(a.not_for) and "hands-on" not in acts:
            ctx.report(("schedule", i, "host", "assistants"),
                       "講述型課程不編列助理講師；確有分組或實作需求時，請在 activities 加上 hands-on。", clause=a.clause)


@rule("lecturer.kind-stated", "error", "講座未註明姓名或內外聘", "submission")
def kind_stated(ctx: Ctx):
    if not ctx.plan.lecturers.must_state_kind:
        return
    for i, s in enumerate(ctx.sub.schedule):
        acts = session_activities(ctx.plan, s)
        if not acts & {"lecture", "consultation", "hands-on"}:
            continue
        if s.host is None or s.host.kind == "host":
            ctx.report(("schedule", i), "講座或諮詢場次須註明講師（可暫定）並標明內聘或外聘（host.kind）。",
                       clause=ctx.plan.lecturers.clause)
        elif not s.host.name or (not s.host.unit and s.host.kind != "member"):
            ctx.report(("schedule", i, "host"), "請寫出講師的服務單位、職稱及姓名（暫定可，但須註記內、外聘）。",
                       clause=ctx.plan.lecturers.clause)
