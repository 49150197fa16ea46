"""How a plan reviews applications and selects outstanding communities: criteria and weights,
timed review sessions, award groups and quotas."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from plcpub.model.common import SchoolLevel
from plcpub.model.types import CLAUSE, Clause, Count, Model, Money, Percent, RocDateT, Score, TimeT, YesNo


class Criterion(Model):
    id: str = Field(title="代號")
    name: str = Field(title="名稱")
    weight: Percent | None = Field(None, title="權重（%）")
    items: list[str] = Field(default_factory=list, title="細項")
    clause: Clause = CLAUSE

    @property
    def label(self) -> str:
        """What a column or list names it: the plan's short name (及時性：資料是否按時上傳 → 及時性;
        書面審核（含資料之完整性、豐富性） → 書面審核)."""
        return self.name.split("：", 1)[0].split("（", 1)[0].strip() or self.name

    @property
    def detail(self) -> str:
        """The rest of the plan's wording: what the criterion looks at."""
        rest = self.name[len(self.label):].lstrip("：").strip()
        return rest[1:-1] if rest.startswith("（") and rest.endswith("）") else rest

    @property
    def sentence(self) -> str:
        """及時性（25%）：資料是否按時上傳"""
        weight = f"（{self.weight}%）" if self.weight is not None else ""
        return f"{self.label}{weight}" + (f"：{self.detail}" if self.detail else "")


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
    dates: list[RocDateT] = Field(default_factory=list, title="審查日期（未訂時以第 1 天、第 2 天標示）")
    statuses: list[str] = Field(default_factory=list, title="排入審查的狀態（預設：流程中「審查」階段的狀態）")
    session_label: str = Field("審查", title="場次名稱，例如 審查結果說明")
    code_prefix: str | None = Field(None, title="案件編號前綴（預設：年度-）")
    hosts: dict[Literal["check-in", "session"], str] = Field(default_factory=dict,
                                                            title="主持（check-in 報到、session 各場次），計畫時間表有此欄時填寫")
    attendees: str | None = Field(None, title="各場次出席人員，接在案件範圍後（例如 申請學校 → 第 1~9 案申請學校）")
    note: str | None = Field(None, title="時間表備註（原文）")
    clause: Clause = CLAUSE


class Review(Model):
    criteria: list[Criterion] = Field(default_factory=list, title="審查原則與權重")
    reviewers: str | None = Field(None, title="審查委員")
    sessions: ReviewSessions | None = Field(None, title="審查說明會場次設定")
    clause: Clause = CLAUSE


class AwardGroup(Model):
    id: str = Field(title="代號")
    name: str = Field(title="組別名稱")
    tiers: list[str] = Field(title="適用類別")
    school_levels: list[SchoolLevel] = Field(default_factory=list, title="適用學制（空白表示不分學制）")
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


class Signatory(Model):
    title: str = Field(title="職稱，例如 局長")
    name: str = Field(title="姓名")


class Certificate(Model):
    """What a 獎狀 carries besides the award: its document number (字號) and who signs it."""

    number: str | None = Field(None, title="獎狀字號，### 處依序編號（例如 桃教專字第###號 → 第001號）",
                               pattern=r"^[^#]*#+[^#]*$")
    first_number: Count = Field(1, title="第一張的編號")
    signatory: Signatory | None = Field(None, title="署名（職稱與姓名）")

    def number_of(self, k: int) -> str | None:
        """The k-th certificate's number (k from 0): the run of # replaced by the zero-padded count."""
        if not self.number:
            return None
        width = self.number.count("#")
        return self.number.replace("#" * width, str(self.first_number + k).zfill(width))


