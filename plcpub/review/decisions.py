"""A decision on one application (`decide`): which status it moves to under the plan's
workflow, the amount granted, the deadline its clock gives, and the letter to the school.

Everything is worked out and checked here before anything is written: a transition the
workflow forbids, a date before the last recorded one, an amount above the cap or above what
was asked, a document the next status needs — each is a DecisionError with a message a clerk
understands, and the caller writes nothing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plcpub.load.project import PlanBundle, SubmissionBundle
from plcpub.model.derived import budget_total, community_ceiling, granted_amount
from plcpub.model.workflow import Status
from plcpub.util.money import format_money
from plcpub.util.rocdate import format_roc

ACTIONS = {  # action → the stages it may move to: the first of them the workflow allows from here wins
    "approve": ("approved", "executing"),
    "return": ("revise",),
    "reject": ("rejected",),
    "close": ("closed",),
}
ACTION_ZH = {"approve": "核定", "return": "退回修正", "reject": "不通過", "close": "結案"}
NUMERALS = "一二三四五六七八九十"


class DecisionError(Exception):
    """A decision refused; the message is for the user (zh-TW)."""


@dataclass(frozen=True)
class Letter:
    """What a decision letter says, read by every format it is written in (PDF, ODT, e-mail)."""

    sender: str
    recipient: str
    date: dt.date
    subject: str
    points: list[str]
    signatory: str | None
    to: list[str] = field(default_factory=list)  # private: the school's contact addresses

    @property
    def date_roc(self) -> str:
        return format_roc(self.date, weekday=False)

    @property
    def numbered(self) -> list[tuple[str, str]]:
        """(一、, point) for 說明, as official letters number them."""
        return [(NUMERALS[i] + "、" if i < len(NUMERALS) else f"{i + 1}、", p) for i, p in enumerate(self.points)]

    @property
    def text(self) -> str:
        """The letter as plain text (the e-mail's body)."""
        lines = [f"受文者：{self.recipient}", f"發文日期：{self.date_roc}", f"主旨：{self.subject}", "說明："]
        lines += [f"{n}{p}" for n, p in self.numbered]
        lines += ["", self.sender] + ([self.signatory] if self.signatory else [])
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Decision:
    action: str
    status: Status
    day: dt.date
    granted: int | None
    requested: int
    note: str | None
    deadline: tuple[dt.date, str, str | None] | None  # (date, what, clause)
    letter: Letter


def _targets(pb: PlanBundle, current: Status) -> list[Status]:
    wf = pb.plan.workflow
    found = [pb.plan.status(t) for tr in wf.transitions if current.id in tr.from_ for t in tr.to]
    return [st for st in found if st]


def decide(pb: PlanBundle, sb: SubmissionBundle, action: str, day: dt.date, amount: int | None,
           note: str | None) -> Decision:
    plan, sub = pb.plan, sb.sub
    current = plan.status(sub.status)
    if current is None:
        raise DecisionError(f"目前狀態「{sub.status}」不在計畫的流程中，請先執行 check 修正。")
    allowed = _targets(pb, current)
    target = next((st for stage in ACTIONS[action] for st in allowed if st.stage == stage), None)
    if target is None:
        nxt = "、".join(f"「{st.name}」" for st in allowed) or "（沒有，流程到此結束）"
        raise DecisionError(f"「{sub.name}」目前是「{current.name}」，依計畫流程不能{ACTION_ZH[action]}；"
                            f"流程允許的下一步是 {nxt}。")
    if sub.history and day < sub.history[-1].date.date:
        raise DecisionError(f"日期 {format_roc(day)} 早於狀態歷程最後一筆（{format_roc(sub.history[-1].date.date)}）。")
    requested = budget_total(sub)
    granted = None
    if action == "approve":
        granted = granted_amount(plan, sub) if amount is None else amount  # default: what was asked, up to the cap
        ceiling = community_ceiling(plan, sub)
        if granted <= 0:
            raise DecisionError("核定金額須大於 0 元。")
        if ceiling is not None and granted > ceiling:
            raise DecisionError(f"核定金額 {format_money(granted)} 超過此社群的補助上限 {format_money(ceiling)}。")
        if granted > requested:
            raise DecisionError(f"核定金額 {format_money(granted)} 超過申請金額 {format_money(requested)}。")
    elif amount is not None:
        raise DecisionError(f"--amount 只用於核定（approve），{ACTION_ZH[action]}不記錄金額。")
    for doc in plan.workflow.documents:
        if target.id in doc.before and not sub.has_document(doc.id):
            raise DecisionError(plan.document_missing(doc) + (f"（{doc.clause}）" if doc.clause else ""))
    deadline = _deadline(pb, target, day)
    return Decision(action, target, day, granted, requested, note, deadline,
                    _letter(pb, sb, action, target, day, granted, requested, note, deadline))


def _deadline(pb: PlanBundle, target: Status, day: dt.date) -> tuple[dt.date, str, str | None] | None:
    """The date the school must act by after this decision: a clock started by the new status,
    else (for a revision) the plan's revision date when it is still ahead."""
    for clock in pb.plan.workflow.clocks:
        if clock.start_status and pb.plan.status(clock.start_status) is target:
            return day + dt.timedelta(days=clock.days), clock.name, clock.clause
    if target.stage == "revise":
        for m in pb.plan.duties("revision"):
            if m.closes.date() >= day:
                return m.closes.date(), m.name, m.clause
    return None


def _letter(pb, sb, action, target, day, granted, requested, note, deadline) -> Letter:
    plan, sub = pb.plan, sb.sub
    letters = plan.workflow.letters
    school = pb.schools.get(sub.school)
    school_name = school.name if school else sub.school
    clause = (letters.clause if letters and letters.clause else None) or plan.workflow.clause
    basis = f"依據{plan.title}" + (f"（{clause}）" if clause else "") + "辦理。"
    name = f"「{sub.name}」"
    points = [basis]
    if action == "approve":
        subject = f"貴校申請之{name}，經審查核定補助新臺幣{format_money(granted)}，請依計畫執行。"
        if granted != requested:
            points.append(f"申請金額新臺幣{format_money(requested)}，核定金額新臺幣{format_money(granted)}。")
    elif action == "return":
        subject = f"貴校申請之{name}，請依審查意見修正" + (f"，並於{format_roc(deadline[0])}前再次提交。" if deadline else "後再次提交。")
    elif action == "reject":
        subject = f"貴校申請之{name}，經審查未獲通過。"
    else:
        subject = f"貴校{name}已完成結案。"
    if deadline:
        date, what, cite = deadline
        points.append(f"{what}：請於{format_roc(date)}前完成" + (f"（計畫{cite}）" if cite else "") + "。")
    if note:
        points.append(note)
    points.append(f"目前狀態：{target.name}。")
    sender = (letters.sender if letters and letters.sender else None) or plan.executor or plan.organiser or plan.city
    signatory = " ".join(x for x in ((letters.signatory_title, letters.signatory_name) if letters else ()) if x) or None
    to = [p.email for p in sub.everyone()[:1] if p.email]
    return Letter(sender, school_name, day, subject, points, signatory, to)
