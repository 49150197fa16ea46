"""The budget sheet as ODS with live formulas (line totals, NHI premium at the plan's rate,
misc within the plan's percentage, grand total), blank or prefilled from a submission.

Schools open it in LibreOffice or Excel; the formulas keep the arithmetic right while they edit.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from odf import teletype
from odf.opendocument import OpenDocumentSpreadsheet, load
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

from plcpub.forms.odfmeta import read_marker, set_marker
from plcpub.forms.spec import FORM_VERSION, budget_key, signatories
from plcpub.model.derived import grant_ceiling, item_hint, percent_of
from plcpub.model.plan import Plan
from plcpub.model.submission import Submission
from plcpub.util.money import whole_dollars
from plcpub.process import reset_odf_namespaces
from plcpub.util.reproducible import normalise_zip
from plcpub.util.sheets import ods_text

FIRST = 4  # spreadsheet row of the first budget item (1-based; rows 1–3 are title, name, header)


def sheet_marker(plan: Plan) -> str:
    """Written into the sheet's document properties; import refuses sheets of other plans."""
    return f"plcpub:budget:{plan.id}:v{FORM_VERSION}"


def _text(value: str, style=None) -> TableCell:
    return ods_text(value, style)  # a typed string: a community named "=…" stays a name


def _empty() -> TableCell:
    """A truly empty cell: ISBLANK() is true and arithmetic treats it as 0 (an empty string is text)."""
    return TableCell()


def _number(value) -> TableCell:
    cell = TableCell(valuetype="float", value=str(value))
    cell.addElement(P(text=str(value)))
    return cell


def _formula(expr: str, cached=None) -> TableCell:
    """A formula cell; `cached` is its value as we compute it, so a reader that does not
    recalculate (and our own import) sees the same number LibreOffice will."""
    if cached is None:
        return TableCell(valuetype="float", formula=f"of:={expr}")
    cell = TableCell(valuetype="float", formula=f"of:={expr}", value=str(cached))
    cell.addElement(P(text=str(cached)))
    return cell


def budget_rows(plan: Plan) -> dict[str, int]:
    """Row number of each catalogue item (the layout every formula refers to)."""
    return {it.id: FIRST + i for i, it in enumerate(plan.budget.items)}


def budget_sheet(plan: Plan, sub: Submission | None = None) -> OpenDocumentSpreadsheet:
    reset_odf_namespaces()  # same bytes whatever was written before in this process
    doc = OpenDocumentSpreadsheet()
    set_marker(doc, sheet_marker(plan))
    bold = Style(name="bold", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    wide = Style(name="wide", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="5cm"))
    doc.automaticstyles.addElement(wide)
    table = Table(name="經費概算表")
    table.addElement(TableColumn(stylename=wide))  # A 項目
    table.addElement(TableColumn(numbercolumnsrepeated=4))  # B–E 數量 單位 單價 總價
    table.addElement(TableColumn(stylename=wide))  # F 備註: the line's own note, read back on import
    table.addElement(TableColumn())  # G 檢查
    table.addElement(TableColumn(stylename=wide))  # H 說明: the plan's hints, never read back

    def row(*cells):
        r = TableRow()
        for c in cells:
            r.addElement(c)
        table.addElement(r)

    row(_text(f"{plan.edition}教師專業學習社群經費概算表", bold))
    row(_text("社群名稱"), _text(sub.name if sub else ""))
    row(*(_text(h, bold) for h in ("項目", "數量", "單位", "單價", "總價", "備註", "檢查", "說明")))
    rows = budget_rows(plan)
    lines = {}
    if sub:
        for line in sub.budget:
            it = plan.line_item(line)
            if it:
                lines[it.id] = line
    exact = {pr.item: pr for pr in plan.budget.percent_rules if pr.kind == "exact"}
    caps = {pr.item: pr for pr in plan.budget.percent_rules if pr.kind == "max"}

    def amount(item_id: str) -> str:
        """An item's amount cell, as the percentage rules' formulas name it."""
        return f"[.E{rows[item_id]}]"

    for it in plan.budget.items:
        r = rows[it.id]
        line = lines.get(it.id)
        hint = item_hint(plan, it)  # the rule kinds' own words (model/derived.item_hint)
        if it.id in exact:  # the rule kind (model/budget.PercentRule) gives the formula and the words
            pr = exact[it.id]
            pct = percent_of(plan, pr, sub=sub)  # a community's sheet: the rates of its own meeting dates
            base = sum(lines[o.id].amount for o in pr.base_items(plan.budget.items) if o.id in lines)
            row(_text(it.name), _number(1), _text(it.unit or "式"), _empty(),
                _formula(pr.sheet_formula(plan.budget.items, amount, amount(it.id), pct), pr.bound(base, pct) if sub else None),
                _text(line.note or "") if line and line.note else _empty(), _empty(), _text(hint))
            continue
        price = line.unit_price if line else (it.rate or "")
        qty = line.quantity if line else ""
        checks = []  # every cap on the line: percentage rules and the unit-price cap (印刷 100 元/份, 膳費 80 元)
        if it.id in caps:
            pr = caps[it.id]
            checks.append(pr.sheet_formula(plan.budget.items, amount, amount(it.id), percent_of(plan, pr)))
        if it.max_unit_price:
            checks.append(f'IF([.D{r}]>{it.max_unit_price};"超過單價上限";"")')
        check = _empty()
        if checks:
            check = _formula("&".join(checks))
            check.setAttribute("valuetype", "string")
        row(_text(it.name), _number(qty) if qty != "" else _empty(), _text(it.unit or "式"),
            _number(price) if price != "" else _empty(),
            _formula(f"IF(ISBLANK([.B{r}]);0;ROUND([.B{r}]*[.D{r}];0))"),  # whole dollars, .5 up, as BudgetLine.amount
            _text(line.note) if line and line.note else _empty(), check, _text(hint))
    last = FIRST + len(plan.budget.items) - 1
    total_row = last + 1
    row(_text("合計", bold), _empty(), _empty(), _empty(), _formula(f"SUM([.E{FIRST}:.E{last}])"))
    # the cap the total must stay under: the community's tier (bonuses included), or on a blank
    # sheet every tier's, so the school reads its own row
    tiers = ([plan.tier(sub.tier)] if plan.tier(sub.tier) else []) if sub else plan.tiers
    for tier in tiers:
        ceiling = grant_ceiling(plan, tier, sub)
        if ceiling is not None:
            cap = _formula(f'IF([.E{total_row}]>{ceiling};"超過補助上限";"")')
            cap.setAttribute("valuetype", "string")
            row(_text("補助上限"), _empty(), _empty(), _empty(), _number(ceiling), _text(tier.name), cap)
    # live, as the total changes: LibreOffice's and Excel's [DBNum2] financial numerals give what
    # util/money.amount_in_words writes (tests/test_ods.py compares them on the examples)
    words = _formula(f'"新臺幣"&TEXT([.E{total_row}];"[DBNum2][$-0404]0")&"元整"')
    words.setAttribute("valuetype", "string")
    row(_text("總計（國字）"), words)
    row(_empty())
    row(*(_text(who, bold) for who in signatories(plan, "budget", "application")))  # 核章: signed on the printout
    doc.spreadsheet.addElement(table)
    return doc


