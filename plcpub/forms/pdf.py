"""Render a form spec to PDF with WeasyPrint: fillable (AcroForm fields) or printable (no fields,
room to write by hand, values printed when prefilled).

WeasyPrint's side effect on the process: importing it sets Pillow's ImageFile.LOAD_TRUNCATED_IMAGES,
so a half-copied photo would decode with a grey lower half; render/photos.py decodes strictly
regardless (tests/test_photos.py holds both facts)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from plcpub.forms.font import OUTSIDE_NOTE
from plcpub.forms.spec import COLUMN_WIDTHS, FormSpec
from plcpub.util.stamps import write_if_changed


def render_html(spec: FormSpec, templates: list[Path], font: Path, printable: bool) -> str:
    """Every form spec renders through the one template: forms differ in data, not in layout code."""
    return render_template("form.html", templates, font, spec=spec, printable=printable,
                           widths=COLUMN_WIDTHS, font_note=OUTSIDE_NOTE)


@lru_cache(maxsize=8)
def _env(templates: tuple[Path, ...]) -> Environment:
    """One environment per template search path: jinja caches compiled templates in it (1,000 forms, one compile)."""
    return Environment(loader=FileSystemLoader([str(t) for t in templates]), autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_template(name: str, templates: list[Path], font: Path | None = None, **context) -> str:
    """Render `name` from the first folder of `templates` (Paths.templates: the project's, then the
    package's) that has it; `font` is the form font (documents use installed fonts)."""
    return _env(tuple(templates)).get_template(name).render(font_url=font.as_uri() if font else "", **context)


PHOTO_SCHEME = "plcpub-photo:"  # photos by cache name: the PDF does not change with the project's location


def photo_url(path: Path) -> str:
    return PHOTO_SCHEME + path.name


def project_only_fetcher(allowed: list[Path], photos: Path | None = None):
    """WeasyPrint may read files under `allowed` (the form font) and nothing else: no network,
    no file:///etc/passwd. `plcpub-photo:NAME` reads NAME from the `photos` cache folder."""
    from weasyprint.urls import URLFetcher

    roots = [p.resolve() for p in allowed]

    class ProjectFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if photos is not None and url.startswith(PHOTO_SCHEME) and "/" not in url[len(PHOTO_SCHEME):]:
                url = (photos / url[len(PHOTO_SCHEME):]).resolve().as_uri()
            if url.startswith("file://"):
                path = Path(unquote(url[len("file://"):].split("?")[0])).resolve()
                if any(path == r or path.is_relative_to(r) for r in roots):
                    return super().fetch(url, headers)
            raise ValueError(f"blocked: {url}")

    return ProjectFetcher(allowed_protocols={"file"})


# Part of every cached PDF's inputs: a change in how plcpub typesets (cjk_justify.py) remakes the
# PDFs an earlier version made from the same HTML.
TYPESETTING = "inter-character justification 1"


def weasy_document(html: str, allowed: list[Path], photos: Path | None = None):
    """WeasyPrint's HTML for `html`: fetching only under `allowed`, Chinese justified between
    characters (cjk_justify.py). Every PDF of plcpub is made through here."""
    from weasyprint import HTML

    from plcpub.forms import cjk_justify

    cjk_justify.install()
    return HTML(string=html, url_fetcher=project_only_fetcher(allowed, photos))


def write_pdf(html: str, target: Path, fillable: bool, allowed: list[Path], photos: Path | None = None,
              **options) -> Path:
    """`options` go to WeasyPrint (pdf_variant="pdf/ua-1" for a tagged booklet, …)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    weasy_document(html, allowed, photos).write_pdf(
        str(target), pdf_forms=fillable, custom_metadata=True, **options)
    return target


def write_pdf_cached(html: str, target: Path, stamps: Path, fillable: bool, allowed: list[Path],
                     photos: Path | None = None, **options) -> Path:
    """write_pdf, skipped when `target` was made from the same HTML (which names every input:
    font file, photos by content hash) with the same options."""
    inputs = html + repr(sorted(options.items())) + str(fillable) + TYPESETTING
    return write_if_changed(target, stamps, inputs,
                            lambda: write_pdf(html, target, fillable, allowed, photos, **options))
