"""A fillable PDF as clerks' viewers see and save it: poppler (pdftoppm; pypdf fills, as scripts
and many small tools do), PDFium (pypdfium2 with form rendering on: Chrome and Edge) and pdf.js
(pdfjs-dist from npm, run in Chromium: Firefox). Each viewer fills the form its own way, renders
it, and saves it; tests import what was saved and look at what was drawn.

Values are {field name: text} for text fields, {group: option value} for radios and
{name: True} for checkboxes. Images come back as PIL images at `DPI`; field boxes in points
(PDF user space, origin bottom left), from `widgets`."""
from __future__ import annotations

import base64
import functools
import os
import subprocess
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PDFJS = Path(os.environ.get("PLCPUB_PDFJS", ROOT / ".cache" / "npm" / "node_modules" / "pdfjs-dist"))
DPI = 150


@dataclass(frozen=True)
class Widget:
    name: str  # the field's name (a radio widget: its group's)
    kind: str  # text | radio | checkbox
    page: int  # 0-based
    rect: tuple[float, float, float, float]  # x0, y0, x1, y1 in points
    state: str = ""  # radio: the option value it stands for


def widgets(pdf: Path) -> list[Widget]:
    from pypdf import PdfReader

    out = []
    for n, page in enumerate(PdfReader(str(pdf)).pages):
        for ref in page.get("/Annots", []):
            a = ref.get_object()
            if a.get("/Subtype") != "/Widget":
                continue
            field = a["/Parent"].get_object() if "/Parent" in a else a
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            rect = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            if field.get("/FT") == "/Tx":
                out.append(Widget(str(field["/T"]), "text", n, rect))
            elif "/Kids" in field:
                state = next(str(k)[1:] for k in a["/AP"]["/N"] if k != "/Off")
                out.append(Widget(str(field["/T"]), "radio", n, rect, state))
            else:
                out.append(Widget(str(field["/T"]), "checkbox", n, rect))
    return out


def crop(img: Image.Image, rect, page_height: float) -> Image.Image:
    """The pixels of a box given in points (origin bottom left)."""
    s = DPI / 72
    x0, y0, x1, y1 = rect
    return img.crop((round(x0 * s), round((page_height - y1) * s), round(x1 * s), round((page_height - y0) * s)))


# --- poppler, filled by pypdf ------------------------------------------------------------------

def pypdf_fill(src: Path, dest: Path, values: dict, regenerate: bool = True) -> Path:
    """`regenerate`: leave /NeedAppearances on, so poppler lays the text out itself (pypdf's
    default); off, poppler draws the appearance streams pypdf wrote (single lines, its own
    encoding of the characters). pypdf writes a radio group's /V as a string either way, which
    poppler does not take for a state: with `regenerate` it draws no option ticked (the widgets'
    /AS, which PDFium, pdf.js and import read, are right)."""
    from pypdf import PdfReader, PdfWriter

    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    values = {k: NameObject("/on") if v is True else NameObject(f"/{v}") if _is_radio(src, k) else v
              for k, v in values.items()}
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=regenerate)
    writer.write(str(dest))
    return dest


@functools.lru_cache(maxsize=64)
def _radios(src: Path) -> frozenset[str]:
    return frozenset(w.name for w in widgets(src) if w.kind == "radio")


def _is_radio(src: Path, name: str) -> bool:
    return name in _radios(src)


def poppler_render(pdf: Path, page: int, target: Path) -> tuple[Image.Image, str]:
    """(image, what poppler complained of on stderr: missing glyphs show up there)."""
    run = subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", str(page + 1), "-l", str(page + 1), "-singlefile",
                          str(pdf), str(target)], capture_output=True, text=True, check=True)
    return Image.open(f"{target}.png").convert("RGB"), run.stderr


# --- PDFium --------------------------------------------------------------------------------------

