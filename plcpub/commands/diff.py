"""`diff PLAN_A PLAN_B [--format text|json|md]`: what changed between two plans, rule by rule,
citing both clauses (render/plandiff.py). Works across cities too."""
from __future__ import annotations

import sys
from pathlib import Path

from plcpub.commands.folders import FolderError, open_plan, refuse
from plcpub.render.plandiff import as_json, as_markdown, as_text, compare


def run(root: Path, before: str, after: str, fmt: str) -> int:
    try:
        a, b = open_plan(root, before), open_plan(root, after)
    except FolderError as e:
        return refuse(e)
    d = compare(a.plan, b.plan)
    sys.stdout.write({"json": as_json, "md": as_markdown}.get(fmt, as_text)(d) + ("\n" if fmt == "json" else ""))
    return 0
