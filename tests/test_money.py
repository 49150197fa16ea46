"""Issue #20, item 3: money after approval. Actual spending (spending.yaml) is checked by the
budget's own rules at each line's date, held to the grant and to the approved items under the
plan's transfer rule (Hsinchu 捌、三、(一)(四)); the accounting workbook lists granted next to
requested, spent and the balance, with totals by tier, level, district and school."""
from __future__ import annotations

import dataclasses
import datetime as dt

from openpyxl import load_workbook

from plcpub.cli import main
from plcpub.model.submission import SpendingReport
from plcpub.review.money import accounts, overspent, totals
from plcpub.util.rocdate import RocDate
from plcpub.validate.rules import Ctx, load_all_rules, run_rules

from .conftest import project_copy

PLAN = "hsinchu-111"


def bundle(project, folder: str):
    return next(sb for sb in project.submissions_of(PLAN) if sb.id == folder)


def findings(project, sb, prefix="spending."):
    load_all_rules()
    return [d for d in run_rules(Ctx(project, project.plans[PLAN], sb), "submission") if d.rule.startswith(prefix)]


def spent(sb, **changes):
    """`sb` with its spending lines changed: {item name: (quantity, unit price)}."""
    lines = [line.model_copy(update=dict(zip(("quantity", "unit_price"), changes[line.item])))
             if line.item in changes else line for line in sb.spending.budget]
    return dataclasses.replace(sb, spending=sb.spending.model_copy(update={"budget": lines, "returned": None}))


def test_the_example_spending_passes_and_offsets_within_its_group(project):
    """英語繪本共讀社群 spent 240 less on printing and 200 more on materials: one group (捌、三、(四))."""
    sb = bundle(project, "183604-picture-books")
    assert isinstance(sb.spending, SpendingReport) and findings(project, sb) == []
    plan = project.plans[PLAN].plan
    assert overspent(plan, sb.sub.budget, sb.spending.budget) == []


def test_an_item_outside_any_group_is_spent_as_approved(project):
    """講座交通費 is 覈實支應: 100 more on it is over its approval even with money left elsewhere."""
    sb = spent(bundle(project, "183604-picture-books"), 講座交通費=(2, 450), 雜支=(1, 380))
    found = findings(project, sb)
    assert [d.rule for d in found] == ["spending.over-item"]
    assert "講座交通費" in found[0].message and "覈實支應" in found[0].message and found[0].file.endswith("spending.yaml")


def test_a_group_overspent_together_cites_the_transfer_clause(project):
    sb = spent(bundle(project, "183604-picture-books"), 印刷費=(24, 70))
    found = [d for d in findings(project, sb) if d.rule == "spending.over-item"]
    assert len(found) == 1 and "可相互勻支" in found[0].message and "捌、三、(四)" in found[0].clause


def test_spent_lines_meet_the_national_standards_of_their_own_date(project):
    """A lecture paid on 106年12月20日 falls under the earlier table (per hour, external 1,600)."""
    sb = bundle(project, "183604-picture-books")
    lines = [line.model_copy(update={"date": RocDate(dt.date(2017, 12, 20), None, "106年12月20日")})
             if line.item == "外聘講座鐘點費" else line for line in sb.spending.budget]
    early = dataclasses.replace(sb, spending=sb.spending.model_copy(update={"budget": lines}))
    messages = [d.message for d in findings(project, early) if d.rule == "spending.standards"]
    assert any("1,600元" in m and m.startswith("實支：") for m in messages), messages


def test_more_than_granted_and_a_wrong_balance_are_named(project):
    sb = bundle(project, "183502-chinese-reading")
    less = dataclasses.replace(sb, sub=sb.sub.model_copy(update={"granted": 8000}))
    rules = {d.rule for d in findings(project, less)}
    assert {"spending.over-granted", "spending.balance"} <= rules


def test_accounts_put_granted_beside_requested_with_totals(project):
    rows = accounts(project.plans[PLAN], project.submissions_of(PLAN))
    assert all(project.plans[PLAN].plan.status(bundle(project, a.community).sub.status).funded for a in rows)
    books = next(a for a in rows if a.community == "183604-picture-books")
    assert (books.requested, books.granted, books.spent, books.balance, books.returned) == (10504, 10504, 10344, 160, 160)
    by_tier = totals(rows, lambda a: a.tier)
    assert by_tier[-1][0] == "合計" and by_tier[-1][1] == len(rows)
    assert sum(row[4] for row in by_tier[:-1]) == by_tier[-1][4] == sum(a.granted for a in rows)
    assert by_tier[-1][7] == 340  # returned: 180 + 160


def test_the_accounts_command_writes_a_private_workbook(tmp_path, capsys):
    root = project_copy(tmp_path / "proj")
    assert main(["--root", str(root), "accounts", "--plan", PLAN]) == 0
    out = capsys.readouterr().out
    assert "已核銷 2 個" in out
    book = load_workbook(root / "private" / f"accounts-{PLAN}.xlsx")
    assert book.sheetnames == ["社群明細", "依類別", "依學制", "依行政區", "依學校"]
    rows = list(book["社群明細"].iter_rows(values_only=True))
    header, books = rows[0], next(r for r in rows if r[6] == "英語繪本共讀社群")
    assert dict(zip(header, books))["結餘款"] == 160 and isinstance(dict(zip(header, books))["核定金額"], int)
    districts = list(book["依行政區"].iter_rows(values_only=True))
    assert districts[-1][0] == "合計" and districts[-1][1] == len(rows) - 1
    assert not (root / "site").exists() or not list((root / "site").rglob("accounts*"))
