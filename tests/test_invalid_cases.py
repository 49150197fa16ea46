"""Every folder in tests/cases/invalid/ breaks exactly one rule; its marker `# ← expect RULE`
sits on the line the error must point at. Adding a case is adding a folder: no code changes."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from plcpub.validate import validate_project
from plcpub.load.project import REVIEWS_DIR, Project, load_plan, load_reviews, load_submission
from plcpub.diagnostics import Report
from plcpub.validate.rules import BUILTIN_RULES, load_all_rules

CASES = Path(__file__).parent / "cases" / "invalid"
MARK = re.compile(r"# ← expect (\S+)")


def _decode(data: bytes) -> str:
    for enc in ("utf-8", "utf-16", "big5"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def expectation(case: Path) -> tuple[str, int, str]:
    found = []
    for f in sorted(case.rglob("*")):
        if f.suffix in (".yaml", ".md"):
            for i, line in enumerate(_decode(f.read_bytes()).replace("\r\n", "\n").split("\n"), 1):
                m = MARK.search(line)
                if m:
                    found.append((f.relative_to(case).as_posix(), i, m.group(1)))
    assert len(found) == 1, f"{case.name}: needs exactly one '# ← expect RULE' marker, found {found}"
    return found[0]


def check_case(root: Path, base: Project, case: Path):
    project = Project(root, dict(base.plans), list(base.submissions), Report())
    plan_ids, subs = set(), []
    if (case / "plan.yaml").exists():
        pb = load_plan(case, root, project.report)
        if pb is not None:
            project.plans[pb.plan.id] = pb
            plan_ids.add(pb.plan.id)
    for f in sorted(case.glob("community*.yaml")):  # community-2.yaml …: cases that need several applications
        sb = load_submission(f, root, project.report)
        if sb is not None:
            project.submissions.append(sb)
            subs.append(sb)
    if (case / REVIEWS_DIR).is_dir() and plan_ids:  # the case plan's panel and score sheets
        project.reviews[next(iter(plan_ids))] = load_reviews(case / REVIEWS_DIR, root, project.report)
    validate_project(project, plan_ids=plan_ids, submissions=subs)
    return [d for d in project.report.items
            if (root / d.file).resolve().is_relative_to(case.resolve())]


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_case_breaks_exactly_its_rule(root, project, case):
    fname, line, rule = expectation(case)
    found = check_case(root, project, case)
    relevant = [d for d in found if d.severity != "info" or d.rule == rule]
    assert {d.rule for d in relevant} == {rule}, [(d.rule, d.line, d.message) for d in relevant]
    assert any((root / d.file).resolve() == (case / fname).resolve() and d.line == line for d in relevant), \
        f"expected {rule} at {fname}:{line}, got {[(d.file, d.line) for d in relevant]}"
    for d in relevant:  # every message is for a clerk: Traditional Chinese, no Python leaking through
        assert re.search(r"[\u4e00-\u9fff]", d.message), d.message
        assert "Traceback" not in d.message and "Error" not in d.message, d.message


def test_every_rule_has_a_case():
    """A rule without a case is a rule nobody has seen fire."""
    covered = {expectation(c)[2] for c in CASES.iterdir() if c.is_dir()}
    rules = set(load_all_rules()) | {"file.missing", "file.outside"}
    assert rules - covered == set()
    # loader rules that need no big file in the repo are covered here too
    for rule in ("yaml.syntax", "yaml.tab", "yaml.duplicate-key", "yaml.too-large", "yaml.too-deep", "file.encoding",
                 "schema.missing", "schema.unknown-key", "schema.type", "schema.choice", "date.impossible",
                 "money.negative", "money.fractional", "money.invalid"):
        assert rule in covered, rule
    assert covered <= rules | set(BUILTIN_RULES)
