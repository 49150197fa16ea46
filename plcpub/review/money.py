"""Money after approval: granted next to requested, what was actually spent (spending.yaml),
the balance to return (結餘款), spending per item against the approved budget under the
plan's transfer rule (勻支), and the totals the accounting office asks for. The checks
(validate/rules/spending.py) and the accounting sheet (render/office.py) read these."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plcpub.load.project import PlanBundle, SubmissionBundle
from plcpub.model.derived import application_level, budget_total, category, granted_amount
from plcpub.model.plan import Plan
from plcpub.util.money import format_money


def item_key(plan: Plan, line) -> str:
    """The catalogue item a line is for (its id), else the name as written."""
    it = plan.line_item(line)
    return it.id if it else line.item


def item_name(plan: Plan, key: str) -> str:
    found = plan.item(key)
    return found.name if found else key


def by_item(plan: Plan, lines) -> dict[str, int]:
    totals: dict[str, int] = {}
    for line in lines:
        key = item_key(plan, line)
        totals[key] = totals.get(key, 0) + line.amount
    return totals


@dataclass(frozen=True)
class Overspend:
    """Spending above what was approved: one item spent item by item (覈實支應), or a group the
    plan lets offset one another (`clause` is the transfer rule's)."""

    items: tuple[str, ...]
    approved: int
    spent: int
    clause: str | None

    def message(self, plan: Plan) -> str:
        names = "、".join(item_name(plan, k) for k in self.items)
        if len(self.items) > 1:
            return (f"{names}可相互勻支，合計實支 {format_money(self.spent)} 超過核定的 {format_money(self.approved)}"
                    f"（多 {format_money(self.spent - self.approved)}）。")
        how = "計畫未列入可勻支的項目，須覈實支應：" if self.approved else "經費概算表沒有這個項目："
        return f"{names}{how}實支 {format_money(self.spent)} 超過核定的 {format_money(self.approved)}。"


def overspent(plan: Plan, approved_lines, spent_lines) -> list[Overspend]:
    """Per transfer group (together) and per item outside any group (alone): spent > approved."""
    approved, spent = by_item(plan, approved_lines), by_item(plan, spent_lines)
    grouped: set[str] = set()
    found = []
    for group in plan.budget.transfers:
        keys = tuple(group.items)
        grouped |= set(keys)
        a, s = sum(approved.get(k, 0) for k in keys), sum(spent.get(k, 0) for k in keys)
        if s > a:
            found.append(Overspend(tuple(k for k in keys if spent.get(k) or approved.get(k)), a, s, group.clause))
    for key, s in spent.items():
        if key not in grouped and s > approved.get(key, 0):
            found.append(Overspend((key,), approved.get(key, 0), s, None))
    return found


@dataclass(frozen=True)
class Account:
    """One funded community's money, as the accounting office lists it."""

    plan: str
    community: str
    school_code: str
    school: str
    district: str
    level: str
    tier: str
    name: str
    requested: int
    granted: int
    spent: int | None  # None: no spending report yet
    returned: int | None
    reported_on: dt.date | None

    @property
    def balance(self) -> int | None:
        """結餘款: granted minus spent, once spending is reported."""
        return None if self.spent is None else self.granted - self.spent


def accounts(pb: PlanBundle, subs: list[SubmissionBundle]) -> list[Account]:
    """Every funded community of the plan, in school order."""
    plan = pb.plan
    found = []
    for sb in subs:
        st = plan.status(sb.sub.status)
        if st is None or not st.funded:
            continue
        school = pb.schools.get(sb.sub.school)
        spending = sb.spending
        found.append(Account(plan.id, sb.id, sb.sub.school, school.name if school else sb.sub.school,
                             school.district if school else "", application_level(sb.sub, school) or "",
                             category(plan, sb.sub), sb.sub.name, budget_total(sb.sub),
                             granted_amount(plan, sb.sub), spending.total if spending else None,
                             spending.returned if spending else None,
                             spending.submitted.date if spending else None))
    return sorted(found, key=lambda a: (a.school_code, a.name))


def totals(rows: list[Account], key) -> list[tuple[str, int, int, int, int, int, int, int]]:
    """(group, communities, of them with spending reported, requested, granted, spent, balance,
    returned) per value of `key(row)`, plus 合計: spent, balance and returned count reported
    communities only."""
    groups: dict[str, list[Account]] = {}
    for row in rows:
        groups.setdefault(key(row) or "（未填）", []).append(row)

    def sums(items: list[Account]) -> tuple[int, int, int, int, int, int, int]:
        return (len(items), sum(a.spent is not None for a in items), sum(a.requested for a in items),
                sum(a.granted for a in items), sum(a.spent or 0 for a in items), sum(a.balance or 0 for a in items),
                sum(a.returned or 0 for a in items))

    return [(name, *sums(items)) for name, items in sorted(groups.items())] + [("合計", *sums(rows))]
