"""A plan's application workflow: statuses (and which are public), allowed transitions and the
clocks that bound them (revise within 10 days, close within 2 weeks).

What a status means is said here, once, as predicates on `Status` (a draft, counts as an
application, undecided, funded, reported …), and what a submission may show in public as
`Publication` (`Workflow.publication`): rules, review, scoring and every output ask these
instead of testing stages themselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from plcpub.model.types import CLAUSE, Clause, Count, Model, YesNo


PENDING_STAGES = ("submitted", "review", "revise")  # applied for, not yet decided
FUNDED_STAGES = ("approved", "executing", "reported", "closed")
STAGE_ZH = {"draft": "草稿", "submitted": "已送件", "review": "審查中", "revise": "修正中", "approved": "核定",
            "executing": "執行中", "reported": "已繳成果", "closed": "結案", "rejected": "未通過", "withdrawn": "撤回"}


class Status(Model):
    id: str = Field(title="代號")
    name: str = Field(title="狀態名稱（平臺顯示）")
    public: YesNo = Field(False, title="是否公開")
    stage: Literal["draft", "submitted", "review", "revise", "approved", "executing", "reported", "closed",
                   "rejected", "withdrawn"] = Field(title="階段")

    @property
    def is_draft(self) -> bool:
        """Not sent yet: its problems are warnings until it is."""
        return self.stage == "draft"

    @property
    def sent(self) -> bool:
        """Has been submitted (whatever happened since): the first such history entry dates it."""
        return self.stage != "draft"

    @property
    def counts_as_application(self) -> bool:
        """Submitted and still in the running: per-school counts, quotas and totals count it."""
        return self.stage not in ("draft", "rejected", "withdrawn")

    @property
    def pending(self) -> bool:
        """Applied for, no decision yet."""
        return self.stage in PENDING_STAGES

    @property
    def in_review(self) -> bool:
        """A panel reviews applications in this status (unless the plan lists its own)."""
        return self.stage == "review"

    @property
    def funded(self) -> bool:
        """Approved and running or done: what awards choose from."""
        return self.stage in FUNDED_STAGES

    @property
    def may_be_scored(self) -> bool:
        """Reviewers' scores count for it: sent and not withdrawn (a rejected case keeps its scores)."""
        return self.sent and self.stage != "withdrawn"

    @property
    def reported(self) -> bool:
        """The outcome report is in: its story may be told (unless the booklet lists statuses)."""
        return self.stage in ("reported", "closed")

    @property
    def open_to_school(self) -> bool:
        """The school may still change its application by itself (drafting, or revising on
        request): a form import past this needs the centre's --force."""
        return self.stage in ("draft", "revise")

    @property
    def stage_label(self) -> str:
        return STAGE_ZH[self.stage]


@dataclass(frozen=True)
class Publication:
    """What a submission in one status may show in public outputs."""

    page: bool = False  # its own page, the lists, school summaries, statistics, search, photos
    school: bool = False  # its school, beside its review slot (timetable, calendars) and in results
    name: bool = False  # its community name there too
    story: bool = False  # its story and consented photos (community page, booklet, gallery)


HIDDEN = Publication()  # drafts, rejected, withdrawn, unknown statuses: at most an anonymous review slot


class PendingDisclosure(Model):
    """How much the plan says is announced about applications still under review (a plan may
    publish each school's order at the review briefing)."""

    show: Literal["none", "school", "community"] = Field(
        title="審查中申請案可公開的內容：none 不公開、school 只公開學校名稱、community 公開學校與社群名稱")
    clause: Clause = CLAUSE


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


class RequiredDocument(Model):
    """A document the school uploads before its case may move on: a budget sheet,
    printed, stamped and uploaded as a PDF before resubmitting (步驟7)."""

    id: str = Field(title="代號")
    name: str = Field(title="文件名稱")
    before: list[str] = Field(title="進入這些狀態前須已上傳")
    clause: Clause = CLAUSE


class Letters(Model):
    """The letter a decision sends the school (`decide`): who sends and signs it, and the
    template it is written from (an HTML file in the plan's folder; else the package's)."""

    sender: str | None = Field(None, title="發文單位（未填用計畫的承辦單位）")
    signatory_title: str | None = Field(None, title="署名職稱，例如 處長")
    signatory_name: str | None = Field(None, title="署名姓名")
    template: str | None = Field(None, title="公文範本（計畫資料夾中的 HTML 檔名；未填用內建範本）")
    clause: Clause = CLAUSE


class Workflow(Model):
    statuses: list[Status] = Field(title="狀態")
    initial: str = Field(title="初始狀態")
    transitions: list[Transition] = Field(default_factory=list, title="允許的狀態轉換")
    clocks: list[Clock] = Field(default_factory=list, title="期限")
    documents: list[RequiredDocument] = Field(default_factory=list, title="學校須上傳的文件（例如核章後的經費概算表）")
    letters: Letters | None = Field(None, title="審查決定通知學校的公文")
    pending_public: PendingDisclosure | None = Field(
        None, title="審查中（尚未決定）的申請案在公開網站上顯示的內容（未填表示不公開）")
    clause: Clause = CLAUSE

    def publication(self, status: Status | None, story_statuses: set[str]) -> Publication:
        """The one answer to "what may this status publish?". Public statuses show everything (a
        story only in `story_statuses`); undecided applications show what the plan announces
        (default nothing); every other status at most an anonymous review slot."""
        if status is None:
            return HIDDEN
        if status.public:
            return Publication(page=True, school=True, name=True, story=status.id in story_statuses)
        if status.pending and self.pending_public is not None:
            show = self.pending_public.show
            return Publication(school=show in ("school", "community"), name=show == "community")
        return HIDDEN
