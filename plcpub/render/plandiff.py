"""Two plans' differences (review/plandiff.py) as a person reads them: text for the terminal,
Markdown for the site's 「與上一年度比較」 and for sharing, JSON for tools. The forms' fields are
compared here, where the forms are known (forms/annexes.form_fields)."""
from __future__ import annotations

import json

from markupsafe import escape

from plcpub.forms.annexes import form_fields
from plcpub.model.plan import Plan
from plcpub.review.plandiff import Change, PlanDiff, diff_plans
from plcpub.util.rocdate import shift_years

FORMS = "表件欄位"


def form_changes(a: Plan, b: Plan) -> list[Change]:
    """Fields added to or dropped from each form; a label whose year only moved with the plan
    (「參與102學年度…」 → 「參與103學年度…」) is the same field, as the rules' texts are."""
    years = b.year - a.year

    def moved(text: str) -> str:
        return shift_years(text, years)[0] if years else text

    before = {moved(name): labels for name, labels in form_fields(a).items()}
    found = []
    for name, labels in form_fields(b).items():
        old = before.get(name)
        if old is None:
            continue  # a new form is listed with the plan's forms
        old_moved = [moved(x) for x in old]
        added = [x for x in labels if x not in old_moved]
        removed = [x for x, m in zip(old, old_moved) if m not in labels]
        if added:
            found.append(Change(FORMS, f"{name}：新增欄位", None, "、".join(added)))
        if removed:
            found.append(Change(FORMS, f"{name}：刪除欄位", "、".join(removed), None))
    return found


def compare(a: Plan, b: Plan) -> PlanDiff:
    """The one entry point: the plans' rules, the national standards and the forms' fields."""
    return diff_plans(a, b, extra=form_changes(a, b))


def _cites(c: Change) -> str:
    if c.clause_before == c.clause_after:
        return f"（{c.clause_after}）" if c.clause_after else ""
    return f"（原 {c.clause_before or '—'}；新 {c.clause_after or '—'}）"


def _heading(d: PlanDiff) -> str:
    moved = f"；日期依年度差（{d.years:+d} 年）比較" if d.years else ""
    return f"{d.before.edition} → {d.after.edition}（{d.before.id} → {d.after.id}）：{len(d.changes)} 項不同{moved}"


def as_text(d: PlanDiff) -> str:
    lines = [_heading(d)]
    for section, changes in d.sections():
        lines.append(f"【{section}】")
        lines += [f"  {c.sentence}{_cites(c)}" for c in changes]
    if not d.changes:
        lines.append("兩份計畫的規定相同。")
    return "\n".join(lines) + "\n"


def as_markdown(d: PlanDiff, heading_level: int = 2) -> str:
    """Tables per section; every value escaped (plan text is data, not markup)."""
    h = "#" * heading_level
    out = [f"{escape(_heading(d))}", ""]
    for section, changes in d.sections():
        out += [f"{h} {escape(section)}", "", "| 項目 | 原計畫 | 新計畫 | 條文（原／新） |", "|---|---|---|---|"]
        for c in changes:
            cells = [c.what, c.before or "（無）", c.after or "（刪除）",
                     f"{c.clause_before or '—'}／{c.clause_after or '—'}"]
            out.append("| " + " | ".join(str(escape(x)).replace("|", "&#124;") for x in cells) + " |")
        out.append("")
    return "\n".join(out)


def as_json(d: PlanDiff) -> str:
    return json.dumps({"before": d.before.id, "after": d.after.id, "years": d.years,
                       "changes": [c.as_json() for c in d.changes]}, ensure_ascii=False, indent=2)
