"""A dedicated subset of Noto Sans CJK TC for fillable forms.

PDF form fields embed their font whole: with the system font a blank form is ~16 MB. This
subset holds Big5's common characters and symbols plus every character used in the plans and
the example data (~6,000 characters, ~3 MB). Subsetting takes ~40 s, so the result is cached
under .cache/fonts/ by the hash of its character set.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

SYSTEM_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SUBSET_RECIPE = "v2-no-layout"  # part of the cache key: change it when the subsetting options change
EXTRA = "□■☑☐○●—…「」『』（）、。，：；？！／％＋－＝＜＞～　"


def big5_common() -> set[str]:
    """Big5 symbols (A140–A3BF) and level-1 common hanzi (A440–C67E)."""
    chars = set()
    for hi in range(0xA1, 0xC7):
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            if hi == 0xC6 and lo > 0x7E:
                break
            try:
                chars.add(bytes([hi, lo]).decode("big5"))
            except UnicodeDecodeError:
                pass
    return chars


def charset(texts) -> str:
    chars = big5_common() | {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xFF01, 0xFF5F)} | set(EXTRA)
    for t in texts:
        chars.update(t)
    return "".join(sorted(c for c in chars if c.isprintable()))


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
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    font.save(str(tmp))
    tmp.replace(target)
    return target
