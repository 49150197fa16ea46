"""How a plan reviews applications and selects outstanding communities: criteria and weights,
timed review sessions, award groups and quotas."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from plcpub.model.types import CLAUSE, Clause, Count, Model, Percent, TimeT


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
