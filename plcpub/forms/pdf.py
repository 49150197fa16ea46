"""Render a form spec to PDF with WeasyPrint: fillable (AcroForm fields) or printable (no fields,
room to write by hand, values printed when prefilled)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from plcpub.forms.spec import COLUMN_WIDTHS, FormSpec


def render_html(spec: FormSpec, templates: Path, font: Path, printable: bool) -> str:
    """Every form spec renders through the one template: forms differ in data, not in layout code."""
    return render_template("form.html", templates, font, spec=spec, printable=printable,
                           widths=COLUMN_WIDTHS)


@lru_cache(maxsize=4)
def _env(templates: Path) -> Environment:
    """One environment per templates folder: jinja caches compiled templates in it (1,000 forms, one compile)."""
    return Environment(loader=FileSystemLoader(str(templates)), autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_template(name: str, templates: Path, font: Path, **context) -> str:
    return _env(templates).get_template(name).render(font_url=font.as_uri(), **context)


def project_only_fetcher(allowed: list[Path]):
    """WeasyPrint may read files under `allowed` (the form font) and nothing else: no network,
    no file:///etc/passwd."""
    from weasyprint.urls import URLFetcher

    roots = [p.resolve() for p in allowed]

    class ProjectFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file://"):
                path = Path(unquote(url[len("file://"):].split("?")[0])).resolve()
                if any(path == r or path.is_relative_to(r) for r in roots):
                    return super().fetch(url, headers)
            raise ValueError(f"blocked: {url}")

    return ProjectFetcher(allowed_protocols={"file"})


def write_pdf(html: str, target: Path, fillable: bool, allowed: list[Path]) -> Path:
    from weasyprint import HTML

    target.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, url_fetcher=project_only_fetcher(allowed)).write_pdf(
        str(target), pdf_forms=fillable, custom_metadata=True)
    return target
