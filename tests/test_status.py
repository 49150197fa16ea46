"""Issue #20, item 1: the centre's duties on a day (`status`). Every deadline of every seed plan
is tried the day before, on the day and the day after: a duty shows as due (剩 1 天, 今天到期)
until its day is over and as overdue from the next day, whether or not a status change has been
recorded yet."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from plcpub.cli import main
from plcpub.model.submission import HistoryEntry
from plcpub.review.duties import plan_day
from plcpub.util.rocdate import RocDate

from .conftest import project_copy

DAY = dt.timedelta(days=1)


def entry(status: str, day: dt.date) -> HistoryEntry:
    return HistoryEntry(date=RocDate(day, None, day.isoformat()), status=status)


def with_state(sb, status, history, outcome=None, story=None, documents=None):
    sub = sb.sub.model_copy(update={"status": status.name, "history": history, "documents": documents or []})
    return dataclasses.replace(sb, sub=sub, outcome=outcome, story=story)


def deadlines(pb, sb):
    """(what, deadline, the submission in a state that leaves the duty open, the duty's kind)
    for every deadline the plan states: decision and revision dates, upload dates, clocks, and
    the documents a status needs."""
    plan = pb.plan
    statuses = plan.workflow.statuses
    pending = next((s for s in statuses if s.pending and s.stage != "revise"), None)
    revise = next((s for s in statuses if s.stage == "revise"), None)
    funded = next((s for s in statuses if s.funded and s.stage != "closed"), None)
    found = []
    for m in plan.timeline:
        due = m.closes.date()
        if m.duty == "decision" and pending:
            found.append((m.name, due, with_state(sb, pending, [entry(pending.name, due - 30 * DAY)]), "decision"))
        if m.duty == "revision" and revise:
            found.append((m.name, due, with_state(sb, revise, [entry(revise.name, due - 7 * DAY)]), "revision"))
        if m.duty in ("midterm", "final", "story") and funded:
            found.append((m.name, due, with_state(sb, funded, [entry(funded.name, due - 90 * DAY)]), "missing"))
    for clock in plan.workflow.clocks:
        if clock.start_status:
            start = plan.status(clock.start_status)
            began = plan.execution.start.date
            found.append((clock.name, began + clock.days * DAY, with_state(sb, start, [entry(start.name, began)]), "revision"))
        else:
            found.append((clock.name, plan.execution.end.date + clock.days * DAY,
                          with_state(sb, funded, [entry(funded.name, plan.execution.start.date)]), "closing"))
    return found


def test_every_deadline_of_every_seed_plan_falls_due_on_its_day(project):
    kinds = set()
    for plan_id, pb in project.plans.items():
        sb = project.submissions_of(plan_id)[0]
        for what, due, state, kind in deadlines(pb, sb):
            kinds.add(kind)
            shown = {}
            for offset in (-1, 0, 1):
                day = plan_day(pb, [state], due + offset * DAY)
                mine = [d for d in day.of(kind) if what in d.what and d.due == due]
                shown[offset] = mine
                if kind == "missing" and offset < 1:
                    assert mine == [], (plan_id, what, offset)  # not missing before its day is over
                    assert any(what in d.what for d in day.of("upcoming")), (plan_id, what, offset)
                    continue
                assert mine, (plan_id, what, offset, [d.what for d in day.duties])
                assert all(d.overdue == (offset == 1) for d in mine), (plan_id, what, offset)
                assert mine[0].state == {-1: "剩 1 天", 0: "今天到期", 1: "已逾期 1 天"}[offset]
                if offset < 1:
                    assert any(what in d.what and d.due == due for d in day.of("upcoming")), (plan_id, what, offset)
            assert shown[1][0].clause, (plan_id, what)  # every duty cites the plan
    assert kinds == {"decision", "revision", "missing", "closing"}


def test_a_case_returned_for_revision_is_overdue_while_nothing_was_recorded(project):
    """Keelung: 10 days from 審查說明會後退回修改; the case is still in that status on day 11."""
    pb = project.plans["keelung-113"]
    sb = project.submissions_of("keelung-113")[0]
    returned = pb.plan.status("returned")
    state = with_state(sb, returned, [entry(returned.name, dt.date(2024, 5, 20))])
    late = plan_day(pb, [state], dt.date(2024, 5, 31)).of("revision")
    assert any("10日內" in d.what and d.overdue and d.days == 1 and d.clause == "玖、四" for d in late)
    # the stamped budget sheet is still to come (步驟7), named in the plan's one sentence for it
    assert any(pb.plan.document_rule(pb.plan.workflow.documents[0]) in d.what for d in late)


def test_a_stamped_budget_sheet_missing_after_approval_is_named(project):
    pb = project.plans["keelung-113"]
    sb = next(sb for sb in project.submissions_of("keelung-113") if sb.sub.documents)
    bare = dataclasses.replace(sb, sub=sb.sub.model_copy(update={"documents": []}))
    missing = plan_day(pb, [bare], dt.date(2024, 6, 1)).of("missing")
    assert [d.clause for d in missing if "經費概算表" in d.what] == ["玖、五 步驟7"]
    assert not [d for d in plan_day(pb, [sb], dt.date(2024, 6, 1)).of("missing") if "經費概算表" in d.what]


def test_a_plan_without_a_decision_date_says_how_long_a_case_has_waited(project):
    plan_id = next(i for i, pb in project.plans.items() if not pb.plan.duties("decision")
                   and any(s.pending and s.stage != "revise" for s in pb.plan.workflow.statuses))
    pb = project.plans[plan_id]
    pending = next(s for s in pb.plan.workflow.statuses if s.pending and s.stage != "revise")
    state = with_state(project.submissions_of(plan_id)[0], pending, [entry(pending.name, dt.date(2020, 10, 1))])
    waiting = plan_day(pb, [state], dt.date(2020, 10, 13)).of("decision")
    assert [d.state for d in waiting] == ["已等待 12 天"]


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    return project_copy(tmp_path_factory.mktemp("status") / "proj")


def test_the_command_writes_text_json_xlsx_and_private_pages(copy, capsys):
    assert main(["--root", str(copy), "status", "--plan", "keelung-113", "--today", "114年8月15日"]) == 0
    text = capsys.readouterr().out
    assert "【待結案】" in text and "已逾期 1 天" in text and "玖、五 步驟10" in text
    assert main(["--root", str(copy), "status", "--today", "114年8月15日", "--format", "json"]) == 0
    days = json.loads(capsys.readouterr().out)
    keelung = next(d for d in days if d["plan"] == "keelung-113")
    closing = [d for d in keelung["duties"] if d["kind"] == "closing"]
    assert closing and all(d["overdue"] and d["due_roc"].startswith("114年8月14日") for d in closing)
    assert main(["--root", str(copy), "status", "--today", "114年8月15日", "--format", "xlsx", "--html", "office"]) == 0
    out = capsys.readouterr().out
    sheet = load_workbook(copy / "private" / "status-2025-08-15.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("計畫", "類別", "案件編號")
    assert len(rows) - 1 == sum(len(d["duties"]) for d in days)
    assert "private" in out
    page = (copy / "office" / "keelung-113.html").read_text("utf-8")
    assert 'name="robots" content="noindex' in page and "已逾期 1 天" in page and "燈塔國小" in page
    index = (copy / "office" / "index.html").read_text("utf-8")
    assert all(f'href="{d["plan"]}.html"' in index for d in days)
    for text in (page, index, json.dumps(days, ensure_ascii=False)):
        assert "@example" not in text and "02-2" not in text  # phones and e-mails stay in the data


def test_bad_input_is_a_clear_error(copy, capsys):
    assert main(["--root", str(copy), "status", "--today", "113年2月30日"]) == 2
    assert "不存在" in capsys.readouterr().err
    assert main(["--root", str(copy), "status", "--plan", "nowhere-000"]) == 2
    assert "找不到計畫" in capsys.readouterr().err


@pytest.mark.slow
def test_the_private_page_reads_on_a_phone_and_a_desk(copy, browser, capsys):
    """Chromium at 390 px: no sideways scrolling, each duty a labelled card with its overdue
    colour; at 1280 px one table row per duty."""
    assert main(["--root", str(copy), "status", "--today", "114年8月15日", "--html", "office"]) == 0
    capsys.readouterr()
    url = (copy / "office" / "keelung-113.html").as_uri()
    for width in (390, 1280):
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        rows = page.locator("tr.overdue")
        assert rows.count() == 4
        box, school = rows.first.bounding_box(), rows.first.locator("td").nth(1).bounding_box()
        if width == 390:
            assert school["y"] > box["y"] + 5 and school["width"] > 300  # stacked: the school on its own line
            label = page.evaluate("getComputedStyle(document.querySelector('tr.overdue td:nth-child(2)'), '::before').content")
            assert "學校" in label  # each line says what it is
        else:
            assert abs(school["y"] - box["y"]) < 2 and box["height"] < 50  # one line per duty
        colour = page.evaluate("getComputedStyle(document.querySelector('tr.overdue td')).backgroundColor")
        assert colour == "rgb(254, 226, 226)"
        page.close()


@pytest.mark.slow
def test_the_timeline_page_states_the_documents_a_status_needs(built, project):
    """The plan's 步驟7 is on its public timeline, as the plan words it, with its clause."""
    page = (built / "keelung-113" / "timeline" / "index.html").read_text("utf-8")
    doc = project.plans["keelung-113"].plan.workflow.documents[0]
    rule = project.plans["keelung-113"].plan.document_rule(doc)
    assert "前須上傳「" in rule and f"{rule}（{doc.clause}）" in page
