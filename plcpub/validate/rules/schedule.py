"""The year's schedule (進度規劃): meeting counts, required activities, dates and times."""
from __future__ import annotations

from plcpub.model.common import ACTIVITY_ZH
from plcpub.model.derived import session_activities
from plcpub.util.rocdate import RocDate, WEEKDAYS, format_roc
from plcpub.validate.rules import Ctx, did_you_mean, rule
from plcpub.validate.walk import iter_values


def _nearest_clause(obj, path: tuple) -> str | None:
    """The `clause` of the innermost object along `path` that has one."""
    clause = getattr(obj, "clause", None)
    for part in path:
        try:
            obj = obj[part] if isinstance(part, int) or isinstance(obj, dict) else getattr(obj, part)
        except (KeyError, IndexError, AttributeError, TypeError):
            break
        clause = getattr(obj, "clause", None) or clause
    return clause


def weekday_findings(ctx: Ctx, obj, doc, what: str, base: tuple = (), clause: str | None = None):
    for path, d in iter_values(obj, RocDate, base):
        if not d.weekday_ok:
            cited = clause or _nearest_clause(obj, path[len(base):])
            ctx.report(path, f"{what}「{d.text}」標示為星期{WEEKDAYS[d.stated_weekday]}，"
                             f"但 {format_roc(d.date, weekday=False)} 是星期{WEEKDAYS[d.date.weekday()]}。請確認日期或星期。",
                       doc=doc, clause=cited)


@rule("date.weekday-mismatch", "warning", "日期與所寫的星期不符", "submission")
def weekday_mismatch(ctx: Ctx):
    weekday_findings(ctx, ctx.sub, ctx.sb.doc, "日期")
    if ctx.sb.outcome:
        weekday_findings(ctx, ctx.sb.outcome, ctx.sb.outcome_doc, "日期")


@rule("schedule.min-meetings", "error", "運作次數不足", "submission")
def min_meetings(ctx: Ctx):
    t = ctx.plan.tier(ctx.sub.tier)
    n = len(ctx.sub.schedule)
    if t and t.min_meetings and n < t.min_meetings:
        ctx.report(("schedule",), f"「{t.name}」一年至少要規劃 {t.min_meetings} 次社群運作，進度規劃只有 {n} 次。",
                   clause=t.clause)


def _shortfalls(ctx: Ctx, which: str):
    """(tier, requirement, count found) for each required/encouraged activity the schedule lacks."""
    t = ctx.plan.tier(ctx.sub.tier)
    if t is None:
        return
    acts = [session_activities(ctx.plan, s) for s in ctx.sub.schedule]
    for req in getattr(t, which):
        n = sum(1 for a in acts if req.activity in a)
        if n < req.count:
            yield t, req, n


@rule("schedule.required-activity", "error", "缺少必要活動", "submission")
def required_activity(ctx: Ctx):
    for t, req, n in _shortfalls(ctx, "required_activities"):
        ctx.report(("schedule",), f"「{t.name}」至少要有 {req.count} 次「{ACTIVITY_ZH[req.activity]}」，"
                                  f"進度規劃中有 {n} 次（請在實施方式或 activities 標明）。", clause=req.clause or t.clause)


@rule("schedule.encouraged-activity", "info", "計畫鼓勵的活動", "submission")
def encouraged_activity(ctx: Ctx):
    for t, req, _ in _shortfalls(ctx, "encouraged_activities"):
        ctx.report(("schedule",), f"計畫鼓勵「{t.name}」規劃 {req.count} 次「{ACTIVITY_ZH[req.activity]}」。",
                   clause=req.clause or t.clause)


@rule("schedule.outside-execution", "error", "活動日期不在執行期程內", "submission")
def outside_execution(ctx: Ctx):
    w = ctx.plan.execution
    for i, s in enumerate(ctx.sub.schedule):
        if not (w.start.date <= s.date.date <= w.end.date):
            ctx.report(("schedule", i, "date"), f"{format_roc(s.date.date)}不在計畫執行期程"
                                                f"（{format_roc(w.start.date)}至{format_roc(w.end.date)}）內。", clause=w.clause)


@rule("schedule.time-order", "error", "結束時間早於開始時間", "submission")
def time_order(ctx: Ctx):
    for i, s in enumerate(ctx.sub.schedule):
        if s.minutes <= 0:
            ctx.report(("schedule", i, "end"), f"結束時間 {s.end:%H:%M} 必須晚於開始時間 {s.start:%H:%M}。")


@rule("schedule.unknown-method", "warning", "實施方式不在計畫列舉中", "submission")
def unknown_method(ctx: Ctx):
    names = [m.name for m in ctx.plan.catalogues.methods]
    if not names:
        return
    for i, s in enumerate(ctx.sub.schedule):
        if s.method not in names and not s.activities:
            ctx.report(("schedule", i, "method"),
                       f"實施方式「{s.method}」不在計畫列舉中，無法判斷活動類型；{did_you_mean(s.method, names)}"
                       "或以 activities 標明活動類型。", clause=ctx.plan.catalogues.clause)
