"""The public site's pages: view models (pages.py) -> Markdown/HTML pages from the site templates
+ a plain mkdocs.yml, linking the files the other outputs wrote (`write_pages`, the entry point).

The engine that turns the tree into HTML is engine.py (MkDocs Material, every touch of its
internals in that one module); publish.py builds into a staged folder and swaps it in.
The generated tree (`.cache/site-build/`) is plain Markdown and YAML, so Zensical can build it too.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from plcpub import __version__
from plcpub.forms.render import FormFiles
from plcpub.load.project import Project
from plcpub.paths import Paths
from plcpub.render.booklet import BookletPages
from plcpub.render.photos import publish_web
from plcpub.render.review.outputs import ReviewPages
from plcpub.render.site.charts import bar_chart
from plcpub.render.site.engine import HOOKS
from plcpub.render.site.incremental import PageInputs
from plcpub.render.site.pages import PlanSite, community_page, community_photos, plan_site, previous_year
from plcpub.render.site.search import search_js
from plcpub.util.jinja import bytecode_cache
from plcpub.util.money import format_money

SITE_NAME = "教師專業學習社群計畫"
PLAN_PAGES = [("index", None), ("rules", "類別與經費"), ("timeline", "日程與流程"), ("downloads", "表件下載"),
              ("communities", "社群名單"), ("schools", "各校彙整"), ("stats", "統計")]
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|"})  # <>& are HTML-escaped already


def md_text(value) -> Markup:
    """User text for a Markdown line (headings): HTML-escaped and Markdown specials neutralised."""
    return Markup(str(escape(str(value))).translate(_MD_SPECIAL))


def _env(paths: Paths) -> Environment:
    env = Environment(loader=FileSystemLoader([str(t) for t in paths.templates("site")]), undefined=StrictUndefined,
                      autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True, bytecode_cache=bytecode_cache(paths.jinja("site")))
    env.filters["md"] = md_text
    env.filters["money"] = format_money
    env.filters["front"] = front_value
    env.filters["path"] = url_path
    return env


def url_path(value) -> str:
    """A path from data (folder names become addresses) percent-encoded for href and src: a space,
    a CJK name or any other character a link cannot carry raw."""
    return quote(str(value), safe="/")


# Material puts front-matter titles and descriptions into <title> and <meta content="…"> without
# escaping (MkDocs' theme environment does not autoescape): markup characters from data become
# their full-width look-alikes there, so a community named 'x" onmouseover=…' stays text.
_FRONT_SAFE = str.maketrans({"<": "＜", ">": "＞", '"': "＂", "&": "＆", "'": "＇"})


def front_value(value) -> Markup:
    """A YAML front-matter value that is inert wherever the theme places it."""
    return Markup(json.dumps(str(value).translate(_FRONT_SAFE), ensure_ascii=False))


def _write(path: Path, text: str) -> None:
    """Write only when changed, so `serve` does not rebuild forever on its own output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


def home_upcoming(plans: list[PlanSite]) -> list[tuple]:
    """(date, plan label, step, when, plan id) of every plan's coming steps, by date (the ROC text
    sorts 112年10月1日 before 112年6月20日)."""
    return sorted((date, f"{ps.city}{ps.year_label}", name, when, ps.id) for ps in plans for date, name, when in ps.upcoming)


def plan_links(review: ReviewPages, booklet: BookletPages | None) -> list[tuple[str, str]]:
    """The plan's pages: the fixed ones, then timetable, results and booklet when the plan has them."""
    extra = [("review", "審查時程")] if review.timetable else []
    extra += [("funded", "核定名單")] if review.funding else []
    extra += [("results", review.results.title)] if review.results else []
    extra += [("booklet", "成果集")] if booklet else []
    return PLAN_PAGES + extra


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"


@dataclass
class PlanOutputs:
    """What the other outputs wrote for one plan (forms, review files, booklet): the site links
    them and keeps them in its tree, and never writes them itself."""
    downloads: list[FormFiles]
    review: ReviewPages
    booklet: BookletPages | None

    @property
    def written(self) -> list[Path]:
        files = [path for entry in self.downloads for _, path in entry.files] + self.review.written
        return files + (self.booklet.written if self.booklet else [])


@dataclass
class SiteTree:
    """The generated site source: Markdown pages, assets and theme overrides under `src/docs`,
    and `src/mkdocs.yml`: plain files any MkDocs-compatible engine (Zensical too) can build."""
    src: Path
    plans: list[PlanSite]
    config: dict

    @property
    def docs(self) -> Path:
        return self.src / "docs"

    def write_config(self) -> None:
        _write(self.src / "mkdocs.yml", yaml.safe_dump(self.config, allow_unicode=True, sort_keys=False, width=1000))


