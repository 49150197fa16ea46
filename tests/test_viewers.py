"""Issue #16: a clerk fills the form in the viewer at hand, prints it and sends it in. In poppler
(filled by pypdf), PDFium (Chrome, Edge) and pdf.js (Firefox): every name character draws as its
own glyph in the field, the radio and checkbox a viewer shows ticked are the ones import reads,
and what was typed comes back exactly."""
from __future__ import annotations

import random

import pytest

from plcpub.forms.font import SYSTEM_FONT, big5, covered, hkscs_hanzi, moe_standard
from plcpub.forms.importer import import_form, read_pdf_fields
from plcpub.forms.render import write_plan_forms
from plcpub.forms.spec import application

from . import viewers

pytestmark = pytest.mark.slow
# Given-name characters the issue found missing (Big5 level 2, then HKSCS), the MOE standard-table
# characters Big5 lacks, and a fixed sample of the rest of Big5 level 2 and of the HKSCS hanzi:
# one character per text field.
NAMED = "甯霈鈺璇瑄琬翊珺蓁歆堃喆煊菓" + "彞叄㚷嬎㮣"


def sample() -> str:
    rng = random.Random(16)
    level2 = sorted(c for c in big5() if "\u4e00" <= c <= "\u9fff" and c.encode("big5") >= b"\xc9\x40")
    extra = rng.sample(level2, 12) + rng.sample(sorted(hkscs_hanzi()), 8)
    return NAMED + "".join(c for c in extra if c not in NAMED)


