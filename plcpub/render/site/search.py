"""Chinese search: the words the index is cut into, and variant forms folded on both sides.

Material segments Chinese with jieba at build time and cuts a query into the index's own words,
so a query that is not one of them falls apart into single characters (跨校 found 跨域 on 跨).
The user dictionary therefore holds the words people search for — the plans' vocabulary (tier
names and their short forms, budget items, content areas, methods, cities with and without
市, schools) and the site's page words (成果集, 申請表 …) — and not whole community or tier
names, which jieba then cuts into those words, so a part of a name is found too.
Variant forms (台 for 臺, as most people type) are folded to one in the index (`FoldingCut`)
and in the query box (`FOLD_JS`, written beside the site's scripts).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from plcpub.load.project import Project

TERMS = ["公開授課", "共同備課", "共備", "觀課", "議課", "備課", "備觀議課", "專業回饋", "教學觀察", "課堂實踐",
         "專題講座", "學習社群", "社群", "召集人", "跨校", "跨域", "校訂課程", "素養導向", "學力促進", "學習診斷",
         "教學媒材", "行動研究", "協同教學", "讀者劇場", "成果報告", "二代健保", "鐘點費", "雜支", "經費概算表",
         # what the pages are called and what visitors type to find them
         "成果集", "申請表", "申請書", "申請截止", "補助上限", "經費編列", "審查時程", "核定名單", "評選結果",
         "表件下載", "社群名單", "各校彙整", "日程", "班級數", "申請件數", "序位法", "期中", "期末", "逾期", "績優"]
# Variant forms typed for the standard ones (教育部標準字體): folded in the index and the query.
VARIANTS = {"台": "臺", "裏": "裡", "峯": "峰", "羣": "群", "綫": "線", "衞": "衛", "麪": "麵", "菓": "果"}
SUFFIXES = ("學習社群", "社群")  # a tier named 專業自主學習社群 is also searched as 專業自主


def fold(text: str) -> str:
    return text.translate(str.maketrans(VARIANTS))


def words(project: Project) -> list[str]:
    found: set[str] = set(TERMS)
    for pb in project.plans.values():
        p = pb.plan
        found.update({p.city, p.city.removesuffix("市").removesuffix("縣")})
        for t in p.tiers if p.tiers_stated else []:
            short = next((t.name.removesuffix(s) for s in SUFFIXES if t.name.endswith(s) and len(t.name) > len(s) + 1), t.name)
            found.add(short)
        found.update(p.catalogues.content_areas)
        found.update(p.catalogues.community_kinds)
        found.update(m.name for m in p.catalogues.methods)
        found.update(s.name for s in pb.schools.values())
        found.update(it.name for it in p.budget.items)
        found.update(mi.name for mi in p.timeline if len(mi.name) <= 8)
    return sorted({fold(w.strip()) for w in found if w and len(w.strip()) > 1 and " " not in w.strip()
                   and not re.search(r"[（(）)、，]", w)})


def write_user_dict(project: Project, path: Path) -> Path:
    """jieba's format: one `word frequency` per line; a high frequency keeps the word whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{w} 100000\n" for w in words(project))
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")
    return path


class FoldingCut:
    """jieba (or the segmenter helper) with variant forms folded before cutting: what Material
    stores in the index, and shows in snippets, is the standard form."""

    def __init__(self, inner):
        self.inner = inner

    def __bool__(self) -> bool:  # Material tests `if jieba:`
        return True

    def cut(self, text, *args, **kwargs):
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return self.inner.cut(fold(text), *args, **kwargs)

    def load_userdict(self, path):
        return self.inner.load_userdict(path)

    def set_dictionary(self, path):
        return self.inner.set_dictionary(path)


FOLD_JS = """/* plcpub: variant forms typed into search (台 for 臺 …) are folded to the forms the index holds. */
(function () {
  var map = %s;
  function fold(text) { return text.replace(/[%s]/g, function (c) { return map[c]; }); }
  document.addEventListener("input", function (e) {
    var box = e.target;
    if (!box.matches || !box.matches("input.md-search__input") || e.isComposing) { return; }
    var folded = fold(box.value);
    if (folded !== box.value) {
      var at = box.selectionStart;
      box.value = folded;
      box.setSelectionRange(at, at);
    }
  }, true);
})();
"""


def fold_js() -> str:
    return FOLD_JS % (json.dumps(VARIANTS, ensure_ascii=False), "".join(VARIANTS))
