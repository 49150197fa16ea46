"""Prefilled forms and import are inverses: every example community survives form → data."""
from __future__ import annotations

import pytest

from plcpub.forms.importer import to_submission
from plcpub.forms.prefill import submission_values
from plcpub.forms.spec import MEMBER_ROWS, application, schedule_rows


def as_pdf_values(plan, values: dict) -> dict:
    """What a PDF reader returns: the form's fields only, checked boxes as /on, radios by position."""
    names = {f.name for f in application(plan).all_fields()}
    out = {k: ("/on" if v == "on" else v) for k, v in values.items() if k in names}
    if "tier" in values:
        out["tier"] = f"/{[t.id for t in plan.tiers].index(values['tier'])}"
    return out


def fits(plan, sub) -> bool:
    return len(sub.members) <= MEMBER_ROWS and len(sub.schedule) <= schedule_rows(plan) and len(sub.outcomes) <= 3


def test_every_example_round_trips(project):
    checked = 0
    for sb in project.submissions:
        plan = project.plans[sb.sub.plan].plan
        if not fits(plan, sb.sub):
            continue
        res = to_submission(application(plan), plan, as_pdf_values(plan, submission_values(plan, sb.sub)))
        assert res.errors == [], (sb.id, res.errors)
        d, sub = res.data, sb.sub
        assert (d["name"], d["school"], plan.tier(d.get("tier")).id) == (sub.name, sub.school, plan.tier(sub.tier).id)
        assert (d.get("level"), d.get("tier") is None) == (sub.level, not plan.tiers_stated)
        assert [m["name"] for m in d["members"]] == [m.name for m in sub.members]
        assert [s["content"] for s in d["schedule"]] == [s.content for s in sub.schedule]
        assert [s["host"]["kind"] for s in d["schedule"]] == [s.host.kind for s in sub.schedule]
        assert sorted((b["item"], b["unit_price"]) for b in d["budget"]) == \
            sorted((plan.item(b.item).name, b.unit_price) for b in sub.budget)
        assert set(d.get("content_areas", [])) == set(sub.content_areas)  # the form lists choices in catalogue order
        checked += 1
    assert checked >= 30


@pytest.mark.slow
def test_prefilled_pdf_shows_values(project, tmp_path):
    import subprocess

    from plcpub.cli import main
    assert main(["--root", str(project.root), "forms", "--plan", "keelung-113", "--out", str(tmp_path), "--jobs", "2"]) == 0
    pdf = tmp_path / "keelung-113" / "173603-steam-handson-application.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "STEAM 實作社群" in text and "張家瑋" in text and "新臺幣" in text
    from odf import teletype
    from odf.opendocument import load
    odt = teletype.extractText(load(str(pdf.with_suffix(".odt"))).text)  # the editable copy, prefilled alike
    assert "STEAM 實作社群" in odt and "張家瑋" in odt and "新臺幣" in odt


@pytest.mark.slow
def test_school_summary_sheet_totals(project, tmp_path):
    import subprocess

    from plcpub.cli import main
    assert main(["--root", str(project.root), "forms", "--plan", "hsinchu-111", "--out", str(tmp_path), "--jobs", "1"]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "hsinchu-111" / "school-183601-summary.pdf"), "-"],
                          capture_output=True, text=True).stdout
    assert "晨光國小" in text and "數學探究素養社群" in text and "正向管教與班級經營社群" in text
    assert "10,776元" in text and "新臺幣壹萬零柒佰柒拾陸元整" in text
    assert not (tmp_path / "hsinchu-111" / "school-183605-summary.pdf").exists()  # only a draft there


def test_every_example_round_trips_through_odt(project, tmp_path):
    """Prefilled ODT → read back → the same fields, for every example (extra rows included)."""
    from plcpub.forms.odt import read_odt, write_odt
    from plcpub.forms.prefill import prefilled

    checked = 0
    for sb in project.submissions:
        plan = project.plans[sb.sub.plan].plan
        spec = application(plan)
        odt = write_odt(prefilled(spec, plan, sb.sub), tmp_path / f"{sb.id}.odt")
        marker, values, grown = read_odt(odt, spec)
        assert marker == spec.marker
        expected = submission_values(plan, sb.sub)
        assert {k: v for k, v in values.items() if v} == {k: v for k, v in expected.items() if v}, sb.id
        res = to_submission(grown, plan, values)
        assert res.errors == [], (sb.id, res.errors)
        assert [m["name"] for m in res.data["members"]] == [m.name for m in sb.sub.members]
        assert len(res.data["schedule"]) == len(sb.sub.schedule)
        checked += 1
    assert checked == len(project.submissions)


def test_every_example_budget_sheet_reads_back(project, tmp_path):
    """Prefilled ODS → read back without any spreadsheet program: same lines, NHI computed like the formula."""
    from plcpub.forms.importer import ImportResult, budget_lines
    from plcpub.forms.ods import read_budget_sheet, sheet_marker, write_budget_sheet

    for sb in project.submissions:
        plan = project.plans[sb.sub.plan].plan
        marker, name, values = read_budget_sheet(write_budget_sheet(plan, tmp_path / f"{sb.id}.ods", sb.sub), plan)
        assert (marker, name) == (sheet_marker(plan), sb.sub.name)
        res = ImportResult()
        lines = budget_lines(plan, lambda k: values.get(k, "").strip(), res)
        assert res.errors == []
        assert sorted((b["item"], b["unit_price"]) for b in lines) == \
            sorted((plan.item(b.item).name, b.unit_price) for b in sb.sub.budget), sb.id


def test_two_lines_of_one_item_print_as_one_row_that_adds_up(project):
    """The form has one row per budget item: a community with two 印刷費 lines gets a row whose
    total is both lines' and whose note lists each, so the printed figures add up; importing
    that row back is an error, never a silent fold (merge refuses too)."""
    from decimal import Decimal

    plan = project.plans["hsinchu-111"].plan
    sub = next(sb.sub for sb in project.submissions_of("hsinchu-111") if any(b.item == "印刷費" for b in sb.sub.budget))
    line = next(b for b in sub.budget if b.item == "印刷費")
    extra = line.model_copy(update={"quantity": Decimal(3), "unit_price": line.unit_price - 10})
    two = sub.model_copy(update={"budget": [*sub.budget, extra]})
    v = submission_values(plan, two)
    key = "b_printing"
    assert int(v[f"{key}_total"]) == line.amount + extra.amount
    assert v[f"{key}_note"].startswith(f"本項 2 列：{line.quantity:f}份×{line.unit_price}元；3份×{extra.unit_price}元")
    rows = [int(x) for k, x in v.items() if k.startswith("b_") and k.endswith("_total") and x]
    assert sum(rows) == int(v["budget_total"]) == sum(b.amount for b in two.budget)
    res = to_submission(application(plan), plan, as_pdf_values(plan, v))
    assert any("印刷費" in e for e in res.errors)
