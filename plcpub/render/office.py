"""The centre's private outputs for running its year (never part of the public site): the
day's duties (`status`) as text, JSON, XLSX and HTML pages. Each format reads the same
`review.duties.PlanDay` list, so a duty shown in one is shown in all."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from plcpub.forms.pdf import render_template
from plcpub.review.duties import KINDS, PlanDay
from plcpub.util.rocdate import format_roc
from plcpub.util.sheets import write_xlsx

COLUMNS = ["計畫", "類別", "案件編號", "學校", "社群", "目前狀態", "事項", "期限", "狀況", "逾期", "依據條文", "資料夾"]


def rows(days: list[PlanDay]) -> list[list[str]]:
    """One row per duty, as the XLSX and the pages list them."""
    out = []
    for day in days:
        for d in day.duties:
            out.append([day.plan, KINDS[d.kind], d.case_code or "", d.school or "", d.name or "", d.status or "", d.what,
                        format_roc(d.due) if d.due else "", d.state, "是" if d.overdue else "", d.clause or "",
                        f"content/{d.plan}/{d.community}" if d.community else ""])
    return out


def as_text(days: list[PlanDay]) -> str:
    lines = []
    for day in days:
        lines.append(f"{day.title}（{day.plan}）　{format_roc(day.today)}")
        if not day.duties:
            lines += ["  今天沒有待辦事項。", ""]
            continue
        for kind, heading in KINDS.items():
            found = day.of(kind)
            if not found:
                continue
            late = sum(d.overdue for d in found)
            lines.append(f"【{heading}】{len(found)} 件" + (f"，{late} 件逾期" if late else ""))
            for d in found:
                who = "　".join(x for x in (d.case_code, d.school, d.name) if x)
                cite = f"（{d.clause}）" if d.clause else ""
                state = f"　{d.state}" if d.state else ""
                lines.append(f"  {'⚠ ' if d.overdue else ''}{who + '：' if who else ''}{d.what}{state}{cite}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def as_json(days: list[PlanDay]) -> str:
    return json.dumps([{"plan": day.plan, "title": day.title, "today": day.today.isoformat(),
                        "duties": [d.as_json() for d in day.duties]} for day in days], ensure_ascii=False, indent=2)


def write_sheet(days: list[PlanDay], path: Path) -> Path:
    today = days[0].today if days else dt.date.today()
    return write_xlsx(path, f"承辦待辦事項 {format_roc(today)}", [("待辦事項", COLUMNS, rows(days))])


def write_pages(days: list[PlanDay], folder: Path, templates: list[Path]) -> list[Path]:
    """index.html (every plan's counts) and one page per plan, for the centre's own use: marked
    noindex, written outside the site."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for day in days:
        groups = [(heading, day.of(kind)) for kind, heading in KINDS.items()]
        html = render_template("status.html", templates, day=day, groups=groups, today=format_roc(day.today),
                               roc=format_roc)
        path = folder / f"{day.plan}.html"
        path.write_text(html, "utf-8")
        written.append(path)
    index = render_template("status_index.html", templates, days=days, kinds=KINDS,
                            today=format_roc(days[0].today) if days else "")
    (folder / "index.html").write_text(index, "utf-8")
    return [folder / "index.html", *written]


ACCOUNT_COLUMNS = ["計畫", "學校代碼", "學校", "行政區", "學制", "類別", "社群", "申請金額", "核定金額", "實支金額",
                   "結餘款", "已繳回", "核銷日期", "資料夾"]
TOTAL_COLUMNS = ["社群數", "已核銷社群數", "申請金額", "核定金額", "實支金額（已核銷）", "結餘款（已核銷）", "已繳回"]
MONEY = frozenset(ACCOUNT_COLUMNS[7:12] + TOTAL_COLUMNS)


def write_accounts(accounts: list, path: Path) -> Path:
    """The accounting office's workbook (review/money.Account rows): every funded community with
    granted next to requested, spent, the balance to return and what was returned; then totals
    by tier, level, district and school. Private: it names schools' money before it is public."""
    from plcpub.review.money import totals

    def blank(value):
        return "" if value is None else value

    detail = [[a.plan, a.school_code, a.school, a.district, a.level, a.tier, a.name, a.requested, a.granted,
               blank(a.spent), blank(a.balance), blank(a.returned), format_roc(a.reported_on) if a.reported_on else "",
               f"content/{a.plan}/{a.community}"] for a in accounts]
    sheets = [("社群明細", ACCOUNT_COLUMNS, detail)]
    for title, key in (("依類別", lambda a: a.tier), ("依學制", lambda a: a.level), ("依行政區", lambda a: a.district),
                       ("依學校", lambda a: f"{a.school_code} {a.school}")):
        sheets.append((title, [title[1:], *TOTAL_COLUMNS], [list(row) for row in totals(accounts, key)]))
    return write_xlsx(path, "經費核定、實支與結餘", sheets, numeric=MONEY)


REPORT_COLUMNS = ["計畫", "項目", "數值"]


def write_report_sheet(reports: list, path: Path) -> Path:
    """The year's figures per plan (review/report.PlanReport), then communities and teachers by
    tier, level and district, one sheet each."""
    sheets = [("總表", REPORT_COLUMNS, [[r.title, label, value] for r in reports for label, value in r.figures])]
    for title, attr in (("依類別", "by_tier"), ("依學制", "by_level"), ("依行政區", "by_district")):
        sheets.append((title, ["計畫", title[1:], "社群數", "教師數"],
                       [[r.title, key, c, t] for r in reports for key, c, t in getattr(r, attr).rows()]))
    return write_xlsx(path, "社群年度成果統計", sheets, numeric=frozenset({"社群數", "教師數"}))


def write_report_pdf(report, path: Path, templates: list[Path]) -> Path:
    """A short A4 report with the figures and bar charts (the site's charts: data tables with bars)."""
    from plcpub.forms.pdf import write_pdf
    from plcpub.render.site.charts import bar_chart

    def count(n: int) -> str:
        return f"{n:,}"

    charts = [bar_chart(f"{attr}-{what}", f"各{title}{label}", {k: (c if what == 'c' else t) for k, c, t in
                                                               getattr(report, attr).rows()}, count, title, label)
              for title, attr in (("類別", "by_tier"), ("學制", "by_level"), ("行政區", "by_district"))
              for what, label in (("c", "社群數"), ("t", "教師數"))]
    html = render_template("report.html", templates, report=report, charts=charts)
    return write_pdf(html, path, fillable=False, allowed=[])
