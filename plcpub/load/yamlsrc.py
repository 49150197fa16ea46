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
from plcpub.diagnostics import Diagnostic

Path_ = tuple  # a path into the data: keys and list indexes

MAX_NODES = 100_000  # alias bombs expand past this long before they hurt
MAX_DEPTH = 40
NULL_WORDS = {"", "~", "null", "Null", "NULL"}

# libyaml (C) composes far faster than PyYAML's pure-Python scanner and gives the same marks. The
# *Base* loader resolves no implicit tags (we keep every scalar as typed), which skips a regex
# match per scalar in Python.
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass
class Located:
    """Plain data plus where each piece came from.

    Locations are worked out lazily: most files have no problem, so they are parsed once without
    recording positions, and re-parsed with positions only when a diagnostic asks `where()`.
    """

    source: Source
    data: object  # None once a submission's model is built from it (10,000 kept in memory)
    line_offset: int = 0
    text: str | None = None  # the YAML text parsed, when it is not the whole source (front matter)
    _locs: dict | None = field(default=None, repr=False)
    _key_locs: dict | None = field(default=None, repr=False)

    def _ensure_locs(self) -> None:
        if self._locs is None:
            located = parse_yaml(self.source, self.text, self.line_offset, record=True)
            self._locs, self._key_locs = located._locs, located._key_locs

    @property
    def locs(self) -> dict:  # path -> (line, col) of the value
        self._ensure_locs()
        return self._locs

    @property
    def key_locs(self) -> dict:  # path -> (line, col) of the mapping key
        self._ensure_locs()
        return self._key_locs

    def where(self, path: Path_) -> tuple[int, int]:
        """Location of `path`, or of its nearest located ancestor."""
        locs = self.locs
        path = tuple(path)
        while True:
            if path in locs:
                return locs[path]
            if not path:
                return (1 + self.line_offset, 1)
            path = path[:-1]

    def where_key(self, path: Path_) -> tuple[int, int]:
        return self.key_locs.get(tuple(path)) or self.where(path)

    def has(self, path: Path_) -> bool:
        return tuple(path) in self.locs

    def __getstate__(self):  # sent between processes without positions: they are cheap to redo
        return {**self.__dict__, "_locs": None, "_key_locs": None}


def _mark(event, offset: int) -> tuple[int, int]:
    return (event.start_mark.line + 1 + offset, event.start_mark.column + 1)


