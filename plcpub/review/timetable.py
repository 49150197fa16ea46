"""The review timetable: cases placed into the plan's timed sessions (check-in, sessions, breaks,
lunch, sessions per day, dates), reviewers kept off cases from their own school.

Pure computation on plain data; the renderers (site page, PDF, CSV, XLSX, ICS) only format it.
"""
from __future__ import annotations

import datetime as dt
import math
from itertools import islice
from dataclasses import dataclass, field

from plcpub.model.review import Reviewer, ReviewSessions
from plcpub.review.cases import Case, review_order

LUNCH_MINUTES = 45  # a gap this long between sessions is lunch, shorter ones are breaks


@dataclass
class ScheduledCase:
    seq: int  # position in the review order, 1-based (第 1 案)
    case: Case
    day: int
    date: dt.date | None
    session: int  # overall session number, 1-based
    start: dt.time
    end: dt.time
    reviewers: list[Reviewer] = field(default_factory=list)
    recused: list[Reviewer] = field(default_factory=list)  # same-school reviewers who step out (迴避)


@dataclass
class Slot:
    kind: str  # check-in | session | break | lunch
    start: dt.time
    end: dt.time
    label: str
    session: int | None = None
    cases: list[ScheduledCase] = field(default_factory=list)

    @property
    def case_range(self) -> str:
        """第 1~9 案, as the seed writes it."""
        return f"第 {self.cases[0].seq}~{self.cases[-1].seq} 案" if self.cases else ""


@dataclass
class Day:
    number: int
    date: dt.date | None
    slots: list[Slot]

    @property
    def label(self) -> str:
        from plcpub.util.rocdate import format_roc

        return format_roc(self.date) if self.date else f"第 {self.number} 天"


@dataclass
class Timetable:
    days: list[Day]
    cases: list[ScheduledCase]
    sessions_needed: int
    days_needed: int
    problems: list[str] = field(default_factory=list)  # zh-TW, for the check rule and the page


def _at(t: dt.time, minutes: int) -> dt.time:
    return (dt.datetime.combine(dt.date(2000, 1, 1), t) + dt.timedelta(minutes=minutes)).time()


def day_slots(rs: ReviewSessions, sessions: int) -> list[Slot]:
    """One day's empty slots for `sessions` sessions: check-in, sessions with their breaks and lunch."""
    slots = [Slot("check-in", rs.check_in.start, rs.check_in.end, rs.check_in.label)] if rs.check_in else []
    t, halves = rs.first_start, {"上午": 0, "下午": 0}
    for k in range(sessions):
        end = _at(t, rs.session_minutes)
        half = "上午" if t < dt.time(12) else "下午"
        halves[half] += 1
        slots.append(Slot("session", t, end, f"{rs.session_label}（{half}場{halves[half]}）"))
        gap = rs.gaps_minutes[k] if k < len(rs.gaps_minutes) else 0
        if k < sessions - 1 and gap:
            slots.append(Slot("lunch" if gap >= LUNCH_MINUTES else "break", end, _at(end, gap),
                              "午餐" if gap >= LUNCH_MINUTES else "休息"))
        t = _at(end, gap)
    return slots


def panel(reviewers: list[Reviewer], session: int) -> list[Reviewer]:
    return [r for r in reviewers if not r.sessions or session in r.sessions]


def _conflict(c: Case, members: list[Reviewer]) -> bool:
    return any(r.school and r.school in (c.sb.sub.school, *c.sb.sub.partner_schools) for r in members)


def _fill(ordered: list[Case], per_session: int, reviewers: list[Reviewer], sessions_max: int) -> list[list[Case]]:
    """Cases per session in order; a case whose school has a reviewer on this session's panel waits
    for a later session without one, if there is such a session (else that reviewer steps out)."""
    if not any(r.school for r in reviewers):  # no one can conflict: the order is the timetable
        return [ordered[i:i + per_session] for i in range(0, len(ordered), per_session)]
    panels = {s: panel(reviewers, s) for s in range(1, sessions_max + 2)}
    avoidable = {c.code: any(not _conflict(c, panels[s]) for s in range(1, sessions_max + 1)) for c in ordered}
    pending, sessions = list(ordered), []
    while pending:
        s = len(sessions) + 1
        members = panels.get(s) or panel(reviewers, s)
        chosen = list(islice((c for c in pending if not (avoidable[c.code] and _conflict(c, members))), per_session))
        if not chosen and len(sessions) >= sessions_max:
            chosen = pending[:per_session]  # no conflict-free session left: stepping out is all that remains
        taken = {id(c) for c in chosen}
        pending = [c for c in pending if id(c) not in taken]
        sessions.append(chosen)
    while sessions and not sessions[-1]:
        sessions.pop()
    return sessions


def build_timetable(rs: ReviewSessions, cases: list[Case], reviewers: list[Reviewer] = ()) -> Timetable:
    per_session = rs.cases_per_session
    per_day = rs.sessions_per_day * per_session
    if rs.max_cases_per_day:
        per_day = min(per_day, rs.max_cases_per_day)
    sessions_per_day = max(1, per_day // per_session)
    ordered = review_order(cases, rs.order)
    needed = math.ceil(len(ordered) / per_session) if ordered else 0
    filled = _fill(ordered, per_session, list(reviewers), max(needed, rs.total_sessions or 0))
    days_needed = math.ceil(len(filled) / sessions_per_day) if filled else 0
    tt = Timetable([], [], len(filled), days_needed)
    seen: dict[tuple, str] = {}
    for c in ordered:
        key = (c.sb.sub.school, c.sb.sub.name)
        if key in seen:
            tt.problems.append(f"{c.school_name}「{c.sb.sub.name}」重複申請（{seen[key]} 與 {c.sb.id}），會被排入兩次；請刪除其中一份。")
        seen.setdefault(key, c.sb.id)
    if rs.total_sessions and len(filled) > rs.total_sessions:
        tt.problems.append(f"共 {len(ordered)} 件，每場 {per_session} 件，需要 {len(filled)} 場；計畫只訂了 {rs.total_sessions} 場。")
    if rs.dates and days_needed > len(rs.dates):
        tt.problems.append(f"共 {len(ordered)} 件，每天最多 {per_day} 件，需要 {days_needed} 天；計畫只訂了 {len(rs.dates)} 個審查日期，"
                           f"請再增加 {days_needed - len(rs.dates)} 天。")
    minutes = rs.session_minutes // per_session
    seq = 0
    for d in range(days_needed):
        day_sessions = filled[d * sessions_per_day:(d + 1) * sessions_per_day]
        date = rs.dates[d].date if d < len(rs.dates) else None
        day = Day(d + 1, date, day_slots(rs, len(day_sessions)))
        for k, (slot, chosen) in enumerate(zip((s for s in day.slots if s.kind == "session"), day_sessions)):
            slot.session = d * sessions_per_day + k + 1
            for j, c in enumerate(chosen):
                seq += 1
                members = panel(list(reviewers), slot.session)
                out = [r for r in members if _conflict(c, [r])]
                sc = ScheduledCase(seq, c, d + 1, date, slot.session, _at(slot.start, j * minutes),
                                   _at(slot.start, (j + 1) * minutes), [r for r in members if r not in out], out)
                slot.cases.append(sc)
                tt.cases.append(sc)
        tt.days.append(day)
    return tt
