"""The centre's duties on a given day, from the plan and the data: applications waiting for a
decision, cases returned for revision and their clocks, uploads and documents missing past their
deadline, closings due, and every deadline of the next two weeks.

The clocks (`clock_runs`) are the same ones the status.clock check reads, so a case that is
overdue and still pending shows up here on the day it becomes overdue, not only once a late
status change has been recorded.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plcpub.load.project import PlanBundle, SubmissionBundle
from plcpub.model.plan import Milestone, Plan
from plcpub.model.submission import Submission
from plcpub.model.workflow import Clock
from plcpub.util.rocdate import format_roc

SOON_DAYS = 14  # "deadlines in the next 14 days"

KINDS = {  # kind → heading, in the order a day's list shows them
    "decision": "待決定的申請案",
    "revision": "退回修正中的申請案",
    "missing": "逾期未繳",
    "closing": "待結案",
    "upcoming": f"{SOON_DAYS} 天內的期限",
}


@dataclass(frozen=True)
class ClockRun:
    """One run of a plan's clock for one submission: started on `start`, due by `deadline`, and
    met by the history entry `met` (its index) or not yet."""

    clock: Clock
    start: dt.date
    deadline: dt.date
    start_index: int | None  # the history entry that started it (None: a plan milestone did)
    met: int | None


def clock_runs(plan: Plan, sub: Submission) -> list[ClockRun]:
    """Every clock the submission's history has started (or the plan's execution end, for a
    clock counted from it once the community is funded)."""
    runs = []
    hist = sub.history
    current = plan.status(sub.status)
    for clock in plan.workflow.clocks:
        end_st = plan.status(clock.end_status)
        if clock.start_milestone == "execution-end":
            if not any((st := plan.status(h.status)) and st.funded for h in hist) and not (current and current.funded):
                continue
            starts = [(None, plan.execution.end.date)]
        else:
            start_st = plan.status(clock.start_status or "")
            starts = [(i, h.date.date) for i, h in enumerate(hist) if start_st and plan.status(h.status) is start_st]
        for i, start in starts:
            met = next((j for j, h in enumerate(hist) if (i is None or j > i) and plan.status(h.status) is end_st), None)
            runs.append(ClockRun(clock, start, start + dt.timedelta(days=clock.days), i, met))
    return runs


@dataclass(frozen=True)
class Duty:
    """One line of a day's list. `due` is the deadline (None: none stated); `days` counts from
    `due` to today (positive: overdue by that many days) or, without a deadline, how long the
    case has waited."""

    kind: str
    what: str  # zh-TW, what is due or waited for
    plan: str
    community: str | None = None  # the folder under content/<plan>/
    school: str | None = None
    name: str | None = None
    case_code: str | None = None
    status: str | None = None
    since: dt.date | None = None
    due: dt.date | None = None
    overdue: bool = False
    days: int = 0
    clause: str | None = None

    @property
    def state(self) -> str:
        """逾期 N 天 / 今天到期 / 剩 N 天 / 已等待 N 天, as the list prints it."""
        if self.due is None:
            return f"已等待 {self.days} 天" if self.since else ""
        if self.overdue:
            return f"已逾期 {self.days} 天"
        return "今天到期" if self.days == 0 else f"剩 {-self.days} 天"

    def as_json(self) -> dict:
        data = {k: getattr(self, k) for k in ("kind", "what", "plan", "community", "school", "name", "case_code",
                                               "status", "overdue", "days", "clause")}
        for k in ("since", "due"):
            value = getattr(self, k)
            data[k] = value.isoformat() if value else None
            data[f"{k}_roc"] = format_roc(value) if value else None
        data["state"] = self.state
        return data


@dataclass
class PlanDay:
    """A plan's duties on `today`."""

    plan: str
    title: str
    today: dt.date
    duties: list[Duty] = field(default_factory=list)

    def of(self, kind: str) -> list[Duty]:
        return [d for d in self.duties if d.kind == kind]


def _due(today: dt.date, due: dt.date) -> tuple[bool, int]:
    return today > due, (today - due).days


def recorded_on(plan: Plan, sub: Submission, m: Milestone) -> tuple[int, dt.date] | None:
    """The history entry (index, date) of the status the plan records a duty with (`done_status`)."""
    done = plan.status(m.done_status or "")
    return next(((i, h.date.date) for i, h in enumerate(sub.history) if done and plan.status(h.status) is done), None)


def uploaded(plan: Plan, sb: SubmissionBundle, m: Milestone) -> bool:
    """Whether the data shows the upload milestone `m` asks for: the final report (outcome.yaml),
    its midterm date, the story (story.md), or the status the plan records it with."""
    if recorded_on(plan, sb.sub, m):
        return True
    if m.duty == "final":
        return sb.outcome is not None
    if m.duty == "midterm":
        return sb.outcome is not None and sb.outcome.midterm_submitted is not None
    return m.duty == "story" and sb.story is not None


