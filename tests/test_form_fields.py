"""Issue #16, item 4: every value a plan's rules read can be entered on that plan's forms.

The walk is dynamic: every rule of a plan runs over the plan's example communities and over the
same communities with every optional field filled (`everything_given`), with attribute reads of the submission models
recorded; each read is then a path (`schedule.host.unit`) that the application form must hold
(importer.holds), or one the centre records, never a school's form (status, history, case code).
A rule that starts reading a new field fails here until the form has a field for it."""
from __future__ import annotations

import contextlib
import dataclasses

import pytest

from plcpub.forms.importer import holds, to_submission
from plcpub.forms.prefill import prefilled, submission_values
from plcpub.forms.spec import application
from plcpub.load.project import Project
from plcpub.model import submission as models
from plcpub.validate import validate_project

# Where each model's fields sit in a community.yaml.
PREFIX = {"Submission": ("",), "Session": ("schedule.",), "Host": ("schedule.host.",),
          "Assistant": ("schedule.host.assistants.",), "Person": ("convener.", "members."),
          "BudgetLine": ("budget.",), "DetailLine": ("budget.details.",), "ExpectedOutcome": ("outcomes.",)}
# Kept by the centre or worked out, not entered by a school: import keeps them as written.
NOT_ON_FORMS = {"status", "history", "case_code", "budget.total", "convener.title", "members.title",
                "documents", "predecessor"}  # uploads after the application (the stamped budget sheet) and the link
# between years' data (kept by the centre, like case_code): not what a school fills in on the form


@contextlib.contextmanager
def reads():
    """Every (model, field) read while the block runs."""
    seen: set[tuple[str, str]] = set()
    classes = [getattr(models, name) for name in PREFIX]
    saved = {cls: cls.__getattribute__ for cls in classes}

    def tracer(cls, original):
        fields = frozenset(cls.model_fields)

        def get(self, name):
            if name in fields:
                seen.add((cls.__name__, name))
            return original(self, name)
        return get

    for cls in classes:
        cls.__getattribute__ = tracer(cls, saved[cls])
    try:
        yield seen
    finally:
        for cls, original in saved.items():
            cls.__getattribute__ = original


def paths(seen) -> set[str]:
    out = set()
    for model, name in seen:
        for prefix in PREFIX[model]:
            out.add(prefix + name)
    return out


