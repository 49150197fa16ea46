"""From reviewers' score sheets to ranks and awards, with the reason for every decision.

Criteria come from the plan (award scoring per tier, else the application review criteria); a
criterion's maximum is its weight (配分). Totals are combined over reviewers by mean or median,
optionally normalised per reviewer. Equal totals are ordered by the plan's tie-break criteria
(`awards.tie_break`), and where those are equal too (or the plan sets none) by the stated
default, the case code (submission order); every candidate whose place was decided that way is
told so in its reason, and ties the default settled across a quota line are listed for `check`.
Each award group fills its levels in order from the top of its ranking; a level's seats that no
one reaches the minimum for stay vacant (從缺).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from plcpub.load.project import PlanBundle, ReviewBundle, SubmissionBundle
from plcpub.model.plan import Plan
from plcpub.model.review import AwardGroup, Criterion

TWO = Decimal("0.01")
DEFAULT_TIE_BREAK = "案件編號（送件先後；沒有案件編號時依資料夾名稱）"


@dataclass
class Candidate:
    sb: SubmissionBundle
    school_name: str
    level: str  # school level (國小, 國中 …)
    group: AwardGroup | None
    criteria: list[Criterion]
    totals: dict[str, Decimal] = field(default_factory=dict)  # reviewer id -> total (after normalising)
    by_criterion: dict[str, Decimal] = field(default_factory=dict)  # aggregated per criterion
    score: Decimal | None = None
    rank: int | None = None
    award: str | None = None
    reason: str = ""
    label: str = ""  # how other candidates' reasons name it: its name where it may be named, else its case code
    tie_notes: list[str] = field(default_factory=list)  # how an equal total was ordered
    recused: list[str] = field(default_factory=list)  # reviewers who work at its school and stepped out (迴避)


@dataclass
class GroupResult:
    group: AwardGroup
    ranked: list[Candidate]
    winners: dict[str, list[Candidate]]
    vacant: dict[str, int]  # seats left empty because candidates fell below the level's minimum (從缺)
    unfilled: dict[str, int]  # seats left empty because there were too few candidates


@dataclass
class DefaultTie:
    """Two equal totals the plan's own tie-break could not order, settled by DEFAULT_TIE_BREAK."""
    first: Candidate
    second: Candidate


@dataclass
class Results:
    levels: list[str]
    groups: list[GroupResult]
    others: list[Candidate]  # in no award group, or (no awards) the plain ranking
    candidates: list[Candidate]
    default_ties: list[DefaultTie] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)  # the panel's ids in order, then any other sheet's reviewer

    def boundary_ties(self) -> list[DefaultTie]:
        """Default-settled ties whose two candidates ended with different results (one got a seat or
        a higher level the other did not): the default decided an award."""
        return [t for t in self.default_ties if t.first.award != t.second.award]


def criteria_for(plan: Plan, tier_id: str | None) -> list[Criterion]:
    if plan.awards and plan.awards.scoring:
        for sc in plan.awards.scoring:
            if tier_id in sc.tiers:
                return sc.criteria
        return []
    return plan.review.criteria if plan.review else []


def case_criteria(plan: Plan, sub) -> list[Criterion]:
    """The criteria a submission is scored on: those of its tier's award scoring, or the review's."""
    tier = plan.tier(sub.tier)
    return criteria_for(plan, tier.id if tier else None)


def criterion_max(c: Criterion) -> Decimal:
    return Decimal(c.weight) if c.weight is not None else Decimal(100)


def total_of(criteria: list[Criterion], scores: dict[str, Decimal]) -> Decimal:
    """Weighted criteria (配分) add up; unweighted ones average."""
    values = [scores[c.id] for c in criteria if c.id in scores]
    if not values:
        return Decimal(0)
    if all(c.weight is not None for c in criteria):
        return sum(values, Decimal(0))
    return sum(values, Decimal(0)) / len(values)


def _combine(values: list[Decimal], how: str) -> Decimal:
    return statistics.median(values) if how == "median" else sum(values, Decimal(0)) / len(values)


def _normalise(raw: dict[tuple[str, str], Decimal]) -> dict[tuple[str, str], Decimal]:
    """Per reviewer z-scores mapped back onto the overall mean and spread (a strict reviewer's 70
    can equal a lenient one's 85)."""
    everything = list(raw.values())
    if len(everything) < 2:
        return raw
    mean_all, sd_all = statistics.mean(everything), statistics.pstdev(everything)
    out = {}
    for reviewer in {r for r, _ in raw}:
        mine = {k: v for k, v in raw.items() if k[0] == reviewer}
        sd = statistics.pstdev(list(mine.values())) if len(mine) > 1 else Decimal(0)
        mean = statistics.mean(list(mine.values()))
        for k, v in mine.items():
            out[k] = v if sd == 0 else mean_all + (v - mean) / sd * sd_all
    return out


