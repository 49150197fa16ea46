"""The city-year plan: every rule a published plan states, as parameters.

Rules in plcpub.validate read these parameters; nothing here names a city. Every object that
comes from a sentence of the plan carries `clause` (e.g. "陸、一") so an error can cite it.
"""
from __future__ import annotations

from typing import Literal

from functools import cached_property

from pydantic import Field

from plcpub.model.common import Activity, Category, HostKind
from plcpub.model.types import Count, Model, Money, Percent, Quantity, RocDateT, TimeT, YesNo

Clause = str | None
CLAUSE = Field(None, title="計畫條文（例如 陸、一、(二)）")


class Window(Model):
    start: RocDateT = Field(title="開始日期")
    end: RocDateT = Field(title="結束日期")
    clause: Clause = CLAUSE


class Milestone(Model):
    """A dated step of the plan. Listed in the order the plan means them to happen."""

    id: str = Field(title="代號")
    name: str = Field(title="名稱")
    date: RocDateT = Field(title="日期（或起始日）")
    end: RocDateT | None = Field(None, title="結束日期（期間）")
    public: YesNo = Field(True, title="是否公開於網站")
    clause: Clause = CLAUSE


class ActivityRequirement(Model):
    activity: Activity = Field(title="活動類型")
    count: Count = Field(1, title="至少次數")
    clause: Clause = CLAUSE


class Bonus(Model):
    """Extra grant on top of a tier's cap."""

    kind: Literal["cross-school", "per-extra-school", "school-curriculum"] = Field(title="加給類型")
    amount: Money = Field(title="金額")
    from_schools: Count | None = Field(None, title="超過幾校起每校加給（per-extra-school 用）")
    clause: Clause = CLAUSE


class Advance(Model):
    """Multi-year rule: N consecutive years in `from_tier` may apply directly to this tier."""

    from_tier: str = Field(title="來源類別")
    min_years: Count = Field(title="至少連續年數")
    clause: Clause = CLAUSE


class Tier(Model):
    id: str = Field(title="代號")
    name: str = Field(title="類別名稱")
    cap: Money | None = Field(None, title="經費上限（基本；計畫未載明則留空）")
    stated_max: Money | None = Field(None, title="計畫文字所載最高補助（含加給）")
    min_meetings: Count | None = Field(None, title="最少運作次數")
    min_members: Count | None = Field(None, title="最少人數（含召集人）")
    min_schools: Count | None = Field(None, title="最少校數")
    max_schools: Count | None = Field(None, title="最多校數")
    cross_school: Literal["allowed", "required", "forbidden"] = Field("allowed", title="跨校")
    applicant: Literal["school", "bureau"] = Field("school", title="申請者（學校或教育處委託）")
    required_activities: list[ActivityRequirement] = Field(default_factory=list, title="必要活動")
    encouraged_activities: list[ActivityRequirement] = Field(default_factory=list, title="鼓勵活動")
    required_content: list[str] = Field(default_factory=list, title="必勾選的社群內容")
    bonuses: list[Bonus] = Field(default_factory=list, title="加給")
    advance: Advance | None = Field(None, title="連續年數進階規定")
    description: str | None = Field(None, title="規劃理念（Markdown）")
    clause: Clause = CLAUSE


class Eligibility(Model):
    school_levels: list[str] = Field(default_factory=list, title="適用學制")
    exclude_flags: list[str] = Field(default_factory=list, title="排除的學校註記")
    no_double_funding: YesNo = Field(False, title="已獲其他計畫補助者不得重複申請")
    clause: Clause = CLAUSE


class Membership(Model):
    min_members: Count | None = Field(None, title="每社群最少人數（含召集人）")
    cross_school_min_schools: Count = Field(2, title="跨校社群最少校數")
    funding_school_required: YesNo = Field(False, title="跨校社群須指定經費核銷學校")
    convener_max_communities: Count | None = Field(None, title="每人最多擔任幾個社群召集人")
    clause: Clause = CLAUSE


class MethodOption(Model):
    name: str = Field(title="實施方式名稱")
    activities: list[Activity] = Field(default_factory=list, title="對應的活動類型")


