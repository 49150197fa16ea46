"""A filled form merged into the community.yaml it came from, losing nothing.

A form holds part of a submission: never its status, history or case code, and only what the
plan's form has fields for (a budget sheet: the budget lines, not their `details`). Import
therefore merges: the paths the form holds take the form's values (an emptied field removes
its key); everything else stays as written. Only top-level blocks whose meaning changed are
rewritten, in the style they were written in (one-line `- {…}` rows stay one-line, numbers stay
numbers), so an unchanged form changes no byte of the file, comments included.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import yaml

# What a budget sheet holds; an application form says what it holds itself (importer.holds),
# as dotted paths: `budget.note` is a budget line's note, `schedule.host.unit` a lecturer's unit.
SHEET_PATHS = frozenset({"budget", "budget.item", "budget.quantity", "budget.unit", "budget.unit_price", "budget.note"})
CHOICES = {"content_areas", "methods", "competencies", "goals"}  # ticked boxes: order means nothing
NUMBERS = {"quantity", "unit_price", "years_running"}  # written as YAML numbers, never '20'
FLAGS = {"cross_school"}
NUMBER_TEXT = re.compile(r"-?[\d,]+(\.\d+)?")  # 20, 5,000, 1.5: a number written as text


class _Typed(yaml.SafeLoader):
    """YAML 1.1 without base-60 numbers: `start: 13:30` is the text 13:30, as the project reads it."""


_Typed.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Typed.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789"))
_Typed.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9][0-9_]*)\.[0-9_]*$"),
                             list("-+0123456789."))


def load_typed(text: str):
    return yaml.load(text, Loader=_Typed)  # noqa: S506 (a SafeLoader subclass)


def merge(old: dict, form: dict, holds=SHEET_PATHS, items: set[str] = frozenset()) -> dict:
    """`old` with the form's values at the paths it `holds`; key order as written. Budget lines
    of an item the form has no row for (not in `items`) are kept."""
    merged = _merge_mapping("", old, form, holds)
    if "budget" in holds and isinstance(old.get("budget"), list) and items:
        merged["budget"] = merged.get("budget", []) + [line for line in old["budget"] if isinstance(line, dict)
                                                       and line.get("item") not in items]
    return merged


def _merge_mapping(prefix: str, old: dict, new: dict, holds) -> dict:
    """Keys of `old` the form does not hold stay; held keys take the form's value (absent: gone)."""
    out = {}
    for k, v in old.items():
        path = prefix + k
        if path not in holds:
            out[k] = v
        elif k in new:
            out[k] = _merge_value(path, v, new[k], holds)
    for k, v in new.items():
        if k not in out and (prefix or not _empty(v)):
            out[k] = v
    return out


def _merge_value(path: str, old, new, holds):
    key = path.rsplit(".", 1)[-1]
    if key in CHOICES and isinstance(old, list) and isinstance(new, list):  # keep the order written
        return [x for x in old if x in new] + [x for x in new if x not in old]
    if isinstance(old, dict) and isinstance(new, dict):
        return _merge_mapping(path + ".", old, new, holds)
    if isinstance(old, list) and isinstance(new, list) and all(isinstance(n, dict) for n in new):
        if path == "budget":  # lines by item: a line's details stay with its item wherever it moves
            by_item = {line.get("item"): line for line in old if isinstance(line, dict)}
            return [_merge_mapping("budget.", by_item.get(n.get("item"), {}), n, holds) for n in new]
        return [_merge_mapping(path + ".", old[i] if i < len(old) and isinstance(old[i], dict) else {}, n, holds)
                for i, n in enumerate(new)]
    return new


def _empty(value) -> bool:
    """What a model reads as absent: nothing, an empty list, an empty text, a flag not set."""
    return value is None or value is False or (isinstance(value, (list, dict, str)) and not value) or \
        (isinstance(value, str) and value.strip().lower() in ("false", "no"))


def canon(value):
    """Equal meaning, equal form: 5,000 and 5000, '20' and 20, 'false' and False."""
    if isinstance(value, bool):
        return value
    if isinstance(value, dict):
        return {k: canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return [canon(v) for v in value]
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value)).normalize()
    if isinstance(value, str):
        s = value.strip()
        if s.lower() in ("true", "false", "yes", "no"):
            return s.lower() in ("true", "yes")
        try:
            return Decimal(s.replace(",", "")).normalize() if NUMBER_TEXT.fullmatch(s) else s
        except InvalidOperation:
            return s
    return value