def pdfium_fill(src: Path, dest: Path, values: dict) -> Path:
    """Click and type as a person in Chrome would: FORM_OnLButtonDown/Up on the widget, then
    FORM_OnChar per UTF-16 unit; save with FPDF_SaveAsCopy."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(src))
    doc.init_forms()
    form = doc.formenv.raw
    for w in widgets(src):
        if w.name not in values or (w.kind == "radio" and values[w.name] != w.state):
            continue
        page = doc[w.page]
        x, y = (w.rect[0] + w.rect[2]) / 2, (w.rect[1] + w.rect[3]) / 2
        raw.FORM_OnMouseMove(form, page.raw, 0, x, y)
        raw.FORM_OnLButtonDown(form, page.raw, 0, x, y)
        raw.FORM_OnLButtonUp(form, page.raw, 0, x, y)
        if w.kind == "text":
            raw.FORM_SelectAllText(form, page.raw)  # a prefilled value (a fee's rate) is typed over
            data = str(values[w.name]).encode("utf-16-le")
            for i in range(0, len(data), 2):
                raw.FORM_OnChar(form, page.raw, int.from_bytes(data[i:i + 2], "little"), 0)
        raw.FORM_ForceToKillFocus(form)
    doc.save(str(dest))
    doc.close()
    return dest


def pdfium_render(pdf: Path, page: int) -> Image.Image:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    doc.init_forms()
    img = doc[page].render(scale=DPI / 72, may_draw_forms=True).to_pil().convert("RGB")
    doc.close()
    return img


# --- pdf.js in Chromium ------------------------------------------------------------------------

PDFJS_FILL = r"""
async ([values, pages]) => {
  const lib = await import('/pdfjs/build/pdf.mjs');
  lib.GlobalWorkerOptions.workerSrc = '/pdfjs/build/pdf.worker.mjs';
  const doc = await lib.getDocument({url: '/form.pdf', cMapUrl: '/pdfjs/cmaps/', standardFontDataUrl: '/pdfjs/standard_fonts/'}).promise;
  for (let n = 1; n <= doc.numPages; n++) {
    for (const a of await (await doc.getPage(n)).getAnnotations()) {
      if (!a.fieldName || !(a.fieldName in values)) continue;
      const v = values[a.fieldName];
      if (a.radioButton) doc.annotationStorage.setValue(a.id, {value: a.buttonValue === v});
      else doc.annotationStorage.setValue(a.id, {value: v});
    }
  }
  const images = [];
  for (const n of pages) {
    const page = await doc.getPage(n + 1);
    const viewport = page.getViewport({scale: %(scale)s});
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(viewport.width); canvas.height = Math.round(viewport.height);
    await page.render({canvasContext: canvas.getContext('2d'), canvas, viewport,
                       annotationMode: lib.AnnotationMode.ENABLE_STORAGE}).promise;
    images.push(canvas.toDataURL('image/png'));
  }
  const bytes = await doc.saveDocument();
  let bin = '';
  for (let i = 0; i < bytes.length; i += 8192) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  return {images, pdf: btoa(bin)};
}
"""


VIEWER_PAGE = """<!doctype html><meta charset=utf-8><title>pdf.js viewer</title>
<link rel="stylesheet" href="/pdfjs/web/pdf_viewer.css">
<div id="viewerContainer" style="position:absolute;inset:0;overflow:auto"><div id="viewer" class="pdfViewer"></div></div>
<script type="module">
import * as pdfjsLib from '/pdfjs/build/pdf.mjs';
pdfjsLib.GlobalWorkerOptions.workerSrc = '/pdfjs/build/pdf.worker.mjs';
const { EventBus, PDFViewer, PDFLinkService, PDFScriptingManager } = await import('/pdfjs/web/pdf_viewer.mjs');
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const scripting = new PDFScriptingManager({ eventBus, sandboxBundleSrc: '/pdfjs/build/pdf.sandbox.mjs', wasmUrl: '/pdfjs/wasm/' });
const viewer = new PDFViewer({ container: document.getElementById('viewerContainer'), eventBus, linkService,
  scriptingManager: scripting, annotationMode: pdfjsLib.AnnotationMode.ENABLE_FORMS });
linkService.setViewer(viewer); scripting.setViewer(viewer);
const doc = await pdfjsLib.getDocument({url: '/form.pdf', cMapUrl: '/pdfjs/cmaps/', standardFontDataUrl: '/pdfjs/standard_fonts/',
                                        enableScripting: true}).promise;