@pytest.fixture(scope="module")
def form(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("viewers")
    files = [p for e in write_plan_forms(project, project.plans["hsinchu-111"], out) for _, p in e.files]
    return next(p for p in files if p.name == "hsinchu-111-application-fillable.pdf")


@pytest.fixture(scope="module")
def filling(form, project):
    """{field: value}: a character per text field of page 1, the second tier, the cross-school box."""
    chars = sample()
    kinds = {f.name: f.kind for f in application(project.plans["hsinchu-111"].plan).all_fields()}
    texts = [w for w in viewers.widgets(form) if w.kind == "text" and w.page <= 1 and kinds[w.name] == "text"]
    assert len(texts) >= len(chars), "pages 1–2 have fewer text fields than the sample"
    values = {w.name: c for w, c in zip(texts, chars)}
    return values | {"tier": "project", "cross_school": "yes", "school_curriculum": True}


def fill_and_render(viewer: str, form, values, tmp_path, browser, pages=(0, 1)):
    """(saved file, {page: image}) after filling in `viewer`, each page as that viewer draws the
    saved file (pypdf has no renderer: poppler draws the appearance streams pypdf wrote)."""
    dest = tmp_path / f"{viewer}.pdf"
    if viewer == "pypdf+poppler":
        viewers.pypdf_fill(form, dest, values, regenerate=False)
        images = {}
        for n in pages:
            images[n], stderr = viewers.poppler_render(dest, n, tmp_path / f"{viewer}-{n}")
            assert "couldn't find a font" not in stderr, stderr
        return dest, images
    if viewer == "pdfium":
        viewers.pdfium_fill(form, dest, values)
        return dest, {n: viewers.pdfium_render(dest, n) for n in pages}
    pdfjs = viewers.PdfJs(browser, tmp_path / "pdfjs")
    try:
        return dest, dict(zip(pages, pdfjs.fill(form, dest, values, pages=pages)))
    finally:
        pdfjs.close()


@pytest.mark.parametrize("viewer", ["pypdf+poppler", "pdfium", "pdf.js"])
def test_every_name_character_draws_and_imports(viewer, form, filling, tmp_path, project, browser):
    saved, images = fill_and_render(viewer, form, filling, tmp_path, browser)
    for n, img in images.items():
        img.save(tmp_path / f"page{n + 1}.png")  # to look at: pytest keeps the last runs' tmp_path
    boxes = {w.name: w for w in viewers.widgets(form) if w.kind == "text"}
    drawn = {}
    for name, char in filling.items():
        if name not in boxes:
            continue
        img = images[boxes[name].page]
        g = viewers.crop(img, boxes[name].rect, img.height * 72 / viewers.DPI)
        assert not viewers.is_tofu(g), f"{viewer}: {char} ({name}) draws as a .notdef box"
        drawn[char] = viewers.glyph(g)
        assert drawn[char] is not None, f"{viewer}: {char} ({name}) draws nothing"
    signatures = [sig for _, sig in drawn.values()]
    assert len(set(signatures)) == len(signatures), f"{viewer}: two characters draw the same glyph"

    # what the viewer shows ticked is what imports
    radios = [w for w in viewers.widgets(form) if w.name == "tier"]
    img = images[radios[0].page]
    ink = {w.state: viewers.glyph(viewers.crop(img, w.rect, img.height * 72 / viewers.DPI)) for w in radios}
    ticked = max(ink, key=lambda s: ink[s][0] if ink[s] else 0)
    assert ticked == "project"
    _, values = read_pdf_fields(saved)
    typed = {k: v for k, v in filling.items() if isinstance(v, str) and k not in ("tier", "cross_school")}
    assert {k: values[k] for k in typed} == typed
    plan = project.plans["hsinchu-111"].plan
    res = import_form(saved, plan)
    assert res.errors == []
    assert res.data["tier"] == plan.tier("project").name and res.data["cross_school"] is True
    assert res.data["school_curriculum"] is True
    box = next(w for w in viewers.widgets(form) if w.name == "school_curriculum")
    img = images[box.page]
    assert viewers.glyph(viewers.crop(img, box.rect, img.height * 72 / viewers.DPI)), f"{viewer}: the ticked box draws empty"
    assert res.data["name"] == filling["community_name"]


def test_the_embedded_font_holds_big5_the_moe_tables_and_the_hkscs_hanzi(form):
    """What every viewer draws a typed character with is the font program inside the file."""
    import io

    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    programs = []
    for page in PdfReader(str(form)).pages[:1]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for desc in font.get("/DescendantFonts", []):
                file = desc.get_object()["/FontDescriptor"].get("/FontFile3")
                if file is not None:
                    programs.append(TTFont(io.BytesIO(file.get_object().get_data())))
    held = max((set(map(chr, p.getBestCmap())) for p in programs), key=len)
    system = TTFont(str(SYSTEM_FONT), fontNumber=0, lazy=True).getBestCmap()
    missing = {c for c in covered() - held if ord(c) in system}  # Noto lacks a few symbols (☐ ☑ ≒)
    assert not missing, f"{len(missing)} characters missing, e.g. {''.join(sorted(missing)[:20])}"
    assert len({c for c in held if "\u4e00" <= c <= "\u9fff"}) >= 13_053 + 2_255 - 2  # Big5 + HKSCS hanzi
    assert not moe_standard() - held, "an MOE standard-table character is missing"


def longest_values(project, spec) -> dict[str, str]:
    """Every text field of `spec` with the longest value its kind of field has in the examples
    (s7_place gets the longest place of any meeting of any community)."""
    import re

    from plcpub.forms.prefill import submission_values

    longest: dict[str, str] = {}
    for sb in project.submissions:
        for name, value in submission_values(project.plans[sb.sub.plan].plan, sb.sub).items():
            family = re.sub(r"\d+", "N", name)
            if len(value) > len(longest.get(family, "")):
                longest[family] = value
    return {f.name: longest[re.sub(r"\d+", "N", f.name)] for f in spec.all_fields()
            if f.kind not in ("radio", "checkbox", "static") and not f.calc and re.sub(r"\d+", "N", f.name) in longest}


@pytest.mark.parametrize("viewer", ["pypdf+poppler", "pdfium", "pdf.js"])
def test_the_longest_example_values_fit_their_fields(viewer, form, project, tmp_path, browser):
    plan = project.plans["hsinchu-111"].plan
    values = longest_values(project, application(plan))
    assert len(values) > 100 and "s12_place" in values and "o3_checks" in values
    boxes = [w for w in viewers.widgets(form) if w.kind == "text"]
    pages = sorted({w.page for w in boxes})
    dest = tmp_path / "filled.pdf"
    if viewer == "pypdf+poppler":
        viewers.pypdf_fill(form, dest, values)
        drawn, images = dest, [viewers.poppler_render(dest, n, tmp_path / f"p{n}")[0] for n in pages]
    elif viewer == "pdfium":
        viewers.pdfium_fill(form, dest, values)
        drawn, images = viewers.pdfium_flatten(dest, tmp_path / "flat.pdf"), [viewers.pdfium_render(dest, n) for n in pages]
    else:
        pdfjs = viewers.PdfJs(browser, tmp_path / "pdfjs")
        try:
            drawn, images = None, pdfjs.fill(form, dest, values, pages=pages)
        finally:
            pdfjs.close()
    cut = []
    for n, img in zip(pages, images):
        img.save(tmp_path / f"page{n + 1}.png")
        height = img.height * 72 / viewers.DPI
        cut += [w.name for w in boxes if w.page == n and w.name in values
                and viewers.touches_edge(viewers.crop(img, w.rect, height))]
        filled = [w for w in boxes if w.page == n and w.name in values]
        if viewer == "pypdf+poppler":  # where poppler put each character, hidden lines included
            found = viewers.words(drawn, n)
            cut += viewers.outside(found, viewers.words(form, n), [w.rect for w in boxes if w.page == n])
            cut += [w.name for w in filled if viewers.text_in(found, w.rect) != "".join(values[w.name].split())]
        elif viewer == "pdfium":  # what PDFium itself reads inside each box once it flattened the fields
            inside = viewers.pdfium_texts(drawn, n, [w.rect for w in filled])
            cut += [w.name for w, t in zip(filled, inside) if t != "".join(values[w.name].split())]
    assert not cut, f"{viewer}: text cut off in {cut[:10]}"
    _, back = read_pdf_fields(dest)
    assert {k: v for k, v in back.items() if k in values} == values


def test_pdfjs_computes_the_totals_as_one_types_and_import_agrees(form, project, tmp_path, browser):
    """Firefox's viewer with its scripting on: quantities and prices typed with the keyboard, the
    line totals, 合計 and 總計 in words appear, and the saved file imports clean."""
    from plcpub.util.money import amount_in_words

    plan = project.plans["hsinchu-111"].plan
    typed = {"community_name": "計算測試社群", "school": "183602", "convener_name": "簡佩君", "member_1_name": "羅志豪",
             "b_printing_qty": "20", "b_printing_price": "50", "b_meals_qty": "12", "b_meals_price": "80"}
    pdfjs = viewers.PdfJs(browser, tmp_path / "pdfjs")
    try:
        shown = pdfjs.type_in_viewer(form, tmp_path / "saved.pdf", typed,
                                     ["b_printing_total", "b_meals_total", "budget_total", "budget_words"])
    finally:
        pdfjs.close()
    assert shown == {"b_printing_total": "1000", "b_meals_total": "960", "budget_total": "1960",
                     "budget_words": amount_in_words(1960)}
    _, values = read_pdf_fields(tmp_path / "saved.pdf")
    assert {k: values[k] for k in typed} == typed
    res = import_form(tmp_path / "saved.pdf", plan)
    assert not [e for e in res.errors if "總價" in e or "合計" in e or "社群人數" in e], res.errors
