"""Render every form a plan lists into files: fillable PDF, printable PDF and editable ODT per
form, the budget sheet as ODS. The downloads page links what this returns."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plcpub.forms.acroform import AcroFormFinisher
from plcpub.forms.annexes import plan_forms
from plcpub.forms.font import form_font
from plcpub.forms.ods import write_budget_sheet
from plcpub.forms.odt import write_odt
from plcpub.forms.pdf import render_html, write_pdf_cached
from plcpub.forms.spec import FormSpec
from plcpub.load.project import PlanBundle, Project
from plcpub.util.stamps import write_if_changed


@dataclass
class FormFiles:
    """One form of the plan and its downloadable files [(format label, path)]."""
    annex: str
    name: str
    files: list[tuple[str, Path]] = field(default_factory=list)


def project_texts(project: Project) -> list[str]:
    """Every character a form might need to show: plans, registries and the submissions' data."""
    texts = []
    for pb in project.plans.values():
        texts.append(pb.doc.source.text)
        if pb.schools_doc is not None:
            texts.append(pb.schools_doc.source.text)
    texts += [sb.doc.source.text for sb in project.submissions]
    return texts


def builder_texts(project: Project) -> list[str]:
    """Characters the form builders and templates write themselves (labels no plan contains)."""
    here = Path(__file__).parent
    templates = [p for name, p in sorted(project.paths.template_files("forms").items()) if name.endswith(".html")]
    return [p.read_text("utf-8") for p in (*sorted(here.glob("*.py")), *templates)]


def project_font(project: Project) -> Path:
    """The subset font every form of this project renders with (site downloads and `forms` alike)."""
    return form_font(project.paths.fonts, project_texts(project) + builder_texts(project))


def _pdf(spec: FormSpec, project: Project, font: Path, printable: bool, path: Path) -> Path:
    html = render_html(spec, project.paths.templates("forms"), font, printable)  # names the font file
    options = {} if printable else {"finisher": AcroFormFinisher(spec)}
    return write_pdf_cached(html, path, project.paths.stamps("form"), not printable, [font.parent], **options)


def _odt(spec: FormSpec, project: Project, path: Path) -> Path:
    """write_odt, skipped when the spec is the one the file was written from."""
    return write_if_changed(path, project.paths.stamps("form"), repr(spec), lambda: write_odt(spec, path))


def write_plan_forms(project: Project, pb: PlanBundle, out: Path, font: Path | None = None) -> list[FormFiles]:
    """Every form the plan lists, in every format, under `out` (the forms package's entry point)."""
    font = font or project_font(project)
    plan = pb.plan
    written = []
    for pf in plan_forms(plan):
        entry = FormFiles(pf.form.annex or "", pf.form.name)
        if pf.spec is None:  # the budget sheet: the spreadsheet with live formulas
            entry.files.append(("ODS 試算表（公式自動計算）", write_budget_sheet(plan, out / f"{plan.id}-budget.ods")))
        else:
            base = out / f"{plan.id}-{pf.spec.id}"
            entry.files += [("可填寫 PDF", _pdf(pf.spec, project, font, False, base.with_name(base.name + "-fillable.pdf"))),
                            ("列印用 PDF", _pdf(pf.spec, project, font, True, base.with_name(base.name + "-printable.pdf"))),
                            ("可編輯 ODT", _odt(pf.spec, project, base.with_suffix(".odt")))]
        written.append(entry)
    return written
