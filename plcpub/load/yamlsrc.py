"""YAML where every value keeps its file:line:col, and nothing is silently retyped.

PyYAML's resolver turns `no` into False, `111.08` into a float and `0800` into an int, and
it accepts duplicate keys. Here we only *compose* the node tree and convert it ourselves:
every scalar stays the exact string the user typed (an empty value becomes None), so the
models decide what a value means. Locations go into a side table keyed by the value's path,
e.g. ("budget", 2, "unit_price") -> (line, col), which the validators use to point at it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from plcpub.load.source import Source, SourceError
from plcpub.validate.diagnostics import Diagnostic

Path_ = tuple  # a path into the data: keys and list indexes

MAX_NODES = 100_000  # alias bombs expand past this long before they hurt
MAX_DEPTH = 40
NULL_WORDS = {"", "~", "null", "Null", "NULL"}

# libyaml (C) composes ~30x faster than PyYAML's pure-Python scanner and gives the same marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    """Plain data plus where each piece came from."""

    source: Source
    data: object
    locs: dict = field(default_factory=dict)  # path -> (line, col) of the value
    key_locs: dict = field(default_factory=dict)  # path -> (line, col) of the mapping key
    line_offset: int = 0

    def where(self, path: Path_) -> tuple[int, int]:
        """Location of `path`, or of its nearest located ancestor."""
        path = tuple(path)
        while True:
            if path in self.locs:
                return self.locs[path]
            if not path:
                return (1 + self.line_offset, 1)
            path = path[:-1]

    def where_key(self, path: Path_) -> tuple[int, int]:
        return self.key_locs.get(tuple(path)) or self.where(path)

    def has(self, path: Path_) -> bool:
        return tuple(path) in self.locs


def _mark(node, offset: int) -> tuple[int, int]:
    return (node.start_mark.line + 1 + offset, node.start_mark.column + 1)


class _Builder:
    def __init__(self, doc: Located):
        self.doc = doc
        self.count = 0
        self.errors: list[Diagnostic] = []

    def err(self, node, rule: str, message: str) -> None:
        line, col = _mark(node, self.doc.line_offset)
        self.errors.append(Diagnostic(self.doc.source.display, line, col, rule, "error", message))

    def build(self, node, path: tuple, depth: int = 0):
        self.count += 1
        if self.count > MAX_NODES:  # point at the top-level key being expanded, not deep inside an alias
            where = self.doc.key_locs.get(path[:1])
            raise _TooBig(node, "yaml.too-large", f"資料超過 {MAX_NODES:,} 個值（可能是錨點 & 與別名 * 的無限展開），請簡化檔案。", where)
        if depth > MAX_DEPTH:
            raise _TooBig(node, "yaml.too-deep", f"資料巢狀超過 {MAX_DEPTH} 層，請簡化結構。")
        self.doc.locs[path] = _mark(node, self.doc.line_offset)
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in NULL_WORDS:  # plain (unquoted) empty or null
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.err(key_node, "yaml.key-type", "欄位名稱必須是文字。")
                    continue
                key = key_node.value
                if key in out:
                    first = self.doc.key_locs[path + (key,)]
                    self.err(key_node, "yaml.duplicate-key",
                             f"欄位「{key}」重複出現（第一次在第 {first[0]} 行），請刪除其中一個。")
                    continue
                self.doc.key_locs[path + (key,)] = _mark(key_node, self.doc.line_offset)
                out[key] = self.build(value_node, path + (key,), depth + 1)
            return out
        raise AssertionError(node)


class _TooBig(Exception):
    def __init__(self, node, rule, message, where=None):
        self.node, self.rule, self.message, self.where = node, rule, message, where


# (needle in the parser's text, rule, zh-TW message, point at the construct's start instead of the problem)
_PROBLEMS_ZH = [
    ("found undefined alias", "yaml.syntax", "使用了未定義的別名（*名稱），請檢查拼字。", False),
    ("mapping values are not allowed", "yaml.syntax",
     "這裡不能出現「:」。若文字本身含有冒號，請用引號把整段文字括起來，例如 \"時間: 下午\"。", False),
    ("could not find expected ':'", "yaml.syntax", "找不到預期的「:」，請檢查是否漏了冒號。", False),
    ("did not find expected key", "yaml.syntax", "縮排不一致：同一層的欄位必須對齊。", False),
    ("did not find expected '-' indicator", "yaml.syntax", "清單項目的縮排不一致，請讓每個「-」對齊。", False),
    ("expected ',' or ']'", "yaml.syntax", "以「[」開始的清單沒有正確結束：請補上「]」，項目之間用逗號分隔。", True),
    ("expected ',' or '}'", "yaml.syntax", "以「{」開始的欄位組沒有正確結束：請補上「}」，項目之間用逗號分隔。", True),
    ("found unexpected end of stream", "yaml.syntax", "檔案在引號或括號結束前就結束了，請檢查是否漏了結尾的引號。", True),
    ("did not find expected node content", "yaml.syntax", "這裡缺少值，請檢查是否多了逗號或冒號。", False),
    ("block sequence entries are not allowed", "yaml.syntax", "這裡不能開始一個「-」清單，請檢查縮排。", False),
    ("found unknown escape character", "yaml.syntax", "雙引號中的反斜線「\\」用法不正確；路徑請改用單引號或「/」。", False),
    ("expected <document start>", "yaml.syntax", "檔案格式不正確：頂層只能有一組欄位。", False),
    ("but found another document", "yaml.syntax", "一個檔案只能有一份文件（請刪除多餘的「---」）。", False),
    ("cannot start any token", "yaml.syntax", "這一行有 YAML 不允許出現在開頭的字元（例如 @ 或 `），請用引號把文字括起來。", False),
]


def _yaml_error(source: Source, e: yaml.YAMLError, offset: int, text: str) -> Diagnostic:
    problem_mark = getattr(e, "problem_mark", None)
    context_mark = getattr(e, "context_mark", None)
    mark = problem_mark or context_mark
    lines = text.split("\n")
    message = f"{getattr(e, 'problem', '')} {getattr(e, 'context', '')} {e}"
    # Tabs first: whatever the parser says, a tab on the line is what the clerk must fix.
    for m in (problem_mark, context_mark):
        if m is not None and m.line < len(lines) and "\t" in lines[m.line]:
            return Diagnostic(source.display, m.line + 1 + offset, lines[m.line].index("\t") + 1, "yaml.tab", "error",
                              "YAML 不能用 Tab 鍵縮排或分隔，請改用空白鍵。")
    for needle, rule, zh, at_context in _PROBLEMS_ZH:
        if needle in message:
            if at_context and context_mark is not None:
                mark = context_mark
            break
    else:
        rule, zh = "yaml.syntax", "YAML 格式錯誤，請檢查這一行（或上一行）的縮排、冒號、引號與括號。"
    line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
    return Diagnostic(source.display, line, col, rule, "error", zh)


def parse_yaml(source: Source, text: str | None = None, line_offset: int = 0) -> Located:
    """Parse `text` (default: the whole source) into a Located document; raise SourceError list on failure."""
    text = source.text if text is None else text
    doc = Located(source, None, line_offset=line_offset)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        raise YamlErrors([_yaml_error(source, e, line_offset, text)])
    except RecursionError:
        raise YamlErrors([Diagnostic(source.display, 1 + line_offset, 1, "yaml.too-deep", "error",
                                     "資料巢狀過深，請簡化結構。")])
    if node is None:
        doc.data = None
        return doc
    tabbed = next((i for i, ln in enumerate(text.split("\n")) if ln[: len(ln) - len(ln.lstrip())].count("\t")), None)
    if tabbed is not None:  # libyaml tolerates some tabs; clerks' editors mix them, so always say so
        raise YamlErrors([Diagnostic(source.display, tabbed + 1 + line_offset, 1, "yaml.tab", "error",
                                     "YAML 不能用 Tab 鍵縮排，請改用空白鍵。")])
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, ())
    except _TooBig as e:
        line, col = e.where or _mark(e.node, line_offset)
        raise YamlErrors([Diagnostic(source.display, line, col, e.rule, "error", e.message)])
    if builder.errors:
        raise YamlErrors(builder.errors)
    return doc


class YamlErrors(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(diagnostics[0].message if diagnostics else "")
        self.diagnostics = diagnostics


__all__ = ["Located", "parse_yaml", "YamlErrors", "SourceError"]
