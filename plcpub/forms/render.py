"""Render a plan's forms to files: the fillable and the printable application PDF."""
from __future__ import annotations

import hashlib
from pathlib import Path

from plcpub.forms.font import form_font
from plcpub.forms.ods import write_budget_sheet
from plcpub.forms.pdf import render_html, write_pdf
from plcpub.forms.spec import application, budget_labels
from plcpub.load.project import PlanBundle, Project


def project_texts(project: Project) -> list[str]:
    """Every character a form might need to show: plans, registries and the submissions' data."""
    texts = []
    for pb in project.plans.values():
        texts.append(pb.doc.source.text)
        if pb.schools_doc is not None:
            texts.append(pb.schools_doc.source.text)
    texts += [sb.doc.source.text for sb in project.submissions]
    return texts


def render_plan_forms(project: Project, pb: PlanBundle, out: Path, font: Path | None = None) -> list[tuple[str, Path]]:
    """[(label, path)] of the forms written for one plan into `out`."""
    font = font or form_font(project.root / ".cache", project_texts(project))
    spec = application(pb.plan)
    labels = budget_labels(pb.plan)
    templates = project.root / "templates" / "forms"
    written = []
    for printable, suffix, label in ((False, "fillable", "可填寫 PDF"), (True, "printable", "列印用 PDF")):
        html = render_html(spec, templates, font, printable, labels)
        path = out / f"{pb.plan.id}-application-{suffix}.pdf"
        stamp = project.root / ".cache" / "form-stamps" / f"{path.name}.sha256"
        digest = hashlib.sha256((html + font.name).encode("utf-8")).hexdigest()
        if not (path.exists() and stamp.exists() and stamp.read_text() == digest):  # unchanged forms are reused
            write_pdf(html, path, not printable, [font.parent])
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(digest)
        written.append((label, path))
    sheet = write_budget_sheet(pb.plan, out / f"{pb.plan.id}-budget.ods")
    written.append(("經費概算表 ODS 試算表，公式自動計算", sheet))
    return written
