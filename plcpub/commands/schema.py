"""`schema`: write JSON Schemas so editors (yaml-language-server) complete and check as you type.

Every YAML file in plans/ and content/ starts with `# yaml-language-server: $schema=...`
pointing here; a test keeps the committed schemas in step with the models.
"""
from __future__ import annotations

import json
from pathlib import Path

from plcpub.model.plan import Plan
from plcpub.model.school import SchoolRegistry
from plcpub.model.review import ReviewerList, ScoreSheet
from plcpub.model.submission import OutcomeReport, SpendingReport, StoryMeta, Submission

SCHEMAS = {
    "plan": (Plan, "教師專業學習社群實施計畫"),
    "schools": (SchoolRegistry, "學校名冊"),
    "submission": (Submission, "教師專業學習社群申請"),
    "outcome": (OutcomeReport, "社群成果報告"),
    "spending": (SpendingReport, "社群經費核銷（實支明細）"),
    "story": (StoryMeta, "社群故事（story.md 開頭資料區）"),
    "reviewers": (ReviewerList, "審查委員名單（content/<計畫>/reviews/reviewers.yaml）"),
    "scores": (ScoreSheet, "委員評分表（content/<計畫>/reviews/<委員>.yaml）"),
}


def render_all() -> dict[str, str]:
    out = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema(mode="validation")
        schema["title"] = title
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def run(out_dir: Path) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in render_all().items():
        (out_dir / name).write_text(text, "utf-8")
        print(f"已寫入 {out_dir / name}")
    return 0