def find_case(key: str, by_id: dict[str, SubmissionBundle], codes: dict[str, SubmissionBundle]) -> SubmissionBundle | None:
    """A score sheet names a case by its code (113-004) or its folder (173501-reading-sharing)."""
    return codes.get(key) or by_id.get(key)


def score(pb: PlanBundle, subs: list[SubmissionBundle], reviews: ReviewBundle | None,
          codes: dict[str, SubmissionBundle]) -> Results:
    """Rank every candidate and give awards. Invalid score entries (which `check` reports) are skipped."""
    plan = pb.plan
    awards = plan.awards
    how = awards.aggregation if awards else "mean"
    pool = [sb for sb in subs if (st := plan.status(sb.sub.status)) is not None
            and (st.funded if awards else st.may_be_scored)]
    cands: dict[str, Candidate] = {}
    for sb in pool:
        school = pb.schools.get(sb.sub.school)
        tier = plan.tier(sb.sub.tier)
        level = school.level if school else ""
        group = next((g for g in awards.groups if tier and tier.id in g.tiers and (not g.school_levels or level in g.school_levels)),
                     None) if awards else None
        cands[sb.id] = Candidate(sb, school.name if school else sb.sub.school, level, group, case_criteria(plan, sb.sub))
    panel = reviews.reviewers.reviewers if reviews and reviews.reviewers else []
    for cand in cands.values():
        cand.recused = [r.id for r in panel if r.school and r.school == cand.sb.sub.school]
    reviewer_ids = [r.id for r in panel]
    reviewer_ids += sorted({sheet.reviewer for sheet, _ in (reviews.sheets if reviews else [])} - set(reviewer_ids))
    by_id = {sb.id: sb for sb in subs}
    combine_sheets(cands, reviews, codes, by_id, how, bool(awards and awards.normalise))
    tie_break = awards.tie_break if awards else []
    code_of = {sb.id: code for code, sb in codes.items()}
    label(plan, cands.values(), code_of)
    ordered = sorted(cands.values(), key=lambda c: _rank_key(c, tie_break, code_of))
    names = {c.id: c.name for cand in cands.values() for c in cand.criteria}
    if not awards:
        default_ties = _explain_ties(ordered, tie_break, names)
        _assign_ranks(ordered, tie_break)
        for c in ordered:
            c.reason = f"第 {c.rank} 名，{c.score} 分" if c.score is not None else "沒有委員評分"
        _add_notes(ordered, how)
        return Results([], [], ordered, ordered, default_ties, reviewer_ids)
    default_ties = []
    groups = []
    for g in awards.groups:
        members = [c for c in ordered if c.group is g]
        default_ties += _explain_ties(members, tie_break, names)
        groups.append(_award_group(plan, g, members))
    others = [c for c in ordered if c.group is None]
    for c in others:
        c.reason = "不屬於任何評選組別（類別或學制不符）"
    _add_notes(ordered, how)
    return Results(awards.levels, groups, others, ordered, default_ties, reviewer_ids)


def combine_sheets(cands: dict[str, Candidate], reviews: ReviewBundle | None, codes: dict[str, SubmissionBundle],
                   by_id: dict[str, SubmissionBundle], how: str, normalise: bool) -> None:
    """Each candidate's total per reviewer (normalised when asked), combined score and combined
    score per criterion, from the score sheets. Entries `check` refuses are skipped."""
    raw: dict[tuple[str, str], Decimal] = {}
    per_criterion: dict[str, dict[str, list[Decimal]]] = {}
    seen = set()
    for sheet, _ in (reviews.sheets if reviews else []):
        for entry in sheet.scores:
            sb = find_case(entry.case, by_id, codes)
            cand = cands.get(sb.id) if sb else None
            if cand is None or (sheet.reviewer, sb.id) in seen or not entry.scores:
                continue
            known = {c.id: c for c in cand.criteria}
            if any(k not in known or v > criterion_max(known[k]) for k, v in entry.scores.items()):
                continue
            seen.add((sheet.reviewer, sb.id))
            raw[(sheet.reviewer, sb.id)] = total_of(cand.criteria, entry.scores)
            for k, v in entry.scores.items():
                per_criterion.setdefault(sb.id, {}).setdefault(k, []).append(v)
    totals = _normalise(raw) if normalise else raw
    for (reviewer, sid), v in totals.items():
        cands[sid].totals[reviewer] = v
    for sid, cand in cands.items():
        if cand.totals:
            cand.score = _combine(list(cand.totals.values()), how).quantize(TWO, ROUND_HALF_UP)
            cand.by_criterion = {k: _combine(v, how).quantize(TWO, ROUND_HALF_UP) for k, v in per_criterion[sid].items()}


