"""Fuzzing: whatever a clerk types into community.yaml or a centre into plan.yaml, plcpub answers
with located diagnostics in Chinese, never a traceback and never a rule crash. 500 examples each
by default, 10,000 in the slow job."""
from __future__ import annotations

import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plcpub.validate import validate_project
from plcpub.load.project import Project, load_submission
from plcpub.diagnostics import Report

KEYS = ["plan", "name", "tier", "school", "status", "history", "convener", "members", "schedule", "budget", "summary",
        "content_areas", "methods", "cross_school", "partner_schools", "years_running", "outcomes", "goals", "nonsense"]
PLANS = ["hsinchu-111", "keelung-113", "tainan-109", "taichung-103", "taoyuan-111", "nowhere-999"]
scalars = st.one_of(
    st.sampled_from(["111年8月1日", "111.13.40", "2022-02-30", "13:30", "25:99", "5,000", "五千", "-3", "0.5", "1e9", "~",
                     "null", "true", "是", "", "專題實踐學習社群", "審查通過", "183601", "外聘講座鐘點費", "節"]),
    st.integers(-10**12, 10**12), st.floats(allow_nan=True), st.booleans(), st.none(),
    st.text(alphabet=string.printable + "社群講座（）：、。", max_size=30))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.sampled_from(KEYS + ["date", "item", "quantity", "unit_price",
                                                                         "start", "end", "host", "kind"]), inner,
                                                 max_size=6)), max_leaves=25)
documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=12).map(lambda d: {"plan": d.pop("plan", None), **d})


def _examples(pattern: str) -> list:
    import yaml

    from .conftest import ROOT
    return [yaml.safe_load(f.read_text("utf-8")) for f in sorted(ROOT.glob(pattern))]


EXAMPLES = _examples("content/*/*/community.yaml")
PLAN_EXAMPLES = _examples("plans/*/plan.yaml")


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


@st.composite
def mutated(draw, examples=EXAMPLES):
    """A real example with one value replaced: passes the schema often, so the rules run deep."""
    import copy
    doc = copy.deepcopy(draw(st.sampled_from(examples)))
    paths = [p for p in _paths(doc) if p]
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        node = doc
        try:
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = draw(values)
        except (KeyError, IndexError, TypeError):
            pass
    return doc


def render(doc) -> str:
    import yaml
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def noise() -> st.SearchStrategy[str]:
    """Text that is barely YAML: broken flow collections, tabs, anchors, odd indentation."""
    return st.text(alphabet="{}[]:,-#&*!|>'\"\t\n abc社群123", max_size=200)


def assert_clean(report: Report) -> None:
    """No rule crashed; every finding is located and in Chinese."""
    for d in report.items:
        assert d.rule != "internal.rule-crash", d.message
        assert d.line >= 1 and d.column >= 1, d
        assert re.search(r"[\u4e00-\u9fff]", d.message), d.message


def check_one(project, tmp_path, text: str) -> None:
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    (folder / "community.yaml").write_text(text, "utf-8")
    p = Project(project.root, dict(project.plans), [], Report(), dict(project.reviews))
    sb = load_submission(folder / "community.yaml", project.root, p.report)
    if sb is not None:
        p.submissions.append(sb)
        validate_project(p, plan_ids=set(), submissions=[sb])
    assert_clean(p.report)


def _fuzz(tmp, check, texts, examples: int):
    """Run `check(tmp, text)` on `examples` texts drawn from `texts`, reproducibly."""

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(texts)
    def run(text):
        check(tmp, text)

    run()


SUBMISSION_TEXTS = st.one_of(documents.map(render), noise(), mutated().map(render), mutated().map(render),
                             documents.map(lambda d: render({**d, "plan": "hsinchu-111"})))


def check_plan(project, tmp, text: str) -> None:
    """A fuzzed plan in its own folder (with a real registry and prose): load it, run plan rules."""
    import shutil

    from plcpub.load.project import load_plan
    folder = tmp / "fuzz-plan"
    if not folder.exists():
        folder.mkdir()
        shutil.copy(project.root / "plans" / "hsinchu-111" / "schools.yaml", folder)
        shutil.copy(project.root / "plans" / "hsinchu-111" / "plan.md", folder)
    (folder / "plan.yaml").write_text(text, "utf-8")
    p = Project(project.root, {}, [], Report())
    pb = load_plan(folder, project.root, p.report)
    if pb is not None:
        p.plans[pb.plan.id] = pb
        validate_project(p, plan_ids={pb.plan.id}, submissions=[])
    assert_clean(p.report)


PLAN_TEXTS = st.one_of(mutated(PLAN_EXAMPLES).map(render), noise())


def test_fuzz_plans(project, tmp_path_factory):
    _fuzz(tmp_path_factory.mktemp("fuzzplan"), lambda tmp, text: check_plan(project, tmp, text), PLAN_TEXTS, 500)


@pytest.mark.slow
def test_fuzz_plans_long(project, tmp_path_factory):
    _fuzz(tmp_path_factory.mktemp("fuzzplan"), lambda tmp, text: check_plan(project, tmp, text), PLAN_TEXTS, 10_000)


def test_fuzz_submissions(project, tmp_path_factory):
    _fuzz(tmp_path_factory.mktemp("fuzz"), lambda tmp, text: check_one(project, tmp, text), SUBMISSION_TEXTS, 500)


@pytest.mark.slow
def test_fuzz_submissions_long(project, tmp_path_factory):
    _fuzz(tmp_path_factory.mktemp("fuzz"), lambda tmp, text: check_one(project, tmp, text), SUBMISSION_TEXTS,
          10_000)
