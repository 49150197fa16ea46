"""What WeasyPrint's AcroForm output lacks, repaired before the file is written.

WeasyPrint (pdf_forms=True) writes a field per HTML input. Viewers disagree with three of its
choices, and a clerk meets each one (the viewer matrix is in docs/forms.md):
- a radio group's widgets carry their own /T and sit in /Fields beside their group, and their
  states are positions (/0, /1): a filler (pypdf) ticks "a field of its own" that import never
  reads. Here the widgets become kids only, and each state is named by the option's value.
- checkboxes and radios have no /DA, no /MK /CA and no /Off appearance: poppler, which redraws
  every field when /NeedAppearances is set, draws a ticked box empty.
- a text field's /DA carries a graphics-state operator (gs), which /DA may not hold.
Multi-line text fields (Field.wrap > 1) get the multiline flag from their textarea already.
Fields worked out from others (Field.calc: line totals, 合計, 總計 in words) become read-only
with a calculation script (/AA /C) in the order /CO gives, for viewers that run them (pdf.js,
Acrobat); import works them out again (importer.check_totals).

This module is the one place that touches pydyf objects WeasyPrint built (tests/test_acroform.py).
"""
from __future__ import annotations

import re

from plcpub.forms.spec import FormSpec

VERSION = "3"  # part of the fillable PDF's stamp: change it when the repairs change
ZAPF = "ZaDb"
TICK = {"radio": "l", "checkbox": "4"}  # ZapfDingbats: ● and ✔


class AcroFormFinisher:
    """WeasyPrint `finisher`: called with the document and the pydyf PDF just before writing."""

    def __init__(self, spec: FormSpec):
        self.radios = {f.name: f for f in spec.all_fields() if f.kind == "radio"}
        self.calcs = {f.name: f.calc for f in spec.all_fields() if f.calc}

    def __repr__(self) -> str:  # stable: the stamp of a cached PDF includes it
        return f"AcroFormFinisher(v{VERSION})"

    def __call__(self, document, pdf) -> None:
        import pydyf

        objects = {o.number: o for o in pdf.objects if isinstance(o, pydyf.Object) and o.number}
        form = pdf.catalog.get("AcroForm")
        if not form:
            return

        def deref(ref):
            return objects[int(ref.split()[0])] if isinstance(ref, bytes) else ref

        resources = deref(form["DR"])
        fonts = resources.setdefault("Font", pydyf.Dictionary())
        fonts = deref(fonts)
        if ZAPF not in fonts:
            zapf = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/ZapfDingbats"})
            pdf.add_object(zapf)
            fonts[ZAPF] = zapf.reference
        kids = set()
        calculated = []
        for ref in form["Fields"]:
            field = deref(ref)
            if field.get("FT") == "/Tx" and "DA" in field:
                field["DA"] = pydyf.String(_clean_da(field["DA"]))
            name = _text(field.get("T", ""))
            if field.get("FT") == "/Tx" and name in self.calcs:
                field["Ff"] = int(field.get("Ff", 0)) | 1  # read-only: worked out, not typed
                field["AA"] = pydyf.Dictionary({"C": pydyf.Dictionary({"S": "/JavaScript",
                                                                       "JS": pydyf.String(calc_js(self.calcs[name]))})})
                calculated.append((CALC_ORDER[self.calcs[name].split(":")[0]], bytes(ref)))
            if "Kids" in field:
                kids |= {bytes(k) for k in field["Kids"]}
                self._radio_group(pdf, field, [deref(k) for k in field["Kids"]])
            elif field.get("FT") == "/Btn" and "Parent" not in field:
                self._button(pdf, field, "checkbox")
        form["Fields"] = pydyf.Array(r for r in form["Fields"] if bytes(r) not in kids)
        if calculated:  # line totals, then their sum, then the sum in words
            form["CO"] = pydyf.Array(ref for _, ref in sorted(calculated, key=lambda c: c[0]))

    def _radio_group(self, pdf, group, widgets) -> None:
        import pydyf

        spec_field = self.radios.get(_text(group["T"]))
        options = spec_field.options if spec_field else []
        if spec_field:  # WeasyPrint names the group after its first option
            group["TU"] = pydyf.String(spec_field.label)
        group["V"] = "/Off"
        for i, widget in enumerate(widgets):
            state = radio_state(options[i][0], i) if i < len(options) else f"o{i}"
            (old,) = [k for k in widget["AP"]["N"]]
            widget["AP"] = pydyf.Dictionary({"N": pydyf.Dictionary({state: widget["AP"]["N"][old]})})
            ticked = widget.get("AS") not in (None, "/Off")
            widget["AS"] = f"/{state}" if ticked else "/Off"
            if ticked:
                group["V"] = f"/{state}"
            for key in ("T", "TU", "FT"):
                widget.pop(key, None)
            self._button(pdf, widget, "radio")
        group.pop("Opt", None)  # states are named by value now; /Opt would re-number them
        group["DA"] = widgets[0]["DA"] if widgets else pydyf.String(f"/{ZAPF} 6 Tf 0 g")

    @staticmethod
    def _button(pdf, widget, kind: str) -> None:
        """/DA, the tick character and an empty /Off appearance, so viewers that redraw agree."""
        import pydyf

        x0, y0, x1, y1 = widget["Rect"]
        # a set size: poppler draws an auto-sized (0 Tf) tick tiny, and a radio's dot not at all
        widget["DA"] = pydyf.String(f"/{ZAPF} {abs(y1 - y0) * 0.8:.1f} Tf 0 g")
        mk = widget.get("MK") or pydyf.Dictionary()
        mk["CA"] = pydyf.String(TICK[kind])
        widget["MK"] = mk
        off = pydyf.Stream(extra={"Type": "/XObject", "Subtype": "/Form",
                                  "BBox": pydyf.Array((0, 0, abs(x1 - x0), abs(y1 - y0)))})
        pdf.add_object(off)
        normal = widget["AP"]["N"]
        normal["Off"] = off.reference
        widget["AP"]["D"] = pydyf.Dictionary({"Off": off.reference})


