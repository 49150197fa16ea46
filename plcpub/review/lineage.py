"""A community across years: the chain of its earlier applications (each names its predecessor,
plan and folder), followed as far as the data goes. The 第N年 / 連續N年 / 續辦 rules read the
years from here where the earlier years exist, and the community page shows last year's result."""
from __future__ import annotations

from dataclasses import dataclass, field

from plcpub.load.project import Project, SubmissionBundle
from plcpub.model.submission import Predecessor

MAX_YEARS = 50  # a chain longer than this is a loop in the data


@dataclass
class Lineage:
    earlier: list[SubmissionBundle] = field(default_factory=list)  # last year first
    missing: Predecessor | None = None  # a link the data cannot follow (plan or folder not here)
    gap: tuple[int, int] | None = None  # (a year, the year its predecessor belongs to) when not consecutive
    origin_years: int | None = None  # the year the earliest application found says it is

    @property
    def conclusive(self) -> bool:
        """The data reaches the first year: the earliest application found names no predecessor
        and says it is the first (or says nothing)."""
        return self.missing is None and self.gap is None and self.origin_years in (None, 1)

    @property
    def year(self) -> int:
        """This application's year in the chain as far as the data shows (1: the first)."""
        return len(self.earlier) + 1


def lineage(project: Project, sb: SubmissionBundle) -> Lineage:
    found = Lineage()
    current, seen = sb, {(sb.sub.plan, sb.id)}
    while current.sub.predecessor is not None and len(found.earlier) < MAX_YEARS:
        link = current.sub.predecessor
        earlier = project.submission(link.plan, link.folder)
        if earlier is None or (link.plan, link.folder) in seen:
            found.missing = link
            break
        this_plan, that_plan = project.plans.get(current.sub.plan), project.plans.get(earlier.sub.plan)
        if this_plan and that_plan and that_plan.plan.year != this_plan.plan.year - 1:
            found.gap = (this_plan.plan.year, that_plan.plan.year)
            break
        seen.add((link.plan, link.folder))
        found.earlier.append(earlier)
        current = earlier
    found.origin_years = current.sub.years_running
    return found


def completed_in_tier(project: Project, line: Lineage, tier_id: str) -> int:
    """Consecutive earlier years, from last year back, funded in the tier `tier_id`."""
    count = 0
    for sb in line.earlier:
        pb = project.plans.get(sb.sub.plan)
        if pb is None:
            break
        st, tier = pb.plan.status(sb.sub.status), pb.plan.tier(sb.sub.tier) if sb.sub.tier else None
        if st is None or not st.funded or tier is None or tier.id != tier_id:
            break
        count += 1
    return count
