"""A plan's year in figures, as the ministry asks counties to report it: communities and
teachers by tier, level and district; cross-school communities and the schools reached;
meetings held and public lessons; funds granted, spent and returned; outcome uploads on time.

`plan_report(..., public=True)` counts only what the site may publish (Workflow.publication)
and leaves out spending, which is the accounting office's; the private report counts every
funded community. The site's statistics page, the home page's roll-up and the private
XLSX/PDF all read this."""
from __future__ import annotations

from dataclasses import dataclass, field

from plcpub.load.project import PlanBundle, SubmissionBundle
from plcpub.model.derived import application_level, category, granted_amount, session_activities

PUBLIC_LESSON = {"public-lesson", "observation"}


@dataclass
class Breakdown:
    """Communities and teachers per value of one dimension (tier, level, district)."""

    communities: dict[str, int] = field(default_factory=dict)
    teachers: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, int, int]]:
        return [(k, self.communities[k], self.teachers.get(k, 0)) for k in self.communities]


@dataclass
class PlanReport:
    plan: str
    title: str
    city: str
    year: str
    public: bool
    communities: int = 0
    teachers: int = 0
    by_tier: Breakdown = field(default_factory=Breakdown)
    by_level: Breakdown = field(default_factory=Breakdown)
    by_district: Breakdown = field(default_factory=Breakdown)
    cross_school: int = 0
    schools: int = 0
    meetings: int = 0  # meeting records in outcome reports (held)
    public_lessons: int = 0  # 公開授課／觀課 meetings in the plans of the year
    granted: int = 0
    spent: int | None = None  # private report only: spending reported
    returned: int | None = None
    reported: int = 0  # outcome reports in
    on_time: int = 0  # … of them by the plan's final-upload date (all, when the plan states none)
    money: bool = True

    @property
    def figures(self) -> list[tuple[str, str]]:
        """(label, value) in the order the report prints them."""
        out = [("核定社群", f"{self.communities} 個"), ("參與教師", f"{self.teachers} 人"),
               ("跨校社群", f"{self.cross_school} 個"), ("參與學校", f"{self.schools} 所"),
               ("社群聚會（成果報告的對話紀錄）", f"{self.meetings} 次"),
               ("公開授課（年度進度規劃）", f"{self.public_lessons} 場"),
               ("成果報告", f"{self.reported} 份，準時 {self.on_time} 份")]
        if self.money:
            out.insert(6, ("核定經費", f"{self.granted:,} 元"))
            if self.spent is not None:
                out.insert(7, ("實支（已核銷）", f"{self.spent:,} 元"))
                out.insert(8, ("繳回結餘款", f"{self.returned or 0:,} 元"))
        return out


def _add(b: Breakdown, key: str, teachers: int) -> None:
    b.communities[key] = b.communities.get(key, 0) + 1
    b.teachers[key] = b.teachers.get(key, 0) + teachers


def plan_report(pb: PlanBundle, subs: list[SubmissionBundle], public: bool) -> PlanReport:
    plan = pb.plan
    report = PlanReport(plan.id, plan.title, plan.city, plan.year_label, public, money=plan.funds_communities)
    people: set[tuple[str, str]] = set()
    schools: set[str] = set()
    finals = [m.closes.date() for m in plan.duties("final")]
    spent = returned = 0
    any_spending = False
    for sb in subs:
        st = plan.status(sb.sub.status)
        if st is None or not st.funded:
            continue
        if public and not plan.publication(sb.sub.status).page:
            continue
        sub = sb.sub
        school = pb.schools.get(sub.school)
        team = {(p.name, p.school or sub.school) for p in sub.everyone()}
        people |= team
        schools.update(sub.all_schools())
        report.communities += 1
        _add(report.by_tier, category(plan, sub) or "（未分類）", len(team))
        _add(report.by_level, application_level(sub, school) or "（未填）", len(team))
        _add(report.by_district, school.district if school else "（未填）", len(team))
        report.cross_school += bool(sub.cross_school or len(sub.all_schools()) > 1)
        report.public_lessons += sum(1 for s in sub.schedule if session_activities(plan, s) & PUBLIC_LESSON)
        report.granted += granted_amount(plan, sub)
        if sb.outcome is not None:
            report.reported += 1
            report.meetings += len(sb.outcome.meetings)
            report.on_time += all(sb.outcome.submitted.date <= due for due in finals)
        if sb.spending is not None:
            any_spending = True
            spent += sb.spending.total
            returned += sb.spending.returned or 0
    report.teachers, report.schools = len(people), len(schools)
    if not public and any_spending:
        report.spent, report.returned = spent, returned
    for b in (report.by_tier, report.by_level, report.by_district):
        b.communities = dict(sorted(b.communities.items()))
    return report
