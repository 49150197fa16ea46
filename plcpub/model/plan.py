"""The city-year plan: every rule a published plan states, as parameters.

Rules in plcpub.validate read these parameters; nothing here names a city. Every object that
comes from a sentence of the plan carries `clause` (e.g. "陸、一") so an error can cite it.
"""
from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Literal

from pydantic import Field, PrivateAttr, model_validator

from plcpub.model.budget import Budget, BudgetItem, LecturerRules, Table, TableSum
from plcpub.model.common import Activity, SchoolLevel
from plcpub.model.review import Awards, Funding, Review
from plcpub.model.types import CLAUSE, Clause, Count, Model, Money, RocDateT, TimeT, YesNo
from plcpub.model.workflow import Publication, RequiredDocument, Status, Workflow
from plcpub.util.rocdate import format_roc, weekday_zh

__all__ = ["Plan", "Tier", "BudgetItem", "Status"]

IMPLICIT_TIER = "community"  # the one tier of a plan that names none


class Window(Model):
    start: RocDateT = Field(title="開始日期")
    end: RocDateT = Field(title="結束日期")
    clause: Clause = CLAUSE


def _as_written(d) -> str:
    """A date as pages print it: the plan's own words where its weekday is wrong (the page never
    silently corrects the plan; `_weekday_note` says what is wrong)."""
    return format_roc(d.date) if d.weekday_ok else d.text


def _weekday_note(d) -> str:
    return "" if d is None or d.weekday_ok else \
        f"（計畫所寫星期與日期不符：{format_roc(d.date, False)}是星期{weekday_zh(d.date)}）"


class Milestone(Model):
    """A dated step of the plan. Listed in the order the plan means them to happen.

    A milestone with a `duty` is a deadline the rules check: the date a school did it (the
    first submission in the status history, the entry after a revision, an upload date) must
    fall on or before `closes` (and, for an application window, not before `date`)."""

    id: str = Field(title="代號")
    name: str = Field(title="名稱")
    date: RocDateT = Field(title="日期（或起始日）")
    end: RocDateT | None = Field(None, title="結束日期（期間）")
    time: TimeT | None = Field(None, title="截止時刻（例如 12:00；未填表示截止日當天結束）")
    by: YesNo = Field(False, title="日期是期限（計畫寫「…前」）")
    duty: Literal["application", "revision", "midterm", "final", "story", "decision"] | None = Field(
        None, title="須在期限內完成的事：application 送件（受理期間）、revision 修正後再送件、"
                    "midterm 期中上傳、final 期末成果上傳、story 故事上傳（以上為學校）；"
                    "decision 承辦單位完成審查、決定各申請案（公告結果）")
    late: Literal["refuse", "warn"] = Field("warn", title="逾期：refuse 計畫載明逾期不受理（錯誤）、warn 提醒（警告）")
    done_status: str | None = Field(None, title="記錄完成的狀態（例如「期中紀錄已上傳」：狀態歷程進入此狀態的日期即完成日期）")
    public: YesNo = Field(True, title="是否公開於網站")
    clause: Clause = CLAUSE

    @property
    def closes(self) -> dt.datetime:
        """The last moment the duty may be done: the end (or the date) at `time`, else at day's end."""
        day = (self.end or self.date).date
        return dt.datetime.combine(day, self.time or dt.time(23, 59, 59))

    @property
    def when(self) -> str:
        """The date (or period) as pages print it, with the closing time and 逾期恕不受理 where the
        plan states them: 111年4月20日（三） 至 111年5月23日（一） 12:00 止，逾期恕不受理."""
        text = _as_written(self.date) + (f" 至 {_as_written(self.end)}" if self.end else "")
        if self.time:
            text += f" {self.time.strftime('%H:%M')} 止"
        elif self.by:
            text += "前"
        text += ("，逾期恕不受理" if self.duty and self.late == "refuse" else "")
        return text + _weekday_note(self.date) + _weekday_note(self.end)

    def is_late(self, day: dt.date, at: dt.time | None = None) -> bool:
        """Whether something done on `day` (at `at`, when known) missed the deadline. On the closing
        day without a time of its own it is taken as on time: the data cannot show otherwise."""
        if day != self.closes.date():
            return day > self.closes.date()
        return at is not None and at > self.closes.time()


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
    school_levels: list[SchoolLevel] = Field(default_factory=list, title="適用學制")
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


