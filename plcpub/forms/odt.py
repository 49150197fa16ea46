"""A form spec as an editable ODT (LibreOffice, Word), and a filled ODT read back into field values.

Writing and reading share one layout, so whatever a school types where the form has room is
found again: every section is one named table; a grid row is "label | value", tick boxes are
☐ (a school overwrites it with ☑, V, X, ■ …) and a table row's cells follow its column order.
Schools may add rows to member and schedule tables (the seeds ask them to): extra rows import.
"""
from __future__ import annotations

import copy
from pathlib import Path

from odf import teletype
from odf.opendocument import OpenDocumentText, load
from odf.style import (FontFace, MasterPage, PageLayout, PageLayoutProperties, ParagraphProperties, Style,
                       TableCellProperties, TableColumnProperties, TableProperties, TextProperties)
from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import P

from plcpub.forms.odfmeta import read_marker, set_marker
from plcpub.forms.spec import Field, FormSpec, Section, grow
from plcpub.process import reset_odf_namespaces
from plcpub.util.reproducible import normalise_zip

FONT = "Noto Sans CJK TC"
EMPTY_MARKS = {"", "☐", "○", "□", "◯"}


class OdtError(Exception):
    pass


def _styles(doc: OpenDocumentText) -> dict[str, Style]:
    doc.fontfacedecls.addElement(FontFace(name=FONT, fontfamily=f"'{FONT}'", fontfamilygeneric="swiss",
                                          fontpitch="variable"))
    layout = PageLayout(name="A4")
    layout.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", margintop="1.4cm",
                                           marginbottom="1.4cm", marginleft="1.2cm", marginright="1.2cm"))
    doc.automaticstyles.addElement(layout)
    doc.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=layout))

    def style(name, family, *props, parent=None):
        s = Style(name=name, family=family, **({"parentstylename": parent} if parent else {}))
        for p in props:
            s.addElement(p)
        doc.automaticstyles.addElement(s)
        return s

    def text(size, bold=False):
        weight = {"fontweight": "bold", "fontweightasian": "bold"} if bold else {}
        return TextProperties(fontname=FONT, fontnameasian=FONT, fontsize=f"{size}pt", fontsizeasian=f"{size}pt", **weight)

    return {
        "doc": doc,
        "title": style("title", "paragraph", text(15, True), ParagraphProperties(textalign="center", marginbottom="0.1cm")),
        "subtitle": style("subtitle", "paragraph", text(10), ParagraphProperties(textalign="center", marginbottom="0.3cm")),
        "h": style("h", "paragraph", text(11, True), ParagraphProperties(margintop="0.35cm", marginbottom="0.15cm",
                                                                        keepwithnext="always")),
        "note": style("note", "paragraph", text(8), ParagraphProperties(marginbottom="0.1cm")),
        "p": style("p", "paragraph", text(9.5)),
        "table": style("table", "table", TableProperties(width="18.6cm", align="margins")),
        "cell": style("cell", "table-cell", TableCellProperties(border="0.3pt solid #555555", padding="0.08cm")),
        "head": style("head", "table-cell", TableCellProperties(border="0.3pt solid #555555", padding="0.08cm",
                                                                backgroundcolor="#eeeeee")),
        "sign": style("sign", "table-cell", TableCellProperties(border="0.3pt solid #555555", padding="0.1cm")),
        "tall": style("tall", "table-row", _row_height("2.4cm")),
        "photo": style("photo", "table-row", _row_height("4cm")),
    }


def _row_height(h: str):
    from odf.style import TableRowProperties

    return TableRowProperties(minrowheight=h)


def _mark(f: Field) -> str:
    return "☑" if f.value else "☐"


def _cell(st, lines: list[str], style: str = "cell") -> TableCell:
    cell = TableCell(stylename=st[style], valuetype="string")
    for line in lines or [""]:
        cell.addElement(P(stylename=st["p"], text=line))
    return cell


def _value_lines(f: Field) -> list[str]:
    if f.kind == "static":
        return [f.value]
    if f.kind == "checkbox":
        return [f"{_mark(f)} 是"]
    if f.kind == "radio":
        return [f"{'●' if f.value == v else '○'} {label}" for v, label in f.options]
    if f.kind == "photo":
        return ["（插入照片）"]
    return f.value.split("\n") if f.value else ([""] * (f.lines if f.kind == "textarea" else 1))


