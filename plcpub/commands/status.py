"""`status [--today DATE] [--plan ID] [--format text|json|xlsx] [--out FILE] [--html DIR]`: what
the centre must act on or chase today, per plan (review/duties.py). Private: the XLSX and the
pages are written outside the site (private/ by default), never published."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from plcpub.commands.folders import FolderError, load_plans, refuse
from plcpub.render import office
from plcpub.review.duties import plan_day
from plcpub.util.rocdate import DateParseError, format_roc, parse_roc_date

PRIVATE = "private"


def parse_day(text: str | None) -> dt.date:
    """--today as a clerk writes it (113年5月6日, 113.05.06, 2024-05-06); today's date if not given."""
    if not text:
        return dt.date.today()
    return parse_roc_date(text).date


def run(root: Path, today: str | None, plan_id: str | None, fmt: str, out: str | None, html: str | None) -> int:
    try:
        day = parse_day(today)
    except DateParseError as e:
        print(f"--today：{e}", file=sys.stderr)
        return 2
    try:
        project, ids = load_plans(root, plan_id)
    except FolderError as e:
        return refuse(e)
    days = [plan_day(project.plans[i], project.submissions_of(i), day) for i in ids]
    if fmt == "json":
        print(office.as_json(days))
    elif fmt == "xlsx":
        target = root / out if out else root / PRIVATE / f"status-{day.isoformat()}.xlsx"  # like build's --out
        office.write_sheet(days, target)
        print(f"已寫入 {target}（承辦內部使用，不公開）")
    else:
        sys.stdout.write(office.as_text(days))
    if html:
        pages = office.write_pages(days, root / html, project.paths.templates("office"))
        print(f"已寫入 {len(pages)} 頁到 {html}（承辦內部使用，不公開；{format_roc(day)}）", file=sys.stderr)
    return 0