def plan_day(pb: PlanBundle, subs: list[SubmissionBundle], today: dt.date) -> PlanDay:
    """Everything the centre has to act on or chase for one plan on `today`."""
    plan = pb.plan
    day = PlanDay(plan.id, plan.title, today)
    soon = today + dt.timedelta(days=SOON_DAYS)
    decided_by = plan.duties("decision")

    for sb in sorted(subs, key=lambda s: (s.sub.case_code or "~", s.id)):
        sub = sb.sub
        st = plan.status(sub.status)
        if st is None or st.is_draft:
            continue
        school = pb.schools.get(sub.school)
        base = dict(plan=plan.id, community=sb.id, school=school.name if school else sub.school, name=sub.name,
                    case_code=sub.case_code, status=st.name)
        entered = sub.history[-1].date.date if sub.history else None
        waited = (today - entered).days if entered else 0

        if st.pending and st.stage != "revise":
            due = min((m.closes.date() for m in decided_by), default=None)
            if due is not None:
                late, days = _due(today, due)
                day.duties.append(Duty("decision", f"「{st.name}」，待決定（{decided_by[0].name}：{format_roc(due)}）",
                                       since=entered, due=due, overdue=late, days=days, clause=decided_by[0].clause, **base))
            else:
                day.duties.append(Duty("decision", f"「{st.name}」，待決定", since=entered, days=waited, **base))

        runs = [r for r in clock_runs(plan, sub) if r.met is None]
        started_here = [r for r in runs if r.clock.start_status and plan.status(r.clock.start_status) is st]
        if st.stage == "revise":
            dues = [(r.deadline, r.clock.name, r.clock.clause) for r in started_here]
            dues += [(m.closes.date(), m.name, m.clause) for m in plan.duties("revision")]
            if not dues:
                day.duties.append(Duty("revision", f"「{st.name}」，等候學校修正後再送件", since=entered, days=waited,
                                       **base))
            for due, what, clause in dues:
                late, days = _due(today, due)
                day.duties.append(Duty("revision", f"{what}：{format_roc(due)} 前", since=entered, due=due,
                                       overdue=late, days=days, clause=clause, **base))
        for r in runs:
            if r.clock.start_milestone == "execution-end" and today >= r.start:
                late, days = _due(today, r.deadline)
                day.duties.append(Duty("closing", f"{r.clock.name}：{format_roc(r.deadline)} 前",
                                       since=r.start, due=r.deadline, overdue=late, days=days, clause=r.clock.clause, **base))

        if st.funded:
            for kind in ("midterm", "final", "story"):
                for m in plan.duties(kind):
                    due = m.closes.date()
                    if today > due and not uploaded(plan, sb, m):
                        day.duties.append(Duty("missing", f"{m.name}（{format_roc(due)}）尚未上傳", due=due,
                                               overdue=True, days=(today - due).days, clause=m.clause, **base))
        reached = {s.id for s in map(plan.status, (h.status for h in sub.history)) if s}
        for doc in plan.workflow.documents:
            if sub.has_document(doc.id):
                continue
            passed = [g.name for g in plan.document_gates(doc) if g.id in reached]
            if passed:
                day.duties.append(Duty("missing", f"{doc.name}：未上傳就已進入「{'、'.join(passed)}」",
                                       overdue=True, clause=doc.clause, **base))
            elif st.stage == "revise":  # the school's turn: it comes with the resubmission
                due = min((r.deadline for r in started_here), default=None)
                late, days = _due(today, due) if due else (False, waited)
                day.duties.append(Duty("revision", f"{doc.name}：尚未上傳（{plan.document_rule(doc)}）",
                                       since=entered, due=due, overdue=late, days=days, clause=doc.clause, **base))

    for m in plan.timeline:
        for date, label in _milestone_dates(m):
            if today <= date <= soon:
                day.duties.append(Duty("upcoming", f"{m.name}{label}", plan=plan.id, due=date, days=(today - date).days,
                                       clause=m.clause))
    cases: dict[tuple, list[Duty]] = {}  # each case's own deadline of the coming days, counted once per deadline
    for d in day.duties:
        if d.kind in ("revision", "closing") and d.due and today <= d.due <= soon:
            cases.setdefault((d.what, d.due, d.clause), []).append(d)
    for (what, due, clause), found in cases.items():
        day.duties.append(Duty("upcoming", f"{what}（{len(found)} 件）", plan=plan.id, due=due, days=(today - due).days,
                               clause=clause))
    order = list(KINDS)
    day.duties.sort(key=lambda d: (order.index(d.kind), d.due or dt.date.max, d.case_code or "~", d.community or ""))
    return day


def _milestone_dates(m: Milestone) -> list[tuple[dt.date, str]]:
    """The days a milestone asks attention on: its date, and the end of a period (開始 / 截止)."""
    if m.end is None:
        return [(m.closes.date() if m.duty else m.date.date, "")]
    return [(m.date.date, "（開始）"), (m.closes.date(), "（截止）" if m.duty else "（結束）")]
