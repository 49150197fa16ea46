"""Grow the broken-file corpus: clean example submissions with one line broken the way clerks
break them (impossible dates, 25:70, 五千, -500, 2.3 periods, a misspelt key, a tab, a repeated
key, Big5 or UTF-16 files, CRLF line ends with a bad value), each written as a case folder
tests/cases/invalid/mut-*/ with its `# ← expect RULE` marker.

A mutation is kept only when checking it gives exactly the expected rule at the broken line;
the others are listed, so a loader or rule that stops catching something is noticed.

    python -m tests.cases.mutate        # rewrites tests/cases/invalid/mut-*
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases" / "invalid"
BASES = ["hsinchu-111/183503-art-aesthetics", "keelung-113/173602-harbour-cross", "keelung-113/173603-steam-handson",
         "taichung-103/193501-science-inquiry", "taichung-103/193601-grade4-math"]
# (name, line pattern, replacement, expected rule)
LINE_MUTATIONS = [
    ("date-impossible", r"date: (\d+)年(\d+)月(\d+)日(（.）)?", r"date: \g<1>年2月30日", "date.impossible"),
    ("date-format", r"date: (\d+)年(\d+)月(\d+)日(（.）)?", r"date: \g<1>/\g<2>/\g<3>/1", "date.format"),
    ("time-format", r'start: "?\d+:\d+"?', 'start: "25:70"', "time.format"),
    ("money-invalid", r"unit_price: \d+", "unit_price: 五千", "money.invalid"),
    ("money-negative", r"unit_price: \d+", "unit_price: -500", "money.negative"),
    ("money-fractional", r"unit_price: \d+", "unit_price: 50.5", "money.fractional"),
    ("value-quantity", r"quantity: \d+", "quantity: 2.3", "value.quantity"),
]
WHOLE_LINE = [
    ("unknown-key", r"^summary:", "sumary:", "schema.unknown-key"),
    ("yes-no", r"^cross_school: (true|false)", "cross_school: 可能", "value.yes-no"),
]


def _base_text(base: str, n: int) -> str:
    """The example renamed, so it does not collide with the original in per-school or per-convener rules."""
    text = (ROOT / "content" / base / "community.yaml").read_text("utf-8")
    text = re.sub(r"(?m)^name: .*$", f"name: 變異測試社群{n:03d}", text, count=1)
    return text


def candidates():
    n = 0
    for base in BASES:
        lines = _base_text(base, 0).split("\n")
        for name, pattern, repl, rule in LINE_MUTATIONS + WHOLE_LINE:
            for i, line in enumerate(lines):
                if re.search(pattern, line):
                    n += 1
                    new = _base_text(base, n).split("\n")
                    new[i] = re.sub(pattern, repl, new[i], count=1) + f"  # ← expect {rule}"
                    yield f"mut-{name}-{n:03d}", "\n".join(new), "utf-8", rule
        n += 1
        text = _base_text(base, n).split("\n")
        i = next(k for k, line in enumerate(text) if line.startswith("members:")) + 1
        text[i] = "\t" + text[i].lstrip() + "  # ← expect yaml.tab"
        yield f"mut-tab-{n:03d}", "\n".join(text), "utf-8", "yaml.tab"
        n += 1
        text = _base_text(base, n).split("\n")
        i = next(k for k, line in enumerate(text) if line.startswith("school:"))
        text.insert(i + 1, text[i] + "  # ← expect yaml.duplicate-key")
        yield f"mut-duplicate-{n:03d}", "\n".join(text), "utf-8", "yaml.duplicate-key"
        for enc in ("big5", "utf-16"):
            n += 1
            text = _base_text(base, n).split("\n")
            text[0] = text[0] + "  # ← expect file.encoding"
            yield f"mut-{enc}-{n:03d}", "\n".join(text), enc, "file.encoding"
        n += 1
        text = _base_text(base, n).split("\n")  # CRLF and a BOM are fine; the bad price on them is not
        i = next(k for k, line in enumerate(text) if re.search(r"unit_price: \d+", line))
        text[i] = re.sub(r"unit_price: \d+", "unit_price: 五千元", text[i]) + "  # ← expect money.invalid"
        yield f"mut-crlf-bom-{n:03d}", "\ufeff" + "\r\n".join(text), "utf-8", "money.invalid"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from plcpub.load.project import load_project
    from tests.test_invalid_cases import check_case, expectation

    for old in CASES.glob("mut-*"):
        shutil.rmtree(old)
    project = load_project(ROOT)
    kept, dropped = 0, []
    for name, text, encoding, rule in candidates():
        folder = CASES / name
        folder.mkdir()
        try:
            (folder / "community.yaml").write_bytes(text.encode(encoding))
        except UnicodeEncodeError:
            shutil.rmtree(folder)
            dropped.append((name, "cannot be encoded"))
            continue
        fname, line, _ = expectation(folder)
        found = [d for d in check_case(ROOT, project, folder) if d.severity != "info"]
        if {d.rule for d in found} == {rule} and any(d.line == line for d in found):
            kept += 1
        else:
            shutil.rmtree(folder)
            dropped.append((name, sorted({(d.rule, d.line) for d in found})))
    print(f"kept {kept} cases; dropped {len(dropped)}:")
    for name, why in dropped:
        print(f"  {name}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
