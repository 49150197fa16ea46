"""The public plan site (minimal): a home page and one page per plan, written atomically.

The full MkDocs Material site with community pages arrives with its own issue; this keeps
`python build.py` honest meanwhile: it validates, then publishes only plan-level, public data.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from plcpub import __version__
from plcpub.load.project import PlanBundle, Project
from plcpub.model.common import ACTIVITY_ZH
from plcpub.model.derived import grant_ceiling
from plcpub.render.markdown import render_markdown
from plcpub.util.money import format_money
from plcpub.util.rocdate import format_roc
from plcpub.validate.diagnostics import Diagnostic


@dataclass
class TierRow:
    name: str
    cap: str
    ceiling: str
    min_meetings: str
    min_members: str
    activities: str
    bonuses: str


@dataclass
class PlanPage:
    id: str
    title: str
    city: str
    year_label: str
    execution: str
    sections: list[tuple[str, str]]
    tiers: list[TierRow]
    timeline: list[tuple[str, str]]
    budget: list[tuple[str, str, str]]
    notices: list[str] = field(default_factory=list)
    public_communities: int = 0


def _standard(item) -> str:
    """How an item's amount is set, in the words of the budget sheet."""
    if item.max_unit_price:
        return f"上限 {format_money(item.max_unit_price)}"
    if item.rate:
        return format_money(item.rate) + ("（依講座鐘點費支給表）" if item.rate_source == "national" else "")
    if item.rate_source == "national":
        return "依講座鐘點費支給表"
    return "覈實支應"


def _year_label(plan) -> str:
    return f"{plan.year}{'學年度' if plan.year_kind == 'academic' else '年度'}"


def plan_page(pb: PlanBundle, project: Project, diagnostics: list[Diagnostic]) -> PlanPage:
    p = pb.plan
    tiers = []
    for t in p.tiers:
        ceiling = grant_ceiling(p, t, None, schools=t.max_schools or 2)
        bonuses = "、".join({"cross-school": "跨校", "per-extra-school": f"每增一校（{b.from_schools or 1} 校以上）",
                             "school-curriculum": "結合校訂課程"}[b.kind] + f"加 {format_money(b.amount)}" for b in t.bonuses)
        tiers.append(TierRow(t.name, format_money(t.cap) if t.cap is not None else "（未載明）",
                             format_money(ceiling) if ceiling is not None else "—",
                             f"{t.min_meetings} 次" if t.min_meetings else "—",
                             f"{t.min_members or p.membership.min_members or '—'}",
                             "、".join(f"{ACTIVITY_ZH[a.activity]} {a.count} 次" for a in t.required_activities) or "—",
                             bonuses or "—"))
    timeline = [(m.name, format_roc(m.date.date) + (f" 至 {format_roc(m.end.date)}" if m.end else ""))
                for m in p.timeline if m.public]
    budget = [(it.name, it.unit or "式", _standard(it)) for it in p.budget.items]
    notices = [d.message for d in diagnostics if d.file.startswith(f"plans/{p.id}/") and d.severity == "warning"]
    public = sum(1 for sb in project.submissions_of(p.id)
                 if (st := p.status(sb.sub.status)) is not None and st.public)
    return PlanPage(p.id, p.title, p.city, _year_label(p),
                    f"{format_roc(p.execution.start.date)} 至 {format_roc(p.execution.end.date)}",
                    [(title, render_markdown(md)) for title, md in pb.sections], tiers, timeline, budget, notices, public)


def _env(templates: Path) -> Environment:
    return Environment(loader=FileSystemLoader(str(templates)), autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def write_site(project: Project, diagnostics: list[Diagnostic], out: Path) -> int:
    """Render into a temporary folder beside `out`, then swap it in: never a half-built site."""
    env = _env(project.root / "templates")
    pages = [plan_page(pb, project, diagnostics) for _, pb in sorted(project.plans.items())]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=out.parent))
    try:
        (tmp / "index.html").write_text(env.get_template("index.html").render(pages=pages, version=__version__), "utf-8")
        for page in pages:
            (tmp / page.id).mkdir()
            (tmp / page.id / "index.html").write_text(env.get_template("plan.html").render(page=page, version=__version__),
                                                      "utf-8")
        old = out.with_name(out.name + ".old")
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return len(pages) + 1