class Awards(Model):
    levels: list[str] = Field(title="獎項等第")
    groups: list[AwardGroup] = Field(title="組別與名額")
    scoring: list[AwardScoring] = Field(default_factory=list, title="評分")
    stated_totals: list[StatedTotal] = Field(default_factory=list, title="計畫所載合計名額")
    vacancy_min_score: Score | None = Field(None, title="未達此分數者從缺")
    level_min_scores: dict[str, Score] = Field(default_factory=dict, title="各獎項最低分數（未達者該名額從缺）")
    aggregation: Literal["mean", "median"] = Field("mean", title="多位委員分數的合併方式")
    normalise: YesNo = Field(False, title="依委員標準化分數（消除寬嚴差異）")
    tie_break: list[str] = Field(default_factory=list, title="同分時依序比較的評分項目代號")
    certificate_milestone: str | None = Field(None, title="獎狀日期取自哪一個日程（timeline 代號）")
    certificate: Certificate = Field(default_factory=Certificate, title="獎狀字號與署名")
    vacancy_rule: str | None = Field(None, title="從缺規定（原文）")
    prizes: dict[str, str] = Field(default_factory=dict, title="獎勵方式")
    clause: Clause = CLAUSE


GENERAL_SEATS = "一般"  # the seats of a funding plan not reserved for a kind


class FundingQuota(Model):
    """Seats of the city-wide number reserved for some kinds (of which 20 special-education)."""

    name: str = Field(title="名額名稱，例如 特教社群")
    kinds: list[str] = Field(title="適用的社群類型或類別")
    count: Count = Field(title="名額")
    clause: Clause = CLAUSE


class Funding(Model):
    """How the plan decides which applications are funded (核定) and with how much: separate
    from awards (績優遴選), which choose among communities already funded."""

    candidates: list[str] = Field(default_factory=list, title="參與核定排序的狀態（空白：所有已送件且未被駁回或撤回的申請）")
    method: Literal["mean", "median", "normalised", "rank-sum", "rank-median"] = Field(
        "mean", title="排序方式：mean 平均分數、median 分數中位數、normalised 依委員標準化後平均、"
                      "rank-sum 序位法（各委員名次加總，小者優先）、rank-median 名次中位數")
    tie_break: list[str] = Field(default_factory=list, title="同分時依序比較的審查項目代號")
    max_teams: Count | None = Field(None, title="全市核定隊數上限")
    quotas: list[FundingQuota] = Field(default_factory=list, title="保留給特定類型的名額（含在總隊數內）")
    release_unused: YesNo = Field(False, title="保留名額未用完時，釋出給其他申請案")
    per_school: Count | None = Field(None, title="每校至多核定隊數")
    envelope: Money | None = Field(None, title="補助總經費（核定金額合計上限）")
    min_score: Score | None = Field(None, title="核定最低分數")
    clause: Clause = CLAUSE

    @property
    def by_rank(self) -> bool:
        """Reviewers rank applications (序位法) instead of scoring them."""
        return self.method.startswith("rank")

    def quota_of(self, kinds: set[str]) -> FundingQuota | None:
        """The reserved seats an application of these kinds (its tier, its community kind) takes."""
        return next((q for q in self.quotas if kinds & set(q.kinds)), None)

    @property
    def general_seats(self) -> int | None:
        """Seats left for kinds with no reserved ones (None: no city-wide number)."""
        return self.max_teams - sum(q.count for q in self.quotas) if self.max_teams is not None else None

    def seat_name(self, quota: FundingQuota | None) -> str:
        return quota.name if quota else GENERAL_SEATS


class Reviewer(Model):
    id: str = Field(title="委員代號")
    name: str = Field(title="姓名")
    school: str | None = Field(None, title="服務學校代碼（同校案件迴避）")
    sessions: list[Count] = Field(default_factory=list, title="出席的場次（空白表示全部場次）")


class ReviewerList(Model):
    """content/<plan>/reviews/reviewers.yaml: the panel, for conflict-free timetables and score sheets."""

    reviewers: list[Reviewer] = Field(title="審查委員")


class CaseScore(Model):
    case: str = Field(title="案件編號或社群資料夾名稱")
    scores: dict[str, Score] = Field(default_factory=dict, title="各評分項目分數（項目代號: 分數）")
    rank: Count | None = Field(None, title="名次（序位法：1 為最優，同一組內不重複）")
    comment: str | None = Field(None, title="評語")


class ScoreSheet(Model):
    """content/<plan>/reviews/<reviewer>.yaml: one reviewer's scores."""

    reviewer: str = Field(title="委員代號")
    scores: list[CaseScore] = Field(title="評分")