CALC_ORDER = {"product": 0, "sum": 1, "words": 2}
_HELPERS = (
    "function plcNum(v){v=String(v).replace(/[,\\s元]/g,'');return v===''||isNaN(Number(v))?null:Number(v);}"
    "function plcGroup(n){var D='%(digits)s',U=%(small)s,s=String(n);while(s.length<4)s='0'+s;"
    "var out='',zero=false,started=false;for(var i=0;i<4;i++){var d=Number(s.charAt(i));"
    "if(d===0){zero=zero||started;continue;}if(zero){out+='零';zero=false;}out+=D.charAt(d)+U[i];started=true;}"
    "return out;}"
    "function plcWords(n){if(n===0)return '新臺幣零元整';var g=[Math.floor(n/1e8),Math.floor(n/1e4)%%1e4,n%%1e4],"
    "B=%(big)s,out='',gap=false;for(var i=0;i<3;i++){if(g[i]===0){gap=gap||out!=='';continue;}"
    "if(out!==''&&(gap||g[i]<1000))out+='零';out+=plcGroup(g[i])+B[i];gap=false;}return '新臺幣'+out+'元整';}")


def calc_js(calc: str) -> str:
    """The calculation script of a Field.calc. Words follow util/money.amount_in_words (same
    digits and units; tests/test_acroform.py runs both on the same amounts)."""
    import json

    from plcpub.util import money

    helpers = _HELPERS % {"digits": money.DIGITS, "small": json.dumps(list(money.SMALL_UNITS), ensure_ascii=False),
                          "big": json.dumps(list(money.BIG_UNITS), ensure_ascii=False)}
    kind, _, args = calc.partition(":")
    names = args.split(",")
    if kind == "product":
        body = (f"var q=plcNum(this.getField('{names[0]}').value),p=plcNum(this.getField('{names[1]}').value);"
                "event.value=(q===null||p===null)?'':Math.round(q*p);")
    elif kind == "sum":
        body = (f"var names={json.dumps(names)},t=0,any=false;for(var i=0;i<names.length;i++){{"
                "var v=plcNum(this.getField(names[i]).value);if(v!==null){t+=v;any=true;}}event.value=any?t:'';")
    elif kind == "words":
        body = f"var v=plcNum(this.getField('{names[0]}').value);event.value=v===null?'':plcWords(v);"
    else:
        raise ValueError(f"unknown calculation {calc}")
    return helpers + body


def radio_state(value: str, index: int) -> str:
    """The PDF state name of a radio option: its value where that is a plain name, else o<index>.
    Import maps states back through the same function."""
    return value if re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]{0,60}", value) else f"o{index}"


def _text(value) -> str:
    """A pydyf String's text (WeasyPrint writes names and /DA as String objects of str or bytes)."""
    raw = getattr(value, "string", value)
    return raw.decode("latin-1") if isinstance(raw, bytes) else str(raw)


def _clean_da(da) -> str:
    """/DA may hold only text-state and colour operators; drop WeasyPrint's `/aN gs`."""
    return re.sub(r"/\S+\s+gs\s*", "", _text(da)).strip()
