"""Edit a YAML file the way a person would: change one top-level value, append one item to a
top-level list, and leave every other line — comments, order, quoting, blank lines — as it was.
(A YAML round-trip through a parser would drop the comments schools and centres write.)

Values are written as JSON strings or numbers, which YAML reads back exactly: a note typed by a
clerk stays text, whatever characters it holds. `verify` re-reads the result and compares it
with the data the caller meant to write, so an edit that would change anything else is refused.
"""
from __future__ import annotations

import json
import re

import yaml


class YamlEditError(Exception):
    """The file's layout does not allow a safe one-line edit; the message is for the user."""


def scalar(value) -> str:
    """A YAML scalar that reads back as `value` (a str stays a str, an int an int)."""
    if isinstance(value, bool) or value is None:
        raise TypeError(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = text and not re.search(r"[:#,\[\]{}&*!|>'\"%@`\\]|^[\s?-]|\s$", text)
    if plain and yaml.safe_load(text) == text:  # 113年5月24日, 執行中: written as the files write them
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(mapping: dict) -> str:
    """`{key: value, …}` on one line, as the example files write history entries."""
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in mapping.items() if v is not None) + "}"


def _top(lines: list[str], key: str) -> int | None:
    return next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*:", line)), None)


def _block_end(lines: list[str], start: int) -> int:
    """The index after the last line of the top-level entry starting at `start` (its nested and
    list lines; trailing blank lines and comments belong to what follows)."""
    end = start + 1
    last = start
    while end < len(lines) and not re.match(r"[^\s#-]", lines[end]):
        if lines[end].strip() and not lines[end].lstrip().startswith("#"):
            last = end
        end += 1
    return last + 1


def _comment(line: str) -> str:
    """The line's trailing comment (with the spaces before it), outside any quoted value."""
    for match in re.finditer(r"\s+#", line):
        before = line[:match.start()]
        if before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
            return line[match.start():]
    return ""


def set_value(text: str, key: str, value, after: str) -> str:
    """`key: value` at the top level: its line replaced (a comment after the value kept), or a new
    line after the top-level entry `after`."""
    lines = text.split("\n")
    at = _top(lines, key)
    if at is not None:
        if _block_end(lines, at) != at + 1:
            raise YamlEditError(f"「{key}:」的值寫成多行，無法自動修改；請改成一行（{key}: 值）後再試。")
        lines[at] = f"{key}: {scalar(value)}{_comment(lines[at])}"
        return "\n".join(lines)
    anchor = _top(lines, after)
    if anchor is None:
        raise YamlEditError(f"找不到「{after}:」這一行，無法加入「{key}:」。")
    lines.insert(_block_end(lines, anchor), f"{key}: {scalar(value)}")
    return "\n".join(lines)


def append_item(text: str, key: str, item: dict, after: str) -> str:
    """`- {item}` appended to the top-level list `key` after its last item, indented as its items
    are; the list is created after the top-level entry `after` if the file has none."""
    lines = text.split("\n")
    at = _top(lines, key)
    line = flow(item)
    if at is None:
        anchor = _top(lines, after)
        if anchor is None:
            raise YamlEditError(f"找不到「{after}:」這一行，無法加入「{key}:」。")
        lines[_block_end(lines, anchor):_block_end(lines, anchor)] = [f"{key}:", f"- {line}"]
        return "\n".join(lines)
    rest = lines[at].split(":", 1)[1].split("#", 1)[0].strip()
    if rest in ("[]", "null", "~"):
        lines[at:at + 1] = [f"{key}:", f"- {line}"]
        return "\n".join(lines)
    if rest:
        raise YamlEditError(f"「{key}:」寫成同一行的清單，無法自動加入一筆；請改成每筆一行（- {{...}}）後再試。")
    end = _block_end(lines, at)
    items = [ln for ln in lines[at + 1:end] if ln.lstrip().startswith("- ")]
    if not items:
        raise YamlEditError(f"「{key}:」底下沒有「- 」開頭的項目，無法自動加入一筆。")
    indent = items[0][:len(items[0]) - len(items[0].lstrip())]
    lines.insert(end, f"{indent}- {line}")
    return "\n".join(lines)


def verify(before: str, after: str, expected_changes: dict) -> None:
    """The edited text reads back as the original data with exactly `expected_changes` (top-level
    keys → their new values); anything else is a YamlEditError and nothing should be written."""
    old, new = yaml.safe_load(before), yaml.safe_load(after)
    if not isinstance(old, dict) or not isinstance(new, dict):
        raise YamlEditError("檔案內容不是 YAML 對照表，無法自動修改。")
    want = {**old, **expected_changes}
    if new != want:
        changed = sorted(k for k in set(want) | set(new) if want.get(k) != new.get(k))
        raise YamlEditError(f"自動修改會改到其他欄位（{'、'.join(map(str, changed))}），已停止；請手動修改。")
