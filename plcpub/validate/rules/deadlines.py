"""Deadlines the plan states as milestones with a `duty`: the application window (with its
closing time), the revision date, midterm, final and story uploads. The date a school did it
comes from its data (the first submission in the status history, the entry after a revision,
the upload dates); a plan that says 逾期恕不受理 (`late: refuse`) makes a late one an error."""
from __future__ import annotations

from plcpub.model.derived import submitted_entry
from plcpub.review.duties import recorded_on
from plcpub.util.rocdate import format_roc
from plcpub.validate.rules import Ctx, rule


def _closing(m) -> str:
    return format_roc(m.closes.date()) + (f" {m.time.strftime('%H:%M')}" if m.time else "")


def _late(ctx: Ctx, m, path: tuple, what: str, day, at=None, doc=None) -> None:
    if not m.is_late(day, at):
        return
    when = format_roc(day) + (f" {at.strftime('%H:%M')}" if at else "")
    refuse = m.late == "refuse"
    ctx.report(path, f"「{m.name}」的期限為 {_closing(m)}，{what}是 {when}"
                     + ("，逾期恕不受理。" if refuse else "，已逾期。"),
               clause=m.clause, doc=doc, severity="error" if refuse else "warning")


@rule("deadline.application", "warning", "送件日期不在受理期間", "submission")
def application(ctx: Ctx):
    found = submitted_entry(ctx.plan, ctx.sub)
    if found is None:
        return
    i, entry = found
    for m in ctx.plan.duties("application"):
        _late(ctx, m, ("history", i, "date"), "送件日期", entry.date.date, entry.time)
        if m.end is not None and entry.date.date < m.date.date:
            ctx.report(("history", i, "date"), f"「{m.name}」受理期間自 {format_roc(m.date.date)} 起，送件日期 "
                                               f"{format_roc(entry.date.date)} 早於受理期間。", clause=m.clause)


@rule("deadline.revision", "warning", "修正後逾期再送件", "submission")
def revision(ctx: Ctx):
    """A case returned for revision is resubmitted by the plan's date: the resubmission is the
    entry right after a revise-stage entry when it sends the case back (a submitted- or
    review-stage status). A workflow that goes from revise straight to a decision records no
    resubmission, so there is nothing to date."""
    duties = ctx.plan.duties("revision")
    hist = ctx.sub.history
    for i, h in enumerate(hist[:-1]):
        st, nxt = ctx.plan.status(h.status), ctx.plan.status(hist[i + 1].status)
        if st is None or st.stage != "revise" or nxt is None or nxt.stage not in ("submitted", "review"):
            continue
        for m in duties:
            _late(ctx, m, ("history", i + 1, "date"), "再送件日期", hist[i + 1].date.date, hist[i + 1].time)


@rule("deadline.upload", "warning", "成果或故事逾期上傳", "submission")
def upload(ctx: Ctx):
    """Midterm and final uploads (outcome.yaml) and the story (story.md's front matter). A final
    report without the midterm upload the plan asks for is flagged too."""
    for kind in ("midterm", "final"):  # uploads the plan records as a status: dated by the history
        for m in ctx.plan.duties(kind):
            found = recorded_on(ctx.plan, ctx.sub, m)
            if found:
                _late(ctx, m, ("history", found[0], "date"), "上傳日期", found[1])
    o = ctx.sb.outcome
    if o is not None:
        for m in ctx.plan.duties("final"):
            if not recorded_on(ctx.plan, ctx.sub, m):
                _late(ctx, m, ("submitted",), "上傳日期", o.submitted.date, doc=ctx.sb.outcome_doc)
        for m in ctx.plan.duties("midterm"):
            if recorded_on(ctx.plan, ctx.sub, m):
                continue
            if o.midterm_submitted is None:
                ctx.report(("submitted",), f"「{m.name}」：計畫規定 {_closing(m)} 前上傳期中紀錄，成果報告沒有期中上傳日期"
                                           "（midterm_submitted）。", clause=m.clause, doc=ctx.sb.outcome_doc)
            else:
                _late(ctx, m, ("midterm_submitted",), "上傳日期", o.midterm_submitted.date, doc=ctx.sb.outcome_doc)
    story = ctx.sb.story
    if story is not None and story.submitted is not None and ctx.sb.story_doc is not None:
        for m in ctx.plan.duties("story"):
            _late(ctx, m, ("submitted",), "故事上傳日期", story.submitted.date, doc=ctx.sb.story_doc.meta)