PAGE_WIDTH_CM = 18.6


def _column(st, width: float) -> Style:
    """A column style of `width` cm, made once per width."""
    key = f"col{width:.2f}"
    if key not in st:
        s = Style(name=key.replace(".", "_"), family="table-column")
        s.addElement(TableColumnProperties(columnwidth=f"{width:.2f}cm"))
        st["doc"].automaticstyles.addElement(s)
        st[key] = s
    return st[key]


def _table(st, name: str, columns: int, first: float | None = None) -> Table:
    """A full-width table; `first` (cm) narrows the first column (row headings, numbers)."""
    t = Table(name=name, stylename=st["table"])
    rest = columns - (1 if first else 0)
    if first:
        t.addElement(TableColumn(stylename=_column(st, first)))
    if rest:
        t.addElement(TableColumn(stylename=_column(st, (PAGE_WIDTH_CM - (first or 0)) / rest), numbercolumnsrepeated=rest))
    return t


def _section_table(st, spec: FormSpec, k: int, s: Section) -> Table:
    name = f"{spec.id}.{k}"
    if s.layout == "grid":
        t = _table(st, name, 2, first=3.4)
        for f in s.fields:
            row = TableRow()
            row.addElement(_cell(st, [f.label + (" *" if f.required else "")], "head"))
            row.addElement(_cell(st, _value_lines(f)))
            t.addElement(row)
        return t
    if s.layout == "text":
        t = _table(st, name, 1)
        for f in s.fields:
            for cell in (_cell(st, [f.label + (" *" if f.required else "")], "head"), _cell(st, _value_lines(f))):
                row = TableRow()
                row.addElement(cell)
                t.addElement(row)
        return t
    if s.layout == "checks":
        t = _table(st, name, 2)
        for i in range(0, len(s.fields), 2):
            row = TableRow()
            for f in s.fields[i:i + 2]:
                row.addElement(_cell(st, [f"{_mark(f)} {f.label}"]))
            if len(s.fields[i:i + 2]) == 1:
                row.addElement(_cell(st, [""]))
            t.addElement(row)
        return t
    t = _table(st, name, len(s.columns) + 1, first=float(s.label_width.removesuffix("mm")) / 10 if s.row_labels else 0.8)
    head = TableHeaderRows()
    row = TableRow()
    for c in ["項目" if s.row_labels else "#", *s.columns]:
        row.addElement(_cell(st, [c], "head"))
    head.addElement(row)
    t.addElement(head)
    for i, fields in enumerate(s.rows):
        row = TableRow(stylename=st["photo"]) if any(f.kind == "photo" for f in fields) else TableRow()
        row.addElement(_cell(st, [s.row_labels[i] if s.row_labels else str(i + 1)], "head" if s.row_labels else "cell"))
        for f in fields:
            row.addElement(_cell(st, [_mark(f)] if f.kind == "checkbox" else _value_lines(f)))
        t.addElement(row)
    return t


def form_odt(spec: FormSpec) -> OpenDocumentText:
    reset_odf_namespaces()  # same bytes whatever was written before in this process
    doc = OpenDocumentText()
    st = _styles(doc)
    set_marker(doc, spec.marker)
    doc.text.addElement(P(stylename=st["title"], text=spec.title))
    doc.text.addElement(P(stylename=st["subtitle"], text=spec.subtitle))
    for k, s in enumerate(spec.sections):
        doc.text.addElement(P(stylename=st["h"], text=s.title))
        if s.note:
            doc.text.addElement(P(stylename=st["note"], text=s.note))
        doc.text.addElement(_section_table(st, spec, k, s))
    if spec.signatures:
        doc.text.addElement(P(stylename=st["h"], text="核章"))
        t = _table(st, f"{spec.id}.sign", len(spec.signatures))
        row = TableRow(stylename=st["tall"])
        for who in spec.signatures:
            row.addElement(_cell(st, [who], "sign"))
        t.addElement(row)
        doc.text.addElement(t)
    return doc


