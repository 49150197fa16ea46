"""Chinese search: a jieba user dictionary generated from the data.

Material segments Chinese with jieba at build time; jieba's default dictionary mis-splits
Traditional terms (進行觀/課議/課), and a query that is not one of the index's words finds
nothing. Every school, community, content area, method and core term is added as one word.
"""
from __future__ import annotations

from pathlib import Path

from plcpub.load.project import Project

TERMS = ["公開授課", "共同備課", "共備", "觀課", "議課", "備課", "備觀議課", "專業回饋", "教學觀察", "課堂實踐",
         "專題講座", "學習社群", "社群召集人", "召集人", "跨校社群", "校訂課程", "素養導向", "學力促進", "學習診斷",
         "教學媒材", "行動研究", "協同教學", "讀者劇場", "成果報告", "二代健保", "鐘點費", "雜支", "經費概算表"]


def words(project: Project) -> list[str]:
    found: set[str] = set(TERMS)
    for pb in project.plans.values():
        p = pb.plan
        found.update(t.name for t in p.tiers)
        found.update(p.catalogues.content_areas)
        found.update(m.name for m in p.catalogues.methods)
        found.update(s.name for s in pb.schools.values())
        found.update(it.name for it in p.budget.items)
    for sb in project.submissions:
        found.add(sb.sub.name)
    return sorted(w.strip() for w in found if w and len(w.strip()) > 1 and " " not in w.strip())


def write_user_dict(project: Project, path: Path) -> Path:
    """jieba's format: one `word frequency` per line; a high frequency keeps the word whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{w} 100000\n" for w in words(project))
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")
    return path
