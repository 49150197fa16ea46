"""Layers import only downward, as WeasyPrint's phases do: a renderer never calls the loader's
callers, a check never reaches into a renderer. The order (lowest first):

    util, standards, diagnostics, cache → model → load → review → validate → forms, render → commands → cli

`review` (cases, timetable, scoring) is computation on loaded data that both the checks and the
outputs read. The test reads every import in plcpub/, function-level ones included."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plcpub"
LAYERS = [
    {"", "util", "standards", "diagnostics", "cache", "paths", "process"},
    {"model"},
    {"load"},
    {"review"},
    {"validate"},
    {"forms", "render"},
    {"commands"},
    {"cli", "__main__"},
]


def layer_of(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"{module}: not in any layer (add its package to LAYERS)")


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "plcpub":
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "plcpub"}
    return found


def test_layers_import_only_downward():
    upward = []
    for f in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(("plcpub", *f.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        for target in imports(f):
            if layer_of(target) > layer_of(module):
                upward.append(f"{module} -> {target}")
    assert upward == []
