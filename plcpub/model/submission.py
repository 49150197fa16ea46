"""A community's submission: application, budget sheet, status history, outcome report, story.

Phone numbers and e-mail addresses are private fields (`PRIVATE_FIELDS`): renderers must use
`public_view()`-style projections and never print them on public pages.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from plcpub.model.common import Activity, HostKind, SchoolLevel
from plcpub.model.types import Count, Model, Money, Quantity, RocDateT, TimeT, YesNo
from plcpub.util.money import whole_dollars

PRIVATE_FIELDS = frozenset({"phone", "email"})


class Person(Model):
    name: str = Field(title="姓名")
    school: str | None = Field(None, title="服務學校代碼")
    subject: str | None = Field(None, title="任教科目／年級")
    title: str | None = Field(None, title="職稱")
    role: str | None = Field(None, title="角色或備註")
    phone: str | None = Field(None, title="聯絡電話（不公開）")
    email: str | None = Field(None, title="電子郵件（不公開）")
    trained_convener: YesNo | None = Field(None, title="是否曾參與召集人培訓")


class Assistant(Model):
    name: str | None = Field(None, title="姓名")
    kind: Literal["internal", "external"] = Field(title="內聘或外聘")


class CoLecturer(Model):
    name: str | None = Field(None, title="姓名")
    kind: Literal["internal", "affiliated", "external"] = Field(title="內聘、外聘隸屬或外聘")


class Host(Model):
    name: str | None = Field(None, title="姓名（暫定可）")
    kind: HostKind = Field(title="類型：host 主持人、member 社群成員、internal 內聘、affiliated 外聘隸屬、external 外聘、consultant 專家諮詢")
    unit: str | None = Field(None, title="服務單位")
    title: str | None = Field(None, title="職稱")
    tentative: YesNo = Field(False, title="暫定")
    assistants: list[Assistant] = Field(default_factory=list, title="助理講師")
    co_lecturers: list[CoLecturer] = Field(default_factory=list, title="共同講述的講座（兩人以上講述同一時段）")
    remote: YesNo = Field(False, title="未親自出席（以書面、錄音或錄影方式提供意見）")


class Session(Model):
    date: RocDateT = Field(title="日期")
    start: TimeT = Field(title="開始時間")
    end: TimeT = Field(title="結束時間")
    content: str = Field(title="實施內容")
    method: str = Field(title="實施方式")
    activities: list[Activity] = Field(default_factory=list, title="活動類型（補充）")
    host: Host | None = Field(None, title="主持人／講座／專家學者")
    place: str | None = Field(None, title="地點")
    online: YesNo = Field(False, title="線上進行")
    open_to_city: YesNo = Field(False, title="開放全市教師參與之觀摩研習")
    participants: Count | None = Field(None, title="預計參加人數")

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


class ExpectedOutcome(Model):
    outcome: str = Field(title="預期效益")
    checks: list[str] = Field(default_factory=list, title="具體檢核方式")


class DetailLine(Model):
    name: str = Field(title="品項／書名")
    quantity: Quantity = Field(title="數量")
    unit: str | None = Field(None, title="單位")
    unit_price: Money = Field(title="單價")
    note: str | None = Field(None, title="備註／與社群運作之關聯")

    @property
    def amount(self) -> int:
        """quantity × unit price in whole dollars (util/money.whole_dollars, as every line)."""
        return whole_dollars(self.quantity * self.unit_price)


class BudgetLine(Model):
    item: str = Field(title="經費項目")
    quantity: Quantity = Field(title="數量")
    unit: str | None = Field(None, title="單位")
    unit_price: Money = Field(title="單價")
    total: Money | None = Field(None, title="總價（可省略，自動計算）")
    note: str | None = Field(None, title="備註")
    details: list[DetailLine] = Field(default_factory=list, title="品項明細")

    @property
    def amount(self) -> int:
        """quantity × unit price in whole dollars (util/money.whole_dollars)."""
        return whole_dollars(self.quantity * self.unit_price)


class HistoryEntry(Model):
    date: RocDateT = Field(title="日期")
    time: TimeT | None = Field(None, title="時刻（截止當天送件時記下，例如 11:40）")
    status: str = Field(title="狀態")
    note: str | None = Field(None, title="說明")


class DocumentUpload(Model):
    document: str = Field(title="文件代號（計畫 workflow.documents 的 id）")
    file: str = Field(title="檔案（相對於社群資料夾）")
    date: RocDateT = Field(title="上傳日期")


class Predecessor(Model):
    """The same community's application in an earlier year: its plan and folder."""

    plan: str = Field(title="上一年度的計畫代號")
    folder: str = Field(title="上一年度的社群資料夾（content/<計畫>/ 之下）")


