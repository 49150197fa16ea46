"""From applications and reviewers' sheets to the funded list (核定名單), with a reason for every
application.

The plan's `funding` says who competes (statuses), how they are ordered — scores combined by
mean, median or normalised mean, or reviewers' ranks combined by sum or median (序位法) — and
what bounds the list: a city-wide number of teams with seats reserved for some kinds, a limit
per school, a minimum score, a budget envelope. Each funded application is granted what it
asked for up to its ceiling, unless the authority recorded another amount (`granted`).
Equal places the plan's tie-break cannot order are settled by the case code, and said so.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from plcpub.load.project import PlanBundle, ReviewBundle, SubmissionBundle
from plcpub.model.derived import budget_total, counts_as_application, granted_amount, kinds_of
from plcpub.model.review import GENERAL_SEATS, FundingQuota
from plcpub.review.scoring import (DEFAULT_TIE_BREAK, TWO, Candidate, _assign_ranks, _explain_ties, _rank_key,
                                   combine_sheets, find_case, label)
from plcpub.util.money import format_money


@dataclass
class Decision:
    cand: Candidate
    quota: FundingQuota | None  # the reserved seats it competes for (None: the general seats)
    requested: int
    ranks: dict[str, int] = field(default_factory=dict)  # reviewer -> rank (序位法)
    combined_rank: Decimal | None = None
    place: int | None = None
    funded: bool = False
    granted: int | None = None
    reason: str = ""
    rank_word: str = "名次合計"  # 名次合計 (rank-sum) or 名次中位數 (rank-median)

    @property
    def sb(self) -> SubmissionBundle:
        return self.cand.sb

    @property
    def seat_name(self) -> str:
        return self.quota.name if self.quota else GENERAL_SEATS

    @property
    def where(self) -> str:
        """「一般」組內 where places are counted per group (序位法 ranks within a group), else ''."""
        return f"「{self.seat_name}」組內" if self.ranks else ""

    @property
    def measure(self) -> str:
        """85.50 分, or 名次合計 7: what ordered it."""
        if self.combined_rank is not None:
            return f"{self.rank_word} {self.combined_rank.normalize():f}"
        return f"{self.cand.score} 分" if self.cand.score is not None else ""


@dataclass
class FundingResult:
    decisions: list[Decision]  # in ranking order
    seats: list[tuple[str, int | None, int]]  # (seat name, seats or None for no limit, funded)
    granted_total: int
    envelope: int | None


def candidates(plan, subs: list[SubmissionBundle]) -> list[SubmissionBundle]:
    f = plan.funding
    if f.candidates:
        wanted = {st.id for st in (plan.status(s) for s in f.candidates) if st}
        return [sb for sb in subs if (st := plan.status(sb.sub.status)) is not None and st.id in wanted]
    return [sb for sb in subs if plan.status(sb.sub.status) is not None and counts_as_application(plan, sb.sub)]


def rank_entries(reviews: ReviewBundle | None, by_id, codes):
    """(reviewer, submission, rank, sheet doc, entry index) for every ranked entry of the sheets."""
    for sheet, doc in (reviews.sheets if reviews else []):
        for i, entry in enumerate(sheet.scores):
            if entry.rank is None:
                continue
            sb = find_case(entry.case, by_id, codes)
            if sb is not None:
                yield sheet.reviewer, sb, entry.rank, doc, i


def select(pb: PlanBundle, subs: list[SubmissionBundle], reviews: ReviewBundle | None,
           codes: dict[str, SubmissionBundle]) -> FundingResult | None:
    plan, f = pb.plan, pb.plan.funding
    if f is None:
        return None
    criteria = plan.review.criteria if plan.review else []
    decisions: dict[str, Decision] = {}
    for sb in candidates(plan, subs):
        school = pb.schools.get(sb.sub.school)
        cand = Candidate(sb, school.name if school else sb.sub.school, school.level if school else "", None, criteria)
        decisions[sb.id] = Decision(cand, f.quota_of(kinds_of(plan, sb.sub)), budget_total(sb.sub))
    by_id = {sb.id: sb for sb in subs}
    code_of = {sb.id: code for code, sb in codes.items()}
    cands = {k: d.cand for k, d in decisions.items()}
    label(plan, cands.values(), code_of)
    if f.by_rank:
        seen = set()
        for reviewer, sb, rank, _, _ in rank_entries(reviews, by_id, codes):
            d = decisions.get(sb.id)
            if d is not None and (reviewer, sb.id) not in seen:
                seen.add((reviewer, sb.id))
                d.ranks[reviewer] = rank
        for d in decisions.values():
            d.rank_word = "名次中位數" if f.method == "rank-median" else "名次合計"
            if d.ranks:
                values = [Decimal(r) for r in d.ranks.values()]
                d.combined_rank = (statistics.median(values) if f.method == "rank-median" else sum(values, Decimal(0))
                                   ).quantize(TWO, ROUND_HALF_UP)
        ordered = []
        for seat in [*(q.name for q in f.quotas), GENERAL_SEATS]:  # ranks are given within a group: places too
            group = sorted((d for d in decisions.values() if d.seat_name == seat),
                           key=lambda d: (d.combined_rank is None, d.combined_rank or 0,
                                          code_of.get(d.sb.id) is None, code_of.get(d.sb.id) or "", d.sb.id))
            previous = None
            for i, d in enumerate(group, 1):
                if d.combined_rank is not None:
                    d.place = previous[1] if previous and previous[0] == d.combined_rank else i
                    previous = (d.combined_rank, d.place)
            for a, b in zip(group, group[1:]):
                if a.combined_rank is not None and a.combined_rank == b.combined_rank:
                    why = f"計畫未訂同名次的比較方式，依預設的{DEFAULT_TIE_BREAK}"
                    a.cand.tie_notes.append(f"與{b.cand.label}{a.rank_word}相同，{why}排在其前")
                    b.cand.tie_notes.append(f"與{a.cand.label}{b.rank_word}相同，{why}排在其後")
            ordered += group
    else:
        combine_sheets(cands, reviews, codes, by_id, "median" if f.method == "median" else "mean", f.method == "normalised")
        ranked = sorted(cands.values(), key=lambda c: _rank_key(c, f.tie_break, code_of))
        _explain_ties(ranked, f.tie_break, {c.id: c.name for c in criteria})
        _assign_ranks(ranked, f.tie_break)
        ordered = [decisions[c.sb.id] for c in ranked]
        for d in ordered:
            d.place = d.cand.rank
    return _fill(plan, f, ordered)


def _fill(plan, f, ordered: list[Decision]) -> FundingResult:
    general = f.general_seats
    seats = {q.name: q.count for q in f.quotas} | {GENERAL_SEATS: general}
    taken = {name: 0 for name in seats}
    per_school: dict[str, int] = {}
    seat_full: set[str] = set()  # folders turned away only because their seats were taken
    total = 0

    def try_fund(d: Decision, seat: str) -> str | None:
        """Why `d` cannot be funded in `seat` (None: it is funded)."""
        nonlocal total
        limit = seats[seat]
        if limit is not None and taken[seat] >= limit:
            seat_full.add(d.sb.id)
            return f"{seat}名額 {limit} 隊已滿"
        if f.per_school is not None and per_school.get(d.sb.sub.school, 0) >= f.per_school:
            return f"本校已核定 {f.per_school} 隊（每校上限）"
        amount = granted_amount(plan, d.sb.sub)
        if f.envelope is not None and total + amount > f.envelope:
            return f"補助總經費 {format_money(f.envelope)}已核定 {format_money(total)}，不足本案 {format_money(amount)}"
        taken[seat] += 1
        per_school[d.sb.sub.school] = per_school.get(d.sb.sub.school, 0) + 1
        total += amount
        d.funded, d.granted = True, amount
        d.reason = (f"{d.where}第 {d.place} 名（{d.measure}），核定（{seat}名額第 {taken[seat]} 隊"
                    + (f"，共 {limit} 隊" if limit is not None else "") + f"）；核定 {format_money(amount)}"
                    + (f"（申請 {format_money(d.requested)}）" if amount != d.requested else ""))
        return None

    for d in ordered:
        if d.place is None:
            d.reason = "沒有委員排序" if f.by_rank else "沒有委員評分"
        elif f.min_score is not None and not f.by_rank and d.cand.score < f.min_score:
            d.reason = f"{d.where}第 {d.place} 名（{d.measure}），未達核定最低分數 {f.min_score} 分"
        elif (why := try_fund(d, d.seat_name)) is not None:
            d.reason = f"{d.where}第 {d.place} 名（{d.measure}），未核定：{why}"
    if f.release_unused and f.quotas:
        spare = sum(seats[q.name] - taken[q.name] for q in f.quotas)
        for d in ordered:
            if spare <= 0:
                break
            if not d.funded and d.sb.id in seat_full:
                seats[d.seat_name] = (seats[d.seat_name] or 0) + 1
                if try_fund(d, d.seat_name) is None:
                    d.reason += "（保留名額未用完而釋出）"
                    spare -= 1
                else:
                    seats[d.seat_name] -= 1
    for d in ordered:
        if d.cand.tie_notes:
            d.reason += "；" + "；".join(d.cand.tie_notes)
    listed = [(name, seats[name], taken[name]) for name in [*(q.name for q in f.quotas), GENERAL_SEATS]
              if name != GENERAL_SEATS or general is not None or taken[GENERAL_SEATS]]
    return FundingResult(ordered, listed, total, f.envelope)
