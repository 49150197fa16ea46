"""`new community --plan ID --school CODE`: write a commented submission template to fill in.

The template is built from the plan (its tiers, content areas, methods, budget items), so a
clerk sees the real choices, and it is written only if it does not exist yet.
"""
from __future__ import annotations

import sys
from pathlib import Path

from plcpub.commands.folders import FolderError, community_folder, open_plan, refuse
from plcpub.commands.prog import command
from plcpub.load.project import SUBMISSION_FILE
from plcpub.util.money import format_money


def _options(values: list[str]) -> str:
    return "、".join(values) if values else "（本計畫未列舉，可自由填寫）"


def render(plan, school) -> str:
    p = plan
    tiers = "\n".join(f"#   - {t.name}" + (f"：上限 {format_money(t.cap)}" if t.cap else "") +
                      (f"，至少 {t.min_meetings} 次" if t.min_meetings else "") for t in p.tiers)
    items = "\n".join(f"#   - {it.name}（{it.unit or '式'}）" + (f"，單價上限 {format_money(it.max_unit_price)}" if it.max_unit_price else "")
                      for it in p.budget.items)
    first_status = p.status(p.workflow.initial)
    first_item = p.budget.items[0] if p.budget.items else None
    start = p.execution.start.date
    return f"""# yaml-language-server: $schema=../../../schemas/submission.schema.json
# {p.title}：社群申請書與經費概算表
# 填寫說明：以「#」開頭的是說明，不會被讀取。日期可寫 {start.year - 1911}年{start.month}月{start.day}日 或 {start.year - 1911}.{start.month:02d}.{start.day:02d}；
# 金額請寫整數元。填好後執行 `{command("check")} {{本檔案}}` 檢查。
plan: {p.id}
name: 請填社群名稱
# 申請類別，可選：
{tiers}
tier: {p.tiers[0].name if p.tiers else '請填申請類別'}
school: "{school.code}"   # {school.name}
cross_school: false      # 跨校社群改為 true，並填 partner_schools 與 funding_school
status: {first_status.name if first_status else p.workflow.initial}
convener:
  name: 召集人姓名
  school: "{school.code}"
  subject: 任教科目
  phone: 聯絡電話（不公開）
  email: 電子郵件（不公開）
members:                 # 不含召集人
  - {{name: 成員姓名, school: "{school.code}", subject: 任教科目}}
# 社群內容，可選：{_options(p.catalogues.content_areas)}
content_areas: []
# 實施方式，可選：{_options([m.name for m in p.catalogues.methods])}
methods: []
summary: >-
  請簡述社群與教師教學、課程或學生學習成效之關聯性{f'（{p.catalogues.summary_max_chars} 字內）' if p.catalogues.summary_max_chars else ''}。
schedule:                # 年度進度規劃，每次活動一筆
  - date: {start.year - 1911}年{start.month}月{start.day}日
    start: "13:30"
    end: "15:00"
    content: 實施內容
    method: {p.catalogues.methods[0].name if p.catalogues.methods else '主題討論'}
    host: {{name: 主持人姓名, kind: host}}   # kind：host 主持人、internal 內聘、external 外聘、consultant 專家諮詢
    place: 地點
outcomes:
  - outcome: 預期效益
    checks: [具體檢核方式]
# 經費項目，可選：
{items}
budget:
  - {{item: {first_item.name if first_item else '請填經費項目'}, quantity: 1, unit: {(first_item.unit if first_item else None) or '式'}, unit_price: 0}}
"""


def run(root: Path, plan_id: str, school_code: str, name: str | None) -> int:
    try:
        pb = open_plan(root, plan_id)
        folder = community_folder(root, plan_id, name if name is not None else f"{school_code}-new-community")
    except FolderError as e:
        return refuse(e)
    school = pb.schools.get(school_code)
    if school is None:
        print(f"學校代碼「{school_code}」不在 {plan_id} 的學校名冊中。", file=sys.stderr)
        return 2
    target = folder / SUBMISSION_FILE
    if target.exists():
        print(f"{target.relative_to(root)} 已存在，不覆寫；請用 --name 指定其他資料夾名稱。", file=sys.stderr)
        return 1
    folder.mkdir(parents=True)
    target.write_text(render(pb.plan, school), "utf-8")
    print(f"已建立 {target.relative_to(root)}，請填寫後執行 {command(f'check {target.relative_to(root)}')}")
    return 0