def label(plan: Plan, cands, code_of: dict[str, str]) -> None:
    """How other candidates' reasons name each one: its name where its status may show it, else
    its case code (a hidden application is never named in public reasons)."""
    for cand in cands:
        shown = plan.publication(cand.sb.sub.status).name
        code = code_of.get(cand.sb.id)
        cand.label = f"「{cand.sb.sub.name}」" if shown else (f"案件 {code}" if code else "另一件不公開的申請案")


def _explain_ties(ranked: list[Candidate], tie_break: list[str], names: dict[str, str]) -> list[DefaultTie]:
    """Note on each of two neighbours with equal totals what ordered them; return the pairs only
    the default could order."""
    settled = []
    for a, b in zip(ranked, ranked[1:]):
        if a.score is None or a.score != b.score:
            continue
        deciding = next((k for k in tie_break if a.by_criterion.get(k, Decimal(0)) != b.by_criterion.get(k, Decimal(0))), None)
        if deciding is not None:
            va, vb = a.by_criterion.get(deciding, Decimal(0)), b.by_criterion.get(deciding, Decimal(0))
            how = f"依計畫的同分比較「{names.get(deciding, deciding)}」（{va} 比 {vb}）"
        else:
            settled.append(DefaultTie(a, b))
            why = "計畫所訂的同分比較項目也相同" if tie_break else "計畫未訂同分比較方式"
            how = f"{why}，依預設的{DEFAULT_TIE_BREAK}"
        a.tie_notes.append(f"與{b.label}同為 {a.score} 分，{how}排在其前")
        b.tie_notes.append(f"與{a.label}同為 {b.score} 分，{how}排在其後")
    return settled


def _add_notes(candidates: list[Candidate], how: str) -> None:
    """Tie-breaks and recusals said beside the result: a total of fewer reviewers is explained."""
    for c in candidates:
        if c.tie_notes:
            c.reason += "；" + "；".join(c.tie_notes)
        stepped_out = [r for r in c.recused if r not in c.totals]
        if stepped_out and c.totals:
            combined = "中位數" if how == "median" else "平均"
            c.reason += f"；{len(stepped_out)} 位委員任職於本校而迴避，分數為其餘 {len(c.totals)} 位委員評分之{combined}"


def _rank_key(c: Candidate, tie_break: list[str], code_of: dict[str, str]):
    """Total, then the plan's tie-break criteria, then the default: case code (unnumbered last, by folder)."""
    default = (code_of.get(c.sb.id) is None, code_of.get(c.sb.id) or "", c.sb.id)
    if c.score is None:
        return (1, Decimal(0), (), default)
    return (0, -c.score, tuple(-c.by_criterion.get(k, Decimal(0)) for k in tie_break), default)


def _assign_ranks(ranked: list[Candidate], tie_break: list[str]) -> None:
    """1, 2, 2, 4 …: equal totals that the plan's tie-break criteria cannot tell apart share a rank
    (the default order still decides who is listed, and seated, first; the reason says so)."""
    previous = None
    for i, c in enumerate(ranked, 1):
        if c.score is None:
            continue
        key = (c.score, tuple(c.by_criterion.get(k, Decimal(0)) for k in tie_break))
        c.rank = previous[1] if previous and previous[0] == key else i
        previous = (key, c.rank)


def _award_group(plan: Plan, group: AwardGroup, ranked: list[Candidate]) -> GroupResult:
    awards = plan.awards
    _assign_ranks(ranked, awards.tie_break)
    remaining = [c for c in ranked if c.score is not None]
    winners, vacant, unfilled = {}, {}, {}
    for level in awards.levels:
        quota = group.quotas.get(level, 0)
        minimum = awards.level_min_scores.get(level, awards.vacancy_min_score)
        chosen = [c for c in remaining if minimum is None or c.score >= minimum][:quota]
        for c in chosen:
            remaining.remove(c)
            c.award = level
            c.reason = f"組內第 {c.rank} 名，{c.score} 分，獲{level}（名額 {quota}）"
        winners[level] = chosen
        below = min(quota - len(chosen), len(remaining))  # candidates were there but did not reach the minimum
        vacant[level], unfilled[level] = below, quota - len(chosen) - below
    lowest = awards.levels[-1] if awards.levels else ""
    for c in remaining:
        minimum = awards.level_min_scores.get(lowest, awards.vacancy_min_score)
        if minimum is not None and c.score < minimum:
            c.reason = f"組內第 {c.rank} 名，{c.score} 分，未達{lowest}標準 {minimum} 分"
        else:
            c.reason = f"組內第 {c.rank} 名，{c.score} 分；各獎項名額已滿"
    for c in ranked:
        if c.score is None:
            c.reason = "沒有委員評分"
    return GroupResult(group, ranked, winners, vacant, unfilled)
