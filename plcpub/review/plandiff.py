"""What changed between two plans, rule by rule, each change with both plans' clauses.

One walk over the plan model does it: every field has a zh-TW title (the same the schema and
the editor show), lists of rules are matched by id (else name), and each change cites the
clause of the nearest rule on each side. Dates are compared after moving the older plan by the
years between them (a deadline that moved with the year has not changed); a year written inside
a text (「111學年度」) is read the same way. The national standards in force on each plan's
execution start are compared too (NHI premium, lecturer fees, attendance fee), and the caller
may add sections the model does not hold (the forms' fields, forms/annexes.form_fields)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel

from plcpub.model.plan import Plan
from plcpub.standards import Standards, load_standards
from plcpub.util.rocdate import RocDate, format_roc, move_years, shift_years

SKIP = {"id", "predecessor", "clause", "prose", "schools_file", "statements", "table_sums", "versus", "catalogue_item"}
TEXT_LIMIT = 60
STANDARDS = "全國標準（依各計畫執行期程起日）"  # the section of the national standards in force on each plan's dates


@dataclass(frozen=True)
class Change:
    section: str  # 類別、經費、日程 … (the top-level field's title)
    what: str  # 專業自主學習社群：經費上限
    before: str | None  # None: added
    after: str | None  # None: removed
    clause_before: str | None = None
    clause_after: str | None = None

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"

    @property
    def sentence(self) -> str:
        if self.before is None:
            return f"{self.what}：新增 {self.after}"
        if self.after is None:
            return f"{self.what}：刪除（原為 {self.before}）"
        return f"{self.what}：{self.before} → {self.after}"

    def as_json(self) -> dict:
        return {"section": self.section, "what": self.what, "kind": self.kind, "before": self.before,
                "after": self.after, "clause_before": self.clause_before, "clause_after": self.clause_after}


@dataclass(frozen=True)
class PlanDiff:
    before: Plan
    after: Plan
    years: int  # after.year - before.year: dates and years in texts are compared moved by this
    changes: list[Change]

    def sections(self) -> list[tuple[str, list[Change]]]:
        out: dict[str, list[Change]] = {}
        for c in self.changes:
            out.setdefault(c.section, []).append(c)
        return list(out.items())


def _label(item) -> str:
    for attr in ("name", "title", "item", "level", "activity", "unit", "id"):
        value = getattr(item, attr, None)
        if isinstance(value, str) and value:
            return value
    return ""


def _key(item, i: int):
    return getattr(item, "id", None) or getattr(item, "name", None) or getattr(item, "item", None) or i


def _title(model: BaseModel, name: str) -> str:
    """A field's zh-TW title without the explanation of its codes (「逾期：refuse …、warn …」 → 逾期)."""
    title = type(model).model_fields[name].title or name
    head, _, rest = title.partition("：")
    title = head if rest and re.search(r"(^|[、；\s])[a-z][a-z-]* [^\sa-z]", rest) else title
    return re.sub(r"（[^（）]{7,}）$", "", title)  # 「社群類別（計畫不分類別時省略…）」 → 社群類別


def _codes(model: BaseModel, name: str) -> dict[str, str]:
    """{code: its zh-TW meaning} from a field title that explains its codes
    (「逾期：refuse 計畫載明逾期不受理（錯誤）、warn 提醒（警告）」)."""
    title = type(model).model_fields[name].title or ""
    _, _, rest = title.partition("：")
    return dict(re.findall(r"([a-z][a-z-]*) ([^、；a-z]+)", rest))