class Catalogues(Model):
    """The tick-box lists of the application form."""

    content_areas: list[str] = Field(default_factory=list, title="社群內容選項")
    methods: list[MethodOption] = Field(default_factory=list, title="實施方式選項")
    competencies: list[str] = Field(default_factory=list, title="核心素養選項")
    goals: list[str] = Field(default_factory=list, title="社群目標選項（空白表示自由填寫）")
    community_kinds: list[str] = Field(default_factory=list, title="社群類型選項")
    summary_max_chars: Count | None = Field(None, title="內容概述字數上限")
    clause: Clause = CLAUSE


class UnpaidRule(Model):
    """No lecturer fee for these hosts during these activities."""

    activities: list[Activity] = Field(title="活動類型")
    hosts: list[HostKind] = Field(title="主持者類型")
    except_open_to_city: YesNo = Field(False, title="開放全市教師參與之觀摩研習除外")
    clause: Clause = CLAUSE


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
    clause: Clause = CLAUSE


class PercentRule(Model):
    id: str = Field(title="代號")
    item: str = Field(title="適用的經費項目代號")
    kind: Literal["max", "exact"] = Field(title="max 不得超過 / exact 應等於")
    percent: Percent | None = Field(None, title="百分比（rate_source 為 national 時為計畫所載值）")
    rate_source: Literal["plan", "national-nhi"] = Field("plan", title="比率依據")
    base: Literal["operating", "total", "categories"] = Field(title="計算基礎")
    of_categories: list[Category] = Field(default_factory=list, title="計算基礎的經費類別")
    clause: Clause = CLAUSE


class ForbiddenItem(Model):
    name: str = Field(title="不予補助的項目")
    keywords: list[str] = Field(title="辨識用關鍵字")
    clause: Clause = CLAUSE


class Budget(Model):
    items: list[BudgetItem] = Field(title="經費項目")
    percent_rules: list[PercentRule] = Field(default_factory=list, title="百分比規定")
    forbidden: list[ForbiddenItem] = Field(default_factory=list, title="不予補助項目")
    school_cap: Money | None = Field(None, title="每校補助上限（所有社群合計）")
    notes: list[str] = Field(default_factory=list, title="其他說明")
    clause: Clause = CLAUSE


class Criterion(Model):
    id: str = Field(title="代號")
    name: str = Field(title="名稱")
    weight: Percent | None = Field(None, title="權重（%）")
    items: list[str] = Field(default_factory=list, title="細項")
    clause: Clause = CLAUSE


class Slot(Model):
    start: TimeT
    end: TimeT
    label: str
    cases: str | None = Field(None, title="案件序號範圍，例如 1-9")


class ReviewSessions(Model):
    """Timed online review sessions (the timetable of issue 5 is computed from these)."""

    check_in: Slot | None = Field(None, title="報到")
    first_start: TimeT = Field(title="第一場開始時間")
    session_minutes: Count = Field(title="每場分鐘數")
    cases_per_session: Count = Field(title="每場案件數")
    gaps_minutes: list[Count] = Field(default_factory=list, title="場次間休息分鐘數（依序）")
    sessions_per_day: Count = Field(title="每日場次")
    max_cases_per_day: Count | None = Field(None, title="每日最多案件數（計畫所載）")
    total_sessions: Count | None = Field(None, title="總場次（計畫所載）")
    stated_slots: list[Slot] = Field(default_factory=list, title="計畫所載時間表")
    order: list[Literal["submission", "school", "district", "keep-school-together"]] = Field(
        default_factory=lambda: ["submission"], title="排序規則")
    clause: Clause = CLAUSE


class Review(Model):
    criteria: list[Criterion] = Field(default_factory=list, title="審查原則與權重")
    reviewers: str | None = Field(None, title="審查委員")
    sessions: ReviewSessions | None = Field(None, title="審查說明會場次設定")
    clause: Clause = CLAUSE


class Status(Model):
    id: str = Field(title="代號")
    name: str = Field(title="狀態名稱（平臺顯示）")
    public: YesNo = Field(False, title="是否公開")
    stage: Literal["draft", "submitted", "review", "revise", "approved", "executing", "reported", "closed",
                   "rejected", "withdrawn"] = Field(title="階段")