class Submission(Model):
    plan: str = Field(title="計畫代號")
    name: str = Field(title="社群名稱")
    tier: str | None = Field(None, title="申請類別（計畫不分類別時省略）")
    school: str = Field(title="申請學校代碼")
    level: SchoolLevel | None = Field(None, title="申請學制（學校有多個學制時填寫）")
    cross_school: YesNo = Field(False, title="是否為跨校社群")
    partner_schools: list[str] = Field(default_factory=list, title="跨校夥伴學校代碼")
    funding_school: str | None = Field(None, title="辦理經費核銷之學校代碼")
    years_running: Count | None = Field(None, title="本年度是連續第幾年申請（含本年度；第一次申請填 1）")
    direct_advance: YesNo = Field(False, title="已連續辦理滿規定年數（不含本年度），直接申請進階")
    predecessor: Predecessor | None = Field(None, title="上一年度的同一社群（計畫代號與資料夾）")
    school_curriculum: YesNo = Field(False, title="結合校訂課程運作")
    commission_ref: str | None = Field(None, title="教育處委託文號（委託類別用）")
    community_kind: str | None = Field(None, title="社群類型")
    domain: str | None = Field(None, title="學年／學科／領域")
    status: str = Field(title="目前狀態")
    granted: Money | None = Field(None, title="核定金額（主管機關核定；可能低於申請金額）")
    case_code: str | None = Field(None, title="審查案件編號（公告後登錄，之後不再變動；python build.py cases --record 寫入）")
    history: list[HistoryEntry] = Field(default_factory=list, title="狀態歷程")
    documents: list[DocumentUpload] = Field(default_factory=list, title="已上傳的文件（例如核章後的經費概算表）")
    convener: Person = Field(title="召集人")
    members: list[Person] = Field(default_factory=list, title="社群成員（不含召集人）")
    content_areas: list[str] = Field(default_factory=list, title="社群內容")
    content_other: str | None = Field(None, title="社群內容：其他")
    methods: list[str] = Field(default_factory=list, title="實施方式")
    competencies: list[str] = Field(default_factory=list, title="核心素養")
    goals: list[str] = Field(default_factory=list, title="社群目標")
    summary: str | None = Field(None, title="社群內容概述")
    schedule: list[Session] = Field(default_factory=list, title="年度進度規劃")
    outcomes: list[ExpectedOutcome] = Field(default_factory=list, title="預期效益與檢核方式")
    budget: list[BudgetLine] = Field(default_factory=list, title="經費概算表")
    other_funding: list[str] = Field(default_factory=list, title="已獲其他計畫補助")
    declared_flags: list[str] = Field(default_factory=list, title="學校自陳的註記（計畫排除的資格，例如參與某計畫）")
    undeclared_flags: list[str] = Field(default_factory=list, title="學校自陳沒有的註記")

    def everyone(self) -> list[Person]:
        return [self.convener, *self.members]

    def has_document(self, document_id: str) -> bool:
        """Whether the data records an upload of the plan's required document `document_id`."""
        return any(up.document == document_id for up in self.documents)

    def all_schools(self) -> list[str]:
        seen: list[str] = []
        for code in [self.school, *self.partner_schools, *(p.school for p in self.everyone() if p.school)]:
            if code and code not in seen:
                seen.append(code)
        return seen


class MeetingRecord(Model):
    session: Count = Field(title="第幾次")
    date: RocDateT = Field(title="執行日期")
    place: str | None = Field(None, title="執行地點")
    recorder: str | None = Field(None, title="填表人")
    summary: str = Field(title="專業對話摘要")
    attendance: list[str] = Field(default_factory=list, title="簽到（出席者姓名）")


class Photo(Model):
    file: str = Field(title="照片檔（相對於社群資料夾）")
    caption: str = Field(title="活動內容說明")
    date: RocDateT | None = Field(None, title="日期")
    place: str | None = Field(None, title="地點")
    session: Count | None = Field(None, title="對應第幾次活動")
    consent: YesNo = Field(False, title="照片中人物已同意公開")


class OutcomeReport(Model):
    submitted: RocDateT = Field(title="期末成果上傳日期")
    midterm_submitted: RocDateT | None = Field(None, title="期中紀錄上傳日期")
    answers: dict[str, str] = Field(default_factory=dict, title="成果報告題目與回答")
    meetings: list[MeetingRecord] = Field(default_factory=list, title="社群運作對話紀錄")
    photos: list[Photo] = Field(default_factory=list, title="成果照片")
    public_lesson_record: str | None = Field(None, title="公開授課紀錄（備課、觀課、議課）檔案")
    practice_lesson: str | None = Field(None, title="一堂實踐教學課程成果檔案（相對於社群資料夾）")


class StoryMeta(Model):
    title: str = Field(title="故事標題")
    consent: YesNo = Field(False, title="同意收錄於成果集並公開")
    submitted: RocDateT | None = Field(None, title="故事上傳日期")
    presented: RocDateT | None = Field(None, title="發表日期")
    presented_place: str | None = Field(None, title="發表地點")
    presenters: list[str] = Field(default_factory=list, title="上台分享的團員")
    photos: list[Photo] = Field(default_factory=list, title="照片")


class SpentLine(BudgetLine):
    """One budget item as actually spent (核銷), written as the budget sheet writes it."""

    receipts: Count = Field(title="單據張數")
    date: RocDateT | None = Field(None, title="支出日期（適用當日的支給標準；可省略）")


class SpendingReport(Model):
    """spending.yaml: what a funded community actually spent, for closing its grant (核結)."""

    submitted: RocDateT = Field(title="核銷結報日期")
    budget: list[SpentLine] = Field(title="實支明細（每個經費項目一行，與經費概算表相同寫法，加上單據張數）")
    returned: Money | None = Field(None, title="已繳回的結餘款（元）")
    note: str | None = Field(None, title="說明")

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.budget)
