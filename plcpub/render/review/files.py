"""Write the review views as files: CSV and XLSX tables, ICS calendars, PDF timetable and
certificates. Every writer is deterministic (same input, same bytes where the format allows)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from plcpub.forms.pdf import render_template, write_pdf_cached
from plcpub.model.plan import Plan
from plcpub.review.timetable import Timetable
from plcpub.util.reproducible import build_time

TAIPEI = ZoneInfo("Asia/Taipei")
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)


class Revisions:
    """Each review event's SEQUENCE and DTSTAMP (RFC 5545): a calendar that imported the timetable
    takes a rescheduled session as an update only when its SEQUENCE is higher than before. What
    each event said is remembered in the cache; an event that changed, or that the cache has not
    met (a fresh clone), is numbered by the minutes since 2020 at build time, higher than any
    number given to it before. An unchanged event keeps its number and stamp, so its bytes too."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.seen = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            self.seen = {}
        self.now = build_time()

    def of(self, uid: str, *content) -> tuple[int, dt.datetime]:
        digest = hashlib.sha256(repr(content).encode("utf-8")).hexdigest()[:16]
        known = self.seen.get(uid)
        if not isinstance(known, dict) or known.get("digest") != digest:
            minutes = int((self.now - SEQUENCE_EPOCH).total_seconds() // 60)
            sequence = max(minutes, known["sequence"] + 1 if isinstance(known, dict) else 0)
            known = self.seen[uid] = {"digest": digest, "sequence": sequence, "stamp": self.now.isoformat()}
        return known["sequence"], dt.datetime.fromisoformat(known["stamp"])

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.seen, ensure_ascii=False, sort_keys=True), "utf-8")
        tmp.replace(self.path)


def write_ics(path: Path, plan: Plan, tt: Timetable, revisions: Revisions, school: str | None = None) -> Path | None:
    """One event per case (or, for a school, per case of that school it may be named beside) in
    Asia/Taipei time, the zone's VTIMEZONE included. An event names a school and a community only
    where Plan.publication allows, like every other review file. None when the plan has not set
    review dates yet: a calendar without dates would lie."""
    from icalendar import Calendar, Event

    if any(sc.date is None for sc in tt.cases):
        return None
    cal = Calendar()
    cal.add("prodid", "-//plcpub//review timetable//ZH-TW")
    cal.add("version", "2.0")
    school_name = next((sc.case.public_school for sc in tt.cases if sc.case.school == school), school)
    cal.add("x-wr-calname", f"{plan.city}{plan.year}審查時程" + (f"（{school_name}）" if school else ""))
    cal.add("x-wr-timezone", "Asia/Taipei")
    for sc in tt.cases:
        if school and (sc.case.school != school or not sc.case.shows.school):
            continue
        uid = f"{plan.id}-{sc.case.code}@plcpub"
        start, end = dt.datetime.combine(sc.date, sc.start, TAIPEI), dt.datetime.combine(sc.date, sc.end, TAIPEI)
        summary = " ".join(x for x in (f"第 {sc.seq} 案", sc.case.code, sc.case.school_name if sc.case.shows.school else "",
                                       f"「{sc.case.title}」" if sc.case.shows.name else "") if x)
        description = f"{plan.review.sessions.session_label}，第 {sc.session} 場（線上）"
        sequence, stamp = revisions.of(uid, start.isoformat(), end.isoformat(), summary, description)
        ev = Event()
        ev.add("uid", uid)
        ev.add("dtstamp", stamp)
        ev.add("sequence", sequence)
        ev.add("dtstart", start)
        ev.add("dtend", end)
        ev.add("summary", summary)
        ev.add("description", description)
        cal.add_component(ev)
    cal.add_missing_timezones()  # VTIMEZONE for Asia/Taipei: clients without the zone database read the times right
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cal.to_ical())
    return path


def write_document(path: Path, template: str, templates: list[Path], stamps: Path, **context) -> Path:
    """A PDF from the review templates with the installed Noto CJK fonts (documents, not forms:
    WeasyPrint subsets the font, so no dedicated font is needed); skipped when unchanged."""
    html = render_template(template, templates, **context)
    return write_pdf_cached(html, path, stamps, False, templates)
