"""Every plan value a rule or an output needs is required by the plan schema: a plan that leaves out
any optional value either fails to load with an error located on plan.yaml, or loads and then no
rule crashes and no output prints "None". (A `percent_rules` entry without `percent` crashed a rule
on every community file; an NHI rule without one printed 「None%」 on the rules page and the form.)

The variants are every seed plan with one optional key removed, wherever it occurs."""
from __future__ import annotations

import copy
import dataclasses
import re

import pytest

from plcpub.forms.annexes import plan_forms
from plcpub.load.project import PlanBundle, Project
from plcpub.model.plan import Plan
from plcpub.render.review.views import results_view, timetable_view
from plcpub.render.site.pages import community_page, plan_site
from plcpub.review import plan_review
from plcpub.load.convert import build_model, model_at
from plcpub.diagnostics import Report
from plcpub.validate.rules import Ctx, load_all_rules, run_rules

NONE = re.compile(r"\bNone\b")


def _optional_paths(data, model=Plan, path=()):
    """Paths of present keys whose field has a default (leaving them out is allowed by the schema)."""
    if isinstance(data, dict):
        owner = model_at(Plan, path) if path else Plan
        for k, v in data.items():
            f = owner.model_fields.get(k) if owner else None
            if f is None and owner is not None:
                f = next((x for x in owner.model_fields.values() if x.alias == k), None)
            if f is not None and not f.is_required():
                yield (*path, k)
            yield from _optional_paths(v, model, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _optional_paths(v, model, (*path, i))


def _without(data, path):
    data = copy.deepcopy(data)
    node = data
    for p in path[:-1]:
        node = node[p]
    del node[path[-1]]
    return data


def _texts(obj, depth=0):
    """Every string in a view model (dataclasses, lists, tuples, dicts)."""
    if depth > 6:
        return
    if isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name not in ("sb", "book"):
                yield from _texts(getattr(obj, f.name), depth + 1)
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            yield from _texts(x, depth + 1)
    elif isinstance(obj, dict):
        for x in obj.values():
            yield from _texts(x, depth + 1)


def _exercise(project, pb: PlanBundle) -> list[str]:
    """Run every rule and build every view of one plan; return what went wrong."""
    problems = []
    ctx = Ctx(project, pb)
    found = run_rules(ctx, "plan") + run_rules(ctx, "aggregate")
    for sb in project.submissions_of(pb.plan.id):
        found += run_rules(Ctx(project, pb, sb), "submission")
    problems += [f"{d.rule}: {d.message}" for d in found if d.rule == "internal.rule-crash" or NONE.search(d.message)]
    views = [plan_site(pb, project)]
    views += [community_page(pb, sb) for sb in project.submissions_of(pb.plan.id)]
    views += [pf.spec for pf in plan_forms(pb.plan) if pf.spec is not None]
    pr = plan_review(project, pb)
    views += [timetable_view(pb.plan, pr), results_view(pb.plan, pr)]
    for view in views:
        problems += [f"{type(view).__name__}: {t}" for t in _texts(view) if NONE.search(t)]
    return problems


@pytest.mark.slow
def test_a_plan_without_any_one_optional_value_never_crashes_or_prints_none(project):
    load_all_rules()
    failures, tried = [], 0
    for plan_id, pb in sorted(project.plans.items()):
        for path in _optional_paths(pb.doc.data):
            doc = copy.copy(pb.doc)
            doc.data = _without(pb.doc.data, path)
            plan, diags = build_model(Plan, doc)
            if plan is None:
                assert all(d.file == pb.doc.source.display for d in diags), path  # refused, on plan.yaml
                continue
            tried += 1
            variant = dataclasses.replace(pb, plan=plan, doc=doc)
            trial = Project(project.root, {**project.plans, plan_id: variant}, project.submissions, Report(),
                            project.reviews)
            try:
                problems = _exercise(trial, variant)
            except Exception as e:  # a crash in an output: the schema let through what a renderer needs
                problems = [f"{type(e).__name__}: {e}"]
            failures += [f"{plan_id} without {'.'.join(map(str, path))}: {p}" for p in problems[:2]]
    assert tried > 200
    assert not failures, "\n".join(failures[:40])


def test_a_percent_rule_without_its_percent_is_refused_on_plan_yaml(project):
    pb = project.plans["hsinchu-111"]
    data = copy.deepcopy(pb.doc.data)
    rules = data["budget"]["percent_rules"]
    for i, rule in enumerate(rules):
        trial = copy.deepcopy(data)
        del trial["budget"]["percent_rules"][i]["percent"]
        doc = copy.copy(pb.doc)
        doc.data = trial
        plan, diags = build_model(Plan, doc)
        if rule.get("rate_source") == "national-nhi":  # the national rate stands in: shown, never "None%"
            nhi = next(r for r in plan.budget.percent_rules if r.rate_source == "national-nhi")
            from plcpub.model.derived import percent_rule_text
            assert "None" not in percent_rule_text(plan, nhi) and "%" in percent_rule_text(plan, nhi)
        else:
            assert plan is None and [d.rule for d in diags] == ["plan.incomplete-rule"]
            assert diags[0].file == "plans/hsinchu-111/plan.yaml" and diags[0].line > 1