def _other(value):
    """A different value of the same kind: the perturbation that shows whether a rule cares."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 40
    if isinstance(value, list):
        if value and isinstance(value[0], models.DetailLine):
            return []
        return [] if value else (["其他"] if True else value)
    if value is None:
        return "其他（測試）"
    return None


def perturbed(sub, path: str):
    """A deep copy of `sub` with the field at `path` changed wherever it occurs."""
    copy = sub.model_copy(deep=True)
    *parents, name = path.split(".")
    objects = [copy]
    for part in parents:
        nxt = []
        for o in objects:
            v = getattr(o, part, None)
            nxt += v if isinstance(v, list) else ([v] if v is not None else [])
        objects = nxt
    for o in objects:
        object.__setattr__(o, name, _other(getattr(o, name)))
    if path == "budget.details":  # an itemised line for every line, to show the rule reads the list
        for line in copy.budget:
            object.__setattr__(line, "details", [models.DetailLine(name="測試品項", quantity=1, unit_price=line.unit_price)])
    return copy


def value_at(sub, path: str) -> bool:
    """Whether any occurrence of `path` in `sub` holds something other than its default."""
    objects = [sub]
    for part in path.split("."):
        nxt = []
        for o in objects:
            v = getattr(o, part, None)
            nxt += v if isinstance(v, list) and part != path.split(".")[-1] else [v]
        objects = nxt
    return any(bool(o) for o in objects)


def everything_given(plan, sub):
    """`sub` with every optional field a school may fill given a value (helpers, online, open to
    the city, head counts, itemised lines, other funding, the declarations, the 其他 texts), so the
    rules take the branches the example data never reaches and their reads are recorded."""
    full = sub.model_copy(deep=True)
    for s in full.schedule:
        for name, value in (("online", True), ("open_to_city", True), ("participants", 12), ("place", "會議室")):
            object.__setattr__(s, name, value)
        if s.host is not None:
            object.__setattr__(s.host, "unit", s.host.unit or "某大學")
            object.__setattr__(s.host, "title", s.host.title or "教授")
            object.__setattr__(s.host, "assistants", [models.Assistant(name="助理", kind="external")])
    for line in full.budget:
        object.__setattr__(line, "details", line.details or [models.DetailLine(name="測試品項", quantity=1, unit_price=line.unit_price)])
    kinds = plan.catalogues.community_kinds
    for name, value in (("other_funding", ["其他計畫"]), ("commission_ref", "府教字第1號"), ("content_other", "其他內容"),
                        ("community_kind", sub.community_kind or (kinds[-1] if kinds else "其他")),
                        ("domain", sub.domain or "國語文"), ("years_running", sub.years_running or 3),
                        ("direct_advance", True), ("school_curriculum", True),
                        ("declared_flags", list(plan.eligibility.exclude_flags)),
                        ("undeclared_flags", list(plan.eligibility.exclude_flags))):
        object.__setattr__(full, name, value)
    for person in [full.convener, *full.members]:
        object.__setattr__(person, "trained_convener", True)
    return full


def findings(project, plan_id, subs=None) -> set:
    pb = project.plans[plan_id]
    bundles = project.submissions_of(plan_id)
    if subs is not None:
        bundles = [dataclasses.replace(sb, sub=s) for sb, s in zip(bundles, subs)]
    only = Project(project.root, plans={plan_id: pb}, submissions=bundles,
                   reviews={k: v for k, v in project.reviews.items() if k == plan_id})
    return {(d.rule, d.message) for d in validate_project(only).sorted()}


@pytest.mark.slow
@pytest.mark.parametrize("plan_id", ["keelung-113", "hsinchu-111", "tainan-109", "taichung-103", "taoyuan-111"])
def test_every_value_a_rule_reads_has_a_field_on_the_plans_form(project, plan_id):
    """Rules run with reads recorded; each field read that no form field holds is then changed
    in every example community: if any finding changes, the rule depends on a value the school
    cannot enter, and the test fails."""
    pb = project.plans[plan_id]
    examples = [sb.sub for sb in project.submissions_of(plan_id)]
    full = [everything_given(pb.plan, s) for s in examples]
    with reads() as seen:
        bases = [(subs, findings(project, plan_id, subs), exact) for subs, exact in ((examples, True), (full, False))]
    held = holds(application(pb.plan))
    unheld = sorted(p for p in paths(seen) if p not in held and p not in NOT_ON_FORMS
                    and not any(p == f"{prefix}{n}" for prefix in ("convener.", "members.") for n in PERSON_ONLY)
                    and not any(p.startswith(f"{rows}.") and rows not in held for rows in ROWS))
    depends = []
    for path in unheld:
        for subs, base, exact in bases:
            # where the examples gave a value, taking it away may change any finding (where the
            # test gave it, only a finding it brings counts: a value the plan does not ask for
            # is refused, not needed); where they left the default, giving one counts only if
            # it clears a finding (a flag that must stay false is no field the school needs)
            given = findings(project, plan_id, [perturbed(s, path) if value_at(s, path) else s for s in subs])
            left = findings(project, plan_id, [s if value_at(s, path) else perturbed(s, path) for s in subs])
            if (given != base if exact else not given <= base) or not base <= left:
                depends.append(path)
                break
    assert not depends, f"{plan_id}: rules depend on {depends}, which no field of the application form holds"


ROWS = ("budget.details", "schedule.host.assistants")  # a form without these rows gives none: their fields never reach a rule
PERSON_ONLY = {"title", "role", "trained_convener", "phone", "email"}  # per person, not per member row


@pytest.mark.parametrize("plan_id", ["keelung-113", "hsinchu-111", "tainan-109", "taichung-103", "taoyuan-111"])
def test_the_new_fields_round_trip(project, plan_id):
    """Every field the rules asked for comes back from a filled form as it went in."""
    plan = project.plans[plan_id].plan
    for sb in project.submissions_of(plan_id):
        spec = prefilled(application(plan), plan, sb.sub)
        values = {f.name: f.value for f in spec.all_fields()}
        res = to_submission(spec, plan, values)
        assert res.errors == [], (sb.id, res.errors)
        d, sub = res.data, sb.sub
        assert d["cross_school"] == sub.cross_school
        for key in ("community_kind", "domain", "commission_ref", "content_other"):
            if any(f.name == key for f in spec.all_fields()):
                assert d.get(key) == getattr(sub, key), (sb.id, key)
        assert [s.get("online", False) for s in d["schedule"]] == [s.online for s in sub.schedule]
        if any(f.name == "s1_open_city" for f in spec.all_fields()):
            assert [s.get("open_to_city", False) for s in d["schedule"]] == [s.open_to_city for s in sub.schedule]
        assert [s.get("participants") for s in d["schedule"]] == [s.participants for s in sub.schedule]
        assert [s["host"].get("unit") for s in d["schedule"]] == [s.host.unit if s.host else None for s in sub.schedule]
        assert [len(s["host"].get("assistants", [])) for s in d["schedule"]] == \
            [len(s.host.assistants) if s.host else 0 for s in sub.schedule]
        if any(f.name == "d1_item" for f in spec.all_fields()):
            assert sum(len(b.get("details", [])) for b in d["budget"]) == sum(len(b.details) for b in sub.budget)
        rule_names = {"community_kind", "domain", "commission_ref", "other_funding", "content_other",
                      "school_curriculum", "direct_advance", "s1_online", "s1_participants", "s1_host_unit"}
        assert rule_names <= set(submission_values(plan, sub))  # prefill writes every field the rules asked for


def test_the_school_declares_what_the_plan_excludes(project):
    """Taichung 103 asks 本校參與／未參與102學年度教師專業發展評鑑計畫: the answer imports, and a
    school that declares it is refused by school.eligibility-declared."""
    plan = project.plans["taichung-103"].plan
    sb = project.submissions_of("taichung-103")[0]
    spec = prefilled(application(plan), plan, sb.sub)
    field = next(f for f in spec.all_fields() if f.name == "flag_1")
    assert field.kind == "radio" and plan.eligibility.exclude_flags[0] in field.label
    values = {f.name: f.value for f in spec.all_fields()}
    yes = to_submission(spec, plan, values | {"flag_1": "yes"})
    assert yes.data["declared_flags"] == plan.eligibility.exclude_flags
    no = to_submission(spec, plan, values | {"flag_1": "no"})
    assert no.data["undeclared_flags"] == plan.eligibility.exclude_flags and "declared_flags" not in no.data
    assert {"declared_flags", "undeclared_flags"} <= holds(application(plan))


def test_a_meeting_open_to_the_city_is_marked_where_the_plan_pays_for_it(project):
    """Hsinchu 111 pays lecturers in otherwise unpaid slots when the meeting is open to the city's
    teachers (lecturers.unpaid open_to_city): its form asks, the others' do not."""
    plan = project.plans["hsinchu-111"].plan
    sb = project.submissions_of("hsinchu-111")[0]
    spec = prefilled(application(plan), plan, sb.sub)
    values = {f.name: f.value for f in spec.all_fields()} | {"s1_open_city": "/on"}
    assert to_submission(spec, plan, values).data["schedule"][0]["open_to_city"] is True
    assert "schedule.open_to_city" in holds(application(plan))
    assert not any(f.name == "s1_open_city" for f in application(project.plans["keelung-113"].plan).all_fields())