def write_budget_sheet(plan: Plan, target: Path, sub: Submission | None = None) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    budget_sheet(plan, sub).save(str(target))
    return normalise_zip(target)


class SheetError(Exception):
    pass


def _cell_text(cell) -> str:
    value = cell.getAttribute("value")
    if value not in (None, ""):  # a number cell: its value, not its displayed (maybe formatted) text
        return value
    return " ".join(teletype.extractText(p).strip() for p in cell.getElementsByType(P)).strip()


def read_budget_sheet(path: Path, plan: Plan) -> tuple[str | None, str, dict[str, str]]:
    """(marker, community name, {budget field name: value}) of a filled budget sheet; the field
    names are the application form's, so one importer checks both."""
    try:
        doc = load(str(path))
    except Exception:  # odfpy raises zipfile, xml and key errors alike for a broken file
        raise SheetError("無法讀取 ODS：檔案損壞或不是 OpenDocument 試算表。") from None
    marker = read_marker(doc)
    if marker != sheet_marker(plan):  # not this plan's sheet: the caller says whose it is
        return marker, "", {}
    tables = doc.spreadsheet.getElementsByType(Table)
    if not tables:
        raise SheetError("試算表是空的。")
    grid = []
    for r in tables[0].getElementsByType(TableRow):
        cells = []
        for c in r.childNodes:
            if c.qname[1] in ("table-cell", "covered-table-cell"):
                cells += [_cell_text(c)] * min(int(c.getAttribute("numbercolumnsrepeated") or 1), 10)
        grid += [cells] * min(int(r.getAttribute("numberrowsrepeated") or 1), 10)
    cell = lambda row, col: grid[row - 1][col] if row - 1 < len(grid) and col < len(grid[row - 1]) else ""  # noqa: E731
    exact = {pr.item: pr for pr in plan.budget.percent_rules if pr.kind == "exact"}
    values = {}
    for it in plan.budget.items:
        r = budget_rows(plan)[it.id]
        if cell(r, 0) != it.name:
            raise SheetError(f"第 {r} 列應為「{it.name}」，卻是「{cell(r, 0)}」：試算表的列被移動或刪除過，請重新下載。")
        key = budget_key(it)
        price = cell(r, 3)
        if it.id in exact:  # a fixed-% line's amount is its formula's result, cached by LibreOffice/Excel or ours
            price = cell(r, 4) or _exact_amount(plan, exact[it.id], cell)
        if cell(r, 1) and (it.id not in exact or price not in ("", "0")):
            values.update({f"{key}_qty": cell(r, 1), f"{key}_price": price, f"{key}_note": cell(r, 5)})
    return marker, cell(2, 1), values


def _exact_amount(plan: Plan, pr, cell) -> str:
    """What the line's formula gives when no spreadsheet program has computed it yet: the rule
    kind's own arithmetic over the quantities and prices in the sheet."""
    amounts = {}
    for o in pr.base_items(plan.budget.items):
        r = budget_rows(plan)[o.id]
        try:
            amounts[o.id] = whole_dollars(Decimal(cell(r, 1) or 0) * Decimal(cell(r, 3) or 0))
        except InvalidOperation:
            return ""  # the importer reports the bad quantity or price itself
    return str(pr.bound(sum(amounts.values()), percent_of(plan, pr)))
