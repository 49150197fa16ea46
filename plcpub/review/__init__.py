"""Review and awards: which applications a panel reviews and when (cases, timetable), and how
reviewers' scores become ranks and awards (scoring). Pure computation; renderers format it."""
from __future__ import annotations

from dataclasses import dataclass

from plcpub.load.project import PlanBundle, Project, SubmissionBundle
from plcpub.review.cases import Case, review_cases
from plcpub.review.scoring import Results, score
from plcpub.review.timetable import Timetable, build_timetable


@dataclass
class PlanReview:
    cases: list[Case]
    codes: dict[str, SubmissionBundle]  # case code -> submission (score sheets may use either)
    timetable: Timetable | None  # when the plan sets timed sessions
    results: Results | None  # when the plan has awards or reviewers have scored


def plan_review(project: Project, pb: PlanBundle) -> PlanReview:
    subs = project.submissions_of(pb.plan.id)
    cases = review_cases(pb, subs)
    codes = {c.code: c.sb for c in cases}
    reviews = project.reviews.get(pb.plan.id)
    rs = pb.plan.review.sessions if pb.plan.review else None
    reviewers = reviews.reviewers.reviewers if reviews and reviews.reviewers else []
    timetable = build_timetable(rs, cases, reviewers) if rs else None
    results = score(pb, subs, reviews, codes) if pb.plan.awards or (reviews and reviews.sheets) else None
    return PlanReview(cases, codes, timetable, results)
