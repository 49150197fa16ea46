"""A dedicated subset of Noto Sans CJK TC for fillable forms.

PDF form fields embed their font whole (a viewer draws what the user types with it): with the
system font a blank form is ~16 MB. This subset holds every character a clerk may type in a
Taiwanese name or place: all of Big5 (symbols, levels 1 and 2: 13,053 hanzi), the MOE standard
tables (常用 4,808 and 次常用 6,343 characters; eleven, such as 彞 叄 㚷 嬎 㮣 礴, are not in Big5), the
HKSCS additions in the main CJK block (堃 喆 煊 菓 峯 …: 2,255 hanzi that household registers use
and Big5 lacks), plus every character of the plans and the data (~16,000 glyphs, a ~3.3 MB form). What lies
outside it (Extension B names such as 𡘙) still imports exactly; the form says so
(`OUTSIDE_NOTE`) and the printable copy rebuilt from the data prints it. Subsetting takes
~15 s, so the result is cached under .cache/fonts/ by the hash of its character set.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from ..standards import moe_tables

SYSTEM_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SUBSET_RECIPE = "v4-big5-hkscs-cid-gid"  # part of the cache key: change it when the subsetting options change
EXTRA = "□■☑☐○●—…「」『』（）、。，：；？！／％＋－＝＜＞～　"


OUTSIDE_NOTE = ("表件字型含教育部常用、次常用國字標準字體表、Big5 全部字與戶政常用的香港增補漢字；少數罕用字若在欄位中顯示不出來，"
                "匯入時仍完整保留，請以匯入後重新產生的列印版核章。")


@lru_cache(maxsize=None)
def _decodable(codec: str) -> frozenset[str]:
    """Every single character the codec decodes from a double-byte code (~20,000 decodes: computed
    once per process, as every build asks for the form font's character set)."""
    chars = set()
    for hi in range(0x81, 0xFF):
        for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                c = bytes([hi, lo]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(c) == 1:  # HKSCS maps a few codes to a base letter plus a combining mark
                chars.add(c)
    return frozenset(chars)


def big5() -> frozenset[str]:
    """Big5 as Python's codec has it: symbols (A140–A3BF), level 1 (A440–C67E, 5,401 hanzi) and
    level 2 (C940–F9D5, 7,652 hanzi)."""
    return _decodable("big5")


def hkscs_hanzi() -> set[str]:
    """HKSCS-2008 hanzi in the main CJK block (U+4E00–9FFF) that Big5 lacks: 堃 喆 煊 菓 峯 綉 …"""
    return {c for c in _decodable("big5hkscs") - big5() if 0x4E00 <= ord(c) <= 0x9FFF}


def moe_standard() -> set[str]:
    """Every character of the MOE 常用 and 次常用 standard-character tables."""
    return set("".join(moe_tables().values()))


def covered() -> set[str]:
    """What every form font holds whatever the project: the coverage promised to clerks."""
    return (big5() | moe_standard() | hkscs_hanzi() | {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xFF01, 0xFF5F)}
            | set(EXTRA))


def charset(texts) -> str:
    chars = set(covered())  # covered() may be frozen (the code tables are cached)
    for t in texts:
        chars.update(t)
    return "".join(sorted(c for c in chars if c.isprintable() or c == "\u3000"))  # ideographic space: typed in names


def form_font(fonts: Path, texts) -> Path:
    """Path of the subset font covering `texts` (built once per character set, kept in `fonts`:
    Paths.fonts, which PLCPUB_CACHE points elsewhere so several project copies share fonts)."""
    chars = charset(texts)
    key = hashlib.sha256((chars + SUBSET_RECIPE).encode("utf-8")).hexdigest()[:16]
    target = fonts / f"plc-form-{key}.otf"
    if target.exists():
        return target
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    if not SYSTEM_FONT.exists():
        raise FileNotFoundError(f"找不到 {SYSTEM_FONT}；請執行 bash dev.sh 安裝 fonts-noto-cjk。")
    index = next(i for i, f in enumerate(TTCollection(str(SYSTEM_FONT), lazy=True).fonts)
                 if f["name"].getDebugName(1) == "Noto Sans CJK TC")
    font = TTFont(str(SYSTEM_FONT), fontNumber=index, recalcTimestamp=False)  # same font bytes every build
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []  # horizontal text in boxes needs no vertical or alternate forms
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    _identity_cids(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    font.save(str(tmp))
    tmp.replace(target)
    return target


def _identity_cids(font) -> None:
    """Make every glyph's CID equal its glyph index.

    WeasyPrint embeds the font as CIDFontType0 with the glyph index as CID; Noto's CFF is
    CID-keyed, and the subset keeps the original CIDs (cid17731 at index 3). Poppler and PDFium
    draw by index, pdf.js (Firefox, and pdf.js in any page) looks the CID up in the CFF charset
    and drew the wrong glyph or none for every Chinese character. tests/test_viewers.py renders
    a form through pdf.js."""
    order = font.getGlyphOrder()
    names = [".notdef"] + [f"cid{i:05d}" for i in range(1, len(order))]
    rename = dict(zip(order, names))
    top = font["CFF "].cff.topDictIndex[0]
    strings = top.CharStrings
    strings.charStrings = {rename[name]: index for name, index in strings.charStrings.items()}
    top.charset = names
    top.CIDCount = len(names)
    font["hmtx"].metrics = {rename[name]: m for name, m in font["hmtx"].metrics.items()}
    for table in font["cmap"].tables:
        if hasattr(table, "cmap"):
            table.cmap = {code: rename[name] for code, name in table.cmap.items()}
        if getattr(table, "uvsDict", None):
            table.uvsDict = {v: [(u, rename.get(g) if g else g) for u, g in pairs] for v, pairs in table.uvsDict.items()}
    font.setGlyphOrder(names)