class Transition(Model):
    from_: list[str] = Field(alias="from", title="從")
    to: list[str] = Field(title="到")


class Clock(Model):
    """A deadline counted from an event: revise within 10 days, close within 2 weeks."""

    id: str = Field(title="代號")
    name: str = Field(title="說明")
    start_status: str | None = Field(None, title="起算狀態")
    start_milestone: Literal["execution-end"] | None = Field(None, title="起算時點")
    end_status: str = Field(title="須在期限內到達的狀態")
    days: Count = Field(title="天數")
    clause: Clause = CLAUSE


class Workflow(Model):
    statuses: list[Status] = Field(title="狀態")
    initial: str = Field(title="初始狀態")
    transitions: list[Transition] = Field(default_factory=list, title="允許的狀態轉換")
    clocks: list[Clock] = Field(default_factory=list, title="期限")
    clause: Clause = CLAUSE


class AwardGroup(Model):
    id: str = Field(title="代號")
    name: str = Field(title="組別名稱")
    tiers: list[str] = Field(title="適用類別")
    school_levels: list[str] = Field(default_factory=list, title="適用學制（空白表示不分學制）")
    quotas: dict[str, Count] = Field(title="各獎項名額")
    clause: Clause = CLAUSE


class AwardScoring(Model):
    tiers: list[str] = Field(title="適用類別")
    criteria: list[Criterion] = Field(title="評選標準")
    clause: Clause = CLAUSE


class StatedTotal(Model):
    """A total the plan states elsewhere (e.g. 共取特優4隊), checked against its parts."""

    groups: list[str] = Field(title="組別")
    level: str = Field(title="獎項")
    count: Count = Field(title="名額")
    clause: Clause = CLAUSE


class Awards(Model):
    levels: list[str] = Field(title="獎項等第")
    groups: list[AwardGroup] = Field(title="組別與名額")
    scoring: list[AwardScoring] = Field(default_factory=list, title="評分")
    stated_totals: list[StatedTotal] = Field(default_factory=list, title="計畫所載合計名額")
    vacancy_min_score: Count | None = Field(None, title="未達此分數者從缺")
    vacancy_rule: str | None = Field(None, title="從缺規定（原文）")
    prizes: dict[str, str] = Field(default_factory=dict, title="獎勵方式")
    clause: Clause = CLAUSE


class SchoolRequirement(Model):
    """Per-school required number of communities of a tier, by level and class count."""

    tier: str = Field(title="類別")
    level: str = Field(title="學制")
    min_classes: Count | None = Field(None, title="班級數下限（含）")
    max_classes: Count | None = Field(None, title="班級數上限（含）")
    min: Count = Field(title="至少社群數")
    max: Count | None = Field(None, title="至多社群數")
    clause: Clause = CLAUSE


class SupportAreaRule(Model):
    """Schools flagged as needing support in a domain must run a community of that domain."""

    tier: str = Field(title="類別")
    clause: Clause = CLAUSE


class Deadline(Model):
    id: str
    name: str
    date: RocDateT
    clause: Clause = CLAUSE


class OutcomeRules(Model):
    deadlines: list[Deadline] = Field(default_factory=list, title="成果繳交期限")
    questions: list[str] = Field(default_factory=list, title="成果報告題目")
    min_photos: Count | None = Field(None, title="照片至少張數")
    max_photos: Count | None = Field(None, title="照片至多張數")
    photos_per_meeting: Count | None = Field(None, title="每次活動至少照片數")
    photo_caption_fields: list[Literal["content", "date", "place"]] = Field(default_factory=list, title="照片說明必填")
    meeting_records: YesNo = Field(False, title="每次活動須有對話紀錄")
    attendance: YesNo = Field(False, title="每次活動須有簽到")
    public_lesson_record_tiers: list[str] = Field(default_factory=list, title="須附公開授課紀錄的類別")
    clause: Clause = CLAUSE


class Booklet(Model):
    title: str = Field(title="成果集名稱")
    statuses: list[str] = Field(default_factory=list, title="收錄的狀態")
    max_chars: Count | None = Field(None, title="故事字數上限")
    min_photos: Count | None = Field(None, title="照片至少張數")
    max_photos: Count | None = Field(None, title="照片至多張數")
    clause: Clause = CLAUSE


