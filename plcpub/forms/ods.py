"""The budget sheet as ODS with live formulas (line totals, NHI premium at the plan's rate,
misc within the plan's percentage, grand total), blank or prefilled from a submission.

Schools open it in LibreOffice or Excel; the formulas keep the arithmetic right while they edit.
"""
from __future__ import annotations

from pathlib import Path

from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

from plcpub.model.derived import grant_ceiling
from plcpub.model.plan import Plan
from plcpub.model.submission import Submission
from plcpub.standards import load_standards
from plcpub.util.money import amount_in_words

FIRST = 4  # spreadsheet row of the first budget item (1-based; rows 1–3 are title, name, header)


def _text(value: str, style=None) -> TableCell:
    cell = TableCell(valuetype="string", stylename=style) if style else TableCell(valuetype="string")
    cell.addElement(P(text=value))
    return cell


def _empty() -> TableCell:
    """A truly empty cell: ISBLANK() is true and arithmetic treats it as 0 (an empty string is text)."""
    return TableCell()


def _number(value) -> TableCell:
    cell = TableCell(valuetype="float", value=str(value))
    cell.addElement(P(text=str(value)))
    return cell


def _formula(expr: str) -> TableCell:
    return TableCell(valuetype="float", formula=f"of:={expr}")


def budget_rows(plan: Plan) -> dict[str, int]:
    """Row number of each catalogue item (the layout every formula refers to)."""
    return {it.id: FIRST + i for i, it in enumerate(plan.budget.items)}


def budget_sheet(plan: Plan, sub: Submission | None = None) -> OpenDocumentSpreadsheet:
    doc = OpenDocumentSpreadsheet()
    bold = Style(name="bold", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    wide = Style(name="wide", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="5cm"))
    doc.automaticstyles.addElement(wide)
    table = Table(name="經費概算表")
    table.addElement(TableColumn(stylename=wide))
    table.addElement(TableColumn(numbercolumnsrepeated=5))
    table.addElement(TableColumn(stylename=wide))

    def row(*cells):
        r = TableRow()
        for c in cells:
            r.addElement(c)
        table.addElement(r)

    kind = "學年度" if plan.year_kind == "academic" else "年度"
    row(_text(f"{plan.city}{plan.year}{kind}教師專業學習社群經費概算表", bold))
    row(_text("社群名稱"), _text(sub.name if sub else ""))
    row(*(_text(h, bold) for h in ("項目", "數量", "單位", "單價", "總價", "說明", "檢查")))
    rows = budget_rows(plan)
    lines = {}
    if sub:
        for line in sub.budget:
            it = plan.item(line.item)
            if it:
                lines[it.id] = line
    exact = {pr.item: pr for pr in plan.budget.percent_rules if pr.kind == "exact"}
    caps = {pr.item: pr for pr in plan.budget.percent_rules if pr.kind == "max"}
    on = plan.execution.start.date
    for it in plan.budget.items:
        r = rows[it.id]
        line = lines.get(it.id)
        note = []
        if it.max_unit_price:
            note.append(f"單價上限 {it.max_unit_price:,} 元")
        if it.id in exact:
            pr = exact[it.id]
            pct = load_standards().nhi_percent(on) if pr.rate_source == "national-nhi" else pr.percent
            base = [rows[o.id] for o in plan.budget.items if o.category in pr.of_categories]
            total = "+".join(f"[.E{b}]" for b in base) or "0"
            row(_text(it.name), _number(1), _text(it.unit or "式"), _empty(),
                _formula(f"ROUND(({total})*{pct}/100;0)"), _text(f"{'、'.join(o.name for o in plan.budget.items if o.category in pr.of_categories)}之 {pct}%（自動計算）"))
            continue
        price = line.unit_price if line else (it.rate or "")
        qty = line.quantity if line else ""
        check = _empty()
        if it.id in caps:
            pr = caps[it.id]
            others = [rows[o.id] for o in plan.budget.items if o.id != it.id and (pr.base == "total" or o.operating)]
            base = "+".join(f"[.E{b}]" for b in others)
            if pr.base == "total":
                base += f"+[.E{r}]"
            check = _formula(f'IF([.E{r}]>ROUNDDOWN(({base})*{pr.percent}/100;0);"超過上限";"")')
            check.setAttribute("valuetype", "string")
            note.append(f"不超過{'總金額' if pr.base == 'total' else '業務費'}的 {pr.percent}%")
        row(_text(it.name), _number(qty) if qty != "" else _empty(), _text(it.unit or "式"),
            _number(price) if price != "" else _empty(), _formula(f"IF(ISBLANK([.B{r}]);0;[.B{r}]*[.D{r}])"),
            _text("；".join(note)), check)
    last = FIRST + len(plan.budget.items) - 1
    total_row = last + 1
    row(_text("合計", bold), _empty(), _empty(), _empty(), _formula(f"SUM([.E{FIRST}:.E{last}])"))
    if sub:
        tier = plan.tier(sub.tier)
        ceiling = grant_ceiling(plan, tier, sub) if tier else None
        if ceiling is not None:
            cap = _formula(f'IF([.E{total_row}]>{ceiling};"超過補助上限";"")')
            cap.setAttribute("valuetype", "string")
            row(_text("補助上限"), _empty(), _empty(), _empty(), _number(ceiling), _text(tier.name), cap)
        total = sum(line.amount for line in sub.budget)
        row(_text("總計（國字）"), _text(amount_in_words(total)))
    doc.spreadsheet.addElement(table)
    return doc


def write_budget_sheet(plan: Plan, target: Path, sub: Submission | None = None) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    budget_sheet(plan, sub).save(str(target))
    return target
