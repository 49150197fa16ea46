"""Review, funding and awards: which applications a panel reviews and when (cases, timetable),
which are funded and with how much (funding), and how reviewers' scores become ranks and awards
(scoring). Pure computation; renderers format it."""
from __future__ import annotations

from dataclasses import dataclass

from plcpub.load.project import PlanBundle, Project, SubmissionBundle
from plcpub.review.cases import Case, review_cases
from plcpub.review.funding import FundingResult, select
from plcpub.review.scoring import Results, score
from plcpub.review.timetable import Timetable, build_timetable


@dataclass
class PlanReview:
    cases: list[Case]
    codes: dict[str, SubmissionBundle]  # case code -> submission (score sheets may use either)
    timetable: Timetable | None  # when the plan sets timed sessions
    results: Results | None  # when the plan has awards or reviewers have scored
    funding: FundingResult | None = None  # when the plan says how funding is decided


def plan_review(project: Project, pb: PlanBundle) -> PlanReview:
    subs = project.submissions_of(pb.plan.id)
    cases = review_cases(pb, subs)
    codes = {c.code: c.sb for c in cases}
    reviews = project.reviews.get(pb.plan.id)
    rs = pb.plan.review.sessions if pb.plan.review else None
    reviewers = reviews.reviewers.reviewers if reviews and reviews.reviewers else []
    timetable = build_timetable(rs, cases, reviewers) if rs else None
    scored = reviews and any(e.scores for sheet, _ in reviews.sheets for e in sheet.scores)
    results = score(pb, subs, reviews, codes) if pb.plan.awards or (scored and not pb.plan.funding) else None
    return PlanReview(cases, codes, timetable, results, select(pb, subs, reviews, codes))