class _Walker:
    def __init__(self, years: int):
        self.years = years
        self.changes: list[Change] = []

    def shown(self, value) -> str:
        if isinstance(value, RocDate):
            return format_roc(value.date)
        if isinstance(value, dt.date):
            return format_roc(value)
        if isinstance(value, dt.time):
            return value.strftime("%H:%M")
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, int) and abs(value) >= 1000:
            return f"{value:,}"
        if isinstance(value, (Decimal, float)):
            return f"{value}"
        if isinstance(value, list):
            return "、".join(self.shown(v) for v in value) or "（無）"
        if isinstance(value, BaseModel):
            return _label(value) or "（一項）"
        text = str(value)
        return text if len(text) <= TEXT_LIMIT else text[:TEXT_LIMIT] + "…"

    def same(self, a, b) -> bool:
        """a (the earlier plan's) read as if written for the later year equals b."""
        if isinstance(a, RocDate) and isinstance(b, RocDate):
            return move_years(a.date, self.years) == b.date
        if isinstance(a, str) and isinstance(b, str) and self.years:
            return shift_years(a, self.years)[0] == b
        return a == b

    def walk(self, section: str, path: str, a, b, clause_a, clause_b) -> None:
        if isinstance(a, BaseModel) and isinstance(b, BaseModel):
            clause_a, clause_b = getattr(a, "clause", None) or clause_a, getattr(b, "clause", None) or clause_b
            for name in type(b).model_fields:
                if name in SKIP or name not in type(a).model_fields:
                    continue
                title, codes = _title(b, name), _codes(b, name)
                x, y = getattr(a, name), getattr(b, name)
                if codes and isinstance(x, str) and isinstance(y, str):
                    x, y = codes.get(x, x), codes.get(y, y)
                self.walk(section, f"{path}：{title}" if path else title, x, y, clause_a, clause_b)
            return
        if isinstance(a, list) and isinstance(b, list) and any(isinstance(x, BaseModel) for x in a + b):
            left = {_key(x, i): x for i, x in enumerate(a)}
            right = {_key(x, i): x for i, x in enumerate(b)}
            for k, x in left.items():
                if k not in right:
                    self.changes.append(Change(section, f"{path}：{_label(x)}".strip("："), self.shown(x), None,
                                               getattr(x, "clause", None) or clause_a, None))
            for k, y in right.items():
                if k in left:
                    self.walk(section, f"{path}：{_label(y)}".strip("：") if len(right) > 1 or len(left) > 1 else path,
                              left[k], y, clause_a, clause_b)
                else:
                    self.changes.append(Change(section, f"{path}：{_label(y)}".strip("："), None, self.shown(y),
                                               None, getattr(y, "clause", None) or clause_b))
            return
        if a is None and b is None:
            return
        if isinstance(a, list) and isinstance(b, list):
            if [self.shown(x) for x in a] == [self.shown(y) for y in b] or (
                    self.years and [shift_years(str(x), self.years)[0] for x in a] == [str(y) for y in b]):
                return
        elif self.same(a, b):
            return
        before = None if a is None or a == [] else self.shown(a)
        after = None if b is None or b == [] else self.shown(b)
        if before is None and after is None:
            return
        if before == after:  # written alike, but a year in it did not move with the plan's
            after += "（年份未隨年度順延）"
        self.changes.append(Change(section, path, before, after, clause_a, clause_b))


def standards_on(standards: Standards, day: dt.date) -> dict[str, str]:
    """The national standards in force on `day`, as the diff shows them."""
    table = standards.lecturer_table(day)
    out = {"二代健保補充保費費率": f"{standards.nhi_percent(day)}%",
           "講座鐘點費計算單位": f"每{table.unit_zh}"}
    for kind, zh in (("external", "外聘"), ("affiliated", "外聘（隸屬機關學校人員）"), ("internal", "內聘")):
        rate = table.rate(kind, False)
        if rate is not None:
            out[f"講座鐘點費（{zh}）"] = f"{rate:,}元／{table.unit_zh}"
    out["出席費上限"] = f"{standards.attendance_max(day):,}元"
    return out


def diff_plans(a: Plan, b: Plan, extra: list[Change] | None = None, standards: Standards | None = None) -> PlanDiff:
    """Every rule that differs from plan `a` to plan `b` (b usually the later edition)."""
    years = b.year - a.year
    walker = _Walker(years)
    for name in type(b).model_fields:
        if name in SKIP:
            continue
        title = _title(b, name)
        value = getattr(b, name)
        plain = not isinstance(value, (BaseModel, list)) or (isinstance(value, list) and not any(
            isinstance(v, BaseModel) for v in value + getattr(a, name)))
        walker.walk("計畫" if plain else title, title if plain else "", getattr(a, name), value, None, None)
    found = [c if c.what else Change(c.section, c.section, c.before, c.after, c.clause_before, c.clause_after)
             for c in walker.changes]
    std = standards or load_standards()
    before, after = standards_on(std, a.execution.start.date), standards_on(std, b.execution.start.date)
    for key in after:
        if before.get(key) != after[key]:
            found.append(Change(STANDARDS, key, before.get(key), after[key],
                                f"{format_roc(a.execution.start.date)}起適用", f"{format_roc(b.execution.start.date)}起適用"))
    return PlanDiff(a, b, years, found + list(extra or []))
