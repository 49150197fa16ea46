"""School registry of a plan: who may apply, their level, district and class count."""
from __future__ import annotations

from pydantic import Field

from plcpub.model.common import SchoolLevel
from plcpub.model.types import Count, Model


class School(Model):
    code: str = Field(title="學校代碼", pattern=r"^[0-9A-Za-z]+$")
    name: str = Field(title="校名")
    level: SchoolLevel = Field(title="學制")
    district: str = Field(title="行政區")
    classes: Count = Field(title="班級數")
    levels: dict[SchoolLevel, Count] = Field(default_factory=dict, title="各學制班級數（有多個學制時，例如 {國中: 12, 高中: 18}）")
    flags: list[str] = Field(default_factory=list, title="註記")
    needs_support: list[str] = Field(default_factory=list, title="待加強領域")

    def level_classes(self) -> dict[str, int]:
        """{level: classes}: each level the school runs, counted on its own."""
        return dict(self.levels) if self.levels else {self.level: self.classes}


class SchoolRegistry(Model):
    schools: list[School] = Field(title="學校")

    def by_code(self) -> dict[str, School]:
        return {s.code: s for s in self.schools}
