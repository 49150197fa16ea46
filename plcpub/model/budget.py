"""Money rules of a plan: budget items and their caps, percentage rules, lecturer rules, and
money tables printed in the plan (checked for sums and rates)."""
from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from plcpub.model.common import Activity, Category, HostKind
from plcpub.model.types import CLAUSE, Clause, Count, Model, Money, Percent, Quantity, RocDateT, YesNo
from plcpub.util.money import dollars_at_most, whole_dollars


PER_ZH = {"copy": "每份", "person": "每人", "person-time": "每人每次", "item": "每項", "meeting": "每次會議",
          "session": "每場", "trip": "每趟", "period": "每節", "hour": "每小時"}


def percent_text(percent: Decimal) -> str:
    """5, 2.11: a percentage as plans and formulas write it."""
    return f"{Decimal(percent).normalize():f}"


class UnpaidRule(Model):
    """No lecturer fee for these hosts during these activities."""

    activities: list[Activity] = Field(title="活動類型")
    hosts: list[HostKind] = Field(title="主持者類型")
    open_to_city: list[Activity] = Field(default_factory=list, title="例外：這些活動若開放全市教師參與（觀摩研習），"
                                                                      "授課者仍可支領（例如 [observation]）")
    clause: Clause = CLAUSE

    def lifted_for(self, session, acts: set[str]) -> bool:
        """Whether the open-to-the-city exception lifts the rule for this meeting: only when the
        meeting is open and every activity the rule forbids there is one the exception names
        (e.g. the open observation, not the co-planning or debrief around it)."""
        hit = acts & set(self.activities)
        return bool(self.open_to_city) and session.open_to_city and hit <= set(self.open_to_city)


class AssistantRule(Model):
    participants_per_assistant: Count = Field(title="超過幾人可編 1 位助理講師")
    not_for: list[Activity] = Field(default_factory=list, title="不得編列助理講師的活動")
    clause: Clause = CLAUSE


class LecturerRules(Model):
    members_may_be_paid: YesNo = Field(True, title="社群成員可否擔任講座支領鐘點費")
    max_member_lecturers_percent: Percent | None = Field(None, title="擔任講座的成員不得超過成員數的百分比")
    max_single_member_fee_percent: Percent | None = Field(None, title="單一成員鐘點費不得超過鐘點費總額的百分比")
    must_state_kind: YesNo = Field(False, title="講座須註明內聘或外聘")
    budget_matches_schedule: YesNo = Field(False, title="鐘點費節數須與進度規劃相符")
    unpaid: list[UnpaidRule] = Field(default_factory=list, title="不得支領鐘點費的情形")
    assistant: AssistantRule | None = Field(None, title="助理講師規定")
    co_lecture_share: Percent | None = Field(None, title="兩人以上共同講述同一時段時，每人支給的比例（%）")
    clause: Clause = CLAUSE


class BudgetItem(Model):
    id: str = Field(title="代號")
    name: str = Field(title="項目名稱")
    aliases: list[str] = Field(default_factory=list, title="其他寫法")
    category: Category = Field(title="類別")
    unit: str | None = Field(None, title="單位")
    rate: Money | None = Field(None, title="計畫所載單價")
    rate_source: Literal["plan", "national"] = Field("plan", title="單價依據（plan 計畫 / national 國家標準）")
    lecturer_kind: Literal["external", "affiliated", "internal"] | None = Field(None, title="講座類型")
    assistant: YesNo = Field(False, title="是否為助理講師")
    max_unit_price: Money | None = Field(None, title="單價上限")
    per: Literal["copy", "person", "person-time", "item", "meeting", "session", "trip", "period", "hour"] | None = Field(
        None, title="單價上限的計算單位")
    advised_max_unit_price: Money | None = Field(None, title="建議單價上限（超過給警告）")
    max_quantity: Quantity | None = Field(None, title="數量上限")
    requires_details: YesNo = Field(False, title="須附品項明細")
    detail_max_unit_price: Money | None = Field(None, title="明細單項單價上限")
    operating: YesNo = Field(True, title="計入業務費")
    per_event: YesNo = Field(False, title="同一主題多日研習只算一場（不按日編列）")
    in_person_only: YesNo = Field(False, title="須親自出席才可支給（書面、錄音或錄影提供意見者不支給）")
    clause: Clause = CLAUSE

    @property
    def per_text(self) -> str:
        """每份, 每人 …: what a unit-price cap is counted per, in words ('' when not stated)."""
        return PER_ZH.get(self.per or "", "")

    def unit_price_caps(self) -> list[str]:
        """The item's unit-price caps in words (每份單價以 100 元為上限; 品項明細每項單價以 … 為上限):
        the one wording the rules page, the forms' 說明 column and the budget sheet print."""
        caps = []
        if self.max_unit_price:
            caps.append(f"{self.per_text}單價以 {self.max_unit_price:,} 元為上限")
        if self.advised_max_unit_price:
            caps.append(f"{self.per_text}單價以 {self.advised_max_unit_price:,} 元以內為宜")
        if self.detail_max_unit_price:
            caps.append(f"品項明細每項單價以 {self.detail_max_unit_price:,} 元為上限")
        return caps