class SchoolRequirement(Model):
    """How many communities a school must (min) or may (max) apply for, by school level and
    class-count band: of one tier, or of all tiers together. A school with several levels is
    counted per level (its `levels` in the registry); kinds listed in `exempt` and schools
    carrying an `exempt_school_flags` flag are outside the quota."""

    tier: str | None = Field(None, title="類別（空白表示各類別合計）")
    level: SchoolLevel = Field(title="學制")
    min_classes: Count | None = Field(None, title="班級數下限（含）")
    max_classes: Count | None = Field(None, title="班級數上限（含）")
    min: Count = Field(0, title="至少社群數")
    max: Count | None = Field(None, title="至多社群數")
    exempt: list[str] = Field(default_factory=list, title="不計入名額的類別或社群類型")
    exempt_school_flags: list[str] = Field(default_factory=list, title="有這些註記的學校不受此名額限制")
    clause: Clause = CLAUSE

    def fits(self, level: str, classes: int) -> bool:
        """Whether a school level with this many classes falls in the band."""
        return (level == self.level and (self.min_classes is None or classes >= self.min_classes)
                and (self.max_classes is None or classes <= self.max_classes))

    @property
    def band_text(self) -> str:
        """國小 12 班以上, 國中 11 班以下, 國小 6–11 班, 國小."""
        lo, hi = self.min_classes, self.max_classes
        band = (f"{lo}–{hi} 班" if lo is not None and hi is not None else f"{lo} 班以上" if lo is not None
                else f"{hi} 班以下" if hi is not None else "")
        return f"{self.level} {band}".strip()

    def counts_text(self, what: str | None) -> str:
        """至少 3 個、至多 8 個「學年領域學習社群」 (what: the tier's name; None counts every tier: 社群)."""
        parts = [f"至少 {self.min} 個" if self.min else "", f"至多 {self.max} 個" if self.max is not None else ""]
        return "、".join(x for x in parts if x) + (f"「{what}」" if what else "社群") + (
            f"（{'、'.join(self.exempt)}不計入）" if self.exempt else "")


class SupportAreaRule(Model):
    """Schools flagged as needing support in a domain must run a community of that domain."""

    tier: str = Field(title="類別")
    clause: Clause = CLAUSE


class OutcomeRules(Model):
    questions: list[str] = Field(default_factory=list, title="成果報告題目")
    min_photos: Count | None = Field(None, title="照片至少張數")
    max_photos: Count | None = Field(None, title="照片至多張數")
    photos_per_meeting: Count | None = Field(None, title="每次活動至少照片數")
    photo_caption_fields: list[Literal["content", "date", "place"]] = Field(default_factory=list, title="照片說明必填")
    meeting_records: YesNo = Field(False, title="每次活動須有對話紀錄")
    attendance: YesNo = Field(False, title="每次活動須有簽到")
    public_lesson_record_tiers: list[str] = Field(default_factory=list, title="須附公開授課紀錄的類別")
    practice_lesson_tiers: list[str] = Field(default_factory=list, title="成果報告須含一堂實踐教學課程成果的類別")
    clause: Clause = CLAUSE


# The booklet's page: what the renderer lays out and `check` measures photos against, in one place.
PAGE_MM = {"A4": (210, 297), "B5": (176, 250), "A5": (148, 210)}
BOOKLET_MARGIN_MM = 18
PHOTO_GAP_MM = 6
SINGLE_PHOTO_SHARE = 0.7  # a story's only photo: most of the column, not all of it
MIN_PRINT_PPI = 200  # below this a printed photo looks soft; print shops ask for 300


def photo_columns(count: int) -> int:
    """A story's photos side by side in as few rows as fit: 1, 2 or 3 in one row, 4 as two by
    two, more in rows of 3 (two to a row left a story's third photo alone on a new page)."""
    return {0: 1, 1: 1, 2: 2, 3: 3, 4: 2}.get(count, 3)


MAX_PHOTO_HEIGHT_MM = 100  # a lone portrait photo is not allowed to take the whole page


def photo_widths_mm(size: str, ratios: list[float], shift: int = 0) -> list[float]:
    """Each of a story's photos' printed width, given their width/height ratios: rows of
    `photo_columns` photos (+ `shift`) whose photos share one height and together fill the row,
    so portrait and landscape photos sit side by side without ragged rows; a short last row keeps
    the height of the row above; a lone photo takes SINGLE_PHOTO_SHARE of the width, and no photo
    is taller than MAX_PHOTO_HEIGHT_MM."""
    width = PAGE_MM[size][0] - 2 * BOOKLET_MARGIN_MM
    columns = max(1, min(4, photo_columns(len(ratios)) + shift)) if ratios else 1
    out, height = [], None
    for start in range(0, len(ratios), columns):
        row = ratios[start:start + columns]
        if len(row) == columns or height is None:
            usable = lone_photo_width_mm(size) if columns == 1 else width - PHOTO_GAP_MM * (len(row) - 1)
            height = min(usable / sum(row), MAX_PHOTO_HEIGHT_MM)
        out += [int(height * r * 10) / 10 for r in row]  # rounded down: a row never overflows its line
    return out


