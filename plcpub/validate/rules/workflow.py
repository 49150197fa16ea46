"""Status and its dated history: known statuses, allowed transitions, and the plan's clocks."""
from __future__ import annotations

from plcpub.load.source import inside
from plcpub.review.duties import clock_runs
from plcpub.util.rocdate import format_roc
from plcpub.validate.rules import Ctx, did_you_mean, rule


@rule("status.unknown", "error", "狀態不在流程中", "submission")
def status_unknown(ctx: Ctx):
    names = [s.name for s in ctx.plan.workflow.statuses] + [s.id for s in ctx.plan.workflow.statuses]
    if ctx.plan.status(ctx.sub.status) is None:
        ctx.report(("status",), f"狀態「{ctx.sub.status}」不在本計畫的流程中。{did_you_mean(ctx.sub.status, names)}")
    for i, h in enumerate(ctx.sub.history):
        if ctx.plan.status(h.status) is None:
            ctx.report(("history", i, "status"), f"狀態「{h.status}」不在本計畫的流程中。{did_you_mean(h.status, names)}")


@rule("status.history", "error", "狀態歷程與目前狀態或日期順序不符", "submission")
def status_history(ctx: Ctx):
    hist = ctx.sub.history
    if not hist:
        return
    for i in range(1, len(hist)):
        if hist[i].date.date < hist[i - 1].date.date:
            ctx.report(("history", i, "date"), f"狀態歷程的日期須由早到晚：{format_roc(hist[i].date.date)}早於上一筆。")
    last, cur = ctx.plan.status(hist[-1].status), ctx.plan.status(ctx.sub.status)
    if last and cur and last.id != cur.id:
        ctx.report(("status",), f"目前狀態「{ctx.sub.status}」與狀態歷程最後一筆「{hist[-1].status}」不一致。")


@rule("status.transition", "error", "不允許的狀態轉換", "submission")
def status_transition(ctx: Ctx):
    wf = ctx.plan.workflow
    allowed = {(f, t) for tr in wf.transitions for f in tr.from_ for t in tr.to}
    prev = None
    for i, h in enumerate(ctx.sub.history):
        st = ctx.plan.status(h.status)
        if st is None:
            return
        if prev is None and st.id != wf.initial:
            first = ctx.plan.status(wf.initial)
            ctx.report(("history", i, "status"), f"狀態歷程須從「{first.name if first else wf.initial}」開始。", clause=wf.clause)
        elif prev is not None and allowed and (prev.id, st.id) not in allowed:
            ctx.report(("history", i, "status"), f"不能從「{prev.name}」直接變成「{st.name}」。", clause=wf.clause)
        prev = st


@rule("status.clock", "error", "超過流程期限", "submission")
def status_clock(ctx: Ctx):
    """A clock met late by the recorded history (review/duties.clock_runs; one not met yet is the
    `status` command's to show on the day it falls due)."""
    hist = ctx.sub.history
    for run in clock_runs(ctx.plan, ctx.sub):
        if run.met is not None and hist[run.met].date.date > run.deadline:
            h = hist[run.met]
            ctx.report(("history", run.met, "date"), f"{run.clock.name}：應於 {format_roc(run.deadline)} 前完成，"
                                                     f"實際為 {format_roc(h.date.date)}。", clause=run.clock.clause)


@rule("document.missing", "warning", "須上傳的文件未上傳", "submission")
def document_missing(ctx: Ctx):
    """A document the plan requires before a status (workflow.documents): reaching the status
    without it is flagged; an upload names a document the plan lists and a file in the folder."""
    docs = {d.id: d for d in ctx.plan.workflow.documents}
    for i, up in enumerate(ctx.sub.documents):
        if up.document not in docs:
            ctx.report(("documents", i, "document"), f"計畫沒有要求文件「{up.document}」。"
                       f"{did_you_mean(up.document, list(docs))}", severity="error")
            continue
        path = inside(ctx.sb.dir, up.file)
        if path is None:
            ctx.report(("documents", i, "file"), f"檔案路徑「{up.file}」離開了社群資料夾；請把檔案放在社群資料夾內並用相對路徑。",
                       rule_id="file.outside", severity="error")
        elif not path.is_file():
            ctx.report(("documents", i, "file"), f"找不到「{docs[up.document].name}」的檔案「{up.file}」。",
                       rule_id="file.missing", severity="error")
    for doc in docs.values():
        if ctx.sub.has_document(doc.id):
            continue
        gates = {st.id for st in ctx.plan.document_gates(doc)}
        reached = next((i for i, h in enumerate(ctx.sub.history)
                        if (st := ctx.plan.status(h.status)) and st.id in gates), None)
        if reached is not None:
            ctx.report(("history", reached, "status"), ctx.plan.document_missing(doc), clause=doc.clause)


@rule("booklet.status-not-public", "warning", "成果集收錄的狀態在流程中不公開", "plan")
def booklet_status_public(ctx: Ctx):
    """A story is published only where its community may be (Workflow.publication): a booklet
    status the workflow keeps private would be left out without a word."""
    b = ctx.plan.booklet
    if b is None:
        return
    for i, key in enumerate(b.statuses):
        st = ctx.plan.status(key)
        if st is None:
            ctx.report(("booklet", "statuses", i), f"成果集收錄的狀態「{key}」不在流程中。", clause=b.clause)
        elif not st.public:
            ctx.report(("booklet", "statuses", i), f"成果集收錄「{st.name}」，但流程中這個狀態不公開（public: false），"
                       "這些社群的故事不會收錄。請確認計畫的意思，把狀態設為公開或從成果集移除。", clause=b.clause)