// As Firefox's viewer does: the PDFViewer hands the document to its scripting manager once a
// page has drawn. Calling scripting.setDocument here as well made a second sandbox replace the
// first, at a moment that varied from run to run, and values committed to the first were lost.
eventBus.on('sandboxcreated', () => { window.sandboxReady = true; });
viewer.setDocument(doc); linkService.setDocument(doc);
window.viewer = viewer; window.doc = doc;
</script>"""


class PdfJs:
    """pdf.js served from a local folder to Chromium; `fill` sets values through its annotation
    storage (what its form layer does as a person types), renders pages as it prints them, and
    saves through saveDocument (its Save button). `type_in_viewer` runs Firefox's own setup:
    the viewer with its form layer and the scripting sandbox, typed into with the keyboard."""

    def __init__(self, browser, workdir: Path):
        if not (PDFJS / "build" / "pdf.mjs").exists():
            raise FileNotFoundError(f"pdfjs-dist is not installed at {PDFJS}: run `bash dev.sh test`, which installs it")
        self.dir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        (workdir / "index.html").write_text("<!doctype html><meta charset=utf-8><title>pdf.js</title>", "utf-8")
        (workdir / "viewer.html").write_text(VIEWER_PAGE, "utf-8")
        link = workdir / "pdfjs"
        if not link.exists():
            link.symlink_to(PDFJS)

        class Quiet(SimpleHTTPRequestHandler):
            extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript",
                              ".wasm": "application/wasm"}

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(workdir)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.browser = browser
        self.page = browser.new_page()
        self.page.goto(f"http://127.0.0.1:{self.httpd.server_address[1]}/index.html")

    def fill(self, src: Path, dest: Path, values: dict, pages=(0,)) -> list[Image.Image]:
        import io

        (self.dir / "form.pdf").write_bytes(src.read_bytes())
        out = self.page.evaluate(PDFJS_FILL % {"scale": DPI / 72}, [values, list(pages)])
        dest.write_bytes(base64.b64decode(out["pdf"]))
        return [Image.open(io.BytesIO(base64.b64decode(u.split(",", 1)[1]))).convert("RGB") for u in out["images"]]

    def type_in_viewer(self, src: Path, dest: Path, typed: dict, read: list[str]) -> dict[str, str]:
        """Type `typed` field by field (click, keys, Tab) in the pdf.js viewer, then the values its
        fields show for `read` once its scripts ran; the document saved as its Save button would."""
        import time

        (self.dir / "form.pdf").write_bytes(src.read_bytes())
        page = self.browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(self.page.url.replace("index.html", "viewer.html"))
            page.wait_for_function("window.viewer && window.viewer.pagesCount > 0 && window.sandboxReady", timeout=60_000)
            on_page = {w.name: w.page + 1 for w in widgets(src)}

            def field(name: str):
                """The field's element once its page's form layer exists (pages draw when shown)."""
                page.evaluate(f"window.viewer.currentPageNumber = {on_page[name]}")
                page.wait_for_function(f"window.viewer.getPageView({on_page[name] - 1})?.renderingState === 3",
                                       timeout=60_000)  # drawn, its form layer in place (RenderingStates.FINISHED)
                box = page.locator(f'[name="{name}"]').first
                box.wait_for(state="attached", timeout=60_000)
                return box

            for name, text in typed.items():
                for _ in range(3):  # a page drawn again under the cursor loses what was typed: type again
                    box = field(name)
                    box.scroll_into_view_if_needed()
                    box.click()
                    page.keyboard.press("Control+A")  # a prefilled value (膳費 80) is typed over, as people do
                    page.keyboard.type(text)
                    page.keyboard.press("Tab")
                    if field(name).input_value() == text:
                        break
            deadline = time.time() + 30
            shown = {}
            while time.time() < deadline:
                shown = {n: field(n).input_value() for n in read}
                if all(shown.values()):
                    break
                page.wait_for_timeout(250)
            data = page.evaluate("(async () => { const b = await window.doc.saveDocument(); let s = '';"
                                 " for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192));"
                                 " return btoa(s); })()")
            dest.write_bytes(base64.b64decode(data))
            return shown
        finally:
            page.close()

    def close(self):
        self.page.close()
        self.httpd.shutdown()


# --- what was drawn -----------------------------------------------------------------------------

def glyph(img: Image.Image) -> tuple[int, bytes] | None:
    """(inked pixels, a 16×16 signature of the ink's bounding box), or None when the box is blank.
    Two different characters give different signatures; a missing glyph gives none (blank) or
    the same box outline every time (tofu)."""
    grey = img.convert("L")
    ink = grey.point(lambda v: 255 if v < 140 else 0)
    box = ink.getbbox()
    if box is None:
        return None
    count = ink.crop(box).tobytes().count(255)
    sig = ink.crop(box).resize((16, 16)).point(lambda v: 255 if v > 64 else 0).tobytes()
    return count, sig


def is_tofu(img: Image.Image) -> bool:
    """A .notdef box: ink along its whole outline and little inside."""
    ink = img.convert("L").point(lambda v: 255 if v < 140 else 0)
    box = ink.getbbox()
    if box is None:
        return False
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if w < 4 or h < 4:
        return False
    px = ink.load()
    edge = [px[x, y0] for x in range(x0, x1)] + [px[x, y1 - 1] for x in range(x0, x1)] + \
           [px[x0, y] for y in range(y0, y1)] + [px[x1 - 1, y] for y in range(y0, y1)]
    return sum(1 for v in edge if v) / len(edge) > 0.85


def pdfium_flatten(src: Path, dest: Path) -> Path:
    """The fields as PDFium lays them out, baked into the page (FPDFPage_Flatten for print): other
    tools can then read where PDFium put each character."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(src))
    doc.init_forms()
    for page in doc:
        raw.FPDFPage_Flatten(page.raw, raw.FLAT_PRINT)
    doc.save(str(dest))
    doc.close()
    return dest


def words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(text, x0, y0, x1, y1) in points, origin bottom left, of the words poppler reads on a page,
    field appearances included (poppler draws fields when /NeedAppearances asks it to)."""
    import re
    from html import unescape

    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out).group(1))
    return [(unescape(t), float(a), height - float(d), float(c), height - float(b)) for a, b, c, d, t in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def outside(filled: list, blank: list, rects: list, slack: float = 0.5) -> list[str]:
    """Words of `filled` that the blank page does not have and that lie outside every field box:
    text a viewer drew past its field's edge, where the field clips it."""
    static = {(t, round(x0), round(y0)) for t, x0, y0, _, _ in blank}
    extra = [w for w in filled if (w[0], round(w[1]), round(w[2])) not in static]
    inside = lambda w, r: (w[1] >= r[0] - slack and w[3] <= r[2] + slack  # noqa: E731
                           and w[2] >= r[1] - slack and w[4] <= r[3] + slack)
    return [w[0] for w in extra if not any(inside(w, r) for r in rects)]


def touches_edge(img: Image.Image) -> bool:
    """Strokes cut by a field's right or bottom edge: at least 3 inked pixels in its last pixel
    column or row (a glyph that merely ends near the edge, as char-by-char wrapping leaves it,
    touches it at a point or not at all)."""
    ink = img.convert("L").point(lambda v: 255 if v < 140 else 0)
    w, h = ink.size
    return any(ink.crop(box).tobytes().count(255) >= 3 for box in ((w - 1, 0, w, h), (0, h - 1, w, h)))


def text_in(words_: list, rect, slack: float = 0.5) -> str:
    """The characters drawn inside a field's box, line by line, without spaces: equal to the
    value typed when nothing was cut, dropped or pushed out of the box."""
    inside = [w for w in words_ if rect[0] - slack <= (w[1] + w[3]) / 2 <= rect[2] + slack
              and rect[1] - slack <= (w[2] + w[4]) / 2 <= rect[3] + slack]
    inside.sort(key=lambda w: (-round((w[2] + w[4]) / 2 / 3), w[1]))
    return "".join(w[0] for w in inside).replace(" ", "")


def pdfium_texts(pdf: Path, page: int, rects: list) -> list[str]:
    """What PDFium reads inside each box of a (flattened) page, without spaces: its own text
    extraction, since its saved appearance streams name a CJK font of its own that other
    readers lack."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    text = doc[page].get_textpage()
    out = [text.get_text_bounded(r[0] - 0.5, r[1] - 0.5, r[2] + 0.5, r[3] + 0.5) for r in rects]
    doc.close()
    return ["".join(t.split()) for t in out]
