"""The school summary sheet (彙整表): one school's communities with counts and totals, prefilled
for the school to sign and send in. Drafts and rejected applications are left out."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from plcpub.load.project import PlanBundle, SubmissionBundle
from plcpub.model.derived import budget_total, counts_as_application
from plcpub.util.money import amount_in_words, format_money


@dataclass
class SummaryRow:
    no: int
    tier: str
    name: str
    cross_school: str
    members: int
    meetings: int
    amount: str
    note: str


@dataclass
class SummarySheet:
    title: str
    school: str
    classes: int
    rows: list[SummaryRow]
    members: int
    meetings: int
    total: str
    total_words: str
    per_tier: list[tuple[str, int]]
    signatures: list[str]


def summary_sheet(pb: PlanBundle, code: str, subs: list[SubmissionBundle]) -> SummarySheet:
    p = pb.plan
    school = pb.schools.get(code)
    rows, counts, total = [], Counter(), 0
    for i, sb in enumerate(subs, 1):
        tier = p.tier(sb.sub.tier)
        amount = budget_total(sb.sub)
        total += amount
        counts[tier.name if tier else sb.sub.tier] += 1
        partners = "、".join(pb.schools[c].name if c in pb.schools else c for c in sb.sub.partner_schools)
        rows.append(SummaryRow(i, tier.name if tier else sb.sub.tier, sb.sub.name, "是" if sb.sub.cross_school else "否",
                               len(sb.sub.everyone()), len(sb.sub.schedule), format_money(amount),
                               f"跨校：{partners}" if partners else ""))
    return SummarySheet(f"{p.edition}教師專業學習社群彙整表", school.name if school else code,
                        school.classes if school else 0, rows, sum(r.members for r in rows),
                        sum(r.meetings for r in rows), format_money(total), amount_in_words(total),
                        [(t.name, counts.get(t.name, 0)) for t in p.tiers], ["承辦人", "主任", "校長"])


def school_sheets(pb: PlanBundle, subs: list[SubmissionBundle]) -> dict[str, SummarySheet]:
    """A sheet for every school with at least one community that is not a draft or rejected."""
    by_school: dict[str, list] = {}
    for sb in subs:
        if counts_as_application(pb.plan, sb.sub):
            by_school.setdefault(sb.sub.school, []).append(sb)
    return {code: summary_sheet(pb, code, items) for code, items in sorted(by_school.items())}