def lone_photo_width_mm(size: str) -> float:
    """The widest a story's photo is printed: a lone photo, or one shown inside the text."""
    return round((PAGE_MM[size][0] - 2 * BOOKLET_MARGIN_MM) * SINGLE_PHOTO_SHARE, 1)


class Booklet(Model):
    """The outcome booklet (成果集): which stories, in what order, and how it looks."""

    title: str = Field(title="成果集名稱")
    subtitle: str | None = Field(None, title="副標題")
    statuses: list[str] = Field(default_factory=list, title="收錄的狀態")
    awards: list[str] = Field(default_factory=list, title="只收錄獲這些獎項的社群（空白表示不限）")
    max_chars: Count | None = Field(None, title="故事字數上限")
    min_photos: Count | None = Field(None, title="照片至少張數")
    max_photos: Count | None = Field(None, title="照片至多張數")
    size: Literal["A4", "B5", "A5"] = Field("A4", title="開本")
    volume_stories: Count = Field(150, title="每冊至多篇數（超過就分冊，每冊約 300 頁以內，印刷廠才裝訂得起來）")
    group_by: Literal["district", "level", "none"] = Field("district", title="目錄分組：行政區、學制或不分組")
    order: Literal["school", "title"] = Field("school", title="組內排序：依學校代碼或故事標題")
    preface: str | None = Field(None, title="序言 Markdown 檔（相對於計畫資料夾）")
    cover_image: str | None = Field(None, title="封面圖（相對於計畫資料夾）")
    back_cover: str | None = Field(None, title="封底文字")
    clause: Clause = CLAUSE


class Form(Model):
    id: str = Field(title="代號")
    name: str = Field(title="表件名稱")
    annex: str | None = Field(None, title="附件編號")
    kind: Literal["summary", "application", "budget", "materials", "books", "outcome", "dialogue", "story",
                  "evaluation", "event-budget"] = Field(title="表件類型")
    items: list[str] = Field(default_factory=list, title="檢核項目（檢核表用）")
    signatures: list[str] = Field(default_factory=list, title="核章欄（職稱，依計畫表件；空白用表件的預設）")
    clause: Clause = CLAUSE


class Statement(Model):
    """The same rule stated a second time elsewhere in the plan; the linter compares the two."""

    path: str = Field(title="對應的計畫參數，例如 tiers[research].min_meetings")
    value: str = Field(title="該處所寫的值")
    clause: Clause = CLAUSE
    quote: str | None = Field(None, title="原文")
    versus: str | None = Field(None, title="參數值出處的條文（預設為所屬項目的 clause）")


class Contact(Model):
    unit: str = Field(title="單位")
    phone: str | None = Field(None, title="電話")
    url: str | None = Field(None, title="網址")


