"""One rule kind, one answer: every percentage rule of every plan, on each base (operating,
total, categories) and both kinds (a cap, a fixed share), over amounts at .5, is decided the same
by the check, by the budget sheet's formulas as LibreOffice recalculates them, and said the same
on the rules page. Slow: runs LibreOffice once over all the sheets."""
from __future__ import annotations

import csv
import dataclasses
import shutil
import subprocess
from decimal import Decimal

import pytest

from plcpub.forms.ods import budget_rows, write_budget_sheet
from plcpub.model.budget import percent_text
from plcpub.model.derived import item_amounts, percent_base, percent_of
from plcpub.model.submission import BudgetLine
from plcpub.render.site.pages import plan_site
from plcpub.validate.rules import Ctx, load_all_rules, run_rules

pytestmark = pytest.mark.slow
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
RULE_OF_KIND = {"max": "budget.misc-percent", "exact": "budget.nhi-premium"}


def variants(project):
    """(plan bundle, submission bundle, rule) for every percentage rule of every plan on every base."""
    for pid, pb in sorted(project.plans.items()):
        sb = next(s for s in project.submissions_of(pid))
        for pr in pb.plan.budget.percent_rules:
            for base in ("operating", "total", "categories"):
                cats = pr.of_categories or ["lecturer-fee", "printing"]
                rule = pr.model_copy(update={"base": base, "of_categories": cats if base == "categories" else []})
                budget = pb.plan.budget.model_copy(update={"percent_rules": [rule]})
                plan = pb.plan.model_copy(update={"budget": budget})
                yield dataclasses.replace(pb, plan=plan), sb, rule


def with_budget(pb, sb, rule, own: int | None):
    """The submission with two base lines (one at .5: 2.5 × 301 = 752.5) and, unless None, the
    rule's own item at `own` dollars."""
    items = pb.plan.budget.items
    percent_items = {r.item for r in pb.plan.budget.percent_rules}
    base = [o for o in rule.base_items(items) if o.id not in percent_items][:2]
    lines = [BudgetLine(item=base[0].name, quantity=Decimal("2.5"), unit_price=301)] if base else []
    lines += [BudgetLine(item=o.name, quantity=Decimal(1), unit_price=1999) for o in base[1:]]
    if own is not None:
        lines.append(BudgetLine(item=pb.plan.item(rule.item).name, quantity=Decimal(1), unit_price=own))
    return dataclasses.replace(sb, sub=sb.sub.model_copy(update={"budget": lines}))


def cases(pb, sb, rule):
    """Own amounts around the rule's bound, as the rule kind computes it."""
    trial = with_budget(pb, sb, rule, 0)
    pct = percent_of(pb.plan, rule)
    if rule.kind == "max":
        bound = rule.bound(percent_base(pb.plan, rule, item_amounts(pb.plan, trial.sub)), pct)
        return [bound, bound + 1] if bound > 0 else [1]
    return [None]  # a fixed share: the sheet computes it; the check compares a line against it


def test_check_sheet_and_rules_page_agree_on_every_percentage_rule(project, tmp_path):
    if SOFFICE is None:
        pytest.fail("LibreOffice is not installed: run `bash dev.sh test`, which installs it")
    load_all_rules()
    table = []
    for pb, sb, rule in variants(project):
        for own in cases(pb, sb, rule):
            case = with_budget(pb, sb, rule, own)
            name = f"{pb.plan.id}-{rule.id}-{rule.base}-{own}"
            write_budget_sheet(pb.plan, tmp_path / f"{name}.ods", case.sub)
            table.append((name, pb, case, rule, own))
    assert len({(pb.plan.id, rule.base, rule.kind) for _, pb, _, rule, _ in table}) >= 15
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "csv"),
                    *(str(tmp_path / f"{name}.ods") for name, *_ in table)], check=True, capture_output=True, timeout=600)
    for name, pb, case, rule, own in table:
        rows = list(csv.reader((tmp_path / "csv" / f"{name}.csv").read_text("utf-8").splitlines()))
        row = rows[budget_rows(pb.plan)[rule.item] - 1]
        pct = percent_of(pb.plan, rule)
        found = [d for d in run_rules(Ctx(project, pb, case), "submission") if d.rule == RULE_OF_KIND[rule.kind]]
        base = percent_base(pb.plan, rule, item_amounts(pb.plan, case.sub))
        if rule.kind == "max":  # the sheet's flag column says what the check says
            assert (row[6] == "超過上限") == bool(found), (name, row, [d.message for d in found])
        else:  # the sheet's computed share is the amount the check expects
            assert int(float(row[4])) == rule.bound(base, pct), (name, row, base)
        for d in found:  # and the check words it as the rule kind does
            assert percent_text(pct) in d.message and rule.base_words(pb.plan.budget.items) in d.message, d.message
        page = plan_site(pb, project).budget_rules
        assert rule.sentence(pb.plan.budget.items, pct) + "。" in page, (name, page)


def test_line_amounts_round_the_same_everywhere():
    from plcpub.model.submission import DetailLine
    line = BudgetLine(item="x", quantity=Decimal("2.5"), unit_price=301)
    detail = DetailLine(name="x", quantity=Decimal("2.5"), unit_price=301)
    assert line.amount == detail.amount == 753  # 752.5: .5 up, for budget lines and their detail lines alike


def test_unit_price_caps_read_the_same_on_the_site_and_the_forms(project):
    """A unit-price cap is worded by its budget item once: the rules page's table and the 說明
    that forms and sheets print beside the row say the same words."""
    from plcpub.model.derived import item_hint

    seen = 0
    for pb in project.plans.values():
        table = {row[0]: row[3] for row in plan_site(pb, project).budget_items}
        for it in pb.plan.budget.items:
            caps = it.unit_price_caps()
            assert table[it.name] == ("；".join(caps) or "—")
            assert all(c in item_hint(pb.plan, it) for c in caps)
            seen += bool(caps)
    assert seen >= 2  # Hsinchu's 印刷費 and 膳費 at least
