"""The plcpub marker in an OpenDocument file's custom properties (ODT forms, ODS sheets): written
when the file is made, read first when it comes back, so a foreign or another plan's file is
refused before any table is read. LibreOffice and Word keep custom properties on save."""
from __future__ import annotations

from odf import teletype
from odf.meta import UserDefined

MARKER_PROPERTY = "plcpubform"


def set_marker(doc, marker: str) -> None:
    doc.meta.addElement(UserDefined(name=MARKER_PROPERTY, valuetype="string", text=marker))


def read_marker(doc) -> str | None:
    return next((teletype.extractText(u).strip() for u in doc.meta.getElementsByType(UserDefined)
                 if u.getAttribute("name") == MARKER_PROPERTY), None)
