"""Issue #20, item 4: the year's report. Figures per plan — communities and teachers by tier,
level and district, cross-school communities and schools reached, meetings and public lessons,
funds, outcome uploads on time — on the site (public figures) with a roll-up on the home page,
and privately as an XLSX and a short A4 PDF with charts."""
from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from plcpub.cli import main
from plcpub.model.derived import granted_amount
from plcpub.review.report import plan_report

from .conftest import project_copy
from .pdfview import pdfium_text_lines, render

PLAN = "hsinchu-111"


def test_the_figures_count_funded_communities_and_distinct_teachers(project):
    pb = project.plans[PLAN]
    subs = project.submissions_of(PLAN)
    funded = [sb for sb in subs if pb.plan.status(sb.sub.status).funded]
    r = plan_report(pb, subs, public=False)
    assert r.communities == len(funded) == sum(r.by_tier.communities.values()) == sum(r.by_district.communities.values())
    people = {(p.name, p.school or sb.sub.school) for sb in funded for p in sb.sub.everyone()}
    assert r.teachers == len(people)
    assert r.granted == sum(granted_amount(pb.plan, sb.sub) for sb in funded)
    assert r.meetings == sum(len(sb.outcome.meetings) for sb in funded if sb.outcome)
    assert r.spent == sum(sb.spending.total for sb in funded if sb.spending) and r.returned == 340
    assert r.cross_school == sum(1 for sb in funded if sb.sub.cross_school or len(sb.sub.all_schools()) > 1)


def test_the_public_figures_leave_out_spending_and_unpublished_communities(project):
    pb = project.plans[PLAN]
    public = plan_report(pb, project.submissions_of(PLAN), public=True)
    assert public.spent is None and not any("實支" in label for label, _ in public.figures)
    hidden = [sb for sb in project.submissions_of(PLAN) if pb.plan.status(sb.sub.status).funded
              and not pb.plan.workflow.publication(pb.plan.status(sb.sub.status), pb.plan.story_statuses).page]
    assert public.communities == plan_report(pb, project.submissions_of(PLAN), public=False).communities - len(hidden)


@pytest.mark.slow
def test_the_site_shows_the_report_and_the_home_page_rolls_it_up(built, project):
    stats = (built / PLAN / "stats" / "index.html").read_text("utf-8")
    r = plan_report(project.plans[PLAN], project.submissions_of(PLAN), public=True)
    for label, value in r.figures:
        assert re.search(rf"<th[^>]*>{re.escape(label)}</th><td[^>]*>{re.escape(value)}</td>", stats), label
    home = (built / "index.html").read_text("utf-8")
    rollup = home[home.index('id="report-rollup"'):]
    rollup = rollup[:rollup.index("</table>")]
    total = sum(plan_report(pb, project.submissions_of(i), public=True).communities for i, pb in project.plans.items())
    assert re.search(rf'<th scope="row">合計</th><td[^>]*>{total}</td>', rollup)
    assert "實支" not in rollup and "結餘" not in rollup


@pytest.mark.slow
def test_the_private_report_is_an_xlsx_and_a_short_a4_pdf_with_charts(tmp_path, capsys):
    root = project_copy(tmp_path / "proj")
    assert main(["--root", str(root), "report", "--plan", PLAN]) == 0
    capsys.readouterr()
    book = load_workbook(root / "private" / f"report-{PLAN}.xlsx")
    assert book.sheetnames == ["總表", "依類別", "依學制", "依行政區"]
    figures = {row[1]: row[2] for row in book["總表"].iter_rows(min_row=2, values_only=True)}
    assert figures["實支（已核銷）"] == "19,148 元" and figures["繳回結餘款"] == "340 元"
    pdf = root / "private" / f"report-{PLAN}.pdf"
    lines = [line.text.replace(" ", "") for page in (1, 2) for line in pdfium_text_lines(pdf, page)]
    assert any("新竹市111學年度教師專業學習社群成果統計" in line for line in lines)
    assert any(line.startswith("核定社群") and line.endswith("8個") for line in lines)
    assert any("各行政區教師數" in line for line in lines)
    from pypdf import PdfReader
    pages = PdfReader(str(pdf)).pages
    assert len(pages) <= 3 and all(round(float(p.mediabox.width)) == 595 for p in pages)  # A4
    img = render(pdf, 1, tmp_path / "report-1", dpi=40)
    bars = sum(1 for x in range(img.width) for y in range(img.height // 2, img.height)
               if img.getpixel((x, y)) in {(47, 111, 173), (61, 140, 110)})  # the charts' bar colours
    assert bars > 100  # the charts start on the first page, under the figures
