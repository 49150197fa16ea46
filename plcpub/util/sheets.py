"""Spreadsheets whose text stays text: every CSV and XLSX the project writes goes through here,
and the ODS budget sheet takes its string cells from `ods_text`.

A name that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel
and LibreOffice when it lands in a cell untyped (CSV injection, OWASP). XLSX and ODS cells are
written as typed strings, so they hold the text exactly as written and never a formula; CSV has
no types, so a field that could start a formula gets OWASP's treatment (a leading apostrophe,
every field quoted).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from plcpub.util.reproducible import normalise_zip

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # and full-width forms
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def csv_field(value) -> str:
    """OWASP CSV-injection treatment: a field that a spreadsheet could read as a formula gets a
    leading apostrophe (shown by Excel as text, not evaluated). Plain numbers stay numbers."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(path: Path, columns: list[str], rows: list[list[str]]) -> Path:
    """UTF-8 with BOM (Excel on Taiwanese Windows opens it as Chinese, not as mojibake), every
    field quoted, no field able to start a formula."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([csv_field(c) for c in columns])
    writer.writerows([[csv_field(v) for v in r] for r in rows])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
    return path


_OOXML_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_OOXML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")


def xlsx_text(value: str) -> str:
    """A string as an XLSX cell must hold it: characters XML cannot carry (a carriage return
    would come back as a line feed) written as OOXML's _xHHHH_, and a literal _xHHHH_ kept."""
    value = _OOXML_ESCAPE.sub(r"_x005F_\1", value)
    return _OOXML_CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)


def _xlsx_cell(ws, value, numeric: bool):
    """Numbers (in numeric columns) as numbers, sortable in Excel; everything else a typed string."""
    from openpyxl.cell.cell import Cell

    text = "" if value is None else str(value)
    if numeric and _NUMBER.fullmatch(text) and not re.match(r"-?0\d", text):
        cell = Cell(ws, value=float(text) if "." in text else int(text))
        if "." in text:  # shown as written: 93.00, not 93
            cell.number_format = "0." + "0" * len(text.split(".", 1)[1])
        return cell
    cell = Cell(ws, value=None)
    cell._value, cell.data_type = xlsx_text(text), "s"  # set directly: assigning a str starting with '=' makes a formula
    return cell


def write_xlsx(path: Path, title: str, sheets: list[tuple[str, list[str], list[list[str]]]],
               numeric: frozenset[str] = frozenset()) -> Path:
    """One worksheet per (name, columns, rows); values in the `numeric` columns become numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    wb.remove(wb.active)
    for name, columns, rows in sheets:
        ws = wb.create_sheet(name[:31])
        ws.append([_xlsx_cell(ws, c, False) for c in columns])
        for c in ws[1]:
            c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="EEEEEE")
        kinds = [col in numeric for col in columns]
        for r in rows:
            ws.append([_xlsx_cell(ws, v, kind) for v, kind in zip(r, kinds)])
        for i, col in enumerate(columns, 1):
            width = max([len(col)] + [len(str(r[i - 1])) for r in rows]) * 2 + 2
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(width, 60)
        ws.freeze_panes = "A2"
        # printed as the centre hands it out: A4 landscape, one page wide, the header on every page
        ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.print_title_rows = "1:1"
    wb.properties.title = title
    wb.properties.creator = "plcpub"
    fixed = dt.datetime(2000, 1, 1)  # reproducible files: no build time inside
    wb.properties.created = wb.properties.modified = fixed
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return normalise_zip(path)


def ods_text(value: str, style=None):
    """A typed string cell of an ODS sheet: never evaluated, and shown as written (LibreOffice keeps
    a literal tab or run of spaces; odfpy's <text:tab/> form is dropped in a spreadsheet cell)."""
    from odf.table import TableCell
    from odf.text import P

    cell = TableCell(valuetype="string", stylename=style) if style else TableCell(valuetype="string")
    cell.addElement(P(text=value))
    return cell
