"""Diagnostics: what every check reports, located to file:line:col.

One shape for all errors so the text, JSON and GitHub formats stay in step.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]

SEVERITY_ZH = {"error": "錯誤", "warning": "警告", "info": "提醒"}


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    clause: str | None = None

    def as_dict(self) -> dict:
        d = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
        }
        if self.clause:
            d["clause"] = self.clause
        return d


@dataclass
class Report:
    """All diagnostics of one run; checks append, formatters read."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, d: Diagnostic) -> None:
        self.items.append(d)

    def extend(self, ds) -> None:
        self.items.extend(ds)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items))
