"""A plan's application workflow: statuses (and which are public), allowed transitions and the
clocks that bound them (revise within 10 days, close within 2 weeks)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from plcpub.model.types import CLAUSE, Clause, Count, Model, YesNo


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
