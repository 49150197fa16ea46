"""Write a plan's review files next to its site pages and return what the pages link:
<plan>/review/ (timetable PDF, CSV, XLSX, ICS) and <plan>/results/ (XLSX, certificates)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plcpub.load.project import PlanBundle, Project
from plcpub.render.review.files import Revisions, write_document, write_ics
from plcpub.render.review.views import (CASE_COLUMNS, FUNDED_COLUMNS, FUNDING_AUDIT_COLUMNS, NUMERIC_COLUMNS,
                                        RESULT_COLUMNS, FundingView, ResultsView, TimetableView, funding_view,
                                        results_view, timetable_view)
from plcpub.review import plan_review
from plcpub.util.sheets import write_csv, write_xlsx


@dataclass
class ReviewPages:
    timetable: TimetableView | None = None
    timetable_files: list[tuple[str, str]] = field(default_factory=list)  # (label, path relative to the page)
    school_calendars: list[tuple[str, str]] = field(default_factory=list)
    results: ResultsView | None = None
    results_files: list[tuple[str, str]] = field(default_factory=list)
    funding: FundingView | None = None
    funding_files: list[tuple[str, str]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """112 -> 一百一十二, 7 -> 七, 10 -> 十, 20 -> 二十 (as certificates write dates)."""
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = f"{DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "〇"
    return out + (DIGITS[ones] if ones else "") or "〇"


def _roc_long(date) -> str:
    """中華民國一百一十二年七月七日; blank for handwriting when the plan sets no date."""
    if date is None:
        return "中華民國　　　年　　月　　日"
    return f"中華民國{chinese_number(date.year - 1911)}年{chinese_number(date.month)}月{chinese_number(date.day)}日"


def certificates(pb: PlanBundle, pr) -> list[dict]:
    """One certificate per awarded community: school, community, group and level, members, date."""
    plan = pb.plan
    ms = next((t for t in plan.timeline if t.id == plan.awards.certificate_milestone), None) if plan.awards else None
    out = []
    for g in pr.results.groups:
        for level in pr.results.levels:
            for c in g.winners.get(level, []):
                sub = c.sb.sub
                if not plan.publication(sub.status).name:  # a public certificate would name it
                    continue
                signatory = plan.awards.certificate.signatory
                out.append({"id": c.sb.id, "number": plan.awards.certificate.number_of(len(out)), "school": c.school_name,
                            "community": sub.name, "edition": plan.edition, "event": "績優教師專業學習社群遴選",
                            "group": g.group.name, "level": level, "award": f"{g.group.name}{level}",
                            "members": [f"{sub.convener.name}（召集人）"] + [m.name for m in sub.members],
                            "issuer": plan.organiser or plan.city,
                            "signatory": f"{signatory.title}　{signatory.name}" if signatory else None,
                            "date": _roc_long(ms.date.date if ms else None)})
    return out


def write_review(project: Project, pb: PlanBundle, docs: Path) -> ReviewPages:
    plan = pb.plan
    pr = plan_review(project, pb)
    pages = ReviewPages(timetable_view(plan, pr), results=results_view(plan, pr),
                        funding=funding_view(plan, pr, project.submissions_of(plan.id)))
    templates = project.paths.templates("review")
    stamps = project.paths.stamps("review")
    title = f"{plan.edition}教師專業學習社群審查時程"
    if pages.timetable:
        out = docs / plan.id / "review"
        files = [("列印用 PDF（A4 橫式）", write_document(out / f"{plan.id}-timetable.pdf", "timetable.html", templates, stamps,
                                                      title=title, view=pages.timetable, columns=CASE_COLUMNS)),
                 ("CSV", write_csv(out / f"{plan.id}-timetable.csv", CASE_COLUMNS, pages.timetable.cases)),
                 ("Excel 試算表（XLSX）", write_xlsx(out / f"{plan.id}-timetable.xlsx", title,
                                                 [("場次", ["日期", *pages.timetable.slot_columns],
                                                   [[d.label, *row] for d in pages.timetable.days for row in d.slots]),
                                                  ("審查時程", CASE_COLUMNS, pages.timetable.cases)], NUMERIC_COLUMNS))]
        revisions = Revisions(project.paths.cache / "review-calendar.json")
        ics = write_ics(out / f"{plan.id}-timetable.ics", plan, pr.timetable, revisions)
        if ics:
            files.append(("行事曆（ICS，全部場次）", ics))
            for code in sorted({sc.case.school for sc in pr.timetable.cases if sc.case.shows.school}):
                name = next(sc.case.school_name for sc in pr.timetable.cases if sc.case.school == code)
                path = write_ics(out / "schools" / f"{code}.ics", plan, pr.timetable, revisions, code)
                pages.school_calendars.append((name, path.relative_to(out).as_posix()))
                pages.written.append(path)
        revisions.save()
        pages.timetable_files = [(label, p.relative_to(out).as_posix()) for label, p in files]
        pages.written += [p for _, p in files]
    if pages.results:
        out = docs / plan.id / "results"
        view = pages.results
        sheets = ([("得獎名單", RESULT_COLUMNS, view.winners)] if view.groups else []) + [
            (view.record_title, view.detail_columns, view.detail)]
        files = [("Excel 試算表（XLSX）", write_xlsx(out / f"{plan.id}-results.xlsx", f"{plan.edition}{view.title}", sheets,
                                                  NUMERIC_COLUMNS | set(view.detail_columns[len(view.audit_columns):])))]
        certs = certificates(pb, pr) if pr.results.groups else []
        if certs:
            files.append(("全部獎狀（PDF）", write_document(out / f"{plan.id}-certificates.pdf", "certificate.html", templates, stamps,
                                                     certificates=certs, title="獎狀")))
            for c in certs:
                path = write_document(out / "certificates" / f"{c['id']}.pdf", "certificate.html", templates, stamps,
                                      certificates=[c], title=f"獎狀：{c['community']}")
                view.certificates.append((f"{c['school']}「{c['community']}」{c['level']}", path.relative_to(out).as_posix()))
                pages.written.append(path)
        pages.results_files = [(label, p.relative_to(out).as_posix()) for label, p in files]
        pages.written += [p for _, p in files]
    if pages.funding:
        out = docs / plan.id / "funded"
        view = pages.funding
        xlsx = write_xlsx(out / f"{plan.id}-funded.xlsx", f"{plan.edition}核定名單",
                          [("核定名單", FUNDED_COLUMNS, view.funded), ("遴選紀錄", FUNDING_AUDIT_COLUMNS, view.audit)],
                          NUMERIC_COLUMNS)
        pages.funding_files = [("Excel 試算表（XLSX）", xlsx.relative_to(out).as_posix())]
        pages.written.append(xlsx)
    return pages
