"""forms/acroform.py, the one place that edits what WeasyPrint's AcroForm output holds: each repair
read back with pypdf, and the calculation scripts run in Node.js against util/money."""
from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from plcpub.forms.acroform import CALC_ORDER, calc_js
from plcpub.forms.render import write_plan_forms
from plcpub.forms.spec import application, budget_key
from plcpub.util.money import amount_in_words, whole_dollars

NODE = shutil.which("node")


def run_js(script: str):
    if NODE is None:
        pytest.fail("node is not installed: run `bash dev.sh test`, which installs it")
    out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_amounts_in_words_match_util_money():
    rng = random.Random(5)
    amounts = [0, 1, 10, 100, 1000, 10000, 10005, 10050, 100000, 101000, 1000001, 20000000, 100000000, 100010000,
               23400, 5100, 99999999, 123456789012] + [rng.randrange(0, 10**9) for _ in range(300)]
    helpers = calc_js("words:x").split("var v=")[0]
    got = run_js(helpers + f"console.log(JSON.stringify({json.dumps(amounts)}.map(plcWords)))")
    assert got == [amount_in_words(n) for n in amounts]


def test_calculation_scripts_give_what_import_recomputes(project):
    """Line totals, 合計 and 總計 as a viewer running the scripts in /CO order would fill them."""
    plan = project.plans["hsinchu-111"].plan
    spec = application(plan)
    calcs = [(f.name, f.calc) for f in spec.all_fields() if f.calc]
    typed = {}
    rng = random.Random(16)
    for it in plan.budget.items[:5]:
        typed[f"{budget_key(it)}_qty"] = str(rng.randrange(1, 40))
        typed[f"{budget_key(it)}_price"] = f"{rng.randrange(1, 3000):,}"  # thousands separators, as people type
    typed[f"{budget_key(plan.budget.items[0])}_qty"] = "2.5"
    order = CALC_ORDER
    script = "var values=" + json.dumps(typed, ensure_ascii=False) + ";" + "".join(
        "(function(){var event={};var self={getField:function(n){return {value: n in values ? values[n] : ''};}};"
        f"(function(){{{calc_js(calc)}}}).call(self);values[{json.dumps(name)}]=String(event.value);}})();"
        for name, calc in sorted(calcs, key=lambda c: order[c[1].split(':')[0]])) + \
        "console.log(JSON.stringify(values))"
    got = run_js(script)
    total = 0
    for it in plan.budget.items:
        key = budget_key(it)
        if f"{key}_qty" in typed:
            amount = whole_dollars(float(typed[f"{key}_qty"]) * int(typed[f"{key}_price"].replace(",", "")))
            assert got[f"{key}_total"] == str(amount), it.name
            total += amount
        else:
            assert got[f"{key}_total"] == "", it.name
    assert got["budget_total"] == str(total) and got["budget_words"] == amount_in_words(total)


@pytest.mark.slow
def test_the_written_form_has_groups_states_ticks_and_calculations(project, tmp_path):
    files = [p for e in write_plan_forms(project, project.plans["hsinchu-111"], tmp_path) for _, p in e.files]
    pdf = next(p for p in files if p.name == "hsinchu-111-application-fillable.pdf")
    reader = PdfReader(str(pdf))
    form = reader.trailer["/Root"]["/AcroForm"]
    fields = {str(f.get_object()["/T"]): f.get_object() for f in form["/Fields"]}
    tier = fields["tier"]  # one group, kids without names, states named by tier id
    assert "/Opt" not in tier and str(tier["/TU"]) == "申請類別"
    states = [sorted(str(k) for k in kid.get_object()["/AP"]["/N"]) for kid in tier["/Kids"]]
    assert states == [["/Off", f"/{t.id}"] for t in project.plans["hsinchu-111"].plan.tiers]
    assert all("/T" not in kid.get_object() for kid in tier["/Kids"])
    box = fields["school_curriculum"]  # a tick to draw with, an empty Off appearance
    assert "/ZaDb" in str(box["/DA"]) and str(box["/MK"]["/CA"]) == "4" and "/Off" in box["/AP"]["/N"]
    assert " gs" not in str(fields["community_name"]["/DA"])
    total = fields["budget_total"]
    assert int(total["/Ff"]) & 1 and "/C" in total["/AA"]
    order = [str(ref.get_object()["/T"]) for ref in form["/CO"]]
    assert order[-2:] == ["budget_total", "budget_words"]
    assert all(n.endswith("_total") for n in order[:-2])  # line totals before their sum
