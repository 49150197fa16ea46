"""Turn located plain data into pydantic models, and pydantic's errors into located diagnostics.

pydantic reports `loc=("budget", 2, "unit_price")`; the Located document knows where that
path sits in the file. Messages are rewritten in Traditional Chinese for school clerks, with
"did you mean" for misspelt keys.
"""
from __future__ import annotations

import difflib
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from plcpub.load.yamlsrc import Located
from plcpub.diagnostics import Diagnostic

M = TypeVar("M", bound=BaseModel)

_TYPE_ZH = {
    "string_type": "應為文字",
    "list_type": "應為清單（每項以「- 」開頭）",
    "dict_type": "應為一組欄位（名稱: 值）",
    "model_type": "應為一組欄位（名稱: 值）",
    "model_attributes_type": "應為一組欄位（名稱: 值）",
    "int_parsing": "應為整數",
    "int_type": "應為整數",
    "bool_parsing": "應為 true 或 false",
    "string_pattern_mismatch": "格式不正確",
    "too_short": "至少要有一項",
}


def _annotation_models(annotation) -> list[type[BaseModel]]:
    """Models reachable from an annotation through Optional/list/dict/Annotated."""
    out = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    for arg in typing.get_args(annotation):
        out.extend(_annotation_models(arg))
    return out


def model_at(root: type[BaseModel], path: tuple) -> type[BaseModel] | None:
    """The model class that owns the mapping at `path` (list indexes and dict keys skipped)."""
    current: type[BaseModel] | None = root
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            # dict[str, Model] values, or alias
            field = next((f for f in current.model_fields.values() if f.alias == part), None)
        if field is None:
            return None
        models = _annotation_models(field.annotation)
        current = models[0] if models else None
    return current


def _field_title(root: type[BaseModel], path: tuple) -> str:
    if not path:
        return ""
    owner = model_at(root, tuple(p for p in path[:-1]))
    key = path[-1]
    if owner is not None and isinstance(key, str):
        f = owner.model_fields.get(key)
        if f is not None and f.title:
            return f"「{key}」（{f.title}）"
    return f"「{key}」" if isinstance(key, str) else f"第 {key + 1} 項"


def _data_path(doc: Located, loc: tuple) -> tuple:
    """pydantic loc -> path into the data (drops union/validator tags pydantic inserts)."""
    path: list = []
    node: Any = doc.data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not path_is_tag(part):
            path.append(part)  # a missing or unknown key under this mapping
            node = None
        else:
            continue
    return tuple(path)


def path_is_tag(part: str) -> bool:
    return any(c in part for c in "[(") or part.startswith("function-")


def to_diagnostics(err: ValidationError, doc: Located, root: type[BaseModel]) -> list[Diagnostic]:
    out = []
    for e in err.errors(include_url=False):
        path = _data_path(doc, tuple(e["loc"]))
        typ = e["type"]
        title = _field_title(root, path)
        rule = typ if "." in typ else "schema.type"
        if typ == "missing":
            rule = "schema.missing"
            line, col = doc.where(path[:-1])
            msg = f"缺少必填欄位{title}。"
        elif typ == "extra_forbidden":
            rule = "schema.unknown-key"
            line, col = doc.where_key(path)
            owner = model_at(root, path[:-1])
            known = list(owner.model_fields) if owner else []
            guess = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
            listed = "、".join(known) if len(known) <= 20 else "、".join(known[:12]) + f"……（共 {len(known)} 個）"
            msg = f"不認得的欄位「{path[-1]}」。" + (f"是不是要寫「{guess[0]}」？" if guess else
                                                  (f"可用的欄位：{listed}。" if known else ""))
            if str(path[-1]).isdigit() and len(str(path[-1])) == 3:  # {cap: 15,000}: the comma split the number
                msg = (f"不認得的欄位「{path[-1]}」：在 {{…}} 裡，數字中的千分位逗號會把數字切開（15,000 變成 15 和 "
                       f"{path[-1]}）。請寫成 15000，或加上引號寫成 '15,000'。")
            elif not str(path[-1]).replace("_", "").replace("-", "").isascii():
                msg += "（若是文字中含有逗號或冒號，請用引號把整段文字括起來。）"
        elif typ in ("literal_error", "enum"):
            rule = "schema.choice"
            line, col = doc.where(path)
            expected = e.get("ctx", {}).get("expected", "")
            msg = f"{title}的值「{e.get('input')}」不在可選的項目中；可選：{expected.replace(' or ', '、')}。"
        elif "." in typ:  # our own value types: the message is already in zh-TW
            line, col = doc.where(path)
            msg = f"{title}：{e['msg']}" if title else e["msg"]
        else:
            line, col = doc.where(path)
            what = _TYPE_ZH.get(typ, f"格式不正確（{e['msg']}）")
            msg = f"{title}{what}。"
            if typ == "string_type" and isinstance(e.get("input"), (dict, list)):
                msg = f"{title}應為一段文字，不是清單或欄位組。"
        out.append(Diagnostic(doc.source.display, line, col, rule, "error", msg))
    return out


def build_model(model: type[M], doc: Located) -> tuple[M | None, list[Diagnostic]]:
    if not isinstance(doc.data, dict):
        line, col = doc.where(())
        what = "檔案是空的" if doc.data is None else "檔案頂層應為一組欄位（名稱: 值）"
        return None, [Diagnostic(doc.source.display, line, col, "schema.type", "error", f"{what}。")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as e:
        return None, to_diagnostics(e, doc, model)