class _Builder:
    """Builds plain data straight from libyaml's event stream: one loop, one event at a time.

    No Node objects and no tag resolution (this is the hot path of `check`: ~150 values per
    submission). Aliases reuse the anchored value; their expanded size counts toward MAX_NODES,
    so an alias bomb stops early instead of exploding later in validation.
    """

    def __init__(self, doc: Located, loader, record: bool):
        self.doc = doc
        self.loader = loader
        self.record = record  # keep positions? (only when a diagnostic needs them)
        self.errors: list[Diagnostic] = []

    def _too_big(self, event, path):
        return _TooBig(event, "yaml.too-large",
                       f"資料超過 {MAX_NODES:,} 個值（可能是錨點 & 與別名 * 的無限展開），請簡化檔案。",
                       self.doc._key_locs.get(path[:1]) if self.record else None)  # the top-level key being expanded

    def build(self):
        get = self.loader.get_event
        record = self.record
        locs, key_locs, off = self.doc._locs, self.doc._key_locs, self.doc.line_offset
        display = self.doc.source.display
        anchors: dict[str, tuple[object, int]] = {}
        stack: list[list] = []  # [container, path, is_mapping, pending_key, count_at_start, anchor]
        count = 0
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                value, path = frame[0], frame[1]
                if frame[5]:
                    anchors[frame[5]] = (value, count - frame[4])
            else:
                mark = event.start_mark
                if stack:
                    top = stack[-1]
                    if top[2] and top[3] is None:  # a mapping waiting for its next key
                        if kind is not yaml.ScalarEvent:
                            raise _TooBig(event, "yaml.key-type", "欄位名稱必須是文字。")
                        key = event.value
                        if key in top[0]:
                            if not record:
                                raise _NeedPositions()
                            first = key_locs[top[1] + (key,)]
                            self.errors.append(Diagnostic(display, mark.line + 1 + off, mark.column + 1,
                                                          "yaml.duplicate-key", "error",
                                                          f"欄位「{key}」重複出現（第一次在第 {first[0]} 行），請刪除其中一個。"))
                            top[3] = _DUPLICATE
                        else:
                            if record:
                                key_locs[top[1] + (key,)] = (mark.line + 1 + off, mark.column + 1)
                            top[3] = key
                        continue
                    if not record:
                        path = ()
                    elif top[2]:
                        path = top[1] + ((top[3] if top[3] is not _DUPLICATE else "#duplicate"),)
                    else:
                        path = top[1] + (len(top[0]),)
                else:
                    path = ()
                if record:
                    locs[path] = (mark.line + 1 + off, mark.column + 1)
                if len(stack) > MAX_DEPTH:
                    raise _TooBig(event, "yaml.too-deep", f"資料巢狀超過 {MAX_DEPTH} 層，請簡化結構。")
                if kind is yaml.ScalarEvent:
                    count += 1
                    value = None if (event.implicit[0] and not event.style and event.value in NULL_WORDS) else event.value
                    if event.anchor:
                        anchors[event.anchor] = (value, 1)
                elif kind is yaml.AliasEvent:
                    if event.anchor not in anchors:
                        raise _TooBig(event, "yaml.syntax", "使用了未定義的別名（*名稱），請檢查拼字。")
                    value, size = anchors[event.anchor]
                    count += size
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    count += 1
                    is_map = kind is yaml.MappingStartEvent
                    stack.append([{} if is_map else [], path, is_map, None, count, event.anchor])
                    if count > MAX_NODES:
                        raise self._too_big(event, path)
                    continue
                else:  # pragma: no cover - only the events above occur inside a document
                    raise AssertionError(event)
                if count > MAX_NODES:
                    raise self._too_big(event, path)
            if not stack:
                return value
            top = stack[-1]
            if top[2]:
                if top[3] is not _DUPLICATE:
                    top[0][top[3]] = value
                top[3] = None
            else:
                top[0].append(value)


_DUPLICATE = object()


class _NeedPositions(Exception):
    """Raised by a fast (position-less) parse that found a problem: parse again, recording."""


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


def parse_yaml(source: Source, text: str | None = None, line_offset: int = 0, record: bool = False) -> Located:
    """Parse `text` (default: the whole source) into a Located document; raise YamlErrors on failure.

    With record=False positions are left for later (see Located); any problem found on the way
    triggers a recording parse so that every error is located.
    """
    full = source.text if text is None else text
    doc = Located(source, None, line_offset=line_offset, text=text)
    if record:
        doc._locs, doc._key_locs = {}, {}
    tabbed = next((i for i, ln in enumerate(full.split("\n")) if "\t" in ln[: len(ln) - len(ln.lstrip())]), None)
    if tabbed is not None:  # libyaml tolerates some tabs; clerks' editors mix them, so always say so
        raise YamlErrors([Diagnostic(source.display, tabbed + 1 + line_offset, 1, "yaml.tab", "error",
                                     "YAML 不能用 Tab 鍵縮排，請改用空白鍵。")])
    loader = _Loader(full)
    builder = _Builder(doc, loader, record)
    try:
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            return doc
        loader.get_event()  # DocumentStart
        if loader.check_event(yaml.DocumentEndEvent):
            return doc
        doc.data = builder.build()
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            ev = loader.peek_event()
            line, col = _mark(ev, line_offset)
            raise YamlErrors([Diagnostic(source.display, line, col, "yaml.syntax", "error",
                                         "一個檔案只能有一份文件（請刪除多餘的「---」）。")])
    except _NeedPositions:
        return parse_yaml(source, text, line_offset, record=True)
    except yaml.YAMLError as e:
        raise YamlErrors([_yaml_error(source, e, line_offset, full)])
    except _TooBig as e:
        if not record:
            return parse_yaml(source, text, line_offset, record=True)
        line, col = e.where or _mark(e.node, line_offset)
        raise YamlErrors([Diagnostic(source.display, line, col, e.rule, "error", e.message)])
    finally:
        loader.dispose()
    if builder.errors:
        raise YamlErrors(builder.errors)
    return doc


class YamlErrors(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(diagnostics[0].message if diagnostics else "")
        self.diagnostics = diagnostics


__all__ = ["Located", "parse_yaml", "YamlErrors", "SourceError"]
