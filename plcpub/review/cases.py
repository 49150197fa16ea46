"""Which applications a panel reviews, their case codes and their review order.

A case code is given by submission order (date first submitted, then folder name). Given is not
yet issued: an application entered later with an earlier date would move every code after it.
A code is issued when it is recorded in the submission (`case_code`, written by
`python build.py cases --plan ID --record` when the timetable is announced); recorded codes never
change, and codes not yet recorded continue after the highest recorded one and are provisional.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plcpub.load.project import PlanBundle, SubmissionBundle
from plcpub.model.plan import Plan
from plcpub.model.workflow import Publication
from plcpub.model.derived import submitted_entry

HIDDEN_NAME = "（不公開）"
HIDDEN_SCHOOL = "—"


@dataclass
class Case:
    code: str
    sb: SubmissionBundle
    school: str  # code
    school_name: str
    district: str
    submitted: dt.date | None
    shows: Publication  # what its status may publish (Plan.publication)
    recorded: bool = True  # the code is recorded in the submission (issued), not provisional

    @property
    def title(self) -> str:
        """The community name where its status may be named in public, else 「（不公開）」."""
        return public_names(self.shows, self.school_name, self.sb.sub.name)[1]

    @property
    def public_school(self) -> str:
        return public_names(self.shows, self.school_name, self.sb.sub.name)[0]


def public_names(shows: Publication, school: str, name: str) -> tuple[str, str]:
    """(school, community) as a public row may print them: what `shows` does not allow is a stand-in."""
    return (school if shows.school else HIDDEN_SCHOOL), (name if shows.name else HIDDEN_NAME)


def reviewable_statuses(plan: Plan) -> set[str]:
    """Status ids a case passes through to be reviewed: the plan's list, or every review-stage status."""
    rs = plan.review.sessions if plan.review else None
    if rs and rs.statuses:
        return {st.id for st in (plan.status(s) for s in rs.statuses) if st}
    return {st.id for st in plan.workflow.statuses if st.in_review}


def _submitted_on(plan: Plan, sb: SubmissionBundle) -> dt.date | None:
    found = submitted_entry(plan, sb.sub)
    return found[1].date.date if found else None


def review_cases(pb: PlanBundle, subs: list[SubmissionBundle]) -> list[Case]:
    """Every application that is or was in review, numbered in submission order."""
    plan = pb.plan
    wanted = reviewable_statuses(plan)
    found = []
    for sb in subs:
        seen = {st.id for st in (plan.status(s) for s in [sb.sub.status, *(h.status for h in sb.sub.history)]) if st}
        if seen & wanted:
            found.append(sb)
    found.sort(key=lambda sb: (_submitted_on(plan, sb) or dt.date.max, sb.id))
    prefix = case_prefix(plan)
    recorded = {sb.id: sb.sub.case_code for sb in found if sb.sub.case_code}
    taken = {sb.sub.case_code for sb in subs if sb.sub.case_code}
    numbers = [int(c[len(prefix):]) for c in taken if c.startswith(prefix) and c[len(prefix):].isdigit()]
    following = iter(range(max(numbers, default=0) + 1, 10 ** 6))
    cases = []
    for sb in found:
        code = recorded.get(sb.id)
        if code is None:
            code = next(c for c in (f"{prefix}{n:03d}" for n in following) if c not in taken)
        school = pb.schools.get(sb.sub.school)
        cases.append(Case(code, sb, sb.sub.school, school.name if school else sb.sub.school,
                          school.district if school and school.district else "", _submitted_on(plan, sb),
                          plan.publication(sb.sub.status), sb.id in recorded))
    return cases


def case_prefix(plan: Plan) -> str:
    rs = plan.review.sessions if plan.review else None
    return rs.code_prefix if rs and rs.code_prefix is not None else f"{plan.year}-"


def review_order(cases: list[Case], order: list[str]) -> list[Case]:
    """Cases in the plan's order rules, applied as successive sort keys; 'keep-school-together'
    then pulls each school's cases up to its first one."""
    def key(c: Case):
        parts = []
        for rule in order:
            if rule == "submission":
                parts.append((c.submitted or dt.date.max, c.code))
            elif rule == "school":
                parts.append(c.school)
            elif rule == "district":
                parts.append(c.district)
        return (*parts, c.code)

    ordered = sorted(cases, key=key)
    if "keep-school-together" in order:
        first = {}
        for i, c in enumerate(ordered):
            first.setdefault(c.school, i)
        ordered = sorted(ordered, key=lambda c: first[c.school])  # stable: keeps order inside a school
    return ordered