def write_pages(project: Project, outputs: dict[str, PlanOutputs], src: Path) -> SiteTree:
    """The site's pages (and community photos) under `src/docs`, linking what the outputs wrote;
    files of pages no longer published are removed. Community pages whose inputs did not change
    are not written again (incremental.PageInputs)."""
    paths = project.paths
    env = _env(paths)
    docs = src / "docs"
    plans = [plan_site(pb, project) for _, pb in sorted(project.plans.items())]
    expected: set[Path] = set()

    def page(rel: str, template: str, depth: int, **ctx) -> None:
        target = docs / rel
        expected.add(target)
        _write(target, env.get_template(template).render(root="../" * depth, version=__version__, **ctx))

    page_inputs = PageInputs(src / "pages.json", paths.template_files("site"))
    page("index.md", "home.md", 0, plans=plans, upcoming=home_upcoming(plans))
    for ps in plans:
        pb, made = project.plans[ps.id], outputs[ps.id]
        expected.update(made.written)
        count = lambda n: f"{n} 個"  # noqa: E731
        what, fmt = ("經費", format_money) if ps.money else ("社群數", count)
        kind = "類別" if ps.tier_names else "社群類型"
        charts = {
            "tier": bar_chart(f"{ps.id}-tier", f"各{kind}{what}", ps.stats["tier"], fmt, kind, what),
            "district": bar_chart(f"{ps.id}-district", f"各行政區{what}", ps.stats["district"], fmt, "行政區", what),
            "level": bar_chart(f"{ps.id}-level", "各學制社群數", ps.stats["level"], count, "學制", "社群數"),
        }
        downloads = [(entry.annex, entry.name, [(label, path.name, _size(path)) for label, path in entry.files])
                     for entry in made.downloads]  # (annex, form name, [(format, file name, size)])
        review, booklet = made.review, made.booklet
        ps.links = plan_links(review, booklet)
        ps.features = [link for link in ps.links if link not in PLAN_PAGES]
        for name, _ in ps.links:
            page(f"{ps.id}/{name}.md", f"plan_{name}.md", 1 if name == "index" else 2, plan=ps, charts=charts,
                 downloads=downloads, review=review, booklet=booklet)
        paged = [v for v in booklet.volumes if v.page] if booklet else []  # a big city's booklet: a page per volume
        for i, volume in enumerate(paged):
            ps.volume_pages.append((f"第{volume.number}冊", volume.page))
            page(volume.page, "plan_booklet_volume.md", 3, plan=ps, booklet=booklet, volume=volume,
                 previous=paged[i - 1] if i else None, following=paged[i + 1] if i + 1 < len(paged) else None)
        plan_key = page_inputs.plan_key(pb, ps.links)
        for stub in ps.community_pages:  # 1,000+ a city: each rebuilt only when its own inputs changed
            rel = f"{ps.id}/communities/{stub.id}.md"
            photos = [(src, docs / ps.id / "communities" / stub.id / name) for src, name, _ in community_photos(pb.plan, stub.sb)]
            expected.add(docs / rel)
            expected.update(dest for _, dest in photos)
            slot = review.timetable.slot_of.get(stub.id, ("", "")) if review.timetable else ("", "")  # moves as others apply
            earlier = previous_year(project, stub.sb) if stub.sb.sub.predecessor else None  # its page shows last year's
            extra = "".join(slot) + (f"{earlier.sub.plan}/{earlier.id}:{earlier.source_key}:{earlier.sub.status}"
                                     if earlier else "")
            if page_inputs.unchanged(rel, plan_key + extra, stub.sb, [d for _, d in photos]):
                continue
            shown = community_page(pb, stub.sb, project, earlier)
            shown.review_slot, shown.review_anchor = slot
            page(rel, "community.md", 3, plan=ps, page=shown)
            for source, dest in photos:
                publish_web(source, dest, paths.photos)
        for sp in ps.schools:
            page(f"{ps.id}/schools/{sp.code}.md", "school.md", 3, plan=ps, school=sp)
    for name, f in paths.template_files("site", "assets").items():
        expected.add(docs / "assets" / name)
        _write(docs / "assets" / name, f.read_text("utf-8"))
    expected.add(docs / "assets" / "search.js")  # the search box's side of search.py
    _write(docs / "assets" / "search.js", search_js())
    page_inputs.save()
    for f in docs.rglob("*"):  # drop pages of communities that are no longer public
        if f.is_file() and f not in expected:
            f.unlink()
    for name, f in paths.template_files("site", "overrides").items():  # Material's custom_dir
        _write(src / "overrides" / name, f.read_text("utf-8"))
    tree = SiteTree(src, plans, mkdocs_config(plans))
    tree.write_config()
    return tree


def mkdocs_config(plans: list[PlanSite]) -> dict:
    """The site's configuration and navigation (communities are reached through list pages, never
    a flat nav of 1,000+ entries)."""
    nav: list = [{"首頁": "index.md"}]
    for ps in plans:
        section: list = [f"{ps.id}/index.md"]
        for name, title in ps.links[1:]:
            if name == "booklet" and ps.volume_pages:
                section.append({title: [{"各冊目錄": f"{ps.id}/booklet.md"}] + [{t: page} for t, page in ps.volume_pages]})
            else:
                section.append({title: f"{ps.id}/{name}.md"})
        nav.append({f"{ps.city}{ps.year_label}": section})
    return {
        "site_name": SITE_NAME,
        "site_description": "各縣市教師專業學習社群實施計畫：類別與補助、經費標準、日程、社群名單與統計。",
        "site_url": os.environ.get("PLCPUB_SITE_URL", "http://localhost:8000/"),
        "docs_dir": "docs",
        "copyright": "資料來源：各縣市教育局（處）實施計畫與學校申請資料．本網站由 plcpub 產生",
        "extra": {"generator": False},
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "custom", "custom_dir": "overrides", "font": False,
                  "features": ["navigation.indexes", "navigation.top", "content.tooltips"],
                  "palette": {"primary": "indigo", "accent": "indigo"}},
        "extra_css": ["assets/plcpub.css"],
        "extra_javascript": ["assets/tables.js", "assets/search.js"],  # search: Pagefind (search.py), not a plugin
        "markdown_extensions": ["tables", "attr_list", "md_in_html", {"toc": {"permalink": False}}],
        "plugins": [],
        "validation": {"nav": {"omitted_files": "ignore"}},
        "hooks": [str(HOOKS)],
        "nav": nav,
    }