class Plan(Model):
    id: str = Field(title="計畫代號", pattern=r"^[a-z0-9][a-z0-9-]*$")
    city: str = Field(title="縣市")
    year: Count = Field(title="年度（民國）")
    year_kind: Literal["academic", "calendar"] = Field(title="學年度或年度")
    title: str = Field(title="計畫名稱")
    predecessor: str | None = Field(None, title="上一年度計畫代號（網站顯示「與上一年度比較」）")
    subtitle: str | None = Field(None, title="副標題")
    organiser: str | None = Field(None, title="主辦單位")
    executor: str | None = Field(None, title="承辦單位")
    contact: Contact | None = Field(None, title="聯絡窗口")
    basis: list[str] = Field(default_factory=list, title="依據")
    prose: str = Field("plan.md", title="計畫本文 Markdown 檔")
    schools_file: str = Field("schools.yaml", title="學校名冊檔")
    execution: Window = Field(title="執行期程")
    timeline: list[Milestone] = Field(default_factory=list, title="重要日程（含期限：duty）")
    eligibility: Eligibility = Field(default_factory=Eligibility, title="申請資格")
    membership: Membership = Field(default_factory=Membership, title="成員規定")
    tiers: list[Tier] = Field(default_factory=list, title="社群類別（計畫不分類別時省略，以 budget.cap 為每一社群上限）")
    catalogues: Catalogues = Field(default_factory=Catalogues, title="申請表選項")
    budget: Budget = Field(title="經費")
    lecturers: LecturerRules = Field(default_factory=LecturerRules, title="講座規定")
    review: Review | None = Field(None, title="審查")
    workflow: Workflow = Field(title="申請流程與狀態")
    funding: Funding | None = Field(None, title="核定（補助名單）遴選：誰獲補助、核定多少")
    awards: Awards | None = Field(None, title="績優社群遴選（從已核定的社群中選出績優）")
    school_requirements: list[SchoolRequirement] = Field(default_factory=list, title="各校申請社群數（名額）")
    support_area_rule: SupportAreaRule | None = Field(None, title="待加強領域須申請社群")
    outcome: OutcomeRules | None = Field(None, title="成果報告規定")
    booklet: Booklet | None = Field(None, title="成果集")
    forms: list[Form] = Field(default_factory=list, title="表件")
    statements: list[Statement] = Field(default_factory=list, title="重複陳述的規定")
    tables: list[Table] = Field(default_factory=list, title="計畫內的金額表")
    table_sums: list[TableSum] = Field(default_factory=list, title="金額表合計")

    _tiers_stated: bool = PrivateAttr(True)

    @model_validator(mode="after")
    def _one_tier_when_none_stated(self) -> "Plan":
        """A plan without tiers (one flat cap per community) gets one implicit tier, so every
        rule and output that asks a submission's tier still has one; pages ask `tiers_stated`
        before they show a tier the plan never named."""
        if not self.tiers:
            self.tiers = [Tier(id=IMPLICIT_TIER, name="社群", cap=self.budget.cap, clause=self.budget.clause)]
            self._tiers_stated = False
        return self

    @property
    def funds_communities(self) -> bool:
        """Whether the plan gives communities money (a cap per tier or per community): a selection
        plan does not, and its pages show no 經費 columns, totals or money charts."""
        return self.budget.cap is not None or any(t.cap is not None for t in self.tiers)

    @property
    def tiers_stated(self) -> bool:
        """Whether the plan names tiers (False: one implicit tier, the plan-wide cap)."""
        return self._tiers_stated

    @property
    def year_label(self) -> str:
        """111學年度 or 103年度: how the plan names its year."""
        return f"{self.year}{'學年度' if self.year_kind == 'academic' else '年度'}"

    @property
    def edition(self) -> str:
        """<city><year_label>: how every title, form and citation begins."""
        return f"{self.city}{self.year_label}"

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
            elif kind == "items":  # every item a name may mean (a name several items share)
                for it in self.budget.items:
                    for k in dict.fromkeys((it.id, it.name, *it.aliases)):
                        index.setdefault(k, []).append(it)
            elif kind == "method":
                for m in self.catalogues.methods:
                    index.setdefault(m.name, m)
            indexes[kind] = index
        return index.get(key)

    def tier(self, key: str | None) -> Tier | None:
        """The tier a submission names; a plan without tiers has one for every submission."""
        if not self.tiers_stated:
            return self.tiers[0]
        return self._lookup("tier", key) if key else None

    def duties(self, kind: str) -> list[Milestone]:
        """The plan's deadlines for one duty (an application window, the revision date …)."""
        return [m for m in self.timeline if m.duty == kind]

    def status(self, key: str) -> Status | None:
        return self._lookup("status", key)

    def document_gates(self, doc: RequiredDocument) -> list[Status]:
        """The statuses a required document must come before (workflow.documents)."""
        return [st for st in map(self.status, doc.before) if st]

    def document_rule(self, doc: RequiredDocument) -> str:
        """The plan's requirement in one sentence, as the timeline page, `status`, `check` and
        `decide` all say it: 進入「核定」前須上傳「核章後的經費概算表」."""
        return f"進入「{'、'.join(st.name for st in self.document_gates(doc))}」前須上傳「{doc.name}」"

    def document_missing(self, doc: RequiredDocument) -> str:
        """The finding when a case reached (or would reach) a gate without the document."""
        return f"{self.document_rule(doc)}，資料中還沒有這份文件（documents）。"

    @cached_property
    def story_statuses(self) -> frozenset[str]:
        """Status ids whose stories are published: the booklet's list, else the reported/closed stages
        (a story is published once the outcome report is in)."""
        if self.booklet and self.booklet.statuses:
            return frozenset(st.id for st in (self.status(s) for s in self.booklet.statuses) if st)
        return frozenset(st.id for st in self.workflow.statuses if st.reported)

    def publication(self, status_key: str) -> Publication:
        """What a submission in this status may show in public (see model/workflow.py)."""
        return self.workflow.publication(self.status(status_key), self.story_statuses)

    def item(self, key: str) -> BudgetItem | None:
        return self._lookup("item", key)

    def line_item(self, line) -> BudgetItem | None:
        """The catalogue item a budget line is for. A name several items share (an annex's one
        講師鐘點費 line at 800/時 for internal lecturers, 「外聘講師請自行調整為1600元/時」) is
        told apart by the line's unit price: the item whose rate it is, else the first."""
        found = self._lookup("items", line.item) or []
        if len(found) > 1:
            return next((it for it in found if it.rate == line.unit_price), found[0])
        return found[0] if found else None

    def method(self, name: str) -> MethodOption | None:
        return self._lookup("method", name)
