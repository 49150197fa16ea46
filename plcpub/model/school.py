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
    flags: list[str] = Field(default_factory=list, title="註記")
    needs_support: list[str] = Field(default_factory=list, title="待加強領域")


class SchoolRegistry(Model):
    schools: list[School] = Field(title="學校")

    def by_code(self) -> dict[str, School]:
        return {s.code: s for s in self.schools}
