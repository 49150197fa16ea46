"""Write the review views as files: CSV and XLSX tables, ICS calendars, PDF timetable and
certificates. Every writer is deterministic (same input, same bytes where the format allows)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from plcpub.forms.pdf import render_template, write_pdf_cached
from plcpub.model.plan import Plan
from plcpub.review.timetable import Timetable

TAIPEI = ZoneInfo("Asia/Taipei")


def write_ics(path: Path, plan: Plan, tt: Timetable, school: str | None = None) -> Path | None:
    """One event per case (or, for a school, per case of that school it may be named beside) in
    Asia/Taipei time. An event names a school and a community only where Plan.publication allows,
    like every other review file. None when the plan has not set review dates yet: a calendar
    without dates would lie."""
    from icalendar import Calendar, Event

    if any(sc.date is None for sc in tt.cases):
        return None
    cal = Calendar()
    cal.add("prodid", "-//plcpub//review timetable//ZH-TW")
    cal.add("version", "2.0")
    school_name = next((sc.case.public_school for sc in tt.cases if sc.case.school == school), school)
    cal.add("x-wr-calname", f"{plan.city}{plan.year}審查時程" + (f"（{school_name}）" if school else ""))
    cal.add("x-wr-timezone", "Asia/Taipei")
    stamp = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    for sc in tt.cases:
        if school and (sc.case.school != school or not sc.case.shows.school):
            continue
        ev = Event()
        ev.add("uid", f"{plan.id}-{sc.case.code}@plcpub")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", dt.datetime.combine(sc.date, sc.start, TAIPEI))
        ev.add("dtend", dt.datetime.combine(sc.date, sc.end, TAIPEI))
        ev.add("summary", " ".join(x for x in (f"第 {sc.seq} 案", sc.case.code,
                                                sc.case.school_name if sc.case.shows.school else "",
                                                f"「{sc.case.title}」" if sc.case.shows.name else "") if x))
        ev.add("description", f"{plan.review.sessions.session_label}，第 {sc.session} 場（線上）")
        cal.add_component(ev)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cal.to_ical())
    return path


def write_document(path: Path, template: str, templates: list[Path], stamps: Path, **context) -> Path:
    """A PDF from the review templates with the installed Noto CJK fonts (documents, not forms:
    WeasyPrint subsets the font, so no dedicated font is needed); skipped when unchanged."""
    html = render_template(template, templates, **context)
    return write_pdf_cached(html, path, stamps, False, templates)
