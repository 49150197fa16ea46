"""The bundled example content is what new users see first: it must be complete and clean."""
from __future__ import annotations

from collections import Counter

from plcpub.validate import validate_project
from plcpub.load.project import Project
from plcpub.diagnostics import Report


def test_examples_have_no_errors(project):
    p = Project(project.root, dict(project.plans), list(project.submissions), Report(), dict(project.reviews))
    validate_project(p)
    errors = [d for d in p.report.items if d.severity == "error"]
    assert errors == []


def test_every_plan_has_six_communities_covering_every_tier(project):
    for plan_id, pb in project.plans.items():
        subs = project.submissions_of(plan_id)
        assert len(subs) >= 6, plan_id
        tiers = {pb.plan.tier(s.sub.tier).id for s in subs}
        assert tiers == {t.id for t in pb.plan.tiers}, plan_id
        assert len({s.sub.status for s in subs}) >= 2, plan_id


def test_cross_school_and_private_fields_present(project):
    assert sum(s.sub.cross_school for s in project.submissions) >= 5
    assert all(s.sub.convener.phone and s.sub.convener.email for s in project.submissions)


def test_hsinchu_has_outcomes_and_stories(project):
    subs = project.submissions_of("hsinchu-111")
    done = [s for s in subs if s.sub.status in ("已繳成果報告", "已核結")]
    assert len(done) >= 8
    assert all(s.outcome is not None and s.story is not None and s.story.consent for s in done)
    stages = Counter(project.plans["hsinchu-111"].plan.status(s.sub.status).stage for s in subs)
    assert stages["draft"] and stages["rejected"]
