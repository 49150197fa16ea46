"""Facts derived from a submission under its plan: activities, grant ceiling, totals, fee units.

Rules and renderers both use these, so a total shown on a page is the total that was checked.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from plcpub.model.budget import PercentRule
from plcpub.model.plan import BudgetItem, Plan, Tier
from plcpub.model.submission import Session, Submission
from plcpub.standards import Standards
from plcpub.util.money import MoneyParseError, parse_money
from plcpub.util.rocdate import DateParseError, RocDate, parse_roc_date

PAID_HOSTS = ("member", "internal", "affiliated", "external")


def counts_as_application(plan: Plan, sub: Submission) -> bool:
    """Submitted and still in the running: not a draft, not rejected or withdrawn (unknown statuses count;
    `status.unknown` reports them)."""
    st = plan.status(sub.status)
    return st is None or st.counts_as_application


def percent_of(plan: Plan, pr: PercentRule, standards: Standards | None = None, sub: Submission | None = None) -> Decimal:
    """The percentage a rule applies: the plan's, or the national NHI rate. The national rate is
    the one in force on each fee-paying meeting's date, weighted by that meeting's fee, when a
    submission is given (a 109 school year crosses the 2021-01-01 change from 1.91 % to 2.11 %);
    without one, the rate in force when the plan starts."""
    if pr.rate_source != "national-nhi":
        return Decimal(str(pr.percent))
    from plcpub.standards import load_standards
    std = standards or load_standards()
    start = Decimal(str(std.nhi_percent(plan.execution.start.date)))
    weights = meeting_fees(plan, sub, std) if sub is not None else []
    total = sum((fee for _, fee in weights), Decimal(0))
    if not total:
        return start
    rate = sum((fee * Decimal(str(std.nhi_percent(day))) for day, fee in weights), Decimal(0)) / total
    return start if rate == start else rate


def meeting_fees(plan: Plan, sub: Submission, standards: Standards) -> list[tuple]:
    """(date, fee) of each meeting that pays a lecturer or an attendance fee, at the rates in
    force that day: how a national rate that changes mid-year is weighted."""
    out = []
    for s in sub.schedule:
        day = s.date.date
        shares = lecturer_shares(plan, sub, s)
        if shares:
            table = standards.lecturer_table(day)
            out.append((day, sum((table.payable_units(s.minutes) * part * (table.rate(k) or 0) for k, part in shares),
                                 Decimal(0))))
        elif s.host is not None and s.host.kind == "consultant":
            out.append((day, Decimal(standards.attendance_max(day))))
    return out


def nhi_rates_during(plan: Plan, standards: Standards | None = None) -> list[tuple]:
    """[(from, percent)] of the national NHI rates in force during the plan's execution, first
    the one at its start: more than one when the rate changes mid-year."""
    from plcpub.standards import load_standards
    std = standards or load_standards()
    start, end = plan.execution.start.date, plan.execution.end.date
    rates = [(start, std.nhi_percent(start))]
    for day, pct in std.nhi:
        if start < day <= end:
            rates.append((day, pct))
    return rates


def percent_rule_text(plan: Plan, pr: PercentRule) -> str:
    """The rule in one sentence, as the rules page and the forms print it: 雜支不超過業務費的 5%."""
    return pr.sentence(plan.budget.items, percent_of(plan, pr))


def item_hint(plan: Plan, it) -> str:
    """What a budget item's row says beside it on every form and sheet: its unit-price cap, the
    percentage rules on it, whether it must be itemised (the seed forms' 說明 column)."""
    parts = it.unit_price_caps()
    for pr in plan.budget.percent_rules:
        if pr.item == it.id:
            parts.append(pr.sheet_note(plan.budget.items, percent_of(plan, pr)))
    if it.requires_details:
        parts.append("須列品項明細")
    return "；".join(parts)


def item_amounts(plan: Plan, sub: Submission) -> dict[str, int]:
    """The amount budgeted for each catalogue item (lines naming no item of the plan are left out:
    budget.unknown-item reports them)."""
    out: dict[str, int] = {}
    for line in sub.budget:
        it = plan.line_item(line)
        if it is not None:
            out[it.id] = out.get(it.id, 0) + line.amount
    return out


def percent_base(plan: Plan, pr: PercentRule, amounts: dict[str, int]) -> int:
    """What a percentage rule takes its percentage of, from per-item amounts."""
    return sum(amounts.get(o.id, 0) for o in pr.base_items(plan.budget.items))


def session_activities(plan: Plan, s: Session) -> set[str]:
    acts = set(s.activities)
    m = plan.method(s.method)
    if m:
        acts.update(m.activities)
    if s.online:
        acts.add("online")
    return acts


def member_names(sub: Submission) -> set[str]:
    return {p.name for p in sub.everyone()}


def lecturer_kind(sub: Submission, s: Session) -> str | None:
    """The fee kind a session's host is paid as: members are paid at the internal rate."""
    if s.host is None or s.host.kind not in PAID_HOSTS:
        return None
    return "internal" if s.host.kind == "member" else s.host.kind


def is_member_lecturer(sub: Submission, s: Session) -> bool:
    return s.host is not None and s.host.kind in PAID_HOSTS and (
        s.host.kind == "member" or (s.host.name or "") in member_names(sub))


def unpaid_reason(plan: Plan, s: Session, acts: set[str]):
    """The plan's UnpaidRule that forbids a fee for this session, if any."""
    if s.host is None:
        return None
    for r in plan.lecturers.unpaid:
        if s.host.kind in r.hosts and acts & set(r.activities):
            if r.lifted_for(s, acts):
                continue
            return r
    return None


def school_count(sub: Submission) -> int:
    return len(sub.all_schools())


def grant_ceiling(plan: Plan, tier: Tier, sub: Submission | None, schools: int | None = None,
                  school_curriculum: bool | None = None) -> int | None:
    """Tier cap plus the bonuses this submission qualifies for (or the most any could, if sub is None)."""
    cross = sub.cross_school if sub else True
    n = schools if schools is not None else (school_count(sub) if sub else (tier.max_schools or 2))
    if tier.max_schools:
        n = min(n, tier.max_schools)
    curriculum = school_curriculum if school_curriculum is not None else (sub.school_curriculum if sub else True)
    if tier.cap is None:
        return plan.budget.cap
    total = tier.cap
    for b in tier.bonuses:
        if b.kind == "cross-school" and cross:
            total += b.amount
        elif b.kind == "per-extra-school" and cross:
            total += b.amount * max(0, n - (b.from_schools or 1))
        elif b.kind == "school-curriculum" and curriculum:
            total += b.amount
    return min(total, plan.budget.cap) if plan.budget.cap is not None else total


def community_ceiling(plan: Plan, sub: Submission) -> int | None:
    """The most this community may be granted: its tier's ceiling with the bonuses it qualifies
    for, or the plan-wide cap where its tier is unknown."""
    t = plan.tier(sub.tier)
    return grant_ceiling(plan, t, sub) if t else plan.budget.cap


def granted_amount(plan: Plan, sub: Submission) -> int:
    """What a funded community gets: the authority's recorded amount, else what it asked for,
    never above its ceiling (the selection, the check and the funded list all count this)."""
    asked = sub.granted if sub.granted is not None else budget_total(sub)
    ceiling = community_ceiling(plan, sub)
    return asked if ceiling is None else min(asked, ceiling)


def kinds_of(plan: Plan, sub: Submission) -> set[str]:
    """What a quota may name an application by: its tier (as written, id or name), its community kind."""
    t = plan.tier(sub.tier)
    return {x for x in (sub.tier, t.id if t else None, t.name if t else None, sub.community_kind) if x}


def item_of(plan: Plan, name: str) -> BudgetItem | None:
    return plan.item(name)


def budget_total(sub: Submission) -> int:
    return sum(line.amount for line in sub.budget)


def lecturer_shares(plan: Plan, sub: Submission, s: Session) -> list[tuple[str, Decimal]]:
    """(fee kind, share) of everyone paid to lecture in a meeting: the host and its co-lecturers.
    Where the plan says two lecturing together are paid in part (兩人講述…減半支給), each
    gets that share of the meeting's units; otherwise each is paid in full."""
    if unpaid_reason(plan, s, session_activities(plan, s)):
        return []
    kinds = [k for k in (lecturer_kind(sub, s), *(c.kind for c in (s.host.co_lecturers if s.host else []))) if k]
    share = plan.lecturers.co_lecture_share
    part = Decimal(share) / 100 if share is not None and len(kinds) > 1 else Decimal(1)
    return [(k, part) for k in kinds]


def scheduled_units(plan: Plan, sub: Submission, standards: Standards, kind: str) -> Decimal:
    """Fee units (periods or hours) the schedule supports for lecturers of `kind`."""
    units = Decimal(0)
    for s in sub.schedule:
        for k, part in lecturer_shares(plan, sub, s):
            if k == kind:
                units += standards.lecturer_table(s.date.date).payable_units(s.minutes) * part
    return units


def scheduled_assistant_units(plan: Plan, sub: Submission, standards: Standards, kind: str) -> Decimal:
    units = Decimal(0)
    for s in sub.schedule:
        if s.host is None:
            continue
        n = sum(1 for a in s.host.assistants if a.kind == kind)
        if n:
            units += n * standards.lecturer_table(s.date.date).payable_units(s.minutes)
    return units


def member_fee(plan: Plan, sub: Submission, standards: Standards, name: str) -> int:
    """What one member would be paid as a lecturer, at the internal rate in force per meeting."""
    fee = Decimal(0)
    for s in sub.schedule:
        if s.host is None or s.host.name != name or not is_member_lecturer(sub, s):
            continue
        if unpaid_reason(plan, s, session_activities(plan, s)):
            continue
        table = standards.lecturer_table(s.date.date)
        fee += table.payable_units(s.minutes) * (table.rate("internal") or 0)
    return int(fee)


def submitted_entry(plan: Plan, sub: Submission):
    """(index, entry) of the status-history entry that first sent the application, or None:
    the date and time an application counts as submitted (deadlines, review order, quotas)."""
    for i, h in enumerate(sub.history):
        st = plan.status(h.status)
        if st is not None and st.sent:
            return i, h
    return None


def application_level(sub: Submission, school) -> str | None:
    """The school level an application counts under: the one it names, else its school's only
    level (None when the school runs several and the application names none)."""
    if sub.level:
        return sub.level
    return None if school is None or school.levels else school.level


def submission_order(plan: Plan, sub: Submission) -> tuple:
    """Sort key by when an application was sent (date, then time; unsent last)."""
    found = submitted_entry(plan, sub)
    if found is None:
        return (dt.date.max, dt.time.max)
    return (found[1].date.date, found[1].time or dt.time.min)


def quota_name(plan: Plan, req) -> str | None:
    """What a school quota counts: its tier's name, or None for all tiers together."""
    t = plan.tier(req.tier) if req.tier else None
    return t.name if t else req.tier


def category(plan: Plan, sub: Submission) -> str:
    """What kind of community a page names it as: its tier where the plan has tiers, else the
    community kind it states (a plan without tiers never shows the implicit one)."""
    if plan.tiers_stated:
        t = plan.tier(sub.tier)
        return t.name if t else (sub.tier or "")
    return sub.community_kind or ""


def category_label(plan: Plan) -> str:
    return "類別" if plan.tiers_stated else "社群類型"


def resolve_path(plan: Plan, path: str):
    """tiers[research].min_meetings -> the value in the plan model (lists indexed by id)."""
    obj = plan
    for part in re.findall(r"[^.\[\]]+|\[[^\]]+\]", path):
        if part.startswith("["):
            key = part[1:-1]
            obj = next((x for x in obj if getattr(x, "id", None) == key), None)
        elif isinstance(obj, dict):
            obj = obj.get(part)
        else:
            obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def same_value(value, stated: str) -> bool:
    """Whether a parameter and the plan's other statement of it say the same."""
    if isinstance(value, RocDate):
        try:
            return parse_roc_date(stated).date == value.date
        except DateParseError:
            return False
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        try:
            return parse_money(stated) == value
        except MoneyParseError:
            return str(value) == stated
    if isinstance(value, list):
        return sorted(map(str, value)) == sorted(s.strip() for s in re.split(r"[、,，]", stated))
    return str(value) == stated


def stated_otherwise(plan: Plan, path: str) -> list:
    """The plan's other statements of a parameter that say something else (what plan.rule-conflict
    reports): a page prints the parameter and, beside it, these in the plan's own words."""
    value = resolve_path(plan, path)
    return [st for st in plan.statements if st.path == path and value is not None and not same_value(value, st.value)]


def as_stated(plan: Plan, path: str, shown: str) -> str:
    """`shown` followed by what the plan says elsewhere when that differs: 12 次（附件二…寫「6」）."""
    return shown + "".join(f"（{st.clause or '另一處'}寫「{st.value}」）" for st in stated_otherwise(plan, path))
