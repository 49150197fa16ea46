"""Issue #19, item 4: a 獎狀 typeset as one is typeset. Read as PDFium (Chrome's engine) lays out
its lines, no line break falls inside the award, the city and year, the issuer, the signatory, a
school or a person's name, on every certificate of every plan; the document number, signatory
and a marked seal area come from the plan. Slow: builds certificates."""
from __future__ import annotations

from pathlib import Path

import pytest

from plcpub.load.project import load_project
from plcpub.render.review.outputs import certificates, write_review
from plcpub.review import plan_review

from .conftest import ROOT, project_copy
from .pdfview import ink, page_view, render

pytestmark = pytest.mark.slow


def pdfium_lines(pdf: Path) -> list[list[str]]:
    """Each page's lines of text as PDFium reads them (spaces dropped: letter-spacing inserts them)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [[line.replace(" ", "") for line in page.get_textpage().get_text_range().splitlines() if line.strip()]
                for page in doc]
    finally:
        doc.close()


def broken(lines: list[str], phrase: str) -> bool:
    """True when a line break falls inside an occurrence of `phrase` in the page's text."""
    text, ends, at = "".join(lines), set(), 0
    for line in lines:
        at += len(line)
        ends.add(at)
    start = text.find(phrase)
    while start >= 0:
        if any(start < end < start + len(phrase) for end in ends):
            return True
        start = text.find(phrase, start + 1)
    return False


def protected(cert: dict) -> list[str]:
    return [p for p in [cert["school"], cert["edition"], cert["award"], cert["issuer"], cert["signatory"],
                        cert["number"], *[m.split("（")[0] for m in cert["members"]]] if p]


def check_every_certificate(root: Path) -> int:
    project = load_project(root)
    checked = 0
    for pb in project.plans.values():
        pr = plan_review(project, pb)
        certs = certificates(pb, pr) if pb.plan.awards and pr.results and pr.results.groups else []
        if not certs:
            continue
        pdf = root / "site" / pb.plan.id / "results" / f"{pb.plan.id}-certificates.pdf"
        pages = pdfium_lines(pdf)
        assert len(pages) == len(certs), pdf
        for cert, lines in zip(certs, pages):
            text = "".join(lines)
            for phrase in protected(cert):
                assert phrase.replace(" ", "").replace("\u3000", "") in text.replace("\u3000", ""), (cert["id"], phrase)
                assert not broken(lines, phrase.replace(" ", "")), (cert["id"], phrase, lines)
            checked += 1
    return checked


def test_no_line_break_inside_a_name_on_any_certificate(built):
    assert check_every_certificate(built.parent) >= 6


def test_number_signatory_and_seal_come_from_the_plan_and_long_names_stay_whole(tmp_path):
    root = project_copy(tmp_path / "proj")
    plan = root / "plans" / "taoyuan-111" / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace(
        "  # certificate: {number: 桃教專字第###號, first_number: 1, signatory: {title: 局長, name: 姓名}}",
        "  certificate: {number: 112桃教專字第###號, first_number: 7, signatory: {title: 教育局局長, name: 歐陽司馬瑜}}"),
        "utf-8")
    project = load_project(root)
    pb = project.plans["taoyuan-111"]
    write_review(project, pb, root / "site")
    assert check_every_certificate(root) == 6
    pdf = root / "site" / "taoyuan-111" / "results" / "taoyuan-111-certificates.pdf"
    first, second = pdfium_lines(pdf)[:2]
    assert "112桃教專字第007號" in "".join(first) and "112桃教專字第008號" in "".join(second)
    page = page_view(pdf, 1)
    number, title, signatory = page.find("112桃教專字第007號"), page.find("獎"), page.find("歐陽司馬瑜")
    assert number.y1 < title.y0 and number.x1 > page.width * 0.7  # the number above the title, at the right
    award = page.find("初階社群國小組特優")
    assert abs(award.cx - page.width / 2) < 20  # the award centred on a line of its own
    assert signatory.y0 > award.y1 and page.find("中華民國").y0 > signatory.y1
    img = render(pdf, 1, ROOT / "tests" / "artifacts" / "certificate-signed", dpi=60)
    seal = page.find("用印處")
    box = (seal.cx / page.width + 0.02, seal.cy / page.height - 0.05, seal.cx / page.width + 0.06, seal.cy / page.height + 0.05)
    assert seal.x0 > signatory.x1 and ink(img, box) > 0.002  # the seal area's dashed frame, beside the signatory