class PercentRule(Model):
    id: str = Field(title="代號")
    item: str = Field(title="適用的經費項目代號")
    kind: Literal["max", "exact"] = Field(title="max 不得超過 / exact 應等於")
    percent: Percent | None = Field(None, title="百分比（rate_source 為 plan 時必填；national-nhi 時為計畫所載值，可省略）")
    rate_source: Literal["plan", "national-nhi"] = Field("plan", title="比率依據")
    base: Literal["operating", "total", "categories"] = Field(title="計算基礎")
    of_categories: list[Category] = Field(default_factory=list, title="計算基礎的經費類別（base 為 categories 時必填）")
    clause: Clause = CLAUSE

    # --- the rule kind: what the check, the rules page, the forms and the budget sheet all use ---
    def base_items(self, items: list[BudgetItem]) -> list[BudgetItem]:
        """The catalogue items whose amounts the percentage is taken of (operating: the other
        operating items; total: every item, a cap's own last; categories: the items of those
        categories). A fixed share is never a share of itself (it would have no solution)."""
        own = [o for o in items if o.id == self.item]
        if self.base == "operating":
            return [o for o in items if o.operating and o.id != self.item]
        if self.base == "total":
            return [o for o in items if o.id != self.item] + (own if self.kind == "max" else [])
        return [o for o in items if o.category in self.of_categories and (self.kind == "max" or o.id != self.item)]

    def base_words(self, items: list[BudgetItem]) -> str:
        """The base as the plan says it: 業務費, 總金額, or the items' names."""
        if self.base == "operating":
            return "業務費"
        if self.base == "total":
            return "總金額"
        return "、".join(o.name for o in self.base_items(items)) or "、".join(self.of_categories)

    def bound(self, base: int, percent: Decimal) -> int:
        """max: the most the item may be (the fraction dropped, so the cap holds); exact: what it
        must be (.5 rounded up)."""
        amount = Decimal(base) * percent / 100
        return dollars_at_most(amount) if self.kind == "max" else whole_dollars(amount)

    def sentence(self, items: list[BudgetItem], percent: Decimal) -> str:
        """The rule in one sentence: 雜支不超過業務費的 5%."""
        own = next((o.name for o in items if o.id == self.item), self.item)
        source = "（依國家標準）" if self.rate_source == "national-nhi" else ""
        return f"{own}{'不超過' if self.kind == 'max' else '為'}{self.base_words(items)}的 {percent_text(percent)}%{source}"

    def sheet_note(self, items: list[BudgetItem], percent: Decimal) -> str:
        """What the budget sheet's note column says beside the item."""
        if self.kind == "exact":
            return f"{self.base_words(items)}之 {percent_text(percent)}%（自動計算）"
        return f"不超過{self.base_words(items)}的 {percent_text(percent)}%"

    def sheet_formula(self, items: list[BudgetItem], cell, own: str, percent: Decimal) -> str:
        """The spreadsheet formula (OpenFormula) of the same rule: `cell(item_id)` names an item's
        amount cell, `own` this item's. exact: the amount; max: a flag when the cap is exceeded."""
        base = "+".join(cell(o.id) for o in self.base_items(items)) or "0"
        if self.kind == "exact":
            return f"ROUND(({base})*{percent_text(percent)}/100;0)"
        return f'IF({own}>ROUNDDOWN(({base})*{percent_text(percent)}/100;0);"超過上限";"")'

    @model_validator(mode="after")
    def _complete(self):
        """What every reader of the rule needs (the check, the rules page, the forms, the sheet)."""
        if self.percent is None and self.rate_source == "plan":
            raise PydanticCustomError("plan.incomplete-rule", "比例規定「{id}」缺少百分比 percent（只有依國家標準的二代健保費率可以省略）。",
                                      {"id": self.id})
        if self.base == "categories" and not self.of_categories:
            raise PydanticCustomError("plan.incomplete-rule", "比例規定「{id}」以經費類別為計算基礎（base: categories），"
                                      "請在 of_categories 列出是哪些類別。", {"id": self.id})
        return self


class ForbiddenItem(Model):
    name: str = Field(title="不予補助的項目")
    keywords: list[str] = Field(title="辨識用關鍵字")
    clause: Clause = CLAUSE


class Transfer(Model):
    """Items whose actual spending may offset one another (勻支／流用): together they stay within
    what was approved for them together. Items in no group are spent item by item (覈實支應)."""

    items: list[str] = Field(title="可相互勻支的經費項目代號")
    clause: Clause = CLAUSE


class Budget(Model):
    items: list[BudgetItem] = Field(title="經費項目")
    percent_rules: list[PercentRule] = Field(default_factory=list, title="百分比規定")
    forbidden: list[ForbiddenItem] = Field(default_factory=list, title="不予補助項目")
    cap: Money | None = Field(None, title="每一社群補助上限（計畫不分類別時；有類別時為各類別共同的上限）")
    school_cap: Money | None = Field(None, title="每校補助上限（所有社群合計）")
    transfers: list[Transfer] = Field(default_factory=list, title="經費項目相互勻支（流用）的規定；未列入的項目覈實支應")
    notes: list[str] = Field(default_factory=list, title="其他說明")
    clause: Clause = CLAUSE


class TableLine(Model):
    item: str = Field(title="項目")
    catalogue_item: str | None = Field(None, title="對應經費項目代號（可檢查單價）")
    unit_price: Money | None = Field(None, title="單價")
    quantity: Quantity | None = Field(None, title="數量")
    unit: str | None = Field(None, title="單位")
    total: Money = Field(title="總價")
    note: str | None = None


class Table(Model):
    """A money table printed in the plan (worked example, event budget) whose sums are checked."""

    id: str
    title: str
    lines: list[TableLine]
    stated_total: Money = Field(title="計畫所載合計")
    stated_total_words: str | None = Field(None, title="計畫所載合計（國字大寫）")
    date: RocDateT | None = Field(None, title="適用日期（查國家標準用）")
    within_cap_of_tier: str | None = Field(None, title="須在此類別上限內")
    clause: Clause = CLAUSE


class TableSum(Model):
    tables: list[str]
    stated_total: Money
    clause: Clause = CLAUSE