def write_odt(spec: FormSpec, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    form_odt(spec).save(str(target))
    return normalise_zip(target)


# --- reading a filled ODT back -------------------------------------------------------------

def _cells(row) -> list[list[str]]:
    """Each cell's paragraphs as text, repeated cells expanded (LibreOffice compresses empty runs)."""
    out = []
    for cell in row.childNodes:
        if cell.qname[1] not in ("table-cell", "covered-table-cell"):
            continue
        lines = [teletype.extractText(p).strip() for p in cell.getElementsByType(P)]
        repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
        out += [lines] * min(repeat, 50)
    return out


def _rows(table) -> tuple[list, list]:
    """(header rows, body rows) of a table, each a list of cells."""
    head, body = [], []
    for child in table.childNodes:
        kind = child.qname[1]
        if kind == "table-header-rows":
            head += [_cells(r) for r in child.getElementsByType(TableRow)]
        elif kind == "table-row":
            body.append(_cells(child))
        elif kind == "table-rows":
            body += [_cells(r) for r in child.getElementsByType(TableRow)]
    return head, body


def _label(cells: list[list[str]]) -> str:
    """A row's heading as written, without the required-field star."""
    return (cells[0][0] if cells and cells[0] else "").removesuffix("*").strip()


def _ticked(text: str) -> bool:
    return text[:1] not in EMPTY_MARKS if text else False


def _parse(f: Field, lines: list[str]) -> str:
    if f.kind == "static":
        return ""
    if f.kind == "checkbox":
        return "on" if lines and _ticked(lines[0]) else ""
    if f.kind == "radio":
        chosen = [v for line in lines for v, label in f.options if line.endswith(label) and _ticked(line)]
        return chosen[0] if len(chosen) == 1 else ("/many" if chosen else "")
    if f.kind == "photo":
        return ""
    return "\n".join(line for line in lines if line).strip() if f.kind == "textarea" else " ".join(x for x in lines if x)


def read_odt(path: Path, spec: FormSpec) -> tuple[str | None, dict[str, str], FormSpec]:
    """(marker, {field name: value}, the spec grown by any rows the school added)."""
    try:
        doc = load(str(path))
    except Exception:  # odfpy raises zipfile, xml and key errors alike for a broken file
        raise OdtError("無法讀取 ODT：檔案損壞或不是 OpenDocument 文字檔。") from None
    marker = read_marker(doc)
    if marker != spec.marker:  # not this plan's form: the caller says whose it is, no table is read
        return marker, {}, spec
    spec = copy.deepcopy(spec)
    in_order = doc.text.getElementsByType(Table)
    named = {t.getAttribute("name"): t for t in in_order}
    by_order = len(in_order) == len(spec.sections) + (1 if spec.signatures else 0)  # Word renames tables, keeps order
    values: dict[str, str] = {}
    for k, s in enumerate(spec.sections):
        table = named.get(f"{spec.id}.{k}") or (in_order[k] if by_order else None)
        if table is None:
            raise OdtError(f"找不到「{s.title}」表格（表格名稱 {spec.id}.{k}），表件可能被改過，請重新下載。")
        head, body = _rows(table)
        by_label = {label: f for f in s.fields for label in (f.label, *f.aliases)}  # today's and earlier labels
        if s.layout == "text":  # question row, then answer row
            for question, answer in zip(body, body[1:]):
                f = by_label.get(_label(question))
                if f is not None and answer:
                    values[f.name] = _parse(f, answer[0])
        elif s.layout == "grid":
            for cells in body:
                f = by_label.get(_label(cells))
                if f is not None and len(cells) > 1:
                    values[f.name] = _parse(f, cells[1])
        elif s.layout == "checks":
            for cells in body:
                for lines in cells:
                    text = lines[0] if lines else ""
                    f = by_label.get(text[1:].strip()) or by_label.get(text)
                    if f is not None:
                        values[f.name] = "on" if text not in (f.label, *f.aliases) and _ticked(text) else ""
        else:
            filled = [c for c in body if any(any(x for x in cell) for cell in c[1:])]
            if not s.row_labels and len(body) > len(s.rows):
                grow(s, len(body))
            elif s.row_labels and len(body) > len(s.rows) and len(filled) > len(s.rows):
                raise OdtError(f"「{s.title}」多了列；這張表的項目由計畫決定，請勿增列。")
            for fields, cells in zip(s.rows, body):
                for f, lines in zip(fields, cells[1:]):
                    values[f.name] = _parse(f, lines)
    return marker, values, spec