def blocks(text: str) -> list[tuple[str | None, str]]:
    """The file as (top-level key or None for leading lines, its lines) in order."""
    out: list[tuple[str | None, str]] = [(None, "")]
    for line in text.splitlines(keepends=True):
        m = re.match(r"([^\s#\-'\"][^:]*?|'[^']*'|\"[^\"]*\"):(\s|$)", line)
        if m:
            out.append((m.group(1).strip("'\""), line))
        else:
            key, body = out[-1]
            out[-1] = (key, body + line)
    return out


def dump_block(key: str, value, written: str = "") -> str:
    """`key: value` as YAML in the style `written` had: flow rows stay flow, block stays block."""
    value = _typed(key, value)
    first = written.split("\n", 1)[0]
    inline = bool(written) and bool(first.split(":", 1)[1].strip()) if ":" in first else False
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        flow_rows = not written or "\n- {" in "\n" + written.split("\n", 1)[-1]
        lines = [f"{key}:\n"]
        for item in value:
            if flow_rows and not any(isinstance(v, (dict, list)) for v in item.values()):
                lines.append("- " + yaml.safe_dump(item, allow_unicode=True, sort_keys=False, default_flow_style=True,
                                                   width=10_000).strip() + "\n")
            else:
                lines.append(yaml.safe_dump([item], allow_unicode=True, sort_keys=False, default_flow_style=None,
                                            width=110))
        return "".join(lines)
    if not isinstance(value, (dict, list)):
        return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=110)
    style = True if inline else (False if written else None)  # [a, b] / {k: v} stay inline, blocks stay blocks
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, default_flow_style=style, width=110)


def _typed(key: str, value):
    """Numbers as numbers and flags as booleans, whatever text the form or the file gave."""
    if isinstance(value, dict):
        return {k: _typed(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(key, v) for v in value]
    if key in NUMBERS and isinstance(value, str) and NUMBER_TEXT.fullmatch(value.strip()):
        number = Decimal(value.strip().replace(",", ""))
        return int(number) if number == int(number) else float(number)
    if key in FLAGS and isinstance(value, str):
        return value.strip().lower() in ("true", "yes")
    return value


class MergeError(Exception):
    """The file holds something the form cannot, so the form's change cannot land without loss."""


def merge_text(text: str, form: dict, holds=SHEET_PATHS, items: set[str] = frozenset()) -> tuple[str, list[str]]:
    """(new text, top-level keys whose meaning changed). Unchanged blocks keep every byte."""
    old = load_typed(text) or {}
    if "budget" in holds and isinstance(old.get("budget"), list):
        named = [line.get("item") for line in old["budget"] if isinstance(line, dict)]
        twice = sorted({n for n in named if named.count(n) > 1 and (not items or n in items)}, key=str)
        if twice:  # the form has one row per item: merging would fold the lines into one
            raise MergeError(f"這個社群的經費概算有兩列以上的「{'、'.join(map(str, twice))}」，表件每個項目只有一列，"
                             "匯入會把它們併成一列；請直接修改 community.yaml，或先把同項目合併成一列再匯入。")
    new = merge(old, form, holds, items)

    def meaning(key, value):
        value = None if _empty(value) else canon(value)  # no list, an empty list and `false` mean the same
        return sorted(value, key=str) if key in CHOICES and isinstance(value, list) else value

    changed = [k for k in dict.fromkeys([*old, *new]) if meaning(k, old.get(k)) != meaning(k, new.get(k))]
    if not changed:
        return text, []
    out = []
    parts = blocks(text)
    for key, body in parts:
        if key is None or key not in changed:
            out.append(body)
        elif key in new:  # comment lines after the block's content stay where they were
            trailing = re.search(r"(?:\n(?:[ \t]*#[^\n]*|[ \t]*)(?=\n|$))*\n?$", body)
            out.append(dump_block(key, new[key], body) + body[trailing.start():].lstrip("\n"))
    written = {key for key, _ in parts}
    for key in changed:
        if key not in written and key in new:
            out.append(dump_block(key, new[key]))
    result = "".join(out)
    return (result if result.endswith("\n") else result + "\n"), changed