class Form(Model):
    id: str = Field(title="代號")
    name: str = Field(title="表件名稱")
    annex: str | None = Field(None, title="附件編號")
    kind: Literal["summary", "application", "budget", "materials", "books", "outcome", "dialogue", "story",
                  "evaluation", "event-budget"] = Field(title="表件類型")
    clause: Clause = CLAUSE


class Statement(Model):
    """The same rule stated a second time elsewhere in the plan; the linter compares the two."""

    path: str = Field(title="對應的計畫參數，例如 tiers[research].min_meetings")
    value: str = Field(title="該處所寫的值")
    clause: Clause = CLAUSE
    quote: str | None = Field(None, title="原文")
    versus: str | None = Field(None, title="參數值出處的條文（預設為所屬項目的 clause）")


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


class Contact(Model):
    unit: str
    phone: str | None = None
    url: str | None = None


class Plan(Model):
    id: str = Field(title="計畫代號", pattern=r"^[a-z0-9][a-z0-9-]*$")
    city: str = Field(title="縣市")
    year: Count = Field(title="年度（民國）")
    year_kind: Literal["academic", "calendar"] = Field(title="學年度或年度")
    title: str = Field(title="計畫名稱")
    subtitle: str | None = None
    organiser: str | None = Field(None, title="主辦單位")
    executor: str | None = Field(None, title="承辦單位")
    contact: Contact | None = None
    basis: list[str] = Field(default_factory=list, title="依據")
    prose: str = Field("plan.md", title="計畫本文 Markdown 檔")
    schools_file: str = Field("schools.yaml", title="學校名冊檔")
    execution: Window = Field(title="執行期程")
    timeline: list[Milestone] = Field(default_factory=list, title="重要日程")
    eligibility: Eligibility = Field(default_factory=Eligibility, title="申請資格")
    membership: Membership = Field(default_factory=Membership, title="成員規定")
    tiers: list[Tier] = Field(title="社群類別")
    catalogues: Catalogues = Field(default_factory=Catalogues, title="申請表選項")
    budget: Budget = Field(title="經費")
    lecturers: LecturerRules = Field(default_factory=LecturerRules, title="講座規定")
    review: Review | None = Field(None, title="審查")
    workflow: Workflow = Field(title="申請流程與狀態")
    awards: Awards | None = Field(None, title="績優社群遴選")
    school_requirements: list[SchoolRequirement] = Field(default_factory=list, title="各校應申請社群數")
    support_area_rule: SupportAreaRule | None = Field(None, title="待加強領域須申請社群")
    outcome: OutcomeRules | None = Field(None, title="成果報告規定")
    booklet: Booklet | None = Field(None, title="成果集")
    forms: list[Form] = Field(default_factory=list, title="表件")
    statements: list[Statement] = Field(default_factory=list, title="重複陳述的規定")
    tables: list[Table] = Field(default_factory=list, title="計畫內的金額表")
    table_sums: list[TableSum] = Field(default_factory=list, title="金額表合計")

    # --- lookups used by rules and renderers (indexed once: rules call them per budget line) ---
    @cached_property
    def _indexes(self) -> dict:
        return {}

    def _lookup(self, kind: str, key: str):
        indexes = self._indexes
        index = indexes.get(kind)
        if index is None:
            index = {}
            if kind == "tier":
                for t in self.tiers:
                    index.setdefault(t.id, t), index.setdefault(t.name, t)
            elif kind == "status":
                for s in self.workflow.statuses:
                    index.setdefault(s.id, s), index.setdefault(s.name, s)
            elif kind == "item":
                for it in self.budget.items:
                    for k in (it.id, it.name, *it.aliases):
                        index.setdefault(k, it)
            elif kind == "method":
                for m in self.catalogues.methods:
                    index.setdefault(m.name, m)
            indexes[kind] = index
        return index.get(key)

    def tier(self, key: str) -> Tier | None:
        return self._lookup("tier", key)

    def status(self, key: str) -> Status | None:
        return self._lookup("status", key)

    def item(self, key: str) -> BudgetItem | None:
        return self._lookup("item", key)

    def method(self, name: str) -> MethodOption | None:
        return self._lookup("method", name)
