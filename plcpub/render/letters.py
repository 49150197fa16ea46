"""A decision letter (review/decisions.Letter) as the school receives it: a PDF and an editable
ODT (the centre may add its document number and stamp before sending), and an e-mail (.eml)
to the school's contact with both attached. Every format reads the same Letter."""
from __future__ import annotations

import email.utils
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from plcpub.forms.pdf import render_template, write_pdf
from plcpub.review.decisions import Letter
from plcpub.util.reproducible import normalise_zip

TEMPLATE = "decision.html"
ODT_FONT = "Noto Serif CJK TC"


def write_letter_pdf(letter: Letter, target: Path, templates: list[Path], template: str = TEMPLATE) -> Path:
    """`template` is looked up in `templates` in order (the plan's folder first when it names one)."""
    return write_pdf(render_template(template, templates, letter=letter), target, fillable=False, allowed=[])


def write_letter_odt(letter: Letter, target: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.style import FontFace, ParagraphProperties, Style, TextProperties
    from odf.text import P, Span

    doc = OpenDocumentText()
    doc.fontfacedecls.addElement(FontFace(name=ODT_FONT, fontfamily=f"'{ODT_FONT}'", fontfamilygeneric="roman",
                                          fontpitch="variable"))

    def style(name: str, size: str, align: str = "start", bold: bool = False, top: str = "0cm") -> Style:
        st = Style(name=name, family="paragraph")
        st.addElement(ParagraphProperties(textalign=align, margintop=top, marginbottom="0.1cm"))
        st.addElement(TextProperties(fontname=ODT_FONT, fontnameasian=ODT_FONT, fontsize=size, fontsizeasian=size,
                                     fontweight="bold" if bold else "normal",
                                     fontweightasian="bold" if bold else "normal"))
        doc.automaticstyles.addElement(st)
        return st

    title, body, right = style("Title", "18pt", "center", True), style("Body", "13pt"), style("Sender", "13pt", "end", top="1cm")
    label = Style(name="Label", family="text")
    label.addElement(TextProperties(fontweight="bold", fontweightasian="bold"))
    doc.automaticstyles.addElement(label)

    def line(style_, head: str | None, text: str) -> None:
        p = P(stylename=style_)
        if head:
            p.addElement(Span(stylename=label, text=head))
        p.addText(text)
        doc.text.addElement(p)

    line(title, None, f"{letter.sender}　函")
    line(body, "受文者：", letter.recipient)
    line(body, "發文日期：", letter.date_roc)
    line(body, "主旨：", letter.subject)
    line(body, "說明：", "")
    for number, point in letter.numbered:
        line(body, None, f"{number}{point}")
    line(right, None, letter.sender)
    if letter.signatory:
        line(right, None, letter.signatory)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return normalise_zip(target)


def letter_email(letter: Letter, subject: str, sender: str | None, attachments: list[Path]) -> EmailMessage:
    """The e-mail to the school's contact: the letter as text, the PDF and ODT attached."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = subject
    msg["From"] = sender or letter.sender
    if letter.to:
        msg["To"] = ", ".join(letter.to)
    msg["Date"] = email.utils.format_datetime(email.utils.localtime())
    msg["Message-ID"] = email.utils.make_msgid(domain="plcpub.invalid")
    msg.set_content(letter.text)
    kinds = {".pdf": ("application", "pdf"), ".odt": ("application", "vnd.oasis.opendocument.text")}
    for path in attachments:
        main, sub = kinds[path.suffix]
        msg.add_attachment(path.read_bytes(), maintype=main, subtype=sub, filename=path.name)
    return msg
