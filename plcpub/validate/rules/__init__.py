"""Rule registry and the context rules report through.

Every rule has an id (`budget.misc-percent`), a default severity, a zh-TW title and a scope:
  plan        checks the plan itself (lint of the published document)
  submission  checks one community against its plan
  aggregate   checks all communities of a plan together (per school, per convener)
Rules read plan parameters; a new city needs new YAML, not new Python, unless it invents a
new kind of rule.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Callable, Literal

from plcpub.load.project import PlanBundle, Project, SubmissionBundle
from plcpub.load.yamlsrc import Located
from plcpub.standards import Standards, load_standards
from plcpub.diagnostics import Diagnostic, Severity

Scope = Literal["plan", "submission", "aggregate"]


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: Severity
    title: str
    scope: Scope
    fn: Callable


RULES: dict[str, RuleInfo] = {}

# Rules raised by the loader and model conversion (not functions here), listed for `rules` docs.
BUILTIN_RULES = {
    "file.too-large": "檔案過大", "file.encoding": "檔案不是 UTF-8", "file.unreadable": "無法讀取檔案",
    "file.outside": "檔案路徑離開了專案資料夾", "file.symlink": "plans/ 或 content/ 內有連結（symlink）",
    "folder.name": "資料夾名稱無法發布（#、?、%、換行、過長……）", "file.misplaced": "community.yaml 不在 content/<計畫>/<社群>/",
    "yaml.syntax": "YAML 格式錯誤", "yaml.tab": "使用了 Tab", "yaml.duplicate-key": "欄位重複",
    "yaml.too-large": "資料過大", "yaml.too-deep": "巢狀過深", "yaml.key-type": "欄位名稱不是文字",
    "schema.missing": "缺少必填欄位", "schema.unknown-key": "不認得的欄位", "schema.type": "型別錯誤",
    "schema.choice": "不在可選項目中", "date.format": "日期格式錯誤", "date.impossible": "日期不存在",
    "time.format": "時間格式錯誤", "money.invalid": "金額格式錯誤", "money.negative": "金額為負數",
    "money.fractional": "金額有小數", "money.too-large": "金額過大", "value.yes-no": "是否欄位",
    "value.percent": "百分比", "value.count": "次數或人數", "value.quantity": "數量", "value.score": "分數格式",
    "plan.id-folder": "計畫代號與資料夾不符", "school.duplicate-code": "學校代碼重複",
    "story.front-matter": "故事檔缺少資料區", "submission.plan-unknown": "找不到計畫",
    "internal.rule-crash": "規則執行失敗（程式錯誤）",
    "plan.incomplete-rule": "計畫的規定缺少檢查與顯示所需的值（例如比例規定沒有百分比）",
    "photo.invalid": "照片無法讀取、損壞或過大（由 file.missing 一併檢查）",
    "photo.low-resolution": "成果集照片解析度不足，印出低於 200 ppi（由 file.missing 一併檢查）",
}


def rule(id: str, severity: Severity, title: str, scope: Scope):
    def deco(fn):
        if id in RULES:
            raise ValueError(f"duplicate rule id {id}")
        RULES[id] = RuleInfo(id, severity, title, scope, fn)
        return fn
    return deco


def did_you_mean(value: str, options) -> str:
    options = [o for o in options if o]
    guess = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
    if guess:
        return f"是不是要寫「{guess[0]}」？"
    if options and len(options) <= 15:
        return f"可選：{'、'.join(options)}。"
    return ""


class Ctx:
    """What a rule sees: the plan, maybe one submission, the standards, and a way to report."""

    def __init__(self, project: Project, pb: PlanBundle, sb: SubmissionBundle | None = None,
                 standards: Standards | None = None):
        self.project = project
        self.pb = pb
        self.plan = pb.plan
        self.sb = sb
        self.sub = sb.sub if sb else None
        self.standards = standards or load_standards()
        self.rule_id = ""
        self.severity: Severity = "error"
        self.found: list[Diagnostic] = []

    @property
    def doc(self) -> Located:
        return self.sb.doc if self.sb else self.pb.doc

    def cite(self, clause: str | None) -> str | None:
        if not clause:
            return None
        return f"{self.plan.edition}計畫 {clause}"

    def report(self, path: tuple, message: str, *, clause: str | None = None, doc: Located | None = None,
               key: bool = False, severity: Severity | None = None, rule_id: str | None = None) -> None:
        doc = doc or self.doc
        line, col = doc.where_key(path) if key else doc.where(path)
        self.found.append(Diagnostic(doc.source.display, line, col, rule_id or self.rule_id,
                                     severity or self.severity, message, self.cite(clause)))

    def report_at(self, file: str, line: int, col: int, message: str, clause: str | None = None) -> None:
        self.found.append(Diagnostic(file, line, col, self.rule_id, self.severity, message, self.cite(clause)))


def run_rules(ctx: Ctx, scope: Scope) -> list[Diagnostic]:
    for info in RULES.values():
        if info.scope != scope:
            continue
        ctx.rule_id, ctx.severity = info.id, info.severity
        try:
            info.fn(ctx)
        except Exception as e:  # a rule bug must not hide the other findings or show a traceback
            ctx.report((), f"規則 {info.id} 執行失敗（{type(e).__name__}: {e}），請回報給 plcpub 維護者。",
                       rule_id="internal.rule-crash")
    found, ctx.found = ctx.found, []
    return found


def load_all_rules() -> dict[str, RuleInfo]:
    """Import the rule modules (their decorators fill RULES)."""
    from plcpub.validate.rules import (  # noqa: F401
        budget, content, deadlines, funding, lecturers, lineage, membership, outcome, plan_checks, review, schedule,
        schools, spending, workflow)
    return RULES
